// --post-js of the core (cmake/wasm.cmake): fixes to how Emscripten 3.1.6 loads codec modules.
//
// Its dlopen normalises a library's name as a file path, which turns "https://host/x.wasm" into
// "https:/host/x.wasm" (a path on the page's own host). The codec modules are loaded by URL (js/codec_modules.ts), so the
// scheme's "//" is put back before the glue fetches one: on the owner thread (readAsync) and in
// pool workers, which fetch each module synchronously when a thread syncs (readBinary).
function codecModuleUrl(name) {
  return name.replace(/^(https?|file|blob):\/(?!\/)/, '$1://');
}
// A module Worker (the single-threaded core's, js/transport/st_worker.ts) has no importScripts,
// so the glue takes it for neither a page nor a worker and gives it no readAsync at all.
if (!readAsync && typeof fetch == 'function') {
  readAsync = function (url, onload, onerror) {
    fetch(url, { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + ' ' + url);
        return response.arrayBuffer();
      })
      .then(onload, onerror);
  };
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

// A MAIN_MODULE imports its memory rather than exporting it, and without pthreads Emscripten
// 3.1.6 does not put it on the Module either; js/transport/core_module.ts's heapView reads it there.
if (!Module['wasmMemory']) Module['wasmMemory'] = wasmMemory;
