// The engine: per block, query the plan's patterns for the block's cycle arc, start voices at their exact frames,
// run the plan's steps stripe by stripe, mix the outputs, limit, and interleave.
#include "runtime/engine.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <omp.h>

#include "compiler/plan.hpp"
#include "kernels/env/ramp.hpp"
#include "kernels/filter/biquad_voice.hpp"
#include "kernels/mix/pan_mix.hpp"
#include "kernels/sample/sample_read.hpp"
#include "runtime/clock.hpp"
#include "runtime/denormals.hpp"
#include "runtime/loaded_plan.hpp"
#include "runtime/sample_bank.hpp"
#include "runtime/voice.hpp"
#include "runtime/voice_params.hpp"
#include "runtime/voice_render.hpp"
#include "runtime/voice_render_lanes.hpp"

namespace phonon {

namespace {
constexpr int kRetiredSlots = 16;
constexpr int kStealFadeFrames = 64;  // ~1.5 ms at 44.1 kHz: a steal or a cut never clicks
constexpr int kVoiceReserve = 64;     // extra slots so a stolen voice can fade while its successor starts
constexpr int kSquizSlots = 64;       // voices that can sound with `squiz` at once (later ones play without it)
// Voices are rendered in batches of at most kBatch voices of one source; each batch sums into its own accumulator
// and the accumulators are added in batch order, so the output does not depend on which thread ran which batch.
constexpr int kBatch = kVoiceBatch;
constexpr int kBatchBuffers = 6;  // dry L/R, reverb send L/R, delay send L/R
// Below this much voice work (sounding voices x block frames) a block stays on one thread: below it the OpenMP
// fork/join costs more than the second core gains (measured in docs/performance.md).
constexpr size_t kParallelVoiceWork = 16384;
// Level-0 stripes run in parallel when (steps in them) x (block frames) reaches this (docs/performance.md).
constexpr size_t kParallelStripeWork = 2048;

// The voice batches of a block shared among threads with cache affinity: thread t owns a contiguous range of
// batches and takes them front to back -- mostly the voices it rendered in the previous block (batches are cut
// from the voices in start order, and only a few start or end per block), whose state is still in its core's
// cache -- then takes the other ranges' untaken batches from their backs. A batch renders the same whichever thread
// takes it, so this changes only the speed: on the 2-core machine `schedule(dynamic, 1)` moved most voices to the
// other core every block, ~8% slower per voice (perf/RESULTS.md).
class BatchRanges {
 public:
  explicit BatchRanges(int threads) : n_(threads), r_(new Range[static_cast<size_t>(threads)]) {}
  // Before the parallel region: splits batches [0, nb) into n_ contiguous ranges.
  void reset(int nb) {
    for (int t = 0; t < n_; ++t)
      r_[t].v.store(pack(static_cast<uint32_t>(nb * t / n_), static_cast<uint32_t>(nb * (t + 1) / n_)),
                    std::memory_order_relaxed);
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

inline float soft_limit(float x) {
  // Identity below 0.9, then a tanh knee that approaches 1.0: no state, so block size cannot change the result.
  float a = std::fabs(x);
  if (a <= 0.9f) return x;
  float y = 0.9f + 0.1f * std::tanh((a - 0.9f) * 10.0f);
  return std::copysign(y, x);
}
}  // namespace

struct Engine::Impl {
  EngineOptions opt;
  Clock clock;
  int64_t frame = 0;
  LoadedPlan* current = nullptr;  // owned (raw so the audio thread can hand it to the retired slots)
  std::atomic<LoadedPlan*> current_shared{nullptr};  // `current`, for prefetch() on another thread
  std::atomic<LoadedPlan*> pending{nullptr};
  std::atomic<int> pending_mode{0};
  std::array<std::atomic<LoadedPlan*>, kRetiredSlots> retired{};
  std::array<LoadedPlan*, 8> draining{};  // replaced plans whose instrument voices still sound (audio thread only)

  // Voice pool (structure of voices, preallocated) and the active list in start order.
  // An active voice with what the per-block grouping needs, so that grouping never touches the Voice itself (16k
  // voices do not fit in L2, and a Voice another core rendered last block is a cross-core miss).
  struct ActiveVoice {
    int idx;     // into voices
    int group;   // (source + 1) * kOrbits + orbit; source -1 (install() regroups) for voices of replaced plans,
                 // which ring out straight to the master
    bool sends;  // sends to its orbit's reverb or delay
  };
  std::vector<Voice> voices;
  std::vector<SynthSlot> synth_slots;  // parallel to voices (used by synth voices only)
  SquizPool squiz_pool;                // fx.squiz states for voices with `squiz` (allocated here, taken at start)
  std::vector<ActiveVoice> active;  // oldest first
  std::vector<int> free_list;
  uint64_t next_serial = 0;
  int max_voices = 0;

  // Scratch: per thread (voice rendering), per batch (accumulators), and the master.
  std::vector<VoiceScratch> scratch;
  BatchRanges batch_ranges;
  VoiceRenderer renderer;
  std::vector<float> master_l, master_r;
  std::vector<int> order;          // positions in `active`, grouped by source and orbit (stable), rebuilt per block
  std::vector<char> done;          // per position in `order`: the voice finished in this block (set by its batch)
  std::vector<char> finished;      // per position in `active` (this block's `done`, regathered)
  size_t stride = 0;
  int threads = 1;

  std::atomic<double> stat_cycle{0.0};
  std::atomic<double> stat_cps{0.5};
  std::atomic<int> stat_voices{0};
  std::atomic<int> stat_voices_max{0};
  int block_peak = 0;  // most voices sounding at any point of the current process() call (audio thread only)
  std::atomic<uint64_t> stat_frames{0};
  std::atomic<uint64_t> stat_swaps{0};
  std::atomic<uint64_t> stat_nan{0};


  explicit Impl(const EngineOptions& o)
      : opt(o),
        clock(o.rate, 0.5),
        batch_ranges(std::max(1, o.threads)),
        renderer(static_cast<float>(o.rate), (static_cast<size_t>(o.max_block) + 15) & ~static_cast<size_t>(15)) {
    max_voices = std::max(1, o.max_voices);
    voices.resize(static_cast<size_t>(max_voices + kVoiceReserve));
    synth_slots.resize(voices.size());
    active.reserve(voices.size());
    free_list.reserve(voices.size());
    for (int i = static_cast<int>(voices.size()) - 1; i >= 0; --i) free_list.push_back(i);
    threads = std::max(1, o.threads);
    stride = (static_cast<size_t>(o.max_block) + 15) & ~static_cast<size_t>(15);
    scratch.resize(static_cast<size_t>(threads));
    for (size_t t = 0; t < scratch.size(); ++t) {
      scratch[t].allocate(stride);
      scratch[t].thread = static_cast<int>(t);
    }
    master_l.assign(stride, 0.0f);
    master_r.assign(stride, 0.0f);
    order.reserve(voices.size());
    done.assign(voices.size(), 0);
    finished.assign(voices.size(), 0);
    if (const kern::KernelSpec* sq = kern::find_kernel("fx.squiz")) {
      const float sq_params[2] = {1.0f, 0.1f};  // SuperDirt's Squiz: one zero crossing per chunk, 0.1 s memory
      squiz_pool.allocate(kSquizSlots, kern::state_floats_for(*sq, sq_params, static_cast<float>(o.rate)));
    }
    for (auto& r : retired) r.store(nullptr);
  }

  ~Impl() {
    active.clear();
    delete current;
    for (auto* d : draining) delete d;
    delete pending.exchange(nullptr);
    for (auto& r : retired) delete r.exchange(nullptr);
  }

  // ---- plan hand-over -------------------------------------------------------------------------------------
  void install(LoadedPlan* p) {
    LoadedPlan* old = current;
    if (old && !hand_back(old, /*allow_draining=*/true)) {
      // Nowhere to put the old plan yet (nobody collected): keep it and try again next block.
      pending.store(p);
      return;
    }
    if (old) p->adopt_state_from(*old);  // old is not freed before the next collect_garbage(), or it drains
    current = p;
    current_shared.store(p, std::memory_order_release);
    for (ActiveVoice& a : active) a.group = voices[a.idx].orbit;  // now voices of a replaced plan (source -1)
    clock.set_cps(frame, p->plan->cps);
    stat_swaps.fetch_add(1, std::memory_order_relaxed);
  }

  // Passes a replaced plan to the non-audio thread for freeing. A plan whose instrument voices still sound
  // drains first (they run its templates), and is handed back once they have ended.
  bool hand_back(LoadedPlan* p, bool allow_draining) {
    if (allow_draining && p->has_instruments()) {
      for (auto& d : draining) {
        if (!d) {
          d = p;
          return true;
        }
      }
      return false;
    }
    for (auto& r : retired) {
      LoadedPlan* expected = nullptr;
      if (r.compare_exchange_strong(expected, p)) return true;
    }
    return false;
  }

  void drain_finished_plans() {
    for (auto& d : draining) {
      if (!d) continue;
      bool used = false;
      for (const ActiveVoice& a : active) used |= voices[a.idx].owner == d;
      if (!used && hand_back(d, false)) d = nullptr;
    }
  }

  // ---- voices ---------------------------------------------------------------------------------------------
  int alloc_voice() {
    if (static_cast<int>(active.size()) >= max_voices) {
      // Steal the oldest voice that is not already fading.
      for (const ActiveVoice& a : active) {
        Voice& v = voices[a.idx];
        if (v.fade_left < 0) {
          v.fade_left = kStealFadeFrames;
          v.fade_len = kStealFadeFrames;
          break;
        }
      }
    }
    if (free_list.empty()) {
      // Even the reserve is in use: drop the oldest voice outright (only under extreme overload).
      int idx = active.front().idx;
      active.erase(active.begin());
      voices[idx].active = false;
      return idx;
    }
    int idx = free_list.back();
    free_list.pop_back();
    return idx;
  }

  // `pre`: the event's controls and sample, resolved when its cycle was queried (OnsetWindow).
  void start_voice(LoadedPlan& lp, int source, const Event& e, const PreparedOnset& pre, int offset) {
    if (!pre.ok) return;
    const VoiceParams& vp = pre.vp;
    if (!vp.finite) {
      stat_nan.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (vp.s[0] == '~') return start_instrument(lp, source, vp, e, offset);
    const SampleData* sd = pre.sample;
    SynthId synth = SynthId::None;
    if (!sd || sd->frames <= 0) {
      // Library samples win over built-in synth names; a synth plays when no sample has the name.
      synth = synth_by_name(vp.s);
      if (synth == SynthId::None) return;
      sd = nullptr;
    }

    const double rate = opt.rate;
    const double event_seconds = e.whole ? (e.whole->end - e.whole->begin).to_double() / clock.cps() : 0.0;
    if (dropped_by_sustain(vp, event_seconds)) return;
    cut_group(vp, offset);
    int idx = alloc_voice();
    Voice& v = voices[idx];
    v = Voice{};
    v.sample = sd;
    v.synth = synth;
    if (synth != SynthId::None) {
      start_synth(idx, synth, vp, e, event_seconds);
    } else {
    double speed = vp.speed * std::pow(2.0, vp.note / 12.0);
    if (vp.unit_cycles) speed *= (static_cast<double>(sd->frames) / sd->rate) * event_cps(vp);
    v.inc = speed * sd->rate / rate;
    v.accel = vp.accelerate * sd->rate / rate / rate;  // accelerate: speed change per second
    double len = static_cast<double>(sd->frames);
    v.lo = std::clamp(vp.begin, 0.0, 1.0) * len;
    v.hi = std::clamp(vp.end, 0.0, 1.0) * len;
    if (v.hi <= v.lo || v.inc == 0.0) return release_slot(idx);
    v.start_pos = v.inc > 0 ? v.lo : v.hi - 1e-9;
    // SuperDirt `loop` (only without sustain/legato, as in DirtEvent's calcTimeSpan): begin..end |loop| times;
    // loop 0 gives a zero sustain, which SuperDirt drops.
    if (vp.has_loop && !vp.has_sustain && !vp.has_legato) {
      if (vp.loop == 0.0) return release_slot(idx);
      if (std::fabs(vp.loop) != 1.0) v.loops = std::fabs(vp.loop);
    }
    }
    v.attack = static_cast<int64_t>(std::llround(std::max(0.0, vp.attack) * rate));
    v.release = static_cast<int64_t>(std::llround(std::max(0.0, vp.release) * rate));
    // SuperDirt's envelope module is Env.linen(attack, hold, release): with a release, the release starts after
    // attack + hold (hold defaults to 0: `ar a r` is percussive).
    const int64_t attack_hold = v.attack + static_cast<int64_t>(std::llround(std::max(0.0, vp.hold) * rate));
    if (vp.has_adsr) {
      // `adsr a d s r`: the gate is `sustain` seconds, else legato (default 1) times the event's duration.
      v.length = static_cast<int64_t>(std::llround(gate_seconds(vp, event_seconds) * rate));
    } else if (synth != SynthId::None) {
      v.length = vp.release > 0.0 ? attack_hold : -1;  // the synth shapes its own sustain
    } else if (vp.has_sustain) {
      v.length = static_cast<int64_t>(std::llround(vp.sustain * rate));
    } else if (vp.has_legato) {
      v.length = static_cast<int64_t>(std::llround(vp.legato * event_seconds * rate));
    } else if (vp.release > 0.0) {
      v.length = attack_hold;  // `ar a r`: percussive attack-release
    } else {
      v.length = -1;
    }
    if (v.length >= 0 && v.release == 0) v.release = kStealFadeFrames;
    double amp = vp.amp * std::pow(std::min(vp.gain, 2.0) + 1.1e-4, 4.0);
    double pan = std::clamp(vp.pan, 0.0, 1.0);
    v.gain_l = static_cast<float>(amp * std::cos(pan * M_PI / 2));
    v.gain_r = static_cast<float>(amp * std::sin(pan * M_PI / 2));
    apply_voice_effects(lp, vp, v);
    v.lane_ok = lane_eligible(v);
    v.serial = next_serial++;
    v.cut = vp.cut;
    v.start_offset = offset;
    v.active = true;
    activate(idx, source);
  }

  // SuperDirt's per-event `cps` (DirtEvent: unit "c" and the delay's lock use the event's cps), else the tempo.
  double event_cps(const VoiceParams& vp) const { return vp.cps > 0.0 ? vp.cps : clock.cps(); }

  // The note's gate in seconds: `sustain`, else `legato` (default 1) times the event's duration.
  static double gate_seconds(const VoiceParams& vp, double event_seconds) {
    return vp.has_sustain ? vp.sustain : (vp.has_legato ? vp.legato : 1.0) * event_seconds;
  }

  // SuperDirt drops an event whose sustain is below orbit.minSustain (8 / sample rate): an explicit `sustain`, or
  // `legato` times the event's duration, shorter than 8 frames (so `legato 0`, negative legato or sustain are
  // silent, as `loop 0` is). Without either the sound's own length applies and nothing is dropped here.
  bool dropped_by_sustain(const VoiceParams& vp, double event_seconds) const {
    if (!vp.has_sustain && !vp.has_legato) return false;
    return !(gate_seconds(vp, event_seconds) >= 8.0 / opt.rate);
  }

  // Cut groups: a new voice (sample, synth or instrument) stops the sounding voices of its group on its orbit.
  void cut_group(const VoiceParams& vp, int offset) {
    if (vp.cut <= 0) return;
    const int orbit = std::clamp(vp.orbit, 0, kOrbits - 1);
    for (const ActiveVoice& a : active) {
      Voice& o = voices[a.idx];
      if (o.cut == vp.cut && o.orbit == orbit && o.fade_left < 0) {
        // The fade starts at the new voice's onset frame (offset frames into this block), not at the block's
        // start, so cut groups sound the same at every block size.
        o.fade_left = kStealFadeFrames + std::max(0, offset - o.start_offset);
        o.fade_len = kStealFadeFrames;
      }
    }
  }

  // The per-voice filters, effects and orbit sends of an event (shared by sample, synth and instrument voices).
  void apply_voice_effects(LoadedPlan& lp, const VoiceParams& vp, Voice& v) {
    const double rate = opt.rate;
    const float fr = static_cast<float>(rate);
    // Envelope shape beyond attack/release (the callers set attack, release and the gate `length`).
    if (vp.has_adsr) {
      v.env_adsr = true;
      v.decay = static_cast<int64_t>(std::llround(std::max(0.0, vp.decay) * rate));
      v.sustain_level = static_cast<float>(std::clamp(vp.sustain_level, 0.0, 1.0));
    } else if (vp.hold >= 0.0 && vp.release > 0.0 && v.length >= 0) {
      // `hold` with a release: the release starts at attack + hold at the latest (Env.linen in SuperDirt).
      v.length = std::min(v.length, v.attack + static_cast<int64_t>(std::llround(vp.hold * rate)));
    }
    if (vp.cutoff > 0) {
      v.lpf = true;
      v.lpf_c = kern::biquad_lowpass(static_cast<float>(vp.cutoff), resonance_to_q(vp.resonance), fr);
    }
    if (vp.hcutoff > 0) {
      v.hpf = true;
      v.hpf_c = kern::biquad_highpass(static_cast<float>(vp.hcutoff), resonance_to_q(vp.hresonance), fr);
    }
    if (vp.bandf > 0) {
      v.bpf = true;
      v.bpf_c = kern::biquad_bandpass(static_cast<float>(vp.bandf), static_cast<float>(std::max(0.1, vp.bandq)), fr);
      // SuperDirt's dirt_bpf: BPF.ar(sig, bandf, 1 / bandq) * max(bandq, 1): the narrow band keeps its loudness.
      const float makeup = static_cast<float>(std::max(vp.bandq, 1.0));
      v.bpf_c.b0 *= makeup;
      v.bpf_c.b1 *= makeup;
      v.bpf_c.b2 *= makeup;
    }
    if (vp.shape > 0 && renderer.has_shape()) v.shape = static_cast<float>(std::min(vp.shape, 0.999));
    if (vp.crush > 0 && renderer.has_crush()) v.crush = static_cast<float>(vp.crush);
    if (vp.coarse > 1 && renderer.has_coarse()) v.coarse = static_cast<float>(vp.coarse);
    if (vp.squiz > 1 && renderer.has_squiz()) take_squiz_slot(vp, v);
    if (vp.vowel) {
      const Formants& f = vowel_formants(vp.vowel);
      v.vowel_bands = 3;
      for (int b = 0; b < 3; ++b) {
        v.vowel_c[b] = kern::biquad_bandpass(f.f[b], 8.0f, fr);
        v.vowel_gain[b] = std::pow(10.0f, f.db[b] / 20.0f);
      }
    }
    v.orbit = std::clamp(vp.orbit, 0, kOrbits - 1);
    if (vp.room > 0 && lp.orbit_fx_ready(v.orbit)) {
      v.send_rev = static_cast<float>(std::min(vp.room, 1.0) * (1.0 - std::clamp(vp.dry, 0.0, 1.0)));
      lp.orbit_params[v.orbit].size = static_cast<float>(std::clamp(vp.size, 0.0, 1.0));
    }
    if (vp.delay > 0 && lp.orbit_fx_ready(v.orbit)) {
      v.send_del = static_cast<float>(std::min(vp.delay, 1.0));
      // lock 1: delaytime is in cycles (SuperDirt's dirt_delay: delaytime * (1 / cps) when locked).
      const double dt = vp.lock ? vp.delaytime / event_cps(vp) : vp.delaytime;
      lp.orbit_params[v.orbit].delaytime = static_cast<float>(std::clamp(dt, 0.0, 1.99));
      lp.orbit_params[v.orbit].delayfeedback = static_cast<float>(std::clamp(vp.delayfeedback, 0.0, 0.98));
    }
  }

  // Gives `v` (a voice being started, serial next_serial) a free SquizPool slot with zeroed state, if any is free:
  // a slot is free when the voice that took it has ended (or its Voice slot was reused since).
  void take_squiz_slot(const VoiceParams& vp, Voice& v) {
    const int self = static_cast<int>(&v - voices.data());
    for (int s = 0; s < squiz_pool.slots(); ++s) {
      const int o = squiz_pool.voice[s];
      if (o >= 0 && o != self && voices[o].active && voices[o].squiz_slot == s &&
          voices[o].serial == squiz_pool.serial[s])
        continue;
      squiz_pool.voice[s] = self;
      squiz_pool.serial[s] = next_serial;
      v.squiz = static_cast<float>(vp.squiz);
      v.squiz_slot = s;
      for (int ch = 0; ch < 2; ++ch) {
        v.squiz_state[ch] = squiz_pool.state(s, ch);
        std::fill(v.squiz_state[ch], v.squiz_state[ch] + squiz_pool.per_channel, 0.0f);
      }
      return;
    }
  }

  // A synth voice: pitch from `note` (else `n`) with c5 = middle C, sustain from `sustain`, else legato (default 1)
  // times the event's duration; every other numeric control goes to the synth (SuperDirt names).
  void start_synth(int idx, SynthId id, const VoiceParams& vp, const Event& e, double event_seconds) {
    SynthSlot& ss = synth_slots[idx];
    ss.params = SynthParams{};
    double semis = vp.has_note ? vp.note : vp.n + vp.pitch_offset;
    ss.params.freq = 261.6256 * std::pow(2.0, semis / 12.0);
    ss.params.rate = opt.rate;
    ss.params.seed = next_serial * 2654435761u + 1;
    ss.params.sustain = gate_seconds(vp, event_seconds);
    // SuperDirt `loop` without sustain/legato: a synth (no unit duration) sounds |loop| event durations.
    if (vp.has_loop && !vp.has_sustain && !vp.has_legato) ss.params.sustain = std::fabs(vp.loop) * event_seconds;
    // A per-voice `adsr` shapes the voice: the synth sounds through its whole gate and release.
    if (vp.has_adsr) ss.params.sustain += std::max(0.0, vp.release);
    ss.params.accelerate = vp.accelerate;
    for (const auto& [key, val] : e.value.as_map().entries()) {
      // With a per-voice `adsr` its `decay` is the envelope's, not the synth's own decay parameter.
      if (vp.has_adsr && key == "decay") continue;
      if (val.is_number()) synth_set_control(ss.params, key, val.as_number());
    }
    synth_start(id, ss.params, ss.state);
  }

  // An instrument voice: the bus's template with this voice's state, gate (legato, default 1, times the event's
  // duration, or `sustain` seconds) and pitch ratio speed * 2^(note/12), gliding to (1 + accelerate) times that
  // over the gate (as SuperDirt's synths: freq * Line(1, 1 + accelerate, sustain)). Levelled like every other voice
  // (SuperDirt's amp, default 0.4, times gain^4, equal-power pan). A per-voice `release` (or `adsr`'s release)
  // keeps the template's gate open through the release, so the voice's own linear release shapes the end instead of
  // the bus's automatic 50 ms one.
  void start_instrument(LoadedPlan& lp, int source, const VoiceParams& vp, const Event& e, int offset) {
    InstrumentTemplate* t = lp.instrument(vp.s.substr(1));
    if (!t) return;
    const double event_seconds = e.whole ? (e.whole->end - e.whole->begin).to_double() / clock.cps() : 0.0;
    if (dropped_by_sustain(vp, event_seconds)) return;
    const double ratio = vp.speed * std::pow(2.0, (vp.has_note ? vp.note : vp.n + vp.pitch_offset) / 12.0);
    if (!std::isfinite(ratio) || !std::isfinite(ratio * (1.0 + vp.accelerate))) {
      stat_nan.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    cut_group(vp, offset);
    int idx = alloc_voice();
    int slot = t->start_voice();
    if (slot < 0) {
      free_list.push_back(idx);
      return;
    }
    Voice& v = voices[idx];
    v = Voice{};
    v.instrument = t;
    v.inst_slot = slot;
    v.owner = &lp;
    const int64_t gate = static_cast<int64_t>(std::llround(std::max(0.0, gate_seconds(vp, event_seconds)) * opt.rate));
    v.pitch_ratio = static_cast<float>(ratio);
    v.pitch_ratio_end = static_cast<float>(ratio * (1.0 + vp.accelerate));
    v.glide_frames = gate;
    v.attack = static_cast<int64_t>(std::llround(std::max(0.0, vp.attack) * opt.rate));
    v.release = static_cast<int64_t>(std::llround(std::max(0.0, vp.release) * opt.rate));
    v.length = vp.release > 0.0 ? std::max(v.attack, gate) : -1;
    if (vp.has_adsr) v.length = gate;  // the adsr's release starts at the gate from the level reached
    if (v.length >= 0 && v.release == 0) v.release = kStealFadeFrames;
    double amp = vp.amp * std::pow(std::min(vp.gain, 2.0) + 1.1e-4, 4.0);
    double pan = std::clamp(vp.pan, 0.0, 1.0);
    v.gain_l = static_cast<float>(amp * std::cos(pan * M_PI / 2));
    v.gain_r = static_cast<float>(amp * std::sin(pan * M_PI / 2));
    apply_voice_effects(lp, vp, v);  // (may shorten `length` by `hold`)
    // The template's gate: the note's; with a voice-level release it stays open until that release has ended, so
    // the bus still sounds while the voice's own envelope fades it out.
    v.gate_frames = v.length >= 0 ? std::max(v.length, v.attack) + v.release : gate;
    v.serial = next_serial++;
    v.cut = vp.cut;
    v.start_offset = offset;
    v.active = true;
    activate(idx, source);
  }

  // Appends a started voice (orbit and sends already set) to the active list.
  void activate(int idx, int source) {
    const Voice& v = voices[idx];
    active.push_back(ActiveVoice{idx, (source + 1) * kOrbits + v.orbit, v.send_rev > 0 || v.send_del > 0});
  }

  void release_slot(int idx) {
    if (voices[idx].instrument) voices[idx].instrument->end_voice(voices[idx].inst_slot);
    voices[idx].instrument = nullptr;
    voices[idx].active = false;
    free_list.push_back(idx);
  }

  static float resonance_to_q(double res) {
    // SuperDirt's RLPF uses rq = resonance.linexp(0, 1, 1, 0.001); q = 1 / rq, capped for stability.
    double q = std::pow(1000.0, std::clamp(res, 0.0, 1.0));
    return static_cast<float>(std::min(q, 50.0));
  }

  // Groups the active voices by source and orbit (stable: start order within a group), cuts them into batches,
  // renders every batch into its own accumulator and sums the accumulators into the per-source voice outputs and
  // the orbit sends (LoadedPlan::voice_out, OrbitFx::send) -- both in parallel when there is enough work -- then
  // drops the voices that finished.
  void render_all_voices(LoadedPlan* lp, int n) {
    if (!lp) return;
    const int nsrc = static_cast<int>(lp->plan->voice_sources.size());
    auto& source_count = lp->source_count;
    auto& batches = lp->batches;
    // Groups: (source, orbit); voices of replaced plans form source -1. Capacity reserved by LoadedPlan. A counting
    // sort of the active list's own fields: no Voice is read here.
    source_count.assign(static_cast<size_t>(nsrc + 1) * kOrbits, 0);
    for (const ActiveVoice& a : active) source_count[a.group]++;
    int acc = 0;
    for (auto& c : source_count) {  // prefix sums -> start of each group in `order`
      int k = c;
      c = acc;
      acc += k;
    }
    const int nact = static_cast<int>(active.size());
    order.resize(active.size());
    {
      std::vector<int>& pos = source_count;  // reused as write cursors
      for (int k = 0; k < nact; ++k) order[pos[active[k].group]++] = k;
    }
    // Batches: runs of at most `per_batch` voices of one group. kBatch voices while fewer than 1024 sound (enough
    // batches to share among threads); beyond that kBatch * (voices / 512), up to 32 kBatch, so that there are
    // about 32 accumulators to clear and to sum whatever the voice count (16k voices: 32 batches, not 1024; at 1024
    // voices 64 batches were measurably slower than 32, perf/RESULTS.md). Depends only on the voices sounding,
    // never on the thread count, so the output stays bit-identical for any number of threads.
    batches.clear();
    const size_t per_batch = static_cast<size_t>(kBatch) * std::clamp<size_t>(active.size() / 512, 1, 32);
    for (size_t i = 0; i < order.size();) {
      const int g = active[order[i]].group;
      size_t j = i;
      bool sends = false;
      while (j < order.size() && j - i < per_batch && active[order[j]].group == g) sends |= active[order[j++]].sends;
      batches.push_back(VoiceBatch{g / kOrbits - 1, static_cast<int>(i), static_cast<int>(j - i), g % kOrbits, sends});
      i = j;
    }
    const int nb = static_cast<int>(batches.size());
    const LaneRenderer lanes(stride);
    // LoadedPlan sized batch_acc for (voices / kBatch + sources + 2) batches, the most this grouping can make.
    auto run_batch = [&](int b, VoiceScratch& sc) {
      const VoiceBatch& bt = batches[b];
      float* al = lp->batch_acc.data() + static_cast<size_t>(b) * kBatchBuffers * stride;
      // Dry pair, then (only when a voice of the batch sends) the reverb and delay send pairs.
      for (int k = 0; k < (bt.sends ? 6 : 2); ++k) std::fill(al + k * stride, al + k * stride + n, 0.0f);
      // Plain sample voices go through the lane path in groups of up to kLaneRows sample channels (in batch
      // order, so the grouping does not depend on the thread count); the others through VoiceRenderer::render.
      Voice* group[kLaneGroup];
      int group_pos[kLaneGroup];
      bool alive[kLaneGroup];
      int ng = 0, rows = 0;
      auto flush = [&] {
        lanes.render(group, ng, n, al, alive);
        for (int j = 0; j < ng; ++j) done[group_pos[j]] = alive[j] ? 0 : 1;
        ng = rows = 0;
      };
      // The batch's voices are scattered over the pool (and 16k of them do not fit in L2): keep the next
      // kAhead voices' cache lines on their way so that their misses overlap instead of queueing one after another.
      constexpr int kAhead = 8;
      auto prefetch_voice = [&](int k) {
        const char* p = reinterpret_cast<const char*>(&voices[active[order[bt.first + k]].idx]);
        for (size_t o = 0; o < sizeof(Voice); o += 64) __builtin_prefetch(p + o);
      };
      for (int k = 0; k < std::min(kAhead, bt.count); ++k) prefetch_voice(k);
      for (int k = 0; k < bt.count; ++k) {
        if (k + kAhead < bt.count) prefetch_voice(k + kAhead);
        const int j = bt.first + k;  // position in `order` (this batch's own range of `done`)
        const int idx = active[order[j]].idx;
        if (voices[idx].lane_ok && lane_this_block(voices[idx], n)) {  // is_plain_voice, eligibility cached
          const int r = lane_rows(voices[idx]);
          if (rows + r > kLaneRows) flush();
          group[ng] = &voices[idx];
          group_pos[ng++] = j;
          rows += r;
        } else {
          done[j] = renderer.render(voices[idx], &synth_slots[idx], n, al, sc) ? 0 : 1;
        }
      }
      if (ng > 0) flush();
    };
    // The sums: batches [0, split) into partial 0 and [split, nb) into partial 1, each in batch order, then
    // out = partial 0 + partial 1 (sum_partial, combine_partials). The same structure for any thread count keeps
    // the output bit-identical; with 2 threads each half is summed by the thread that rendered (most of) it, from
    // its own cache (a sum over every accumulator read half of them from the other core).
    const int split = nb / 2;
    if (threads > 1 && active.size() * static_cast<size_t>(n) >= kParallelVoiceWork && nb > 1) {
      batch_ranges.reset(nb);
#pragma omp parallel num_threads(threads)
      {
        ScopedDenormalsOff no_denormals;
        const int t = omp_get_thread_num();
        VoiceScratch& sc = scratch[static_cast<size_t>(t)];
        for (int b = batch_ranges.take(t); b >= 0; b = batch_ranges.take(t)) run_batch(b, sc);
#pragma omp barrier
        if (t == 0) sum_partial(*lp, 0, 0, split, n);
        if (t == 1 || (t == 0 && omp_get_num_threads() == 1)) sum_partial(*lp, 1, split, nb, n);
      }
      // (One thread: a few destinations x n frames, less than another barrier costs.)
      combine_partials(*lp, 0, n);
    } else {
      for (int b = 0; b < nb; ++b) run_batch(b, scratch[0]);
      sum_partial(*lp, 0, 0, split, n);
      sum_partial(*lp, 1, split, nb, n);
      combine_partials(*lp, 0, n);
    }
    // Drop the finished voices (their `done` flags, by order position, regathered by active position).
    for (int j = 0; j < nact; ++j) finished[order[j]] = done[j];
    int w = 0;
    for (int k = 0; k < nact; ++k) {
      if (finished[k]) {
        release_slot(active[k].idx);
      } else {
        active[w++] = active[k];
      }
    }
    active.resize(static_cast<size_t>(w));
  }

  // Partial sum p of the voice outputs (LoadedPlan::voice_out: per source, then the replaced plans' voices) and
  // of the orbit sends: the accumulators of batches [b0, b1) in batch order, frames [0, n). A destination's first
  // batch is copied, the others added; partial_touched(p) records which destinations were written.
  void sum_partial(LoadedPlan& lp, int p, int b0, int b1, int n) {
    char* touched = lp.partial_touched(p);
    std::fill(touched, touched + lp.sum_dests(), 0);
    const int nout = static_cast<int>(lp.plan->voice_sources.size()) + 1;
    auto add = [&](int d, const float* a) {
      float* dst = lp.partial(p, d);
      if (!touched[d]) {
        std::copy_n(a, n, dst);
        touched[d] = 1;
      } else {
        for (int i = 0; i < n; ++i) dst[i] += a[i];
      }
    };
    for (int b = b0; b < b1; ++b) {
      const VoiceBatch& bt = lp.batches[static_cast<size_t>(b)];
      const float* base = lp.batch_acc.data() + static_cast<size_t>(b) * kBatchBuffers * stride;
      const int out = bt.source >= 0 ? bt.source : nout - 1;
      add(2 * out, base);
      add(2 * out + 1, base + stride);
      if (!bt.sends) continue;
      if (const int d = lp.send_dest(bt.orbit); d >= 0)
        for (int k = 0; k < 4; ++k) add(d + k, base + (2 + k) * stride);
    }
  }

  // Frames [f0, f1) of every destination: partial 0 + partial 1 (0 where neither wrote).
  void combine_partials(LoadedPlan& lp, int f0, int f1) {
    const char* t0 = lp.partial_touched(0);
    const char* t1 = lp.partial_touched(1);
    const int m = f1 - f0;
    for (int d = 0; d < lp.sum_dests(); ++d) {
      float* out = lp.sum_dest(d) + f0;
      const float* p0 = lp.partial(0, d) + f0;
      const float* p1 = lp.partial(1, d) + f0;
      if (t0[d] && t1[d]) {
        for (int i = 0; i < m; ++i) out[i] = p0[i] + p1[i];
      } else if (t0[d] || t1[d]) {
        std::copy_n(t0[d] ? p0 : p1, m, out);
      } else {
        std::fill(out, out + m, 0.0f);
      }
    }
  }

  // The orbits' global effects: each orbit's reverb and delay (SuperDirt's room/size/dry and
  // delay/delaytime/delayfeedback) run on the sends of this block's voices (summed by sum_partial and combine_partials) and add
  // into the master.
  void run_orbit_effects(LoadedPlan& lp, int n, float* ml, float* mr) {
    for (int o = 0; o < kOrbits; ++o) {
      OrbitFx* fx = lp.orbit(o);
      if (!fx) continue;
      for (const VoiceBatch& bt : lp.batches) fx->active |= bt.sends && bt.orbit == o;
      if (!fx->active) continue;
      lp.run_orbit(o, n);
      for (int i = 0; i < n; ++i) ml[i] += fx->out[0][i] + fx->out[2][i];
      for (int i = 0; i < n; ++i) mr[i] += fx->out[1][i] + fx->out[3][i];
    }
  }

  // ---- blocks ---------------------------------------------------------------------------------------------
  void render(float* out, int n) {
    float* ml = master_l.data();
    float* mr = master_r.data();
    std::fill(ml, ml + n, 0.0f);
    std::fill(mr, mr + n, 0.0f);
    LoadedPlan* lp = current;
    if (lp) {
      const Plan& plan = *lp->plan;
      Arc arc(clock.cycle_at_half(frame), clock.cycle_at_half(frame + n));
      // 1. Events -> voices (sample-accurate offsets).
      for (size_t s = 0; s < plan.voice_sources.size(); ++s) {
        if (!lp->source_live[s]) continue;
        lp->onsets[s].for_each_onset(plan.voice_sources[s].pattern, arc, [&](const Event& e, const PreparedOnset& pre) {
          int64_t f = clock.frame_of(e.whole->begin);
          int off = static_cast<int>(std::clamp<int64_t>(f - frame, 0, n - 1));
          start_voice(*lp, static_cast<int>(s), e, pre, off);
        });
      }
      // 2. All voices, in batches (parallel when there is enough work). A voice shorter than the block still counts
      //    in the peak the stats report.
      block_peak = std::max(block_peak, static_cast<int>(active.size()));
      render_all_voices(lp, n);
      // 3. Steps, stripe by stripe (independent stripes in parallel when there is enough work).
      run_stripes(*lp, arc, n);
      // 4. Master mix, in a fixed order. An output that produced NaN or Inf is silenced for the block and counted;
      //    the other outputs keep playing.
      for (size_t o = 0; o < plan.output_left.size(); ++o) {
        float* bl = lp->slot(plan.output_left[o]);
        float* br = lp->slot(plan.output_right[o]);
        float probe = 0.0f;
        for (int i = 0; i < n; ++i) probe += bl[i] * 0.0f + br[i] * 0.0f;  // NaN/Inf propagate, finite values add 0
        if (probe != 0.0f || !std::isfinite(probe)) {
          if (!lp->output_failed[o]) stat_nan.fetch_add(1, std::memory_order_relaxed);
          lp->output_failed[o] = 1;
          continue;
        }
        for (int i = 0; i < n; ++i) ml[i] += bl[i];
        for (int i = 0; i < n; ++i) mr[i] += br[i];
      }
    }
    // Voices of replaced plans ring out straight into the master; the orbits' reverb and delay join them.
    if (lp) {
      const float* ol = lp->voice_out(static_cast<int>(lp->plan->voice_sources.size()), 0);
      const float* orr = lp->voice_out(static_cast<int>(lp->plan->voice_sources.size()), 1);
      for (int i = 0; i < n; ++i) ml[i] += ol[i];
      for (int i = 0; i < n; ++i) mr[i] += orr[i];
      run_orbit_effects(*lp, n, ml, mr);
    }
    // Common case first: every sample finite and within the limiter's identity range (|x| <= 0.9), so the block
    // is only interleaved. Two branch-free loops the compiler vectorises; the per-sample loop below (~1.3 us per
    // 512 frames, ~12 % of m.ph's block) runs only for a block that clips or is not finite.
    int outside = 0;
    for (int i = 0; i < n; ++i) outside |= static_cast<int>(!(std::fabs(ml[i]) <= 0.9f)) | static_cast<int>(!(std::fabs(mr[i]) <= 0.9f));
    if (!outside) {
      for (int i = 0; i < n; ++i) {
        out[2 * i] = ml[i];
        out[2 * i + 1] = mr[i];
      }
      frame += n;
      return;
    }
    for (int i = 0; i < n; ++i) {
      float l = ml[i], r = mr[i];
      if (!std::isfinite(l) || !std::isfinite(r)) {
        stat_nan.fetch_add(1, std::memory_order_relaxed);
        l = r = 0.0f;
      }
      if (opt.limiter) {
        l = soft_limit(l);
        r = soft_limit(r);
      }
      out[2 * i] = l;
      out[2 * i + 1] = r;
    }
    frame += n;
  }

  // Level-0 stripes share no per-block buffer and no scratch (every PatternSignal step has its own), so they may
  // run on different threads; later levels run after them, in order. A stripe's result does not depend on the
  // thread that ran it and nothing is summed across stripes here, so the output is the same for any thread count.
  void run_stripes(LoadedPlan& lp, const Arc& arc, int n) {
    const auto& stripes = lp.plan->stripes;
    const int count = static_cast<int>(stripes.size());
    int level0 = 0;  // stripes are ordered by level
    size_t kernel_steps = 0;
    for (; level0 < count && stripes[level0].level == 0; ++level0) kernel_steps += stripes[level0].steps.size();
    if (threads > 1 && level0 > 1 && kernel_steps * static_cast<size_t>(n) >= kParallelStripeWork) {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
      for (int s = 0; s < level0; ++s) {
        ScopedDenormalsOff no_denormals;
        run_stripe(lp, s, arc, n);
      }
    } else {
      for (int s = 0; s < level0; ++s) run_stripe(lp, s, arc, n);
    }
    for (int s = level0; s < count; ++s) run_stripe(lp, s, arc, n);
  }

  // One stripe over the block; a stripe with a feedback loop runs in sub-blocks of at most lp.sub_block[s] frames
  // (its shortest loop delay), each step over frames [off, off + m) of its buffers, with that sub-block's arc.
  void run_stripe(LoadedPlan& lp, int s, const Arc& arc, int n) {
    const Stripe& st = lp.plan->stripes[s];
    const int sub = lp.sub_block[s];
    if (sub <= 0 || sub >= n) {
      for (int si : st.steps) run_step(lp, si, arc, n);
      return;
    }
    for (int off = 0; off < n; off += sub) {
      const int m = std::min(sub, n - off);
      const Arc part(clock.cycle_at_half(frame + off), clock.cycle_at_half(frame + off + m));
      for (int si : st.steps) run_step(lp, si, part, m, off);
    }
  }

  // One step over frames [off, off + n) of its buffers (off > 0 only inside a sub-blocked stripe).
  void run_step(LoadedPlan& lp, int si, const Arc& arc, int n, int off = 0) {
    const PlanStep& step = lp.plan->steps[si];
    switch (step.op) {
      case StepOp::Voices: {
        // Frames [off, off + n) of the voices, which were rendered for the whole block (off > 0 in a sub-block).
        std::copy_n(lp.voice_out(step.source, 0) + off, n, lp.slot(step.out[0]) + off);
        std::copy_n(lp.voice_out(step.source, 1) + off, n, lp.slot(step.out[1]) + off);
        break;
      }
      case StepOp::PatternSignal:
        lp.fill_pattern_signal(si, arc, clock, frame + off, n, off);
        break;
      case StepOp::Kernel: {
        kern::KernelArgs a = lp.args[si];
        a.frames = n;
        if (off == 0) {
          step.kernel->process(a);
          break;
        }
        const float* ins[LoadedPlan::kMaxSubBlockPorts];
        float* outs[LoadedPlan::kMaxSubBlockPorts];
        for (size_t k = 0; k < step.in.size(); ++k) ins[k] = a.in[k] + off;
        for (size_t k = 0; k < step.out.size(); ++k) outs[k] = a.out[k] + off;
        a.in = ins;
        a.out = outs;
        step.kernel->process(a);
        break;
      }
    }
  }
};

Engine::Engine(const EngineOptions& options) : options_(options), impl_(std::make_unique<Impl>(options)) {}
Engine::~Engine() = default;

std::unique_ptr<LoadedPlan> Engine::prepare(std::shared_ptr<const Plan> plan, const SampleBank& bank) const {
  return std::make_unique<LoadedPlan>(std::move(plan), bank, options_);
}

void Engine::start(std::unique_ptr<LoadedPlan> plan) {
  impl_->current_shared.store(nullptr, std::memory_order_release);
  // A fresh start: every voice stops (they may run templates of the plans freed here).
  for (const auto& a : impl_->active) impl_->release_slot(a.idx);
  impl_->active.clear();
  for (auto*& d : impl_->draining) {
    delete d;
    d = nullptr;
  }
  delete impl_->current;
  impl_->current = nullptr;
  impl_->frame = 0;
  impl_->clock.reset(options_.rate, plan ? plan->plan->cps : 0.5);
  impl_->current = plan.release();
  impl_->current_shared.store(impl_->current, std::memory_order_release);
}

void Engine::prefetch() {
  if (LoadedPlan* p = impl_->current_shared.load(std::memory_order_acquire)) p->prefetch();
}

void Engine::schedule_swap(std::unique_ptr<LoadedPlan> plan, SwapMode mode) {
  // A plan that starts at the next cycle boundary gets that cycle's events queried here, off the audio thread.
  if (plan && mode == SwapMode::NextCycle && impl_->current_shared.load()) {
    double c = impl_->stat_cycle.load(std::memory_order_relaxed);
    plan->prime(static_cast<int64_t>(std::floor(c)) + 1);
  }
  impl_->pending_mode.store(mode == SwapMode::Now ? 1 : 0);
  LoadedPlan* old = impl_->pending.exchange(plan.release());
  delete old;  // never taken by the audio thread (exchange is atomic), so freeing it here is safe
}

void Engine::collect_garbage() {
  for (auto& r : impl_->retired) delete r.exchange(nullptr);
}

void Engine::process(float* out, int frames) {
  ScopedDenormalsOff no_denormals;
  Impl& m = *impl_;
  int done = 0;
  while (done < frames) {
    int n = frames - done;
    if (m.pending.load(std::memory_order_acquire)) {
      bool now = m.pending_mode.load() == 1 || m.current == nullptr;
      int64_t swap_at = m.frame;
      if (!now) {
        // The next cycle boundary at or after this frame, where an event on that boundary would start.
        Rational c = m.clock.cycle_at_half(m.frame);
        Rational boundary = Rational(c.ceil());
        swap_at = m.clock.frame_of(boundary);
        if (swap_at <= m.frame) now = true;
        else if (swap_at < m.frame + n) n = static_cast<int>(swap_at - m.frame);
      }
      if (now) {
        LoadedPlan* p = m.pending.exchange(nullptr);
        if (p) m.install(p);
      }
    }
    m.render(out + 2 * done, n);
    done += n;
  }
  m.drain_finished_plans();
  m.stat_frames.store(static_cast<uint64_t>(m.frame), std::memory_order_relaxed);
  m.stat_cycle.store(m.clock.cycle_at(m.frame).to_double(), std::memory_order_relaxed);
  m.stat_cps.store(m.clock.cps(), std::memory_order_relaxed);
  int nv = static_cast<int>(m.active.size());
  m.stat_voices.store(nv, std::memory_order_relaxed);
  const int peak = std::max(nv, m.block_peak);
  m.block_peak = 0;
  if (peak > m.stat_voices_max.load(std::memory_order_relaxed)) m.stat_voices_max.store(peak);
}

EngineStats Engine::stats() const {
  EngineStats s;
  s.cycle = impl_->stat_cycle.load();
  s.cps = impl_->stat_cps.load();
  s.voices = impl_->stat_voices.load();
  s.voices_max = impl_->stat_voices_max.load();
  s.frames = impl_->stat_frames.load();
  s.swaps = impl_->stat_swaps.load();
  s.nan_voices = impl_->stat_nan.load();
  return s;
}

}  // namespace phonon
