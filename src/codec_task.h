// Record layouts carried by a session's two rings. All are trivially copyable PODs; readers
// memcpy them out of the ring (ring payloads are 8-byte aligned, but copying keeps the reader
// honest about lifetimes: the bytes are gone after RingBuffer::release()).
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace wcw {

// Input ring: owner thread -> codec thread (§2.3 codec work queue).
// kInput is an EncodedChunk for a decoder (§4.5 decode()) and a frame or audio buffer for an
// encoder (§6.5 encode(), §5.5 encode()): a VideoInputHeader/AudioInputHeader and its bytes.
enum class TaskKind : uint32_t { kConfigure = 1, kInput = 2, kFlush = 3 };
enum TaskFlags : uint32_t { kTaskKeyFrame = 1 };

struct TaskHeader {
  TaskKind kind;
  uint32_t flags;
  uint64_t seq;
  int64_t timestamp;  // µs
  int64_t duration;   // µs, -1 = none
  uint32_t byteLength;
  uint32_t reserved;
  // 0: byteLength payload bytes follow inline. Otherwise the payload was too big for the ring
  // and this is a std::vector<uint8_t>* the codec thread takes ownership of.
  uint64_t outOfLine;
  // 0, or a FrameRegistry handle the task owns: the decoded picture an encoder takes in place
  // of pixels in the payload. Released once the task has run or was dropped.
  uint64_t frameHandle;
};

// What an encoder is configured with beyond CodecConfig's common members (§6.6 VideoEncoderConfig,
// §5.6 AudioEncoderConfig and the codec registry's per-codec dictionaries). -1 = not given.
struct EncoderParams {
  int64_t bitrate;            // bits per second
  double framerate;           // frames per second
  int32_t bitrateMode;        // BitrateMode below
  int32_t realtime;           // latencyMode 'realtime'
  int32_t temporalLayers;     // scalabilityMode L1T1/L1T2/L1T3
  int32_t profile;            // avc: profile_idc; vp9/av1: seq profile
  int32_t level;              // avc: level_idc; av1: seq_level_idx
  int32_t bitDepth;           // 8, 10 or 12
  int32_t annexb;             // AvcFormat below
  int32_t complexity;         // opus.complexity
  int32_t frameDurationUs;    // opus.frameDuration
  int32_t packetLossPerc;     // opus.packetlossperc
  int32_t inbandFec;          // opus.useinbandfec
  int32_t dtx;                // opus.usedtx
  int32_t signal;             // opus.signal: 0 auto, 1 music, 2 voice
  int32_t application;        // opus.application: 0 audio, 1 voip, 2 lowdelay
  int32_t adts;               // aac.format 'adts'
  int32_t blockSize;          // flac.blockSize
  int32_t compressLevel;      // flac.compressLevel
  int32_t screenContent;      // contentHint 'text' or 'detail'
};
enum BitrateMode : int32_t { kBitrateVariable = 0, kBitrateConstant = 1, kBitrateQuantizer = 2 };
// avc.format 'avc' for avc1 (parameter sets in avcC only) and for avc3 (also in band), 'annexb'.
enum AvcFormat : int32_t { kAvcFormatAvc = 0, kAvcFormatAnnexB = 1, kAvcFormatInBand = 2 };

// Payload of a kConfigure task; followed by nameLength bytes of codec name and then
// extradataLength bytes of WebCodecs `description`.
struct ConfigureParams {
  int32_t codedWidth;
  int32_t codedHeight;
  int32_t sampleRate;
  int32_t numberOfChannels;
  int32_t threads;
  uint32_t lowDelay;
  int32_t desiredWidth;  // image decoders: ImageDecoderInit's, 0 = not given
  int32_t desiredHeight;
  uint32_t nameLength;
  uint32_t extradataLength;
  EncoderParams encoder;
};

// Start of a video encoder's kInput payload: one picture. Its planes follow this header at
// planes[i].offset (relative to the payload start), already cropped to the visible rect; or,
// when the task has a frameHandle, they are that frame's, whose visible rect starts at x, y.
struct VideoInputHeader {
  char format[16];  // WebCodecs VideoPixelFormat
  int32_t width;    // visible size
  int32_t height;
  int32_t planeCount;
  int32_t quantizer;  // per-frame quantizer (bitrateMode 'quantizer'); -1 = none
  int32_t x;          // visible origin in the frameHandle's frame; 0 with inline planes
  int32_t y;
  struct Plane {
    uint64_t offset;
    int64_t stride;
  } planes[4];
};

// Start of an audio encoder's kInput payload: f32-planar samples, one plane per channel, each
// numberOfFrames floats, following this header.
struct AudioInputHeader {
  int32_t sampleRate;
  int32_t numberOfFrames;
  int32_t numberOfChannels;
  int32_t reserved;
};

// Start of an image decoder's kInput payload (ImageDecoder, §10): more of the file (its bytes
// follow), its end, a request to decode one frame, or a change of the selected track (the
// ImageTrack `selected` setter).
enum class ImageOp : uint32_t { kAppend = 1, kEnd = 2, kDecode = 3, kSelectTrack = 4 };
struct ImageInputHeader {
  ImageOp op;
  uint32_t index;  // kDecode: the frame; kSelectTrack: the track
};

// Output ring: codec thread -> owner thread. Every record starts with an OutputKind.
enum class OutputKind : uint32_t {
  kFrame = 1,
  kAudio = 2,
  kFlushed = 3,
  kError = 4,
  kSpace = 5,
  kChunk = 6,
  kImageTrack = 7,
};

struct PlaneRecord {
  uint64_t ptr;  // address in this process (a byte offset into wasm memory in the wasm build)
  int64_t stride;
  uint64_t size;  // bytes the plane spans from ptr (stride x rows; samples x bytes for audio)
};

// The common start of frame and audio records.
struct MediaRecordHead {
  OutputKind kind;
  uint32_t planeCount;
  uint64_t seq;       // the task that produced it (set by the session)
  int64_t timestamp;  // µs
  int64_t duration;   // µs, -1 = none
  uint64_t handle;    // FrameRegistry handle (set by the session); the reader owns it once popped
};

// Followed by planeCount PlaneRecords.
struct VideoFrameRecord {
  MediaRecordHead head;
  char format[16];  // WebCodecs VideoPixelFormat
  int32_t codedWidth, codedHeight;
  int32_t visibleX, visibleY, visibleWidth, visibleHeight;
  int32_t displayWidth, displayHeight;
  char primaries[16];  // "" = null
  char transfer[16];
  char matrix[16];
  int32_t fullRange;  // 1, 0, or -1 = null
  int32_t reserved;
};

// An encoder's output (§6.6 "Output EncodedVideoChunks", §5.6 "Output EncodedAudioChunks"): the
// chunk's bytes are the single plane (an AVPacket the registry holds under head.handle),
// followed by descriptionLength bytes of a new decoder config `description` when configChanged.
struct EncodedChunkRecord {
  MediaRecordHead head;
  uint32_t key;
  int32_t temporalLayerId;  // -1 = no svc metadata
  uint32_t configChanged;   // metadata.decoderConfig is due with this chunk
  uint32_t descriptionLength;
  int32_t codedWidth, codedHeight;
  int32_t sampleRate, numberOfChannels;
};

// Followed by planeCount PlaneRecords (stride 0).
struct AudioDataRecord {
  MediaRecordHead head;
  char format[16];  // WebCodecs AudioSampleFormat
  int32_t sampleRate;
  int32_t numberOfFrames;
  int32_t numberOfChannels;
  int32_t reserved;
};

struct FlushedRecord {
  OutputKind kind;
  uint32_t reserved;
  uint64_t seq;
};

// An image decoder's track after each piece of the file (§10.7 ImageTrack): what the bytes
// read so far say. Laid out as FlushedRecord up to seq.
struct ImageTrackRecord {
  OutputKind kind;
  uint32_t frameCount;  // frames whose bytes have all arrived
  uint64_t seq;
  double repetitionCount;  // Infinity = loop forever
  int32_t width, height;
  int32_t animated;
  int32_t complete;  // no frame will follow
  int32_t invalid;   // the bytes are not this image type (EncodingError)
  int32_t truncated;    // ImageFrames::truncated
  int32_t orientation;  // EXIF orientation 1-8
  int32_t trackCount;   // ImageFrames::trackCount; the other fields are the selected track's
  int32_t reserved;
};

// Followed by messageLength bytes of UTF-8 message.
struct ErrorRecord {
  OutputKind kind;
  uint32_t messageLength;
  uint64_t seq;
  char name[24];  // DOMException name
};

struct SpaceRecord {
  OutputKind kind;
  uint32_t reserved;
};

static_assert(std::is_trivially_copyable_v<VideoFrameRecord> &&
              sizeof(EncodedChunkRecord) % 8 == 0 && sizeof(VideoInputHeader) % 8 == 0 &&
              sizeof(EncoderParams) % 8 == 0 &&
              std::is_trivially_copyable_v<AudioDataRecord> && sizeof(TaskHeader) % 8 == 0 &&
              sizeof(ConfigureParams) % 8 == 0 && sizeof(VideoFrameRecord) % 8 == 0 &&
              sizeof(AudioDataRecord) % 8 == 0);

// A fixed record followed by its planes, as one output ring payload.
template <typename Record>
std::vector<uint8_t> packRecord(const Record& record, const std::vector<PlaneRecord>& planes) {
  std::vector<uint8_t> bytes(sizeof record + planes.size() * sizeof(PlaneRecord));
  std::memcpy(bytes.data(), &record, sizeof record);
  if (!planes.empty()) {
    std::memcpy(bytes.data() + sizeof record, planes.data(), planes.size() * sizeof(PlaneRecord));
  }
  return bytes;
}

// Copies a C string into a fixed record field, always terminated.
template <std::size_t N>
void copyName(char (&field)[N], const char* value) {
  std::strncpy(field, value ? value : "", N - 1);
  field[N - 1] = '\0';
}

}  // namespace wcw
