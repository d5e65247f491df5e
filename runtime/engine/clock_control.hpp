// Requests to move the engine's clock from outside the audio thread: a tempo change and a jump of the cycle
// position, each applied by the audio thread at the start of its next block (Engine::request_cps /
// request_jump). `resetCycles` (a jump to cycle 0), Ableton Link (runtime/sync/) and external clocks use it.
//
// Each kind is one mailbox where the latest request wins. Writers (any non-audio threads) serialise on a mutex;
// the audio thread only reads, through a sequence lock, so it never waits or allocates. A jump also needs its
// target cycle queried ahead (the prefetching thread primes it, Engine::prefetch): the audio thread takes a jump
// once it is primed, so that the callback does not query patterns for it.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>

namespace phonon {

struct JumpRequest {
  uint64_t seq = 0;       // 0: none yet
  double cycle = 0.0;     // the cycle position …
  int64_t at_frame = -1;  // … at this frame (extrapolated at the tempo of the block it lands in), or, when < 0,
                          // at the first frame of the block that takes it
};

class ClockControl {
 public:
  // -- Non-audio threads.
  void request_cps(double cps) {
    std::lock_guard<std::mutex> lock(write_);
    write_begin(tempo_seq_);
    cps_.store(cps, std::memory_order_relaxed);
    write_end(tempo_seq_);
  }
  void request_jump(double cycle, int64_t at_frame) {
    std::lock_guard<std::mutex> lock(write_);
    write_begin(jump_seq_);
    jump_cycle_.store(cycle, std::memory_order_relaxed);
    jump_frame_.store(at_frame, std::memory_order_relaxed);
    write_end(jump_seq_);
  }

  // -- Any thread (the audio thread and the prefetcher): the latest request, or false while one is being
  // written (the reader tries again next block).
  bool tempo(uint64_t* seq, double* cps) const {
    const uint64_t s0 = tempo_seq_.load(std::memory_order_acquire);
    if (s0 & 1) return false;
    *cps = cps_.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    *seq = s0;
    return tempo_seq_.load(std::memory_order_relaxed) == s0;
  }
  bool jump(JumpRequest* r) const {
    const uint64_t s0 = jump_seq_.load(std::memory_order_acquire);
    if (s0 & 1) return false;
    r->cycle = jump_cycle_.load(std::memory_order_relaxed);
    r->at_frame = jump_frame_.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    r->seq = s0;
    return jump_seq_.load(std::memory_order_relaxed) == s0;
  }

 private:
  static void write_begin(std::atomic<uint64_t>& seq) {
    seq.store(seq.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);  // odd: being written
    std::atomic_thread_fence(std::memory_order_release);
  }
  static void write_end(std::atomic<uint64_t>& seq) {
    seq.store(seq.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }

  std::mutex write_;  // writers only; the audio thread never takes it
  std::atomic<uint64_t> tempo_seq_{0};
  std::atomic<double> cps_{0.5};
  std::atomic<uint64_t> jump_seq_{0};
  std::atomic<double> jump_cycle_{0.0};
  std::atomic<int64_t> jump_frame_{-1};
};

}  // namespace phonon
