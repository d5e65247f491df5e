// The engine: the block loop. Per block: events -> voices, voices -> per-source outputs, the plan's steps, the
// master. Each of these jobs lives in its own file in runtime/engine/ (voice_start, voice_pool, mixer, stripes,
// master, plan_slot); this file only runs them in order.
#include "runtime/engine/engine.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>

#include "compiler/plan.hpp"
#include "runtime/engine/block_stamp.hpp"
#include "runtime/engine/clock.hpp"
#include "runtime/engine/clock_control.hpp"
#include "runtime/engine/denormals.hpp"
#include "runtime/engine/external_events.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/engine/master.hpp"
#include "runtime/engine/mixer.hpp"
#include "runtime/engine/plan_slot.hpp"
#include "runtime/engine/stripes.hpp"
#include "runtime/engine/voice_pool.hpp"
#include "runtime/engine/voice_start.hpp"
#include "runtime/outbound/outbound.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/voice_render_lanes.hpp"

namespace phonon {

namespace {
// The furthest a jump may go: a million cycles (weeks at usual tempos) keeps the clock's exact arithmetic far
// from overflowing (runtime/engine/clock.hpp).
constexpr double kMaxJumpCycle = 1e6;
size_t block_stride(int max_block) { return (static_cast<size_t>(max_block) + 15) & ~static_cast<size_t>(15); }
}  // namespace

struct Engine::Impl {
  EngineOptions opt;
  Clock clock;
  int64_t frame = 0;
  PlanSlot plans;
  VoicePool pool;
  VoiceMixer mixer;
  Master master;
  ExternalEvents* external = nullptr;
  Routing routing;
  std::atomic<int> active_threads;  // set_active_threads: read by the audio thread at each block
  OutboundEvent outbound_scratch;   // one event being copied to the outbound ring (too large for the stack)

  std::atomic<double> stat_cycle{0.0};
  std::atomic<double> stat_cps{0.5};
  std::atomic<int> stat_voices{0};
  std::atomic<int> stat_voices_max{0};
  int block_peak = 0;  // most voices sounding at any point of the current process() call (audio thread only)
  std::atomic<uint64_t> stat_frames{0};
  std::atomic<uint64_t> stat_swaps{0};
  std::atomic<double> stat_swap_cycle{0.0};
  std::atomic<uint64_t> stat_nan{0};
  std::atomic<uint64_t> stat_jumps{0};
  std::atomic<double> stat_jump_from{0.0};
  std::atomic<uint64_t> stat_plan_tempo{0};
  std::atomic<double> stat_plan_cps{0.5};
  BlockStamp stamp;
  bool buffer_marks = false;  // the caller says where device buffers begin (mark_device_buffer)
  bool stamp_next = false;    // the next process() call begins a device buffer

  ClockControl control;
  uint64_t tempo_taken = 0, jump_taken = 0;  // audio thread: the requests applied
  std::atomic<uint64_t> jump_primed{0};      // the jump request the prefetcher has queried the target of
  std::atomic<bool> prefetching{false};      // someone calls prefetch(): jumps wait to be primed
  bool jumped = false;                       // audio thread: a jump in this process() call (published with it)

  explicit Impl(const EngineOptions& o)
      : opt(o),
        clock(o.rate, 0.5),
        pool(o.max_voices, o.rate),
        mixer(o.rate, block_stride(o.max_block), o.threads, pool.voices.size()),
        master(block_stride(o.max_block), o.limiter, o.rate, o.channels),
        routing(o.channels, o.orbit_channels),
        active_threads(std::max(1, o.threads)) {}

  void count_nan(uint64_t k) {
    if (k) stat_nan.fetch_add(k, std::memory_order_relaxed);
  }

  // The block loop: frames [frame, frame + n), all of them in one plan.
  void render(float* out, int n) {
    master.clear(n);
    if (LoadedPlan* lp = plans.current()) {
      const Arc arc(clock.cycle_at_half(frame), clock.cycle_at_half(frame + n));
      if (opt.outbound) send_tick();
      // 1. Events -> voices, at their exact frames.
      start_voices(*lp, arc, n);
      if (external) start_external_voices(*lp, n);
      // 2. Voices -> per-source outputs and orbit sends, in batches (parallel when there is enough work). A voice
      //    shorter than the block still counts in the peak the stats report.
      block_peak = std::max(block_peak, static_cast<int>(pool.active.size()));
      const int threads = active_threads.load(std::memory_order_relaxed);
      mixer.render(*lp, pool, n, threads);
      // 3. The plan's steps, stripe by stripe (independent stripes in parallel when there is enough work).
      run_stripes(*lp, clock, frame, arc, n, threads);
      // 4. The master, in a fixed order: outputs, voices of replaced plans, orbit effects.
      count_nan(master.add_outputs(*lp, n));
      master.add_voices_and_orbits(*lp, n);
    }
    count_nan(master.write(out, n));
    frame += n;
  }

  // Every onset of the block's arc starts a voice at its frame offset in the block.
  void start_voices(LoadedPlan& lp, const Arc& arc, int n) {
    const Plan& plan = *lp.plan;
    for (size_t s = 0; s < plan.voice_sources.size(); ++s) {
      if (!lp.source_live[s]) continue;
      lp.onsets[s].for_each_onset(plan.voice_sources[s].pattern, arc, [&](const Event& e, const PreparedOnset& pre) {
        const int64_t f = clock.frame_of(e.whole->begin);
        if (opt.outbound && send_outbound(e, pre, f)) return;
        const int off = static_cast<int>(std::clamp<int64_t>(f - frame, 0, n - 1));
        const double seconds = e.whole ? (e.whole->end - e.whole->begin).to_double() / clock.cps() : 0.0;
        start_voice(lp, static_cast<int>(s), e.value, seconds, pre, off, e.whole ? e.whole->begin.to_double() : 0.0);
      });
    }
  }

  // External events due in this block; their voices belong to no source of the plan (source -1, straight to the
  // master, like a replaced plan's). A hush fades those that sound.
  void start_external_voices(LoadedPlan& lp, int n) {
    if (external->take_hush()) {
      for (const ActiveVoice& a : pool.active) {
        Voice& v = pool.voices[a.idx];
        if (a.group < kOrbits && v.fade_left < 0) {
          v.fade_left = kStealFadeFrames;
          v.fade_len = kStealFadeFrames;
        }
      }
    }
    external->for_each_due(
        frame, n, [&](const ExternalEvent& x, int off) { start_voice(lp, -1, x.value, x.seconds, x.pre, off); });
  }

  // An event for a MIDI/OSC target is copied to the outbound ring; true when it plays no sound here (its `s`
  // names the target; an all-events target also hears the events that sound).
  bool send_outbound(const Event& e, const PreparedOnset& pre, int64_t f) {
    Outbound& ob = *opt.outbound;
    const int named = pre.ok ? ob.target_of(pre.vp.s) : -1;
    const int target = named >= 0 ? named : ob.all_events_target();
    if (target < 0 || !e.value.is_map()) return false;
    OutboundEvent& oe = outbound_scratch;
    oe.kind = OutboundEvent::Event;
    oe.target = static_cast<int8_t>(target);
    oe.time_ns = ob.time_of(f, opt.rate);
    oe.cycle = e.whole->begin.to_double();
    oe.cps = clock.cps();
    oe.delta = (e.whole->end - e.whole->begin).to_double() / clock.cps();
    copy_controls(e.value.as_map(), oe);
    ob.push(oe);
    return named >= 0;
  }

  // Once per block: where the clock is, for the MIDI clock (and the frame -> wall time mapping).
  void send_tick() {
    Outbound& ob = *opt.outbound;
    ob.begin_block(frame, opt.rate);
    OutboundEvent& oe = outbound_scratch;
    oe.kind = OutboundEvent::Tick;
    oe.target = -1;
    oe.time_ns = ob.time_of(frame, opt.rate);
    oe.cycle = clock.cycle_at(frame).to_double();
    oe.cps = clock.cps();
    oe.count = 0;
    const LoadedPlan* lp = plans.current();
    oe.playing = lp && !lp->plan->steps.empty();  // a hushed program computes nothing
    ob.push(oe);
  }

  // One event: which sound (an instrument `~bus`, a library sample, else a built-in synth of that name), then a
  // pool slot (cutting the event's group first), the voice's set-up (voice_start), and what the voice needs from
  // the engine: its squiz and phaser state, its orbit's effect parameters, the lane path's eligibility.
  // `pre`: the event's controls and sample, resolved when its cycle was queried (OnsetWindow).
  void start_voice(LoadedPlan& lp, int source, const Value& value, double seconds, const PreparedOnset& pre, int offset,
                   double cycle = 0.0) {
    if (!pre.ok) return;
    const VoiceParams& vp = pre.vp;
    if (!vp.finite) return count_nan(1);
    InstrumentTemplate* inst = nullptr;
    const SampleData* sd = pre.sample;
    SynthId synth = SynthId::None;
    if (vp.s[0] == '~') {
      if (!(inst = lp.instrument(vp.s.substr(1)))) return;
    } else if (!sd || sd->frames <= 0) {
      // Library samples win over built-in synth names; a synth plays when no sample has the name.
      if ((synth = synth_by_name(vp.s)) == SynthId::None) return;
    }
    // Tidal's `nudge`: the sound starts that many seconds later (a voice may start in a later block). A negative
    // nudge cannot start a sound before the block that is playing: it starts at its own time.
    if (vp.nudge > 0.0) offset += static_cast<int>(std::min(std::llround(vp.nudge * opt.rate), 1LL << 28));
    const EventTiming et{seconds, offset, cycle};
    if (dropped_by_sustain(vp, et.seconds, opt.rate)) return;
    if (inst && !instrument_pitch_finite(vp)) return count_nan(1);

    pool.cut_group(vp.cut, vp.orbit, offset);
    const int idx = pool.alloc();
    int inst_slot = -1;
    if (inst && (inst_slot = inst->start_voice()) < 0) return pool.give_back(idx);
    Voice& v = pool.voices[idx];
    const VoiceStartContext ctx = start_context(lp);
    const bool started = inst ? start_instrument_voice(vp, et, ctx, v)
                         : synth != SynthId::None
                             ? start_synth_voice(vp, synth, value.as_map(), et, ctx, v, pool.synth_slots[idx])
                             : start_sample_voice(vp, *sd, et, ctx, v);
    if (!started) return pool.release(idx);
    if (inst) {
      v.instrument = inst;
      v.inst_slot = inst_slot;
      v.owner = &lp;
    }
    if (const FxBufferSpan span = fx_buffer_span(v, static_cast<float>(opt.rate)); span.to > span.from)
      pool.take_fx_buffer(idx, span);
    set_orbit_params(lp, vp, v.orbit, clock.cps());
    v.lane_ok = lane_eligible(v);
    pool.activate(idx, source, routing.first_channel(vp.orbit, vp.channel), group_keys(lp));
  }

  VoicePool::GroupKeys group_keys(const LoadedPlan& lp) const {
    return {routing.main_first(), routing.channels(), static_cast<int>(lp.plan->voice_sources.size() + 1) * kOrbits};
  }

  VoiceStartContext start_context(const LoadedPlan& lp) const {
    VoiceStartContext c;
    c.rate = opt.rate;
    c.cps = clock.cps();
    c.serial = pool.next_serial;
    for (int o = 0; o < kOrbits; ++o) c.orbit_fx_ready |= lp.orbit_fx_ready(o) ? 1u << o : 0u;
    return c;
  }

  // At the start of a block: the tempo and jump requests from outside (Engine::request_cps, request_jump).
  // Returns how many of `frames` to render before a jump due at a later frame.
  int take_clock_requests(int frames) {
    uint64_t seq = 0;
    double cps = 0.0;
    if (control.tempo(&seq, &cps) && seq != tempo_taken) {
      tempo_taken = seq;
      clock.set_cps_external(frame, cps);
    }
    JumpRequest j;
    if (!control.jump(&j) || j.seq == jump_taken) return frames;
    if (prefetching.load(std::memory_order_relaxed) && jump_primed.load(std::memory_order_acquire) != j.seq)
      return frames;
    if (j.at_frame > frame) return static_cast<int>(std::min<int64_t>(frames, j.at_frame - frame));
    jump_taken = j.seq;
    double to = j.cycle;
    if (j.at_frame >= 0) to += static_cast<double>(frame - j.at_frame) * clock.cps() / opt.rate;
    to = std::clamp(to, 0.0, kMaxJumpCycle);
    stat_jump_from.store(clock.cycle_at(frame).to_double(), std::memory_order_relaxed);
    clock.jump(frame, to);
    if (LoadedPlan* lp = plans.current()) lp->jump(clock.cycle_at(frame));
    jumped = true;
    return frames;
  }

  // A swap due in this call lands on its frame: returns how many of `frames` to render before it.
  int frames_before_swap(int frames) {
    if (!plans.has_pending()) return frames;
    if (!plans.pending_now()) {
      // The next cycle boundary at or after this frame, where an event on that boundary would start.
      const Rational boundary = Rational(clock.cycle_at_half(frame).ceil());
      const int64_t swap_at = clock.frame_of(boundary);
      if (swap_at > frame) return static_cast<int>(std::min<int64_t>(frames, swap_at - frame));
    }
    const LoadedPlan* old = plans.current();
    const double old_cps = old ? old->plan->cps : -1.0;
    if (plans.swap_in()) {
      pool.regroup_as_replaced(group_keys(*plans.current()));  // the sounding voices now belong to a replaced plan
      // A plan sets the tempo when its own differs from the one it replaces, so that a tempo set from outside
      // (request_cps: Ableton Link) survives swaps of plans that did not change theirs.
      if (const double cps = plans.current()->plan->cps; cps != old_cps) {
        clock.set_cps(frame, cps);
        stat_plan_cps.store(cps, std::memory_order_relaxed);
        stat_plan_tempo.fetch_add(1, std::memory_order_relaxed);
      }
      stat_swap_cycle.store(clock.cycle_at(frame).to_double(), std::memory_order_relaxed);
      stat_swaps.fetch_add(1, std::memory_order_release);  // after its cycle: a reader sees both
    }
    return frames;
  }

  void publish_stats() {
    stat_frames.store(static_cast<uint64_t>(frame), std::memory_order_relaxed);
    stat_cycle.store(clock.cycle_at(frame).to_double(), std::memory_order_relaxed);
    stat_cps.store(clock.cps(), std::memory_order_relaxed);
    if (jumped) stat_jumps.fetch_add(1, std::memory_order_release);  // after the cycle: a reader sees both
    jumped = false;
    const int nv = static_cast<int>(pool.active.size());
    stat_voices.store(nv, std::memory_order_relaxed);
    const int peak = std::max(nv, block_peak);
    block_peak = 0;
    if (peak > stat_voices_max.load(std::memory_order_relaxed)) stat_voices_max.store(peak);
  }
};

Engine::Engine(const EngineOptions& options) : options_(options), impl_(std::make_unique<Impl>(options)) {}
Engine::~Engine() = default;

std::unique_ptr<LoadedPlan> Engine::prepare(std::shared_ptr<const Plan> plan, const SampleBank& bank) const {
  return std::make_unique<LoadedPlan>(std::move(plan), bank, options_);
}

void Engine::start(std::unique_ptr<LoadedPlan> plan) {
  // A fresh start: every voice stops (they may run templates of the plans freed here).
  impl_->pool.stop_all();
  impl_->frame = 0;
  impl_->clock.reset(options_.rate, plan ? plan->plan->cps : 0.5);
  impl_->stat_plan_cps.store(plan ? plan->plan->cps : 0.5);
  // The first cycle's events are queried here, so that the audio thread's first block finds them ready.
  if (plan) plan->prime(impl_->clock.cycle_at(0).floor());
  impl_->plans.reset(plan.release());
}

void Engine::set_external_events(ExternalEvents* events) { impl_->external = events; }

void Engine::prefetch() {
  Impl& m = *impl_;
  m.prefetching.store(true, std::memory_order_relaxed);
  LoadedPlan* p = m.plans.shared();
  JumpRequest j;
  if (m.control.jump(&j) && j.seq != 0 && j.seq != m.jump_primed.load(std::memory_order_relaxed)) {
    // The cycle the jump lands in, estimated for the next block (a wrong guess costs a query on the audio thread).
    double to = j.cycle;
    if (j.at_frame >= 0) {
      const auto next_block = static_cast<double>(m.stat_frames.load(std::memory_order_relaxed));
      to += std::max(0.0, next_block - static_cast<double>(j.at_frame)) * m.stat_cps.load(std::memory_order_relaxed) /
            m.opt.rate;
    }
    if (p) p->prime_jump(static_cast<int64_t>(std::floor(to)));
    m.jump_primed.store(j.seq, std::memory_order_release);
  }
  if (p) p->prefetch();
}

bool Engine::request_cps(double cps) {
  if (!(std::isfinite(cps) && cps > 0.0 && cps <= 1000.0)) return false;
  impl_->control.request_cps(cps);
  return true;
}

void Engine::set_active_threads(int n) {
  impl_->active_threads.store(std::clamp(n, 1, std::max(1, options_.threads)), std::memory_order_relaxed);
}

int Engine::active_threads() const { return impl_->active_threads.load(std::memory_order_relaxed); }

bool Engine::request_jump(double cycle, int64_t at_frame) {
  if (!(std::isfinite(cycle) && cycle >= 0.0 && cycle <= kMaxJumpCycle)) return false;
  impl_->control.request_jump(cycle, at_frame);
  return true;
}

void Engine::schedule_swap(std::unique_ptr<LoadedPlan> plan, SwapMode mode) {
  // A plan that starts at the next cycle boundary gets that cycle's events queried here, off the audio thread.
  // (SwapMode::Now: the current cycle's, from which the plan takes the onsets after the swap frame.)
  if (plan && impl_->plans.shared()) {
    const auto c = static_cast<int64_t>(std::floor(impl_->stat_cycle.load(std::memory_order_relaxed)));
    plan->prime(mode == SwapMode::NextCycle ? c + 1 : c);
  }
  impl_->plans.offer(plan.release(), mode == SwapMode::Now);
}

void Engine::collect_garbage() { impl_->plans.collect_garbage(); }

void Engine::process(float* out, int frames) {
  ScopedDenormalsOff no_denormals;
  Impl& m = *impl_;
  // Only a call that begins a device buffer maps a frame to the moment the device asked for it: a later block
  // of the same buffer starts frames further on but at almost the same moment.
  if (m.opt.stamp_blocks && (!m.buffer_marks || m.stamp_next)) {
    m.stamp.write(m.frame);
    m.stamp_next = false;
  }
  for (int done = 0; done < frames;) {
    const int n = m.frames_before_swap(m.take_clock_requests(frames - done));
    m.render(out + static_cast<size_t>(m.routing.channels()) * static_cast<size_t>(done), n);
    done += n;
  }
  m.plans.drain([&](const void* plan) { return m.pool.plays_for(plan); });
  m.publish_stats();
}

void Engine::mark_device_buffer() {
  impl_->buffer_marks = true;
  impl_->stamp_next = true;
}

bool Engine::block_stamp(int64_t* frame, int64_t* steady_ns) const { return impl_->stamp.read(frame, steady_ns); }

int Engine::output_latency() const { return impl_->master.latency(); }

EngineStats Engine::stats() const {
  EngineStats s;
  s.jumps = impl_->stat_jumps.load(std::memory_order_acquire);  // first: the cycle read below is at least as new
  s.swaps = impl_->stat_swaps.load(std::memory_order_acquire);  // likewise for the swap's cycle
  s.swap_cycle = impl_->stat_swap_cycle.load(std::memory_order_relaxed);
  s.cycle = impl_->stat_cycle.load();
  s.cps = impl_->stat_cps.load();
  s.voices = impl_->stat_voices.load();
  s.voices_max = impl_->stat_voices_max.load();
  s.frames = impl_->stat_frames.load();
  s.nan_voices = impl_->stat_nan.load();
  s.jump_from = impl_->stat_jump_from.load();
  s.plan_tempo_changes = impl_->stat_plan_tempo.load();
  s.plan_cps = impl_->stat_plan_cps.load();
  return s;
}

}  // namespace phonon
