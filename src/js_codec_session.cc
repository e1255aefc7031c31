#include "js_codec_session.h"

#include <emscripten/em_asm.h>
#include <emscripten/threading.h>

#include <cstring>

#include "codec_task.h"

using emscripten::val;

namespace wcw {

namespace {

CodecSession::Kind parseKind(const std::string& kind) {
  if (kind == "video-decoder") return CodecSession::Kind::kVideoDecoder;
  if (kind == "audio-decoder") return CodecSession::Kind::kAudioDecoder;
  if (kind == "video-encoder") return CodecSession::Kind::kVideoEncoder;
  if (kind == "audio-encoder") return CodecSession::Kind::kAudioEncoder;
  if (kind == "image-decoder") return CodecSession::Kind::kImageDecoder;
  return CodecSession::Kind::kUnknown;  // every configure then fails with NotSupportedError
}

CodecSession::WakeCallback makeWake(double sessionId) {
#ifdef WCW_SINGLE_THREAD
  // Tasks run inside runPendingTasks(); the caller drains popOutput() right after.
  (void)sessionId;
  return nullptr;
#else
  const int id = static_cast<int>(sessionId);
  return [id] {
    // Runs the callback later on the main runtime thread (the owner); never blocks this one.
    // Not straight from the proxied call: Emscripten runs queued main-thread calls whenever the
    // main thread waits on a contended futex, i.e. inside any core call that takes a lock or
    // mallocs (popOutput, releaseFrame, commitInput, a session's destructor, ...). A handler
    // that drained there re-entered popOutput mid-record: outputs came out of order, one with
    // another frame's planes. A microtask runs only once the JS stack is empty, so never
    // inside a core call.
    MAIN_THREAD_ASYNC_EM_ASM(
        {
          queueMicrotask(function() {
            if (Module['onCodecWake']) Module['onCodecWake']($0);
          });
        },
        id);
  };
#endif
}

int intOr(const val& object, const char* key, int fallback) {
  const val v = object[key];
  return v.isNumber() ? v.as<int>() : fallback;
}

val nullable(const char* s) { return *s ? val(std::string(s)) : val::null(); }

val planesValue(const uint8_t* bytes, std::size_t offset, uint32_t count) {
  val planes = val::array();
  for (uint32_t i = 0; i < count; ++i) {
    PlaneRecord plane;
    std::memcpy(&plane, bytes + offset + i * sizeof plane, sizeof plane);
    val p = val::object();
    p.set("ptr", static_cast<double>(plane.ptr));
    p.set("stride", static_cast<double>(plane.stride));
    p.set("size", static_cast<double>(plane.size));
    planes.call<void>("push", p);
  }
  return planes;
}

void setHead(val& out, const MediaRecordHead& head) {
  out.set("seq", static_cast<double>(head.seq));
  out.set("timestamp", static_cast<double>(head.timestamp));
  out.set("duration", static_cast<double>(head.duration));
  out.set("handle", static_cast<double>(head.handle));
}

val frameValue(const std::vector<uint8_t>& bytes) {
  VideoFrameRecord r;
  std::memcpy(&r, bytes.data(), sizeof r);
  val out = val::object();
  out.set("type", std::string("frame"));
  setHead(out, r.head);
  out.set("format", std::string(r.format));
  out.set("codedWidth", r.codedWidth);
  out.set("codedHeight", r.codedHeight);
  out.set("visibleX", r.visibleX);
  out.set("visibleY", r.visibleY);
  out.set("visibleWidth", r.visibleWidth);
  out.set("visibleHeight", r.visibleHeight);
  out.set("displayWidth", r.displayWidth);
  out.set("displayHeight", r.displayHeight);
  out.set("planes", planesValue(bytes.data(), sizeof r, r.head.planeCount));
  out.set("primaries", nullable(r.primaries));
  out.set("transfer", nullable(r.transfer));
  out.set("matrix", nullable(r.matrix));
  out.set("fullRange", r.fullRange < 0 ? val::null() : val(r.fullRange == 1));
  return out;
}

val audioValue(const std::vector<uint8_t>& bytes) {
  AudioDataRecord r;
  std::memcpy(&r, bytes.data(), sizeof r);
  val out = val::object();
  out.set("type", std::string("audio"));
  setHead(out, r.head);
  out.set("format", std::string(r.format));
  out.set("sampleRate", r.sampleRate);
  out.set("numberOfFrames", r.numberOfFrames);
  out.set("numberOfChannels", r.numberOfChannels);
  out.set("planes", planesValue(bytes.data(), sizeof r, r.head.planeCount));
  return out;
}

// An encoded chunk: its bytes stay in the core (ptr, size) until releaseFrame(handle).
val chunkValue(const std::vector<uint8_t>& bytes) {
  EncodedChunkRecord r;
  std::memcpy(&r, bytes.data(), sizeof r);
  PlaneRecord plane{};
  if (r.head.planeCount == 1) std::memcpy(&plane, bytes.data() + sizeof r, sizeof plane);
  val out = val::object();
  out.set("type", std::string("chunk"));
  setHead(out, r.head);
  out.set("key", r.key != 0);
  out.set("ptr", static_cast<double>(plane.ptr));
  out.set("size", static_cast<double>(plane.size));
  out.set("temporalLayerId", r.temporalLayerId);
  if (!r.configChanged) {
    out.set("decoderConfig", val::null());
    return out;
  }
  val config = val::object();
  const std::size_t offset = sizeof r + r.head.planeCount * sizeof(PlaneRecord);
  if (r.descriptionLength > 0 && offset + r.descriptionLength <= bytes.size()) {
    config.set("description",
               val(emscripten::typed_memory_view(r.descriptionLength, bytes.data() + offset))
                   .call<val>("slice"));
  }
  config.set("codedWidth", r.codedWidth);
  config.set("codedHeight", r.codedHeight);
  config.set("sampleRate", r.sampleRate);
  config.set("numberOfChannels", r.numberOfChannels);
  out.set("decoderConfig", config);
  return out;
}

// Encoder members of a configure() config (CoreCodecConfig.encoder); absent ones stay -1.
EncoderParams encoderParams(const val& encoder) {
  EncoderParams p = defaultEncoderParams();
  if (encoder.isUndefined() || encoder.isNull()) return p;
  const val bitrate = encoder["bitrate"];
  if (bitrate.isNumber()) p.bitrate = static_cast<int64_t>(bitrate.as<double>());
  const val framerate = encoder["framerate"];
  if (framerate.isNumber()) p.framerate = framerate.as<double>();
  p.bitrateMode = intOr(encoder, "bitrateMode", -1);
  p.realtime = intOr(encoder, "realtime", -1);
  p.temporalLayers = intOr(encoder, "temporalLayers", -1);
  p.profile = intOr(encoder, "profile", -1);
  p.level = intOr(encoder, "level", -1);
  p.bitDepth = intOr(encoder, "bitDepth", -1);
  p.annexb = intOr(encoder, "annexb", -1);
  p.complexity = intOr(encoder, "complexity", -1);
  p.frameDurationUs = intOr(encoder, "frameDurationUs", -1);
  p.packetLossPerc = intOr(encoder, "packetLossPerc", -1);
  p.inbandFec = intOr(encoder, "inbandFec", -1);
  p.dtx = intOr(encoder, "dtx", -1);
  p.signal = intOr(encoder, "signal", -1);
  p.application = intOr(encoder, "application", -1);
  p.adts = intOr(encoder, "adts", -1);
  p.blockSize = intOr(encoder, "blockSize", -1);
  p.compressLevel = intOr(encoder, "compressLevel", -1);
  p.screenContent = intOr(encoder, "screenContent", -1);
  return p;
}

}  // namespace

JsCodecSession::JsCodecSession(const std::string& kind, double ringBytes, double sessionId)
    : session_(parseKind(kind), static_cast<std::size_t>(ringBytes), makeWake(sessionId)) {}

bool JsCodecSession::configure(double seq, const val& config) {
  CodecConfig c;
  c.codec = config["codec"].isString() ? config["codec"].as<std::string>() : std::string();
  const val description = config["description"];
  if (!description.isUndefined() && !description.isNull()) {
    c.extradata = emscripten::convertJSArrayToNumberVector<uint8_t>(description);
  }
  c.codedWidth = intOr(config, "codedWidth", 0);
  c.codedHeight = intOr(config, "codedHeight", 0);
  c.sampleRate = intOr(config, "sampleRate", 0);
  c.numberOfChannels = intOr(config, "numberOfChannels", 0);
  c.threads = intOr(config, "threads", 1);
  c.lowDelay = config["lowDelay"].isTrue();
  c.desiredWidth = intOr(config, "desiredWidth", 0);
  c.desiredHeight = intOr(config, "desiredHeight", 0);
  c.encoder = encoderParams(config["encoder"]);
  return session_.configure(static_cast<uint64_t>(seq), c);
}

double JsCodecSession::reserveInput(double byteLength) {
  return static_cast<double>(
      reinterpret_cast<uintptr_t>(session_.reserveInput(static_cast<std::size_t>(byteLength))));
}

void JsCodecSession::commitInput(double seq, double timestamp, double duration, bool key,
                                  double byteLength, double frameHandle) {
  session_.commitInput(static_cast<uint64_t>(seq), static_cast<int64_t>(timestamp),
                        static_cast<int64_t>(duration), key, static_cast<std::size_t>(byteLength),
                        static_cast<uint64_t>(frameHandle));
}

bool JsCodecSession::flush(double seq) { return session_.flush(static_cast<uint64_t>(seq)); }

void JsCodecSession::reset(double discardBefore) {
  session_.reset(static_cast<uint64_t>(discardBefore));
}

int JsCodecSession::runPendingTasks(int maxTasks) { return session_.runPendingTasks(maxTasks); }

bool JsCodecSession::idle() const { return session_.idle(); }

val JsCodecSession::popOutput() {
  if (!session_.popOutput(record_)) return val::null();
  OutputKind kind;
  std::memcpy(&kind, record_.data(), sizeof kind);
  switch (kind) {
    case OutputKind::kFrame:
      return frameValue(record_);
    case OutputKind::kAudio:
      return audioValue(record_);
    case OutputKind::kChunk:
      return chunkValue(record_);
    case OutputKind::kFlushed: {
      FlushedRecord r;
      std::memcpy(&r, record_.data(), sizeof r);
      val out = val::object();
      out.set("type", std::string("flushed"));
      out.set("seq", static_cast<double>(r.seq));
      return out;
    }
    case OutputKind::kError: {
      ErrorRecord r;
      std::memcpy(&r, record_.data(), sizeof r);
      val out = val::object();
      out.set("type", std::string("error"));
      out.set("seq", static_cast<double>(r.seq));
      out.set("name", std::string(r.name));
      out.set("message", std::string(reinterpret_cast<const char*>(record_.data()) + sizeof r,
                                     r.messageLength));
      return out;
    }
    case OutputKind::kSpace: {
      val out = val::object();
      out.set("type", std::string("space"));
      return out;
    }
    case OutputKind::kImageTrack: {
      ImageTrackRecord r;
      std::memcpy(&r, record_.data(), sizeof r);
      val out = val::object();
      out.set("type", std::string("image-track"));
      out.set("seq", static_cast<double>(r.seq));
      out.set("frameCount", r.frameCount);
      out.set("repetitionCount", r.repetitionCount);
      out.set("width", r.width);
      out.set("height", r.height);
      out.set("animated", r.animated != 0);
      out.set("complete", r.complete != 0);
      out.set("invalid", r.invalid != 0);
      out.set("truncated", r.truncated != 0);
      out.set("orientation", r.orientation);
      out.set("trackCount", r.trackCount);
      return out;
    }
  }
  return val::null();
}

}  // namespace wcw
