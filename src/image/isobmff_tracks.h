// The tracks of a movie box (ISO/IEC 14496-12 §8.2-8.7) as an AVIF image sequence uses them
// (AV1 Image File Format §7): each sample's bytes and duration, the AV1 sample entry, the
// auxl reference of an alpha track, and the edit list's looping. Read from a complete `moov`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "heif_items.h"

namespace wcw {

struct TrackSample {
  FileSpan data;
  int64_t durationUs = 0;
};

struct MovieTrack {
  uint32_t id = 0;
  uint32_t handler = 0;       // hdlr: 'pict' for the colour sequence, 'auxv' for its alpha
  uint32_t auxlTrack = 0;     // tref auxl: the track this one is the auxiliary image of
  uint32_t sampleEntry = 0;   // stsd's first entry: 'av01'
  FileSpan config;            // the sample entry's av1C body
  int width = 0;
  int height = 0;
  std::vector<TrackSample> samples;
  // §8.6.6 elst flags bit 0: the edits repeat. Then the track's duration (tkhd, in the movie's
  // timescale) over the edit's duration says how often; all ones in tkhd means forever.
  bool hasEditList = false;
  bool editsRepeat = false;
  bool durationIndefinite = false;
  uint64_t trackDuration = 0;
  uint64_t editDuration = 0;
};

// false when the moov box, whose body is file[bodyOffset, bodyOffset + bodySize), is corrupt.
bool readMovieTracks(const uint8_t* file, uint64_t bodyOffset, std::size_t bodySize, std::vector<MovieTrack>* tracks);

}  // namespace wcw
