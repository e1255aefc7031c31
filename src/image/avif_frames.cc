#include "avif_frames.h"

#include <cmath>
#include <cstdint>

#include "../codecs/avif_frame_decoder.h"
#include "isobmff_boxes.h"
#include "isobmff_tracks.h"

namespace wcw {

namespace {

bool arrived(const FileSpan& span, std::size_t size) { return span.end() >= span.offset && span.end() <= size; }

// false when the span cannot be in memory (beyond size_t, as in a 32-bit wasm build).
bool toFrameSpan(const FileSpan& span, int64_t durationUs, std::vector<ImageFrameSpan>* frames) {
  if (span.end() < span.offset || span.end() > SIZE_MAX) return false;
  frames->push_back({static_cast<std::size_t>(span.offset), static_cast<std::size_t>(span.size), durationUs});
  return true;
}

// ImageTrack.repetitionCount of a sequence, as native Chromium gives it (measured: no edit
// list, or a repeating edit of indefinite duration, loops forever; a non-repeating edit plays
// once; a repeating one plays ceil(track duration / edit duration) times).
double repetitionCount(const MovieTrack& track) {
  if (!track.hasEditList || (track.editsRepeat && (track.durationIndefinite || track.editDuration == 0))) {
    return kLoopForever;
  }
  if (!track.editsRepeat) return 0;
  return std::ceil(static_cast<double>(track.trackDuration) / static_cast<double>(track.editDuration)) - 1;
}

// Whether the AV1 sequence header OBU at the start of an item's data (AV1 spec §5.3, §5.5;
// after any temporal delimiters) has all arrived: native Chromium (libavif) counts a cut still
// image's frame only from then on (measured), else the cut file has none.
bool sequenceHeaderArrived(const uint8_t* data, std::size_t size, const FileSpan& span) {
  constexpr int kSequenceHeader = 1;
  constexpr int kTemporalDelimiter = 2;
  uint64_t at = span.offset;
  for (int obu = 0; obu < 4; ++obu) {
    if (at >= size) return false;
    const uint8_t header = data[at];
    const int type = (header >> 3) & 0xf;
    if (!(header & 0x02)) return false;  // no obu_size: not how AVIF items store OBUs
    at += (header & 0x04) ? 2 : 1;       // obu_extension_header
    uint64_t obuSize = 0;
    for (int i = 0;; ++i) {  // leb128()
      if (at >= size || i == 8) return false;
      obuSize |= uint64_t{data[at] & 0x7fu} << (7 * i);
      if (!(data[at++] & 0x80)) break;
    }
    if (type == kSequenceHeader) return obuSize <= size - at;
    if (type != kTemporalDelimiter) return false;
    at += obuSize;
  }
  return false;
}

bool isAv1Track(const MovieTrack& track) {
  return track.sampleEntry == fourcc("av01") && track.config.size >= 4 && !track.samples.empty();
}

}  // namespace

bool AvifFrameReader::readBox(const uint8_t* data, uint32_t type, uint64_t bodyOffset, std::size_t bodySize) {
  if (type == fourcc("ftyp")) {
    // ISO/IEC 14496-12 §4.3: major brand, minor version, compatible brands.
    ByteCursor c(data + bodyOffset, bodySize);
    bool avif = false;
    for (std::size_t i = 0; c.remaining() >= 4; ++i) {
      const uint32_t brand = c.u32();
      if (i == 1) continue;  // minor_version
      avif = avif || brand == fourcc("avif") || brand == fourcc("avis");
      sequenceBrand_ = sequenceBrand_ || brand == fourcc("avis");
    }
    ftypRead_ = true;
    return avif;
  }
  if (type == fourcc("meta") && !metaRead_) {
    if (readHeifPrimaryImage(data, bodyOffset, bodySize, &item_) != HeifRead::kOk) return false;
    metaRead_ = true;
    return true;
  }
  if (type == fourcc("moov") && !moovRead_) {
    std::vector<MovieTrack> tracks;
    if (!readMovieTracks(data, bodyOffset, bodySize, &tracks)) return false;
    moovRead_ = true;
    const MovieTrack* color = nullptr;
    for (const MovieTrack& track : tracks) {
      if (!color && track.handler == fourcc("pict") && isAv1Track(track)) color = &track;
    }
    if (!color) return true;  // no sequence to show: the primary item is the image
    for (const MovieTrack& track : tracks) {
      if (track.auxlTrack == color->id && isAv1Track(track) && track.samples.size() == color->samples.size()) {
        for (const TrackSample& sample : track.samples) {
          if (!toFrameSpan(sample.data, 0, &sequenceAlpha_)) return false;
        }
        sequenceAlphaSetup_ = track.config;
        break;
      }
    }
    for (const TrackSample& sample : color->samples) {
      if (!toFrameSpan(sample.data, sample.durationUs, &sequenceFrames_)) return false;
    }
    sequenceSetup_ = color->config;
    sequenceWidth_ = color->width;
    sequenceHeight_ = color->height;
    sequenceRepetitions_ = repetitionCount(*color);
    return true;
  }
  return true;
}

bool AvifFrameReader::readTopLevelBoxes(const uint8_t* data, std::size_t size, bool complete) {
  while (next_ < size) {
    BoxHeader box;
    // Until the stream ends, a box of size 0 ("to the end of the file") has no known end.
    const BoxRead read = readBoxHeader(data, size, static_cast<std::size_t>(next_), complete ? size : UINT64_MAX, &box);
    if (read == BoxRead::kNeedMore) return true;
    if (read == BoxRead::kCorrupt) return false;
    // ISO/IEC 14496-12 §4.3: the FileTypeBox, which says the file is AVIF, comes first.
    if (!ftypRead_ && box.type != fourcc("ftyp")) return false;
    const bool needed = box.type == fourcc("ftyp") || box.type == fourcc("meta") || box.type == fourcc("moov");
    if (needed) {
      if (box.size > size - next_) return true;  // its bytes are still coming
      if (!readBox(data, box.type, box.bodyOffset, static_cast<std::size_t>(next_ + box.size - box.bodyOffset))) {
        return false;
      }
    }
    // Media data is read in place when a frame is decoded: only its extent matters here.
    next_ += box.size;
  }
  return true;
}

void AvifFrameReader::chooseSource(bool complete) {
  if (source_ != Source::kUndecided || !ftypRead_) return;
  // An 'avis' file's track list is known once both its meta (the still) and its moov (the
  // sequence) are read: native lists both tracks at once.
  const bool tracksKnown = complete || ((metaRead_ || !sequenceBrand_) && (moovRead_ || !sequenceBrand_));
  if (!tracksKnown) return;
  frames_.trackCount = item_.color.present && !sequenceFrames_.empty() ? 2 : 1;
  if (preferSequence_ && !sequenceFrames_.empty()) {
    source_ = Source::kSequence;
  } else if (metaRead_ && item_.color.present) {
    source_ = Source::kItem;
  }
  if (source_ == Source::kSequence) {
    frames_.animated = true;
    frames_.repetitionCount = sequenceRepetitions_;
    frames_.width = sequenceWidth_ ? sequenceWidth_ : item_.color.width;
    frames_.height = sequenceHeight_ ? sequenceHeight_ : item_.color.height;
    frames_.setupOffset = static_cast<std::size_t>(sequenceSetup_.offset);
    frames_.setupSize = static_cast<std::size_t>(sequenceSetup_.size);
    alphaSetup_ = sequenceAlphaSetup_;
  } else if (source_ == Source::kItem) {
    frames_.width = item_.color.width;
    frames_.height = item_.color.height;
    frames_.setupOffset = static_cast<std::size_t>(item_.color.config.offset);
    frames_.setupSize = static_cast<std::size_t>(item_.color.config.size);
    if (item_.alpha.present) alphaSetup_ = item_.alpha.config;
  }
}

void AvifFrameReader::listItem(std::size_t size) {
  if (!frames_.frames.empty() || !arrived(item_.color.data, size)) return;
  if (item_.alpha.present && !arrived(item_.alpha.data, size)) return;
  toFrameSpan(item_.color.data, 0, &frames_.frames);  // arrived: within size_t
  if (item_.alpha.present) toFrameSpan(item_.alpha.data, 0, &alphaFrames_);
  frames_.complete = true;
}

void AvifFrameReader::listSequence(std::size_t size) {
  // Frames in order, each once its colour (and alpha) sample has arrived.
  for (std::size_t i = frames_.frames.size(); i < sequenceFrames_.size(); ++i) {
    const ImageFrameSpan& color = sequenceFrames_[i];
    if (color.offset + color.size > size) return;
    if (!sequenceAlpha_.empty()) {
      if (sequenceAlpha_[i].offset + sequenceAlpha_[i].size > size) return;
      alphaFrames_.push_back(sequenceAlpha_[i]);
    }
    frames_.frames.push_back(color);
  }
  frames_.complete = true;
}

void AvifFrameReader::selectTrack(int track) {
  // The boxes read so far stand; what was chosen and listed from them starts over.
  preferSequence_ = track != 0;
  source_ = Source::kUndecided;
  frames_ = ImageFrames{};
  alphaFrames_.clear();
  alphaSetup_ = FileSpan{};
}

std::unique_ptr<ImageFrameDecoder> AvifFrameReader::makeFrameDecoder() const {
  return std::make_unique<AvifFrameDecoder>(*this);
}

void AvifFrameReader::read(const uint8_t* data, std::size_t size, bool complete) {
  if (frames_.invalid || frames_.complete) return;
  const bool wellFormed = readTopLevelBoxes(data, size, complete);
  if (wellFormed || ftypRead_) chooseSource(complete || !wellFormed);
  if (source_ == Source::kItem) listItem(size);
  if (source_ == Source::kSequence) listSequence(size);
  if (!wellFormed || complete) {
    // Corrupt or truncated: the frames read so far stand. As native Chromium (measured): a
    // still image cut after its sequence header has one (cut) frame; a cut image sequence is
    // no image, though its first frames are whole.
    if (source_ == Source::kItem && frames_.frames.empty()) {
      frames_.truncated = sequenceHeaderArrived(data, size, item_.color.data);
    }
    if (source_ == Source::kSequence && frames_.frames.size() < sequenceFrames_.size()) frames_.invalid = true;
    if (frames_.frames.empty() && !frames_.truncated) frames_.invalid = true;
    frames_.complete = true;
  }
}

}  // namespace wcw
