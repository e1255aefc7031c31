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
enum class TaskKind : uint32_t { kConfigure = 1, kDecode = 2, kFlush = 3 };
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
};

// Payload of a kConfigure task; followed by nameLength bytes of decoder name and then
// extradataLength bytes of WebCodecs `description`.
struct ConfigureParams {
  int32_t codedWidth;
  int32_t codedHeight;
  int32_t sampleRate;
  int32_t numberOfChannels;
  int32_t threads;
  uint32_t lowDelay;
  uint32_t nameLength;
  uint32_t extradataLength;
};

// Output ring: codec thread -> owner thread. Every record starts with an OutputKind.
enum class OutputKind : uint32_t { kFrame = 1, kAudio = 2, kFlushed = 3, kError = 4, kSpace = 5 };

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
