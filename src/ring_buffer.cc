#include "ring_buffer.h"

#include <cassert>
#include <cstring>

namespace wcw {

namespace {
uint32_t roundUpToPowerOfTwo(std::size_t n) {
  uint32_t p = 64;
  while (p < n && p < (1u << 30)) p <<= 1;
  return p;
}
}  // namespace

RingBuffer::RingBuffer(std::size_t capacity) {
  const uint32_t size = roundUpToPowerOfTwo(capacity);
  storage_ = std::make_unique<uint64_t[]>(size / 8);
  bytes_ = reinterpret_cast<uint8_t*>(storage_.get());
  mask_ = size - 1;
}

uint8_t* RingBuffer::reserve(std::size_t bytes) {
  reserved_ = false;
  if (bytes > maxRecordBytes()) return nullptr;
  const std::size_t need = recordBytes(bytes);
  const uint32_t head = head_.load(std::memory_order_relaxed);
  const uint32_t tail = tail_.load(std::memory_order_seq_cst);
  const std::size_t free = capacity() - (head - tail);
  const std::size_t toEnd = capacity() - (head & mask_);
  // A record that does not fit before the end skips the rest with a wrap marker.
  const std::size_t skip = need <= toEnd ? 0 : toEnd;
  if (skip + need > free) return nullptr;
  reservedFrom_ = head;
  reservedAt_ = head + static_cast<uint32_t>(skip);
  reservedBytes_ = bytes;
  reserved_ = true;
  return bytes_ + (reservedAt_ & mask_) + kHeaderBytes;
}

void RingBuffer::commit(std::size_t bytes) {
  assert(reserved_ && bytes <= reservedBytes_);
  if (!reserved_) return;
  if (bytes > reservedBytes_) bytes = reservedBytes_;
  if (reservedAt_ != reservedFrom_) {
    const Header marker{kWrapMarker, 0};
    std::memcpy(bytes_ + (reservedFrom_ & mask_), &marker, sizeof marker);
  }
  const Header header{static_cast<uint32_t>(bytes), 0};
  std::memcpy(bytes_ + (reservedAt_ & mask_), &header, sizeof header);
  reserved_ = false;
  head_.store(reservedAt_ + static_cast<uint32_t>(recordBytes(bytes)), std::memory_order_seq_cst);
}

RingBuffer::Record RingBuffer::peek() {
  uint32_t tail = tail_.load(std::memory_order_relaxed);
  const uint32_t head = head_.load(std::memory_order_seq_cst);
  if (tail == head) return {};
  Header header;
  std::memcpy(&header, bytes_ + (tail & mask_), sizeof header);
  if (header.length == kWrapMarker) {
    // The marker and the record after it were published together, so one follows.
    tail += capacity() - (tail & mask_);
    std::memcpy(&header, bytes_ + (tail & mask_), sizeof header);
  }
  peekedEnd_ = tail + static_cast<uint32_t>(recordBytes(header.length));
  peeked_ = true;
  return {bytes_ + (tail & mask_) + kHeaderBytes, header.length};
}

void RingBuffer::release() {
  assert(peeked_);
  if (!peeked_) return;
  peeked_ = false;
  tail_.store(peekedEnd_, std::memory_order_seq_cst);
}

bool RingBuffer::empty() const {
  return head_.load(std::memory_order_seq_cst) == tail_.load(std::memory_order_seq_cst);
}

}  // namespace wcw
