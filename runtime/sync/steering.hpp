// What every follower of an outside clock (Ableton Link, MIDI clock) shares: its thread, the frame <-> steady-clock
// mapping (when the engine's frames are heard), a consistent read of the engine's position, and the tempo
// correction that removes a phase error.
//
// FrameTime: when the engine's frames are heard. Built from the block stamps (Engine::block_stamp: the first
// block of each device buffer): a buffer's call starts at its period's start or later (scheduling), never
// earlier, so the earliest stamp is the mapping; it forgets slowly (50 µs per second at a 10 ms tick), so that a
// drift of the audio clock is followed.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <thread>

#include "runtime/engine/engine.hpp"

namespace phonon {

inline int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class FrameTime {
 public:
  // `latency_seconds`: from the start of a block's rendering to hearing its first frame.
  FrameTime(double rate, double latency_seconds) : rate_(rate), latency_ns_(latency_seconds * 1e9) {}

  // Reads the latest stamp; false when there is none to read (none yet, or one being written).
  bool update(const Engine& engine) {
    int64_t frame = 0, ns = 0;
    if (!engine.block_stamp(&frame, &ns)) return false;
    const double offset = static_cast<double>(ns) - static_cast<double>(frame) * 1e9 / rate_;
    if (!mapped_ || offset < offset_ns_) offset_ns_ = offset;
    else offset_ns_ += 500.0;
    mapped_ = true;
    return true;
  }
  // Steady time (ns) at which frame f is heard, and back.
  double heard_ns(double f) const { return offset_ns_ + f * 1e9 / rate_ + latency_ns_; }
  double frame_heard_at(double ns) const { return (ns - latency_ns_ - offset_ns_) * rate_ / 1e9; }

 private:
  double rate_;
  double latency_ns_;
  bool mapped_ = false;
  double offset_ns_ = 0.0;  // steady time (ns) at which the audio thread starts rendering frame 0
};

// A consistent (frame, cycle, cps) of the engine's last block: the stats are read until two reads agree.
inline EngineStats consistent_stats(const Engine& engine) {
  EngineStats a = engine.stats();
  for (int i = 0; i < 4; ++i) {
    const EngineStats b = engine.stats();
    if (b.frames == a.frames && b.cycle == a.cycle) return b;
    a = b;
  }
  return a;
}

// The tempo that removes a phase error of `err_seconds` (positive: the engine is behind) in about 0.3 s, never
// more than 10 % away from `cps`.
inline double steered_cps(double cps, double err_seconds) {
  constexpr double kPullSeconds = 0.3, kMaxPull = 0.1;
  const double pull = err_seconds / kPullSeconds;
  return cps * (1.0 + (pull < -kMaxPull ? -kMaxPull : pull > kMaxPull ? kMaxPull : pull));
}

// A follower's thread: calls `tick` every 10 ms from start() until stop() (which the owner calls before the
// state `tick` uses goes away).
class SteeringThread {
 public:
  ~SteeringThread() { stop(); }
  void start(std::function<void()> tick) {
    thread_ = std::thread([this, tick = std::move(tick)] {
      while (!stop_.load(std::memory_order_acquire)) {
        tick();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    });
  }
  void stop() {
    stop_.store(true, std::memory_order_release);
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace phonon
