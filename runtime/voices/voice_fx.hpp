// A voice's effect chain: SuperDirt's per-event effect modules (core-modules.scd, then default-effects-extra.scd)
// as an ordered list of stages, chosen when the voice starts and run by VoiceRenderer on every block.
//
// SuperDirt pans the source first and runs each module on the panned signal; `amp * gain^4` and the gate
// envelope come last (dirt_gate). A stage that commutes with a constant non-negative gain (linear filters, sample
// and hold, zero-crossing effects, tremolo, ring modulation: `homogeneous` below) gives the same result before the
// pan, so a voice whose stages all are can still filter a mono source once and pan it afterwards. A voice with any
// other stage (shape, crush, triode, krush, ...) runs its whole chain on the panned stereo signal.
//
// Adding a per-voice effect: its kernel in kernels/fx/ (one file), one row in kFxDefs (runtime/voices/voice_fx.cpp,
// at SuperDirt's module position) and its control names in kFxControlNames (runtime/voices/voice_params.cpp).
#pragma once
#include <cstddef>
#include <cstdint>

#include "runtime/voices/voice.hpp"
#include "runtime/voices/voice_params.hpp"

namespace phonon {

namespace kern {
struct KernelSpec;
}

// What running a stage needs besides the voice: the kernels (by kind) and three scratch buffers of a block.
struct FxRunContext {
  const kern::KernelSpec* const* kernels;  // [kFxKinds], null where a stage runs no graph kernel
  float* a;
  float* b;
  float* c;
  float rate;
};

// Fills v's chain (v.fx, v.fx_count, v.fx_after_pan, v.fx_mem) from the event's controls, in module order, and sets
// the stage bits of v.stages (v.serial seeds the random ones). A stage whose kernel this build lacks is left out.
void build_fx_chain(const VoiceParams& vp, float rate, Voice& v);

// The kernel each stage kind runs, indexed by FxKind (null where it runs none); looked up once.
const kern::KernelSpec* const* fx_kernels();

// Runs stage `s` of `v` on channel `ch` (0 or 1) of `io`, n frames, in place.
void run_fx_stage(const FxStage& s, Voice& v, int ch, float* io, int n, const FxRunContext& ctx);

// The per-channel layout of an FxBufferPool slot (runtime/voices/voice.hpp): fx.squiz's state, then the
// phaser's delay line (fx.dirt_phaser), in floats, for sample rate `rate`.
struct FxBufferLayout {
  std::size_t squiz = 0, phaser = 0;
  std::size_t floats() const { return squiz + phaser; }
};
FxBufferLayout fx_buffer_layout(float rate);
// The part [from, to) of a slot's channel that v's chain uses (from == to: the chain needs no slot). The engine
// gives the voice a slot with that part zeroed (runtime/engine/voice_pool.hpp).
struct FxBufferSpan {
  std::size_t from = 0, to = 0;
};
FxBufferSpan fx_buffer_span(const Voice& v, float rate);

// The graph kernel a stage kind runs (null: the stage is computed here, e.g. the voice biquads).
const char* fx_kernel_name(FxKind k);
// SuperDirt's module name of a stage kind (for messages and docs).
const char* fx_module_name(FxKind k);

// The low-pass stage's coefficients and channel state in a voice whose chain is exactly one Lpf stage (the lane
// path, runtime/voices/voice_render_lanes.cpp).
float* fx_lpf_mem(Voice& v);
inline constexpr int kBiquadStateOffset = 5;  // after b0 b1 b2 a1 a2: z[ch][2]

}  // namespace phonon
