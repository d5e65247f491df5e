#include "kernels/env/ramp.hpp"

#include "kernels/arch/arch_table.hpp"

namespace phonon::kern {

void ramp_reference(float* out, float start, float step, int frames) {
  for (int i = 0; i < frames; ++i) out[i] = start + static_cast<float>(i) * step;
}

void ramp(float* out, float start, float step, int frames) { selected_voice_fns().ramp(out, start, step, frames); }

}  // namespace phonon::kern
