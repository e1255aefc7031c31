// ISO/IEC 14496-12 (ISOBMFF) boxes read from bytes in memory, every read bounds-checked: the
// AVIF reader (avif_frames.cc) walks HEIF items and movie sample tables with these.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wcw {

// A big-endian cursor over [data, data + size) that fails (and stays failed) instead of
// reading past the end, so a corrupt box never reads out of bounds.
class ByteCursor {
 public:
  ByteCursor(const uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  uint8_t u8();
  uint16_t u16();
  uint32_t u32();
  uint64_t u64();
  // An unsigned integer of `bytes` bytes (0, 4 or 8; iloc's field sizes; 0 reads as 0).
  uint64_t uint(int bytes);
  void skip(std::size_t bytes);
  // §4.2 FullBox: version and flags.
  void fullBoxHeader(uint8_t* version, uint32_t* flags);
  // A NUL-terminated UTF-8 string (infe's item_name, auxC's aux_type), skipped or read.
  bool cString(const char** text);
  bool ok() const { return ok_; }
  std::size_t position() const { return position_; }
  std::size_t remaining() const { return ok_ ? size_ - position_ : 0; }
  const uint8_t* here() const { return data_ + position_; }

 private:
  bool take(std::size_t bytes);

  const uint8_t* data_;
  std::size_t size_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

// §4.2 Box header: type, and where the body is within the bytes the header was read from.
struct BoxHeader {
  uint32_t type = 0;
  std::size_t bodyOffset = 0;  // from the start of the enclosing bytes
  uint64_t size = 0;           // the whole box; 0 in the file ("to the end") is resolved
};

enum class BoxRead { kOk, kNeedMore, kCorrupt };

// Reads the box header at `offset` within `size` bytes. `endOfParent` resolves size 0 (the
// box extends to the end) and bounds the box. kNeedMore when the header has not arrived.
BoxRead readBoxHeader(const uint8_t* data, std::size_t size, std::size_t offset, uint64_t endOfParent,
                      BoxHeader* header);

constexpr uint32_t fourcc(const char (&code)[5]) {
  return (uint32_t{static_cast<uint8_t>(code[0])} << 24) | (uint32_t{static_cast<uint8_t>(code[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(code[2])} << 8) | uint32_t{static_cast<uint8_t>(code[3])};
}

// Calls visit(header, body, bodySize) for each child box of a body whose bytes have all arrived;
// false when a child's size overruns the body (corrupt).
template <typename Visit>
bool forEachChildBox(const uint8_t* body, std::size_t size, Visit&& visit) {
  std::size_t offset = 0;
  while (offset < size) {
    BoxHeader header;
    if (readBoxHeader(body, size, offset, size, &header) != BoxRead::kOk) return false;
    const std::size_t bodySize = static_cast<std::size_t>(offset + header.size - header.bodyOffset);
    if (!visit(header, body + header.bodyOffset, bodySize)) return false;
    offset = static_cast<std::size_t>(offset + header.size);
  }
  return true;
}

}  // namespace wcw
