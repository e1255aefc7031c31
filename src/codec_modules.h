// Codec modules (docs/MODULE_SPLIT.md): wasm side modules holding FFmpeg's codecs, loaded on
// demand into the core's memory. The owner thread loads them (codec_modules.cc); each registers
// its codecs (codec_registry.h). A thread runs a module's code only once it has instantiated
// the module itself, which Emscripten 3.1.6 does when a thread starts, not when a module loads.
#pragma once

#if defined(__EMSCRIPTEN__)
#include <emscripten/val.h>

#include <string>
#endif
#if defined(__EMSCRIPTEN_PTHREADS__)
#include <emscripten/threading.h>
#endif

namespace wcw {

// Codec thread, before each task: instantiates here the modules the owner loaded since this
// thread last looked (a codec thread outlives configures, and an encoder's input frame may come
// from a decoder in a newer module); a compare when nothing is new. Threads the codec libraries
// start afterwards sync themselves. Nothing to do without threads or modules (native builds).
inline void useLoadedCodecModules() {
#if defined(__EMSCRIPTEN_PTHREADS__)
  _emscripten_thread_sync_code();
#endif
}

#if defined(__EMSCRIPTEN__)
// Owner thread (bindings.cc: Module.loadCodecModule). Compiles and links the module `file`
// whose bytes (a Uint8Array) the caller fetched, then registers its codecs; calls done(null),
// or done(message) if it could not.
void loadCodecModule(const std::string& file, const emscripten::val& bytes, emscripten::val done);
#endif

}  // namespace wcw
