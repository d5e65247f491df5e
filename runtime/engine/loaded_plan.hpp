// A Plan made ready to run: buffers, kernel state, pointer tables and scratch, all allocated here (off the audio
// thread) so that running a block never allocates.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/plan.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/event_window.hpp"
#include "runtime/engine/routing.hpp"
#include "runtime/voices/instrument.hpp"

namespace phonon {

class Clock;
struct SampleData;

// A run of voices of one source rendered together into one accumulator (runtime/engine/mixer.cpp).
struct VoiceBatch {
  int source;  // voice source index, or -1 for voices of replaced plans
  int first;   // into the engine's grouped voice order
  int count;
  int orbit;        // every voice of a batch is on this orbit
  bool sends;       // some voice of the batch sends to the orbit's reverb or delay
  int channel = 0;  // every voice of a batch sounds on this output channel and the next (Routing)
};

// SuperDirt's orbits: each has a global reverb and delay that voices send to.
inline constexpr int kOrbits = 12;

struct OrbitParams {
  float size = 0.1f;        // reverb room size (last event that sent to it)
  float delaytime = 0.25f;  // seconds
  float delayfeedback = 0.5f;
};

struct OrbitFx {
  bool active = false;  // once anything was sent, the effects keep running (tails ring out)
  float* send[4];       // reverb L, R, delay L, R (block buffers)
  float* out[4];        // reverb L, R, delay L, R
  float* param[3];      // size, time, feedback (constant-filled per block)
  float* one;           // 1.0 (wet-only mix)
  float* mono;          // the reverb's input: its sends L + R (SuperDirt sums the channels)
  float* state[3];      // reverb (stereo), delay L, R kernel state
};

// Voices per batch: the unit of parallel work and of the fixed-order reduction.
inline constexpr int kVoiceBatch = 16;

class LoadedPlan {
 public:
  LoadedPlan(std::shared_ptr<const Plan> plan, const SampleBank& bank, const EngineOptions& options);

  std::shared_ptr<const Plan> plan;
  const SampleBank* bank;

  float* slot(int s) { return buffers_.data() + static_cast<size_t>(s) * stride_; }
  const float* slot(int s) const { return buffers_.data() + static_cast<size_t>(s) * stride_; }

  // Per-step kernel arguments with pointers into this plan's buffers and state (frames set per block).
  std::vector<kern::KernelArgs> args;
  // Per stripe: the longest sub-block (frames) it may run in one go, or 0 for any length. A stripe holding a
  // feedback loop runs in sub-blocks no longer than its shortest loop delay, so its delay reads never need a
  // sample of the sub-block being computed (and the result is the same at every block size).
  std::vector<int> sub_block;
  // The most input or output ports of a step of a sub-blocked stripe (the engine offsets them on the stack).
  static constexpr int kMaxSubBlockPorts = 16;
  // Which voice sources a Voices step renders (others are unreachable and never queried).
  std::vector<char> source_live;
  // Per output: it produced NaN/Inf once (reported once; the output is silenced while it does).
  std::vector<char> output_failed;
  // Per voice source: its events one cycle at a time.
  std::vector<OnsetWindow> onsets;
  // Voice batches of the current block and their stereo accumulators (2 * stride floats each), sized for the
  // engine's voice capacity so that a block never allocates.
  std::vector<VoiceBatch> batches;
  std::vector<int> source_count;
  std::vector<float> batch_acc;
  // The voices' summed output for this block, channel c (0 = left) of source s; s = voice_sources.size() holds
  // the voices of replaced plans (they ring out straight into the master).
  float* voice_out(int s, int c) { return voice_out_.data() + (static_cast<size_t>(s) * 2 + c) * stride_; }
  // Destinations of the voice sums, numbered: voice_out(s, c) is 2s + c, then 4 per orbit effect (its sends),
  // then one per output channel (direct_dest: voices routed away from the main pair, straight to the master).
  int sum_dests() const { return sum_dests_; }
  // The buffer of destination d < direct_dest(0) (a direct one's is direct_out).
  float* sum_dest(int d) {
    const int outs = 2 * static_cast<int>(plan->voice_sources.size() + 1);
    return d < outs ? voice_out_.data() + static_cast<size_t>(d) * stride_
                    : orbits_[(d - outs) / 4].send[(d - outs) % 4];
  }
  int direct_dest(int channel) const { return direct_dest0_ + channel; }
  float* direct_out(int channel) { return direct_out_.data() + static_cast<size_t>(channel) * stride_; }
  // Per output channel: voices were summed into direct_out this block (set by the mixer's combine).
  std::vector<char> direct_live;
  const Routing routing;
  int send_dest(int o) const {
    return orbit_fx_ready(o) ? 2 * static_cast<int>(plan->voice_sources.size() + 1) + 4 * orbit_index_[o] : -1;
  }
  // Two partial sums of every destination (runtime/engine/mixer.cpp: batches summed in two fixed halves) and which
  // destinations a partial has written this block.
  float* partial(int p, int d) { return partials_.data() + (static_cast<size_t>(p) * sum_dests_ + d) * stride_; }
  char* partial_touched(int p) { return partial_touched_.data() + static_cast<size_t>(p) * sum_dests_; }
  size_t stride() const { return stride_; }

  // Instrument templates (`s "~bus"`), by name; null when the name is not an instrument of this plan.
  InstrumentTemplate* instrument(std::string_view name);
  bool has_instruments() const { return !instruments_.empty(); }

  // Non-audio thread: queries the cycle each voice source will need next (OnsetWindow::prefetch), so that the
  // audio thread neither queries patterns nor frees events in steady state.
  void prefetch();
  // Non-audio thread, before schedule_swap(NextCycle): this plan will start at cycle boundary `cycle`.
  void prime(int64_t cycle);
  // Non-audio thread (the prefetcher): the clock is about to jump into `cycle` (OnsetWindow::prime_jump).
  void prime_jump(int64_t cycle);
  // Audio thread: the clock jumped to `cycle` (OnsetWindow::jump).
  void jump(const Rational& cycle);

  // Orbit effects (allocated for the orbits the plan's patterns send from; nullptr for others).
  OrbitParams orbit_params[kOrbits];
  bool orbit_fx_ready(int o) const { return o >= 0 && o < kOrbits && orbit_index_[o] >= 0; }
  OrbitFx* orbit(int o) { return orbit_fx_ready(o) ? &orbits_[orbit_index_[o]] : nullptr; }
  void run_orbit(int o, int n);

  // Writes a PatternSignal step's block: values step at event boundaries, hold between events.
  // `offset`: write frames [offset, offset + n) of the slot (a sub-block; frame0 is that sub-block's first frame).
  void fill_pattern_signal(int step, const Arc& arc, const Clock& clock, int64_t frame0, int n, int offset = 0);
  // Copies the kernel state of steps whose identity also exists in `old` (reverb tails, oscillator phases,
  // delay lines survive a reload). Called on the audio thread at the swap: only memcpy, no allocation.
  void adopt_state_from(const LoadedPlan& old);

 private:
  size_t stride_ = 0;
  std::vector<float> buffers_;
  std::vector<float> voice_out_;
  std::vector<float> direct_out_;
  int direct_dest0_ = 0;
  int sum_dests_ = 0;
  std::vector<float> partials_;
  std::vector<char> partial_touched_;
  std::vector<float> state_;
  std::vector<size_t> state_offset_, state_size_;
  std::vector<std::vector<const float*>> in_ptrs_;
  std::vector<std::vector<float*>> out_ptrs_;
  std::vector<float> pattern_last_;  // per step: held value of a PatternSignal
  // Per PatternSignal step (indexed by step): its cycle-window event cache and its own scratch, so stripes that
  // run in parallel share nothing (runtime/engine/event_window.hpp).
  struct SignalScratch {
    SignalWindow window;
    std::vector<Event> block_events;                 // analog patterns: the block's query
    std::vector<std::pair<int64_t, float>> changes;  // value changes of the block (frame, value)
  };
  std::vector<SignalScratch> signal_scratch_;
  std::vector<std::unique_ptr<InstrumentTemplate>> instruments_;
  int orbit_index_[kOrbits];
  std::vector<OrbitFx> orbits_;
  std::vector<float> orbit_mem_;
  const kern::KernelSpec* reverb_ = nullptr;
  const kern::KernelSpec* delay_ = nullptr;
  float rate_ = 44100.0f;
  float delay_params_[1] = {4.0f};  // the orbit delay's longest time: SuperDirt's maxDelayTime
};

}  // namespace phonon
