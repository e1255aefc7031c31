#include "isobmff_tracks.h"

#include "isobmff_boxes.h"

namespace wcw {

namespace {

// More samples than any image sequence a browser would show; bounds a corrupt count.
constexpr uint32_t kMaxSamples = 1 << 20;

struct SampleTables {
  uint32_t timescale = 0;                                 // mdhd
  std::vector<std::pair<uint32_t, uint32_t>> timeToSample;  // stts (count, delta)
  std::vector<std::pair<uint32_t, uint32_t>> sampleToChunk; // stsc (first chunk, samples per chunk)
  std::vector<uint32_t> sizes;                            // stsz
  std::vector<uint64_t> chunkOffsets;                     // stco / co64
};

bool readFullBox(ByteCursor& c, uint8_t* version) {
  uint32_t flags;
  c.fullBoxHeader(version, &flags);
  return c.ok();
}

bool readStsz(ByteCursor c, SampleTables* t) {
  uint8_t version;
  if (!readFullBox(c, &version)) return false;
  const uint32_t fixed = c.u32(), count = c.u32();
  if (!c.ok() || count > kMaxSamples || (fixed == 0 && count > c.remaining() / 4)) return false;
  t->sizes.resize(count, fixed);
  if (fixed == 0) {
    for (uint32_t& size : t->sizes) size = c.u32();
  }
  return c.ok();
}

bool readPairs(ByteCursor c, std::size_t skipAfterPair, std::vector<std::pair<uint32_t, uint32_t>>* pairs) {
  uint8_t version;
  if (!readFullBox(c, &version)) return false;
  const uint32_t count = c.u32();
  if (!c.ok() || count > c.remaining() / (8 + skipAfterPair)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t first = c.u32(), second = c.u32();
    c.skip(skipAfterPair);
    pairs->push_back({first, second});
  }
  return c.ok();
}

bool readChunkOffsets(ByteCursor c, bool wide, SampleTables* t) {
  uint8_t version;
  if (!readFullBox(c, &version)) return false;
  const uint32_t count = c.u32();
  if (!c.ok() || count > c.remaining() / (wide ? 8 : 4)) return false;
  for (uint32_t i = 0; i < count; ++i) t->chunkOffsets.push_back(wide ? c.u64() : c.u32());
  return c.ok();
}

bool readSampleEntry(ByteCursor c, MovieTrack* track, const uint8_t* file) {
  uint8_t version;
  if (!readFullBox(c, &version) || c.u32() == 0) return false;  // stsd entry_count
  BoxHeader entry;
  if (readBoxHeader(c.here(), c.remaining(), 0, c.remaining(), &entry) != BoxRead::kOk) return false;
  track->sampleEntry = entry.type;
  // §12.1.3 VisualSampleEntry: 6 reserved + data_reference_index, 16 bytes pre_defined/reserved,
  // width, height, then 50 more bytes before the child boxes (av1C).
  ByteCursor v(c.here() + entry.bodyOffset, static_cast<std::size_t>(entry.size - entry.bodyOffset));
  v.skip(8 + 16);
  track->width = v.u16();
  track->height = v.u16();
  v.skip(50);
  if (!v.ok()) return false;
  return forEachChildBox(v.here(), v.remaining(), [&](const BoxHeader& box, const uint8_t* body, std::size_t size) {
    if (box.type == fourcc("av1C")) track->config = {static_cast<uint64_t>(body - file), size};
    return true;
  });
}

bool readTkhd(ByteCursor c, MovieTrack* track) {
  uint8_t version;
  if (!readFullBox(c, &version)) return false;
  c.skip(version == 1 ? 16 : 8);  // creation and modification times
  track->id = c.u32();
  c.skip(4);
  track->trackDuration = version == 1 ? c.u64() : c.u32();
  track->durationIndefinite = track->trackDuration == (version == 1 ? UINT64_MAX : UINT32_MAX);
  return c.ok();
}

bool readElst(ByteCursor c, MovieTrack* track) {
  uint8_t version;
  uint32_t flags;
  c.fullBoxHeader(&version, &flags);
  if (c.u32() == 0) return c.ok();  // no edits
  track->hasEditList = true;
  track->editsRepeat = flags & 1;
  track->editDuration = version == 1 ? c.u64() : c.u32();
  return c.ok();
}

// Walks the boxes of a trak, recursing into the containers on the way to the sample table.
bool readTrackBoxes(const uint8_t* file, const uint8_t* body, std::size_t size, MovieTrack* track, SampleTables* t) {
  return forEachChildBox(body, size, [&](const BoxHeader& box, const uint8_t* child, std::size_t childSize) {
    ByteCursor c(child, childSize);
    switch (box.type) {
      case fourcc("mdia"):
      case fourcc("minf"):
      case fourcc("stbl"):
      case fourcc("edts"):
      case fourcc("tref"): return readTrackBoxes(file, child, childSize, track, t);
      case fourcc("tkhd"): return readTkhd(c, track);
      case fourcc("elst"): return readElst(c, track);
      case fourcc("auxl"): track->auxlTrack = c.u32(); return c.ok();
      case fourcc("mdhd"): {
        uint8_t version;
        if (!readFullBox(c, &version)) return false;
        c.skip(version == 1 ? 16 : 8);
        t->timescale = c.u32();
        return c.ok();
      }
      case fourcc("hdlr"):
        c.skip(8);  // version, flags, pre_defined
        track->handler = c.u32();
        return c.ok();
      case fourcc("stsd"): return readSampleEntry(c, track, file);
      case fourcc("stts"): return readPairs(c, 0, &t->timeToSample);
      case fourcc("stsc"): return readPairs(c, 4, &t->sampleToChunk);  // then sample_description_index
      case fourcc("stsz"): return readStsz(c, t);
      case fourcc("stco"): return readChunkOffsets(c, false, t);
      case fourcc("co64"): return readChunkOffsets(c, true, t);
      default: return true;
    }
  });
}

// §8.7.4 and §8.6.1.2: each sample's offset (its chunk's offset plus the samples before it in
// the chunk) and duration.
bool buildSamples(const SampleTables& t, MovieTrack* track) {
  const std::size_t count = t.sizes.size();
  track->samples.resize(count);
  std::size_t sample = 0;
  std::size_t entry = 0;  // the stsc run of the chunk (runs are in chunk order)
  for (std::size_t chunk = 0; chunk < t.chunkOffsets.size() && sample < count; ++chunk) {
    while (entry + 1 < t.sampleToChunk.size() && t.sampleToChunk[entry + 1].first <= chunk + 1) ++entry;
    const bool inRun = entry < t.sampleToChunk.size() && t.sampleToChunk[entry].first <= chunk + 1;
    const uint32_t perChunk = inRun ? t.sampleToChunk[entry].second : 0;
    uint64_t offset = t.chunkOffsets[chunk];
    for (uint32_t i = 0; i < perChunk && sample < count; ++i, ++sample) {
      if (offset > UINT64_MAX - t.sizes[sample]) return false;
      track->samples[sample].data = {offset, t.sizes[sample]};
      offset += t.sizes[sample];
    }
  }
  if (sample < count || t.timescale == 0) return false;
  sample = 0;
  for (const auto& [run, delta] : t.timeToSample) {
    for (uint32_t i = 0; i < run && sample < count; ++i, ++sample) {
      track->samples[sample].durationUs = static_cast<int64_t>(uint64_t{delta} * 1000000 / t.timescale);
    }
  }
  return true;
}

}  // namespace

bool readMovieTracks(const uint8_t* file, uint64_t bodyOffset, std::size_t bodySize, std::vector<MovieTrack>* tracks) {
  return forEachChildBox(file + bodyOffset, bodySize, [&](const BoxHeader& box, const uint8_t* body, std::size_t size) {
    if (box.type != fourcc("trak")) return true;
    MovieTrack track;
    SampleTables tables;
    if (!readTrackBoxes(file, body, size, &track, &tables) || !buildSamples(tables, &track)) return false;
    tracks->push_back(std::move(track));
    return true;
  });
}

}  // namespace wcw
