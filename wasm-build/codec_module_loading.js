// --post-js of the core (cmake/wasm.cmake): two fixes to how Emscripten 3.1.6 loads codec modules.
//
// Its dlopen normalises a library's name as a file path, which turns "https://host/x.wasm" into
// "https:/host/x.wasm" (a path on the page's own host). The codec modules are loaded by URL (js/codec_modules.ts), so the
// scheme's "//" is put back before the glue fetches one: on the owner thread (readAsync) and in
// pool workers, which fetch each module synchronously when a thread syncs (readBinary).
function codecModuleUrl(name) {
  return name.replace(/^(https?|file|blob):\/(?!\/)/, '$1://');
}
if (readAsync) {
  var readAsyncOfPath = readAsync;
  readAsync = function (url, onload, onerror) {
    return readAsyncOfPath(codecModuleUrl(url), onload, onerror);
  };
}
if (readBinary) {
  var readBinaryOfPath = readBinary;
  readBinary = function (url) {
    return readBinaryOfPath(codecModuleUrl(url));
  };
}

// A module's static data goes where getMemory() puts it: once the runtime runs, that is plain
// malloc(), whose memory may hold an earlier allocation's bytes. The module's start function
// then finds its "data initialised" flag already set by those bytes and skips copying its data
// and applying its relocations, and its .bss is not cleared. Modules need zeroed memory.
if (typeof getMemory == 'function') {
  var getMemoryNotZeroed = getMemory;
  getMemory = function (size) {
    var ptr = getMemoryNotZeroed(size);
    (typeof GROWABLE_HEAP_U8 == 'function' ? GROWABLE_HEAP_U8() : HEAPU8).fill(0, ptr, ptr + size);
    return ptr;
  };
}
