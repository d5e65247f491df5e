// Vectorised ramp (see ramp.hpp). Included by kernels/arch/*.cpp.
#pragma once
#include <xsimd/xsimd.hpp>

namespace phonon::kern {

template <class Arch>
void ramp_simd(Arch, float* out, float start, float step, int frames) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  alignas(64) float iota[W];
  for (int j = 0; j < W; ++j) iota[j] = static_cast<float>(j);
  B idx = B::load_aligned(iota);
  const B vstep(step), vstart(start), vw(static_cast<float>(W));
  int i = 0;
  for (; i + W <= frames; i += W) {
    (vstart + idx * vstep).store_unaligned(out + i);
    idx += vw;
  }
  for (; i < frames; ++i) out[i] = start + static_cast<float>(i) * step;
}

}  // namespace phonon::kern
