#include "ring_buffer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>

namespace wcw {
namespace {

void push(RingBuffer& ring, const std::string& s) {
  uint8_t* p = ring.reserve(s.size());
  ASSERT_NE(p, nullptr);
  std::memcpy(p, s.data(), s.size());
  ring.commit(s.size());
}

std::string pop(RingBuffer& ring) {
  RingBuffer::Record r = ring.peek();
  if (!r) return "<empty>";
  std::string s(reinterpret_cast<char*>(r.data), r.size);
  ring.release();
  return s;
}

TEST(RingBuffer, StartsEmptyAndRoundsCapacity) {
  RingBuffer ring(100);
  EXPECT_EQ(ring.capacity(), 128u);
  EXPECT_TRUE(ring.empty());
  EXPECT_FALSE(ring.peek());
}

TEST(RingBuffer, RecordsComeOutInOrderWithTheirLengths) {
  RingBuffer ring(256);
  push(ring, "a");
  push(ring, "");
  push(ring, "hello world");
  EXPECT_EQ(pop(ring), "a");
  EXPECT_EQ(pop(ring), "");
  EXPECT_EQ(pop(ring), "hello world");
  EXPECT_EQ(pop(ring), "<empty>");
}

TEST(RingBuffer, UncommittedReservationIsInvisible) {
  RingBuffer ring(128);
  ASSERT_NE(ring.reserve(10), nullptr);
  EXPECT_TRUE(ring.empty());
  ring.commit(4);
  RingBuffer::Record r = ring.peek();
  ASSERT_TRUE(r);
  EXPECT_EQ(r.size, 4u);
}

TEST(RingBuffer, WrapsRecordsThatDoNotFitBeforeTheEnd) {
  RingBuffer ring(128);
  const std::string forty(40, 'x');  // 48-byte records
  for (int round = 0; round < 10; ++round) {
    const std::string s = forty + std::to_string(round);
    push(ring, s);
    EXPECT_EQ(pop(ring), s);
  }
}

TEST(RingBuffer, RefusesWhenFullAndAcceptsAfterRelease) {
  RingBuffer ring(128);
  push(ring, std::string(40, 'a'));      // 48 bytes
  push(ring, std::string(40, 'b'));      // 96
  EXPECT_EQ(ring.reserve(40), nullptr);  // 48 more would exceed 128
  EXPECT_NE(ring.reserve(24), nullptr);  // 32 fits exactly
  EXPECT_EQ(pop(ring), std::string(40, 'a'));
  // The end has 32 bytes: a 48-byte record must wrap, and 48 are free at the start.
  EXPECT_NE(ring.reserve(40), nullptr);
}

TEST(RingBuffer, RefusesRecordsLargerThanHalf) {
  RingBuffer ring(128);
  EXPECT_EQ(ring.reserve(ring.maxRecordBytes() + 1), nullptr);
  EXPECT_NE(ring.reserve(ring.maxRecordBytes()), nullptr);
}

// Two threads, varying sizes, many wraps; run under TSan by the _tsan variant.
TEST(RingBuffer, TwoThreadStress) {
  constexpr uint32_t kRecords = 200000;
  RingBuffer ring(1024);
  std::thread producer([&] {
    for (uint32_t i = 0; i < kRecords; ++i) {
      const std::size_t size = 4 + (i * 7) % 120;
      uint8_t* p;
      while (!(p = ring.reserve(size))) std::this_thread::yield();
      std::memcpy(p, &i, 4);
      for (std::size_t j = 4; j < size; ++j) p[j] = static_cast<uint8_t>(i + j);
      ring.commit(size);
    }
  });
  uint32_t bad = 0;
  for (uint32_t i = 0; i < kRecords; ++i) {
    RingBuffer::Record r;
    while (!(r = ring.peek())) std::this_thread::yield();
    uint32_t got;
    std::memcpy(&got, r.data, 4);
    if (got != i || r.size != 4 + (i * 7) % 120) ++bad;
    for (std::size_t j = 4; j < r.size; ++j) bad += r.data[j] != static_cast<uint8_t>(i + j);
    ring.release();
  }
  producer.join();
  EXPECT_EQ(bad, 0u);
  EXPECT_TRUE(ring.empty());
}

}  // namespace
}  // namespace wcw
