#include "kernels/mix/pan_mix.hpp"

#include "kernels/arch/arch_table.hpp"

namespace phonon::kern {

void pan_mix_add_reference(const float* in0, const float* in1, const float* env, float gl, float gr, float* acc_l,
                           float* acc_r, int frames) {
  for (int i = 0; i < frames; ++i) {
    const float e = env ? env[i] : 1.0f;
    acc_l[i] += in0[i] * e * gl;
    acc_r[i] += in1[i] * e * gr;
  }
}

void pan_mix_add_ramp_reference(const float* in0, const float* in1, float e0, float de, float gl, float gr,
                                float* acc_l, float* acc_r, int frames) {
  for (int i = 0; i < frames; ++i) {
    const float e = e0 + static_cast<float>(i) * de;
    acc_l[i] += in0[i] * e * gl;
    acc_r[i] += in1[i] * e * gr;
  }
}

void pan_mix_add_ramp(const float* in0, const float* in1, float e0, float de, float gl, float gr, float* acc_l,
                      float* acc_r, int frames) {
  selected_voice_fns().pan_mix_add_ramp(in0, in1, e0, de, gl, gr, acc_l, acc_r, frames);
}

void pan_mix_add(const float* in0, const float* in1, const float* env, float gl, float gr, float* acc_l, float* acc_r,
                 int frames) {
  selected_voice_fns().pan_mix_add(in0, in1, env, gl, gr, acc_l, acc_r, frames);
}

}  // namespace phonon::kern
