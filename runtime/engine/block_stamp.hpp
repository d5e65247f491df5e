// When the audio thread began rendering a frame, on the steady clock: the mapping from frames to wall-clock time
// that a thread following an outside clock (Ableton Link, runtime/sync/) needs. The audio thread writes one stamp
// per process() call (EngineOptions::stamp_blocks); readers get a consistent (frame, time) pair through a
// sequence lock, so neither side waits.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace phonon {

class BlockStamp {
 public:
  // Audio thread.
  void write(int64_t frame) {
    const int64_t ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    seq_.store(seq_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    frame_.store(frame, std::memory_order_relaxed);
    ns_.store(ns, std::memory_order_relaxed);
    seq_.store(seq_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }
  // Any thread: false before the first stamp or while one is being written.
  bool read(int64_t* frame, int64_t* steady_ns) const {
    const uint64_t s0 = seq_.load(std::memory_order_acquire);
    if (s0 == 0 || (s0 & 1)) return false;
    *frame = frame_.load(std::memory_order_relaxed);
    *steady_ns = ns_.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    return seq_.load(std::memory_order_relaxed) == s0;
  }

 private:
  std::atomic<uint64_t> seq_{0};
  std::atomic<int64_t> frame_{0};
  std::atomic<int64_t> ns_{0};
};

}  // namespace phonon
