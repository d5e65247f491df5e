#include "runtime/sync/midi_clock_sync.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "runtime/engine/engine.hpp"
#include "runtime/sync/midi_clock_follower.hpp"
#include "runtime/sync/steering.hpp"

namespace phonon {

namespace {
constexpr double kJumpSeconds = 0.05;  // further behind than this (or ahead by more than 0.25 s): a jump
constexpr double kAheadJumpSeconds = 0.25;
}  // namespace

struct MidiClockSync::Impl {
  Engine& engine;
  const MidiClockSyncConfig cfg;
  FrameTime frames;
  mutable std::mutex m;  // the follower: the MIDI thread writes, the sync thread reads
  MidiClockFollower follower;
  std::atomic<double> bpm{0.0};
  std::atomic<bool> running{false};
  uint64_t relocations_seen = 0;
  uint64_t jumps_seen = 0;
  bool waiting = false;  // a jump was asked for and the engine has not taken it yet
  SteeringThread ticker;

  Impl(Engine& e, const MidiClockSyncConfig& c)
      : engine(e), cfg(c), frames(e.options().rate, c.latency_seconds), follower(c.beats_per_cycle) {
    jumps_seen = e.stats().jumps;
    ticker.start([this] { tick(); });
  }
  ~Impl() { ticker.stop(); }

  void tick() {
    MidiClockFollower::Position p;
    uint64_t relocations = 0;
    {
      std::lock_guard<std::mutex> lock(m);
      p = follower.position();
      relocations = follower.relocations();
    }
    running.store(p.running, std::memory_order_relaxed);
    if (!(p.cps > 0.0)) return;
    bpm.store(p.cps * 60.0 * cfg.beats_per_cycle, std::memory_order_relaxed);
    if (!frames.update(engine)) return;
    const EngineStats es = consistent_stats(engine);
    if (es.jumps != jumps_seen) {
      jumps_seen = es.jumps;
      waiting = false;
    }
    if (!p.valid || !p.running || waiting) {
      engine.request_cps(p.cps);
      return;
    }
    // Where the clock is at the frame the engine has reached: its latest tick, moved on at its tempo.
    const double frame = static_cast<double>(es.frames);
    const double target = p.cycle + (frames.heard_ns(frame) - static_cast<double>(p.steady_ns)) * 1e-9 * p.cps;
    const double err_seconds = (target - es.cycle) / p.cps;
    if (relocations != relocations_seen || err_seconds > kJumpSeconds || err_seconds < -kAheadJumpSeconds) {
      relocations_seen = relocations;
      engine.request_cps(p.cps);
      engine.request_jump(target, es.frames);
      waiting = true;
      return;
    }
    engine.request_cps(steered_cps(p.cps, err_seconds));
  }
};

MidiClockSync::MidiClockSync(Engine& engine, const MidiClockSyncConfig& config)
    : impl_(std::make_unique<Impl>(engine, config)) {}
MidiClockSync::~MidiClockSync() = default;

void MidiClockSync::message(const unsigned char* bytes, size_t size, int64_t steady_ns) {
  std::lock_guard<std::mutex> lock(impl_->m);
  impl_->follower.message(bytes, size, steady_ns);
}
double MidiClockSync::bpm() const { return impl_->bpm.load(std::memory_order_relaxed); }
bool MidiClockSync::running() const { return impl_->running.load(std::memory_order_relaxed); }

}  // namespace phonon
