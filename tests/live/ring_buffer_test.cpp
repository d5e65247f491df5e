// SpscRing: order, wrap-around, capacity limits and a concurrent producer/consumer.
#include "runtime/live/ring_buffer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

namespace phonon {
namespace {

TEST(RingBuffer, CapacityIsAPowerOfTwo) {
  SpscRing<int> a(5), b(8), c(0);
  EXPECT_EQ(a.capacity(), 8u);
  EXPECT_EQ(b.capacity(), 8u);
  EXPECT_EQ(c.capacity(), 2u);
}

TEST(RingBuffer, PushPopInOrderWithWrapAround) {
  SpscRing<int> ring(8);
  int next_in = 0, next_out = 0;
  for (int round = 0; round < 100; ++round) {
    const int n = 1 + round % 7;  // chunk sizes that do not divide the capacity: the ends wrap
    std::vector<int> in(n);
    for (auto& v : in) v = next_in++;
    ASSERT_EQ(ring.push(in.data(), in.size()), static_cast<size_t>(n));
    std::vector<int> out(n, -1);
    ASSERT_EQ(ring.pop(out.data(), out.size()), static_cast<size_t>(n));
    for (int v : out) EXPECT_EQ(v, next_out++);
    EXPECT_EQ(ring.size(), 0u);
  }
}

TEST(RingBuffer, FullRingWritesOnlyWhatFits) {
  SpscRing<int> ring(4);
  const int in[6] = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(ring.push(in, 6), 4u);
  EXPECT_EQ(ring.write_available(), 0u);
  EXPECT_EQ(ring.push(in, 1), 0u);
  int out[6] = {};
  EXPECT_EQ(ring.pop(out, 6), 4u);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[3], 4);
  EXPECT_EQ(ring.pop(out, 6), 0u);
  EXPECT_EQ(ring.write_available(), 4u);
}

TEST(RingBuffer, ConcurrentProducerConsumerLosesAndDuplicatesNothing) {
  // A small ring forces both sides to run into the full and empty states many times.
  SpscRing<uint64_t> ring(64);
  constexpr uint64_t kTotal = 2'000'000;
  std::thread producer([&] {
    uint64_t next = 0;
    uint64_t chunk[37];
    while (next < kTotal) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(1 + next % 37, kTotal - next));
      for (size_t i = 0; i < want; ++i) chunk[i] = next + i;
      const size_t wrote = ring.push(chunk, want);
      next += wrote;
      if (wrote == 0) std::this_thread::yield();
    }
  });
  uint64_t expected = 0;
  uint64_t mismatches = 0;
  uint64_t buf[53];
  while (expected < kTotal) {
    const size_t got = ring.pop(buf, 1 + expected % 53);
    for (size_t i = 0; i < got; ++i) mismatches += buf[i] != expected + i;
    expected += got;
    if (got == 0) std::this_thread::yield();
  }
  producer.join();
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(expected, kTotal);
  EXPECT_EQ(ring.size(), 0u);
}

}  // namespace
}  // namespace phonon
