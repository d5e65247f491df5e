// Voice kernel: apply envelope and pan gains to a voice and add it into stereo accumulators.
#pragma once

namespace phonon::kern {

// acc_l[i] += in0[i] * env[i] * gl;  acc_r[i] += in1[i] * env[i] * gr;   (env may be nullptr = 1).
// in0 may equal in1 (mono voice). acc_* must not alias in*/env.
void pan_mix_add(const float* in0, const float* in1, const float* env, float gl, float gr, float* acc_l, float* acc_r,
                 int frames);
// Scalar reference (the specification).
void pan_mix_add_reference(const float* in0, const float* in1, const float* env, float gl, float gr, float* acc_l,
                           float* acc_r, int frames);

// The same with a linear envelope segment instead of an env buffer: env[i] = e0 + i * de (as kern::ramp computes
// it, in float), i.e. acc_l[i] += in0[i] * (e0 + i * de) * gl; likewise for the right side.
void pan_mix_add_ramp(const float* in0, const float* in1, float e0, float de, float gl, float gr, float* acc_l,
                      float* acc_r, int frames);
// Scalar reference (the specification).
void pan_mix_add_ramp_reference(const float* in0, const float* in1, float e0, float de, float gl, float gr,
                                float* acc_l, float* acc_r, int frames);

}  // namespace phonon::kern
