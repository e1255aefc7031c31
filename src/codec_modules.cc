#include "codec_modules.h"

#include <dlfcn.h>
#include <emscripten.h>
#include <emscripten/bind.h>

#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace wcw {
namespace {

// The bytes of every module loaded, by the name dlopen gets ("/codec-modules/<file>"). Threads
// instantiate a module from here when they sync (wasm-build/codec_module_loading.js): a pool
// worker never fetches one. Fetching from a worker is a synchronous XHR, which Firefox serves on
// the page's main thread, and that thread may be spinning on the loader's lock meanwhile (a
// deadlock, measured: the concurrent-codecs test hung in Firefox). Modules are never unloaded.
struct ModuleBytes {
  std::string name;
  std::string bytes;
};
std::mutex modulesMutex;
std::deque<ModuleBytes> modules;  // a deque: entries never move once added

// What a load carries through emscripten_dlopen's callbacks.
struct ModuleLoad {
  emscripten::val done;
};

void loaded(void* userData, void* handle) {
  std::unique_ptr<ModuleLoad> load(static_cast<ModuleLoad*>(userData));
  // dlsym's pointer is a table slot of this thread only: called here and never stored.
  auto entry = reinterpret_cast<int (*)()>(dlsym(handle, "wcw_module_entry"));
  if (!entry) {
    load->done(std::string("the module has no entry"));
  } else if (entry() != 0) {
    load->done(std::string("the codec registry is full"));
  } else {
    load->done(emscripten::val::null());
  }
}

void failed(void* userData) {
  std::unique_ptr<ModuleLoad> load(static_cast<ModuleLoad*>(userData));
  const char* error = dlerror();
  load->done(std::string(error ? error : "the module did not load"));
}

}  // namespace

// One load at a time: emscripten_dlopen holds the loader's lock until the module is in, so a
// second load started meanwhile on this thread would block it for good (js/codec_modules.ts
// queues them).
void loadCodecModule(const std::string& file, const emscripten::val& bytes, emscripten::val done) {
  std::string name = "/codec-modules/" + file;
  // One Uint8Array.set() into wasm memory: embind's own std::string conversion copies a byte per
  // call through the pthreads build's growable-heap check (~100 ms for the 1.3 MB a VP9 decoder
  // needs, measured on the owner thread of a cold start).
  std::string copy(bytes["length"].as<size_t>(), '\0');
  emscripten::val(emscripten::typed_memory_view(copy.size(), reinterpret_cast<uint8_t*>(copy.data())))
      .call<void>("set", bytes);
  {
    std::lock_guard<std::mutex> lock(modulesMutex);
    modules.push_back({name, std::move(copy)});
  }
  auto load = std::make_unique<ModuleLoad>(ModuleLoad{std::move(done)});
  emscripten_dlopen(name.c_str(), RTLD_NOW | RTLD_GLOBAL, load.release(), loaded, failed);
}

}  // namespace wcw

// Any thread: the bytes of the module dlopen knows as `name`, or nullptr.
extern "C" EMSCRIPTEN_KEEPALIVE const uint8_t* wcw_codec_module_bytes(const char* name, uint32_t* size) {
  std::lock_guard<std::mutex> lock(wcw::modulesMutex);
  for (const wcw::ModuleBytes& module : wcw::modules) {
    if (module.name == name) {
      *size = static_cast<uint32_t>(module.bytes.size());
      return reinterpret_cast<const uint8_t*>(module.bytes.data());
    }
  }
  return nullptr;
}
