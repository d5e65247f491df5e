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

template <class Arch>
void pan_mix_add_ramp_simd(Arch, const float* in0, const float* in1, float e0, float de, float gl, float gr,
                           float* acc_l, float* acc_r, int frames) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  alignas(64) float iota[W];
  for (int j = 0; j < W; ++j) iota[j] = static_cast<float>(j);
  B idx = B::load_aligned(iota);
  const B vgl(gl), vgr(gr), ve0(e0), vde(de), vw(static_cast<float>(W));
  int i = 0;
  for (; i + W <= frames; i += W) {
    const B e = ve0 + idx * vde;
    (B::load_unaligned(acc_l + i) + B::load_unaligned(in0 + i) * e * vgl).store_unaligned(acc_l + i);
    (B::load_unaligned(acc_r + i) + B::load_unaligned(in1 + i) * e * vgr).store_unaligned(acc_r + i);
    idx += vw;
  }
  for (; i < frames; ++i) {
    const float e = e0 + static_cast<float>(i) * de;
    acc_l[i] += in0[i] * e * gl;
    acc_r[i] += in1[i] * e * gr;
  }
}

}  // namespace phonon::kern
