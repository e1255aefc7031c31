// The primary image of a HEIF file (ISO/IEC 23008-12 §9-10) as AVIF uses it (AV1 Image File
// Format §2, §4): the coded AV1 item, its alpha auxiliary item, and their properties, read from
// a complete `meta` box. Offsets are the file's.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wcw {

struct FileSpan {
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t end() const { return offset + size; }
};

struct Av1Item {
  bool present = false;
  FileSpan data;     // the AV1 temporal unit (all extents, contiguous)
  FileSpan config;   // the av1C property's body: FFmpeg's extradata for libdav1d
  int width = 0;     // ispe
  int height = 0;
};

struct HeifPrimaryImage {
  Av1Item color;
  Av1Item alpha;  // auxl to the primary item, auxC urn:mpeg:mpegB:cicp:systems:auxiliary:alpha
};

enum class HeifRead { kOk, kCorrupt, kUnsupported };

// Reads the meta box whose body is file[bodyOffset, bodyOffset + bodySize).
HeifRead readHeifPrimaryImage(const uint8_t* file, uint64_t bodyOffset, std::size_t bodySize,
                              HeifPrimaryImage* image);

}  // namespace wcw
