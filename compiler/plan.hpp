// The Plan: the compiler's output and the runtime's only input. Immutable once built; shared between threads.
//
//  - voice_sources: event patterns whose events start voices (a control pattern used as audio: `s "bd*2"`).
//    Each renders all its voices, summed, into a stereo pair of buffer slots.
//  - signal_patterns: number patterns used as control signals (`saw "55 110"`): written into one slot per block,
//    stepping sample-accurately at event boundaries.
//  - steps: the flat, topologically sorted list of everything that runs per block, each reading and writing
//    buffer slots. Every buffer holds one block of one channel; stereo values use two slots.
//  - stripes: groups of steps with no data dependency between groups; `level` orders them (all stripes of one
//    level may run in parallel). A stripe holding a feedback loop (`fx.delay_read` steps) must be run in
//    sub-blocks no longer than its shortest such delay (LoadedPlan::sub_block), so that a read never needs a
//    sample of the sub-block being computed.
//  - constants: slots filled once when the plan is loaded, never written again.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/pattern/pattern.hpp"
#include "compiler/source.hpp"
#include "kernels/kernel.hpp"

namespace phonon {

// How a voice source turns an event into sound.
enum class VoiceKind {
  Sampler,  // plays a sample (or a built-in kit sound) named by `s`
};

struct VoiceSource {
  Pattern pattern;  // control-map pattern
  VoiceKind kind = VoiceKind::Sampler;
  SourceSpan span;    // where it was written (for warnings)
  std::string label;  // printed form
};

struct SignalPattern {
  Pattern pattern;       // number pattern, or control pattern with a number under `field`
  std::string field;     // empty: the event value itself is a number
  float initial = 0.0f;  // value before the first event
  bool gate = false;     // gate mode: 1 while an event sounds, 0 in gaps and on each onset's first frame
                         // (so envelopes retrigger), whatever the values
  std::string label;
};

enum class StepOp {
  Kernel,         // run `kernel` on in -> out
  PatternSignal,  // out[0] <- signal_patterns[source] for this block
  Voices,         // out[0], out[1] <- sum of voice_sources[source]'s voices (stereo)
};

struct PlanStep {
  StepOp op = StepOp::Kernel;
  const kern::KernelSpec* kernel = nullptr;
  std::vector<int> in;        // buffer slots
  std::vector<int> out;       // buffer slots
  std::vector<float> params;  // constant parameters (kernel->params)
  int source = -1;            // index into voice_sources / signal_patterns
  int stripe = 0;
  int state_of = -1;     // >= 0: no state of its own; uses the state of step `state_of` (the write half of a
                         // feedback delay shares the line of its read half, an earlier step of its stripe)
  std::string identity;  // stable description of what this step computes (state carries over on reload
                         // when identities match). Kernel state is sized and allocated by the engine
                         // when it loads the plan (sizes may depend on the sample rate).
};

struct Stripe {
  int level = 0;
  std::vector<int> steps;  // indices into Plan::steps, in order
  std::string label;       // e.g. "o1", "~bass"
};

// What a constant slot holds: a fixed value, or (in instrument templates) a per-voice value.
enum class ConstRole { Value, VoiceGate, PitchRatio };

struct ConstantSlot {
  int slot;
  float value;
  ConstRole role = ConstRole::Value;
};

struct Plan {
  double cps = 0.5;
  std::vector<std::string> sample_names;  // every sample name a voice source may play (preloaded before use)
  std::vector<int> fx_orbits;             // orbits whose events send to the global reverb/delay (room, delay)
  std::vector<VoiceSource> voice_sources;
  std::vector<SignalPattern> signal_patterns;
  std::vector<PlanStep> steps;  // topologically sorted
  std::vector<Stripe> stripes;  // ordered by level
  std::vector<ConstantSlot> constants;
  int num_slots = 0;
  std::vector<int> output_left;   // slots summed (in this order) into the master left channel
  std::vector<int> output_right;  // ... and right channel (a mono output appears in both)
  // Buses played as instruments (`s "~pad" # note 3`): each a plan of its own, run once per voice, with a
  // per-voice gate and pitch ratio in its VoiceGate/PitchRatio constant slots. Indexed by name.
  std::vector<std::pair<std::string, std::shared_ptr<const Plan>>> instruments;
};

// Stable text form (`phonon compile --dump=plan`) and JSON.
std::string print_plan(const Plan& plan);
std::string plan_to_json(const Plan& plan);

}  // namespace phonon
