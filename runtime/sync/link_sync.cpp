#include "runtime/sync/link_sync.hpp"

#include <ableton/Link.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include "runtime/engine/engine.hpp"
#include "runtime/sync/steering.hpp"

namespace phonon {

namespace {

constexpr double kAheadJumpSeconds = 0.25;  // further ahead than this, a jump on to the next aligned position
constexpr double kLeadSeconds = 0.03;       // a jump to a bar is asked for at least this far ahead

}  // namespace

struct LinkSync::Impl {
  Engine& engine;
  LinkConfig cfg;
  std::function<void(const std::string&)> report;
  ableton::Link link;
  SteeringThread ticker;
  std::atomic<bool> reset{false};
  std::atomic<double> reset_to{0.0};  // the cycle a reset goes to (setCycle; 0 for resetCycles)
  std::atomic<size_t> peers{0};
  std::atomic<double> bpm{120.0};
  FILE* log = nullptr;

  // Sync thread only.
  const double rate;
  const double q;  // Link's quantum: one cycle
  FrameTime frames;
  double link_minus_steady_us = 0.0;
  uint64_t plan_tempo_seen = 0;
  uint64_t jumps_seen = 0;
  uint64_t jump_wait = 0;  // a jump was asked for: steer again once the engine has taken it (jumps > this)
  bool waiting = false;
  double cps_sent = -1.0;
  bool was_playing = false;
  bool steering = false;  // the first steering tick has run
  int64_t logged_cycle = INT64_MIN;

  Impl(Engine& e, const LinkConfig& c, std::function<void(const std::string&)> r)
      : engine(e),
        cfg(c),
        report(std::move(r)),
        link(e.stats().cps * 60.0 * c.beats_per_cycle),
        rate(e.options().rate),
        q(static_cast<double>(c.beats_per_cycle)),
        frames(e.options().rate, c.latency_seconds) {
    plan_tempo_seen = e.stats().plan_tempo_changes;
    jumps_seen = e.stats().jumps;
    if (!cfg.log_path.empty()) log = std::fopen(cfg.log_path.c_str(), "w");
    link.setNumPeersCallback([this](std::size_t n) {
      peers.store(n, std::memory_order_relaxed);
      if (report) report("Link: " + std::to_string(n) + (n == 1 ? " peer" : " peers"));
    });
    link.enableStartStopSync(true);
    link.enable(true);
    ticker.start([this] { tick(); });
  }

  ~Impl() {
    ticker.stop();
    link.enable(false);
    if (log) std::fclose(log);
  }

  // Link time (µs) at which frame f is heard, and back.
  double heard_us(double f) const { return frames.heard_ns(f) / 1000.0 + link_minus_steady_us; }
  double frame_heard_at(double us) const { return frames.frame_heard_at((us - link_minus_steady_us) * 1000.0); }

  EngineStats engine_stats() const { return consistent_stats(engine); }

  // Steady and Link clocks, read back to back, and the frame -> steady-time mapping (FrameTime).
  bool update_clocks() {
    const int64_t s0 = steady_now_ns();
    const auto link_us = static_cast<double>(link.clock().micros().count());
    const int64_t s1 = steady_now_ns();
    link_minus_steady_us = link_us - static_cast<double>(s0 + s1) / 2000.0;
    return frames.update(engine);
  }

  void tick() {
    if (!update_clocks()) return;
    const auto now = link.clock().micros();
    auto state = link.captureAppSessionState();
    EngineStats es = engine_stats();

    // A tempo the program set (`setcps`, `cps:`) goes to the session.
    if (es.plan_tempo_changes != plan_tempo_seen) {
      // From the cycle start where the plan's tempo took over (a plan swaps at a cycle boundary), so that the
      // session's beats and Phonon's cycles change tempo at the same moment.
      plan_tempo_seen = es.plan_tempo_changes;
      const double boundary = static_cast<double>(es.frames) - (es.cycle - std::floor(es.cycle)) * rate / es.cps;
      const auto at = std::chrono::microseconds(static_cast<int64_t>(std::llround(heard_us(boundary))));
      state.setTempo(std::clamp(es.plan_cps * 60.0 * q, 20.0, 999.0), at);
      link.commitAppSessionState(state);
      state = link.captureAppSessionState();
    }
    const double session_bpm = state.tempo();
    bpm.store(session_bpm, std::memory_order_relaxed);
    peers.store(link.numPeers(), std::memory_order_relaxed);
    const double session_cps = session_bpm / 60.0 / q;

    if (es.jumps != jumps_seen) {
      jumps_seen = es.jumps;
      if (jumps_seen > jump_wait) waiting = false;
    }
    log_cycle_start(es, session_bpm);

    // resetCycles or setCycle (cycle `reset_to`), or the session started playing (cycle 0): at the next bar.
    const bool playing = state.isPlaying();
    const bool started = playing && !was_playing;
    was_playing = playing;
    const bool reset_now = reset.exchange(false);
    if (reset_now || started) {
      double t0 = static_cast<double>(now.count()) + (cfg.latency_seconds + kLeadSeconds) * 1e6;
      if (started) t0 = std::max(t0, static_cast<double>(state.timeForIsPlaying().count()));
      const double beat = state.beatAtTime(std::chrono::microseconds(static_cast<int64_t>(t0)), q);
      const double bar = std::ceil(beat / q - 1e-9) * q;
      const auto bar_us = static_cast<double>(state.timeAtBeat(bar, q).count());
      request_cps(session_cps);
      const double to = reset_now && !started ? reset_to.load(std::memory_order_acquire) : 0.0;
      engine.request_jump(to, static_cast<int64_t>(std::llround(frame_heard_at(bar_us))));
      jump_wait = es.jumps;
      waiting = true;
      return;
    }
    if (waiting) {
      request_cps(session_cps);
      return;
    }

    // The phase error at the engine's current frame, in cycles, in (-1/2, 1/2].
    const double frame = static_cast<double>(es.frames);
    const auto at = std::chrono::microseconds(static_cast<int64_t>(std::llround(heard_us(frame))));
    if (!steering) {
      steering = true;
      if (link.numPeers() == 0) {  // alone: the session's bars start where Phonon's cycles do
        state.requestBeatAtTime(es.cycle * q, at, q);
        link.commitAppSessionState(state);
        state = link.captureAppSessionState();
      }
    }
    const double target = state.phaseAtTime(at, q) / q;
    double err = target - (es.cycle - std::floor(es.cycle));
    if (err > 0.5) err -= 1.0;
    if (err <= -0.5) err += 1.0;
    const double err_seconds = err / session_cps;
    if (err_seconds > kJumpSeconds || err_seconds < -kAheadJumpSeconds) {
      // Forward only: when far ahead, on to the next aligned position; a little ahead, slower for a moment.
      request_cps(session_cps);
      engine.request_jump(es.cycle + (err >= 0 ? err : err + 1.0), es.frames);
      jump_wait = es.jumps;
      waiting = true;
      return;
    }
    request_cps(steered_cps(session_cps, err_seconds));
  }

  void request_cps(double cps) {
    if (std::abs(cps - cps_sent) < 1e-7) return;
    if (engine.request_cps(cps)) cps_sent = cps;
  }

  // --link-log: each cycle start, with the Link time at which it is heard.
  void log_cycle_start(const EngineStats& es, double session_bpm) {
    if (!log) return;
    const auto k = static_cast<int64_t>(std::floor(es.cycle));
    if (k == logged_cycle) return;
    const bool first = logged_cycle == INT64_MIN;
    logged_cycle = k;
    if (first) return;  // (started mid-cycle)
    const double f = static_cast<double>(es.frames) - (es.cycle - static_cast<double>(k)) * rate / es.cps;
    std::fprintf(log, "cycle %lld heard_us %.1f bpm %.4f peers %zu\n", static_cast<long long>(k), heard_us(f),
                 session_bpm, peers.load(std::memory_order_relaxed));
    std::fflush(log);
  }
};

LinkSync::LinkSync(Engine& engine, const LinkConfig& config, std::function<void(const std::string&)> report)
    : impl_(std::make_unique<Impl>(engine, config, std::move(report))) {}

LinkSync::~LinkSync() = default;

void LinkSync::reset_cycles(double to) {
  impl_->reset_to.store(to, std::memory_order_release);
  impl_->reset.store(true, std::memory_order_release);
}
size_t LinkSync::peers() const { return impl_->peers.load(std::memory_order_relaxed); }
double LinkSync::bpm() const { return impl_->bpm.load(std::memory_order_relaxed); }

}  // namespace phonon
