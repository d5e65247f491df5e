// Voice kernel: a linear ramp (per-voice envelopes and per-block parameter ramps).
#pragma once

namespace phonon::kern {

// out[i] = start + i * step, for i in [0, frames). Computed from i (not accumulated), so there is no drift.
void ramp(float* out, float start, float step, int frames);
// Scalar reference (the specification).
void ramp_reference(float* out, float start, float step, int frames);

}  // namespace phonon::kern
