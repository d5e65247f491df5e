// Vectorised pan_mix_add (see pan_mix.hpp). Included by kernels/arch/*.cpp.
#pragma once
#include <xsimd/xsimd.hpp>

namespace phonon::kern {

template <class Arch>
void pan_mix_add_simd(Arch, const float* in0, const float* in1, const float* env, float gl, float gr, float* acc_l,
                      float* acc_r, int frames) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  const B vgl(gl), vgr(gr);
  int i = 0;
  if (env) {
    for (; i + W <= frames; i += W) {
      const B e = B::load_unaligned(env + i);
      (B::load_unaligned(acc_l + i) + B::load_unaligned(in0 + i) * e * vgl).store_unaligned(acc_l + i);
      (B::load_unaligned(acc_r + i) + B::load_unaligned(in1 + i) * e * vgr).store_unaligned(acc_r + i);
    }
    for (; i < frames; ++i) {
      acc_l[i] += in0[i] * env[i] * gl;
      acc_r[i] += in1[i] * env[i] * gr;
    }
  } else {
    for (; i + W <= frames; i += W) {
      (B::load_unaligned(acc_l + i) + B::load_unaligned(in0 + i) * vgl).store_unaligned(acc_l + i);
      (B::load_unaligned(acc_r + i) + B::load_unaligned(in1 + i) * vgr).store_unaligned(acc_r + i);
    }
    for (; i < frames; ++i) {
      acc_l[i] += in0[i] * gl;
      acc_r[i] += in1[i] * gr;
    }
  }
}

}  // namespace phonon::kern
