#include "codec_modules.h"

#include <dlfcn.h>
#include <emscripten.h>
#include <emscripten/bind.h>

#include <memory>
#include <string>

namespace wcw {
namespace {

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

// One load at a time: emscripten_dlopen holds the loader's
// lock until the module is in, so a second load started meanwhile on this thread would block
// it for good (js/codec_modules.ts queues them).
void loadCodecModule(const std::string& url, emscripten::val done) {
  auto load = std::make_unique<ModuleLoad>(ModuleLoad{std::move(done)});
  emscripten_dlopen(url.c_str(), RTLD_NOW | RTLD_GLOBAL, load.release(), loaded, failed);
}

}  // namespace wcw
