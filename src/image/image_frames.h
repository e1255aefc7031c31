// What an image container says about its frames, read progressively as bytes arrive (for
// ImageDecoder, WebCodecs §10): where each frame's bytes are, how long it shows, and the
// track's loop count. The decoding itself, and the compositing of animation frames (disposal,
// blending), is FFmpeg's: its gif and apng decoders keep the canvas between packets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace wcw {

class ImageFrameDecoder;  // src/codecs/image_frame_decoder.h

struct ImageFrameSpan {
  std::size_t offset = 0;    // the packet for the decoder: bytes [offset, offset + size)
  std::size_t size = 0;
  int64_t durationUs = 0;    // 0 for a still image
};

struct ImageFrames {
  // Read so far: every frame listed is complete (its bytes have all arrived).
  std::vector<ImageFrameSpan> frames;
  // Bytes the decoder needs before the first packet (its extradata; APNG's header chunks).
  std::size_t setupOffset = 0;
  std::size_t setupSize = 0;
  int width = 0;
  int height = 0;
  bool animated = false;
  // ImageTrack.repetitionCount: 0 = play once; infinity = loop forever.
  double repetitionCount = 0;
  // The container's end was read: no frame will follow.
  bool complete = false;
  // The bytes ended inside a frame that had begun (a truncated file). Native Chromium counts
  // that frame (frameCount is frames.size() + 1); decoding it is an EncodingError when it is the
  // first, a RangeError when a later one. A file cut before any frame began is invalid
  // instead (measured, docs/ARCHITECTURE.md).
  bool truncated = false;
  // EXIF/TIFF orientation (1 = as stored ... 8), applied as VideoFrame rotation and flip.
  int orientation = 1;
  // The bytes are not this container (or are corrupt before the first frame).
  bool invalid = false;
  // The file's tracks (ImageTrackList), as native Chromium lists them: 2 for an AVIF with both
  // a still image and an image sequence (track 0 the still, 1 the sequence), else 1. The rest
  // of ImageFrames describes the selected track (ImageReader::selectTrack).
  int trackCount = 1;
};

constexpr double kLoopForever = std::numeric_limits<double>::infinity();

// One image container's reader. The ImageDecoder session (src/codecs/image_decoder.cc) feeds
// it the bytes that have arrived and decodes the frames it lists with the frame decoder it
// makes. Runs on the session's codec thread.
class ImageReader {
 public:
  virtual ~ImageReader() = default;
  // Reads the `size` bytes that have arrived (the same bytes as before, and maybe more;
  // `complete` when no more will), resuming where the last call stopped.
  virtual void read(const uint8_t* data, std::size_t size, bool complete) = 0;
  // The FFmpeg decoder for the packets listed so far (for the default frame decoder).
  virtual const char* decoderName() const { return ""; }
  // What decodes the frames listed so far: by default FFmpeg's decoderName() over the packets
  // (src/codecs/image_frame_decoder.cc).
  virtual std::unique_ptr<ImageFrameDecoder> makeFrameDecoder() const;
  // The ImageTrack `selected` setter (§10.7.2): frames() describes `track` (< trackCount) from
  // the next read(), which starts over on the same bytes. Only AVIF has a second track.
  virtual void selectTrack(int track) { (void)track; }
  const ImageFrames& frames() const { return frames_; }

 protected:
  ImageFrames frames_;
};

}  // namespace wcw
