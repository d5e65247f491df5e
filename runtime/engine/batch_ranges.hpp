// Work sharing of a block's voice batches between the mixer's threads (runtime/engine/mixer.cpp).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>

namespace phonon {

// The voice batches of a block shared among threads with cache affinity: thread t owns a contiguous range of
// batches and takes them front to back -- mostly the voices it rendered in the previous block (batches are cut
// from the voices in start order, and only a few start or end per block), whose state is still in its core's
// cache -- then takes the other ranges' untaken batches from their backs. A batch renders the same whichever thread
// takes it, so this changes only the speed: on the 2-core machine `schedule(dynamic, 1)` moved most voices to the
// other core every block, ~8% slower per voice (perf/RESULTS.md).
class BatchRanges {
 public:
  explicit BatchRanges(int threads) : n_(threads), r_(new Range[static_cast<size_t>(threads)]) {}
  // Before the parallel region: splits batches [0, nb) into contiguous ranges for the first `used` threads (the
  // others' ranges are empty).
  void reset(int nb, int used) {
    used = std::clamp(used, 1, n_);
    for (int t = 0; t < n_; ++t) {
      const int u = std::min(t, used);
      r_[t].v.store(
          pack(static_cast<uint32_t>(nb * u / used), static_cast<uint32_t>(nb * std::min(t + 1, used) / used)),
          std::memory_order_relaxed);
    }
  }
  // The next batch for thread t, or -1 when every batch has been taken.
  int take(int t) {
    if (int b = take_front(t); b >= 0) return b;
    for (int k = 1; k < n_; ++k)
      if (int b = take_back((t + k) % n_); b >= 0) return b;
    return -1;
  }

 private:
  struct alignas(64) Range {
    std::atomic<uint64_t> v{0};  // (front << 32) | back: the untaken batches are [front, back)
  };
  static uint64_t pack(uint32_t f, uint32_t b) { return (static_cast<uint64_t>(f) << 32) | b; }
  int take_front(int t) {
    uint64_t cur = r_[t].v.load(std::memory_order_relaxed);
    for (;;) {
      const uint32_t f = static_cast<uint32_t>(cur >> 32), b = static_cast<uint32_t>(cur);
      if (f >= b) return -1;
      if (r_[t].v.compare_exchange_weak(cur, pack(f + 1, b), std::memory_order_relaxed)) return static_cast<int>(f);
    }
  }
  int take_back(int o) {
    uint64_t cur = r_[o].v.load(std::memory_order_relaxed);
    for (;;) {
      const uint32_t f = static_cast<uint32_t>(cur >> 32), b = static_cast<uint32_t>(cur);
      if (f >= b) return -1;
      if (r_[o].v.compare_exchange_weak(cur, pack(f, b - 1), std::memory_order_relaxed)) return static_cast<int>(b - 1);
    }
  }
  int n_;
  std::unique_ptr<Range[]> r_;
};

}  // namespace phonon
