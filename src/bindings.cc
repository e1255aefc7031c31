// The embind table: the module's JS surface. No logic here.
#include <emscripten/bind.h>

#include "codec_modules.h"
#include "codec_session.h"
#include "codecs/codec_adapter.h"
#include "frame_registry.h"
#include "image/image_reader.h"
#include "js_codec_session.h"
#include "library_log.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace {

// The FFmpeg decoders or encoders this build has: the Worker transport reports them at start-up
// so that its owner can answer hasDecoder()/hasEncoder() without a round trip.
emscripten::val codecNames(bool encoders) {
  emscripten::val names = emscripten::val::array();
  void* it = nullptr;
  while (const AVCodec* codec = av_codec_iterate(&it)) {
    if ((av_codec_is_encoder(codec) != 0) == encoders) names.call<void>("push", std::string(codec->name));
  }
  return names;
}

// The image containers ImageDecoder reads in this build (src/image/image_reader.cc).
emscripten::val imageContainerNames() {
  emscripten::val names = emscripten::val::array();
  for (const std::string& name : wcw::imageContainerNames()) names.call<void>("push", name);
  return names;
}

double liveFrameCount() {
  return static_cast<double>(wcw::FrameRegistry::instance().liveFrameCount());
}
double framesTakenByEncoders() {
  return static_cast<double>(wcw::FrameRegistry::instance().duplicateCount());
}
double liveSessionCount() { return static_cast<double>(wcw::CodecSession::liveSessionCount()); }
void releaseFrame(double handle) {
  wcw::FrameRegistry::instance().release(static_cast<uint64_t>(handle));
}

}  // namespace

EMSCRIPTEN_BINDINGS(webcodecs_core) {
  using wcw::JsCodecSession;
  emscripten::class_<JsCodecSession>("CodecSession")
      .constructor<const std::string&, double, double>()
      .function("configure", &JsCodecSession::configure)
      .function("reserveInput", &JsCodecSession::reserveInput)
      .function("commitInput", &JsCodecSession::commitInput)
      .function("flush", &JsCodecSession::flush)
      .function("reset", &JsCodecSession::reset)
      .function("popOutput", &JsCodecSession::popOutput)
      .function("runPendingTasks", &JsCodecSession::runPendingTasks)
      .function("idle", &JsCodecSession::idle);
  emscripten::function("hasDecoder", &wcw::hasDecoder);
  emscripten::function("hasEncoder", &wcw::hasEncoder);
  emscripten::function("codecNames", &codecNames);
  emscripten::function("imageContainerNames", &imageContainerNames);
  emscripten::function("liveFrameCount", &liveFrameCount);
  emscripten::function("liveSessionCount", &liveSessionCount);
  emscripten::function("framesTakenByEncoders", &framesTakenByEncoders);
  emscripten::function("releaseFrame", &releaseFrame);
  emscripten::function("setLogLevel", &wcw::setLibraryLogLevel);
  emscripten::function("loadCodecModule", &wcw::loadCodecModule);
}
