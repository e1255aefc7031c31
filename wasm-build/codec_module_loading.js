// --post-js of the core (cmake/wasm.cmake): how Emscripten 3.1.6's loader gets codec modules.

// A module's bytes come from src/codec_modules.cc's registry in wasm memory, where the owner put
// them before its dlopen("/codec-modules/<file>"): the owner thread reads them (readAsync) and so
// does every pool worker when a thread there syncs its code (readBinary), instead of fetching
// the module again with a synchronous XHR, which Firefox serves on the main thread (a deadlock
// when that thread is waiting for the loader's lock). A module Worker, the single-threaded core's,
// has no readAsync at all (3.1.6 takes it for neither a page nor a worker).
function registeredCodecModule(name) {
  if (name.indexOf('/codec-modules/') !== 0) return null; // the core's own files
  var stack = stackSave();
  try {
    var namePtr = allocateUTF8OnStack(name);
    var sizePtr = stackAlloc(4);
    var ptr = _wcw_codec_module_bytes(namePtr, sizePtr);
    if (!ptr) return null;
    var heap = typeof GROWABLE_HEAP_U8 == 'function' ? GROWABLE_HEAP_U8() : HEAPU8;
    var size = heap[sizePtr] | (heap[sizePtr + 1] << 8) | (heap[sizePtr + 2] << 16) | (heap[sizePtr + 3] << 24);
    return heap.slice(ptr, ptr + (size >>> 0));
  } finally {
    stackRestore(stack);
  }
}
var readAsyncOfFile = readAsync;
readAsync = function (url, onload, onerror) {
  var bytes = registeredCodecModule(url);
  if (bytes) onload(bytes.buffer);
  else if (readAsyncOfFile) readAsyncOfFile(url, onload, onerror);
  else onerror(new Error('not found: ' + url));
};
var readBinaryOfFile = readBinary;
readBinary = function (url) {
  var bytes = registeredCodecModule(url);
  if (bytes) return bytes;
  if (readBinaryOfFile) return readBinaryOfFile(url);
  throw new Error('not found: ' + url);
};

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

// A MAIN_MODULE imports its memory, and without pthreads Emscripten 3.1.6 does not put it on the
// Module either; js/transport/core_module.ts's heapView reads it there.
if (!Module['wasmMemory']) Module['wasmMemory'] = wasmMemory;
