#include "isobmff_boxes.h"

namespace wcw {

bool ByteCursor::take(std::size_t bytes) {
  if (!ok_ || bytes > size_ - position_) {
    ok_ = false;
    return false;
  }
  return true;
}

uint8_t ByteCursor::u8() { return take(1) ? data_[position_++] : 0; }

uint16_t ByteCursor::u16() {
  if (!take(2)) return 0;
  const uint8_t* p = data_ + position_;
  position_ += 2;
  return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t ByteCursor::u32() {
  if (!take(4)) return 0;
  const uint8_t* p = data_ + position_;
  position_ += 4;
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

uint64_t ByteCursor::u64() {
  const uint64_t high = u32();
  return (high << 32) | u32();
}

uint64_t ByteCursor::uint(int bytes) {
  if (bytes == 0) return 0;
  if (bytes == 4) return u32();
  if (bytes == 8) return u64();
  ok_ = false;  // ISO/IEC 23008-12 §9.3.2 (iloc) allows only 0, 4 and 8
  return 0;
}

void ByteCursor::skip(std::size_t bytes) {
  if (take(bytes)) position_ += bytes;
}

void ByteCursor::fullBoxHeader(uint8_t* version, uint32_t* flags) {
  const uint32_t word = u32();
  *version = static_cast<uint8_t>(word >> 24);
  *flags = word & 0xffffff;
}

bool ByteCursor::cString(const char** text) {
  for (std::size_t i = position_; ok_ && i < size_; ++i) {
    if (data_[i] == 0) {
      if (text) *text = reinterpret_cast<const char*>(data_ + position_);
      position_ = i + 1;
      return true;
    }
  }
  ok_ = false;
  return false;
}

BoxRead readBoxHeader(const uint8_t* data, std::size_t size, std::size_t offset, uint64_t endOfParent,
                      BoxHeader* header) {
  if (offset > size || size - offset < 8) return BoxRead::kNeedMore;
  ByteCursor cursor(data + offset, size - offset);
  uint64_t boxSize = cursor.u32();
  header->type = cursor.u32();
  std::size_t headerSize = 8;
  if (boxSize == 1) {  // §4.2: a 64-bit largesize follows the type
    if (size - offset < 16) return BoxRead::kNeedMore;
    boxSize = cursor.u64();
    headerSize = 16;
  } else if (boxSize == 0) {  // §4.2: the box extends to the end of its parent (or file)
    boxSize = endOfParent - offset;
  }
  if (boxSize < headerSize || boxSize > endOfParent - offset) return BoxRead::kCorrupt;
  header->bodyOffset = offset + headerSize;
  header->size = boxSize;
  return BoxRead::kOk;
}

}  // namespace wcw
