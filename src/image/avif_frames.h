// AVIF (AV1 Image File Format, AOM; HEIF ISO/IEC 23008-12 over ISOBMFF): the frames of a byte
// stream as they arrive, in either box order (mdat before or after meta/moov). A still image
// is the primary item (one frame); an image sequence ('avis') is the moov's 'pict' track (one
// frame per sample). A file with both has two tracks, as native Chromium lists them: track 0
// the still, track 1 the sequence, selected unless preferAnimation is false (selectTrack(0)).
// Each frame may have an alpha auxiliary image, a second (monochrome) AV1 stream: its spans are
// alphaFrames(), decoded beside the colour by AvifFrameDecoder.
#pragma once

#include <vector>

#include "heif_items.h"
#include "image_frames.h"

namespace wcw {

class AvifFrameReader final : public ImageReader {
 public:
  void read(const uint8_t* data, std::size_t size, bool complete) override;
  std::unique_ptr<ImageFrameDecoder> makeFrameDecoder() const override;
  // 0: the primary item; 1 (the default): the image sequence of a file that has one.
  void selectTrack(int track) override;

  // Frame i's alpha image (alphaFrames()[i]), when hasAlpha(); its av1C is alphaSetup().
  bool hasAlpha() const { return !alphaFrames_.empty() || alphaSetup_.size != 0; }
  const std::vector<ImageFrameSpan>& alphaFrames() const { return alphaFrames_; }
  FileSpan alphaSetup() const { return alphaSetup_; }
  // The frames are the image sequence's (native gives them as RGB, the still item as YUV).
  bool isSequence() const { return source_ == Source::kSequence; }

 private:
  enum class Source { kUndecided, kItem, kSequence };
  // Reads each ftyp, meta and moov box once all its bytes are here; false when corrupt.
  bool readTopLevelBoxes(const uint8_t* data, std::size_t size, bool complete);
  bool readBox(const uint8_t* data, uint32_t type, uint64_t bodyOffset, std::size_t bodySize);
  void chooseSource(bool complete);
  void listItem(std::size_t size);
  void listSequence(std::size_t size);

  bool preferSequence_ = true;
  uint64_t next_ = 0;  // the next top-level box
  bool ftypRead_ = false;
  bool sequenceBrand_ = false;  // 'avis': a moov with the sequence is to come
  bool metaRead_ = false;
  bool moovRead_ = false;
  HeifPrimaryImage item_;
  Source source_ = Source::kUndecided;
  std::vector<ImageFrameSpan> alphaFrames_;
  FileSpan alphaSetup_;
  // The sequence as read from moov: colour and alpha samples, the elst repetition.
  std::vector<ImageFrameSpan> sequenceFrames_;
  std::vector<ImageFrameSpan> sequenceAlpha_;
  FileSpan sequenceSetup_;
  FileSpan sequenceAlphaSetup_;
  int sequenceWidth_ = 0;
  int sequenceHeight_ = 0;
  double sequenceRepetitions_ = kLoopForever;
};

}  // namespace wcw
