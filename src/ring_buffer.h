// Single-producer single-consumer byte ring of variable-length records.
//
// Memory-ordering invariants (the only synchronisation between the two threads):
//  * head_ is written only by the producer, tail_ only by the consumer. Both are free-running
//    uint32 byte counters; a position is counter & mask_, and head_ - tail_ is the bytes in use.
//  * The producer writes a record's header and payload, then publishes it with
//    head_.store(release). The consumer's head_.load(acquire) therefore sees complete records.
//  * The consumer reads a record, then frees it with tail_.store(release). The producer's
//    tail_.load(acquire) therefore never lets it overwrite bytes still being read.
//  * Records never straddle the end of the buffer: when one would, the producer writes a wrap
//    marker header in the remaining bytes and the record starts at offset 0. The marker is
//    published by the same head_ store as the record after it.
// Everything else (pending reservation, pending release) is private to one side.
// The index loads and stores are in fact seq_cst, a superset of the above: CodecSession pairs
// them with its wake-up flags Dekker-style, which acquire/release cannot order. (On wasm every
// atomic is sequentially consistent anyway; on x86 only the stores cost more.)
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace wcw {

class RingBuffer {
 public:
  // The capacity is rounded up to a power of two (at least 64 bytes).
  explicit RingBuffer(std::size_t capacity);
  RingBuffer(const RingBuffer&) = delete;
  RingBuffer& operator=(const RingBuffer&) = delete;

  std::size_t capacity() const { return mask_ + 1; }
  // The largest payload one record may hold (half the ring, so two always fit).
  std::size_t maxRecordBytes() const { return capacity() / 2 - kHeaderBytes; }

  // Producer. Returns where to write `bytes` of payload, or nullptr when the ring lacks the
  // room now. Nothing is visible to the consumer until commit(); a new reserve() replaces an
  // uncommitted one.
  uint8_t* reserve(std::size_t bytes);
  // Publishes the reserved record with `bytes` (<= the reserved size) of payload.
  void commit(std::size_t bytes);

  struct Record {
    uint8_t* data = nullptr;
    std::size_t size = 0;
    explicit operator bool() const { return data != nullptr; }
  };
  // Consumer. The oldest record, or an empty Record. It stays valid until release().
  Record peek();
  // Frees the record last returned by peek().
  void release();

  // Either side: whether no record is published (a snapshot).
  bool empty() const;

 private:
  static constexpr std::size_t kHeaderBytes = 8;
  static constexpr uint32_t kWrapMarker = 0xffffffffu;
  struct Header {
    uint32_t length;  // payload bytes, or kWrapMarker
    uint32_t padding;
  };
  static std::size_t recordBytes(std::size_t payload) {
    return (kHeaderBytes + payload + 7) & ~std::size_t{7};
  }

  std::unique_ptr<uint64_t[]> storage_;  // uint64_t: 8-byte aligned records
  uint8_t* bytes_;
  uint32_t mask_;

  alignas(64) std::atomic<uint32_t> head_{0};
  alignas(64) std::atomic<uint32_t> tail_{0};

  // Producer-private.
  alignas(64) uint32_t reservedAt_ = 0;  // head value where the reserved record's header goes
  uint32_t reservedFrom_ = 0;            // head value when reserve() ran (marker position)
  std::size_t reservedBytes_ = 0;
  bool reserved_ = false;

  // Consumer-private.
  alignas(64) uint32_t peekedEnd_ = 0;
  bool peeked_ = false;
};

}  // namespace wcw
