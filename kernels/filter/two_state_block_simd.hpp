// Vectorised block state-space form of a constant two-state linear filter (used by rbj_common.hpp's fast path
// for the RBJ-response filters, realised as a TPT state-variable filter).
//
// System (any realisation, here the SVF's integrator states): y[n] = d x[n] + c s[n], s[n+1] = A s[n] + b x[n].
// For a block of W frames (W = SIMD width) starting in state s:
//   y[k] = sum_{j<=k} h[k-j] x[j] + (c A^k) s          (h[0] = d, h[m] = c A^(m-1) b)
//   s'   = A^W s + sum_j (A^(W-1-j) b) x[j]
// The W outputs are one vector (W + 2 multiply-adds per W frames instead of a serial recursion); the new state
// takes two dot products. All matrices are computed in double once per call from the double system, and the state
// is carried in double, so a resonant low cutoff (poles near z = 1) keeps its precision: unlike a direct-form
// biquad with float coefficients, no pole moves by more than the rounding of the float matrix entries. Frames
// after the last whole vector run the same recursion per frame in double.
//
// ODR: included by kernel headers compiled once per architecture; everything here is a template on Arch.
#pragma once
#include <xsimd/xsimd.hpp>

#include "kernels/filter/biquad_voice_simd.hpp"

namespace phonon::kern {

struct TwoStateSystem {
  double a11, a12, a21, a22;  // A
  double b1, b2;              // b
  double c1, c2;              // c
  double d;
};

// Runs `frames` frames of `in` into `out` (may be the same buffer) from state s[2] (updated; not flushed).
template <class Arch>
static inline void two_state_process_simd(Arch, const TwoStateSystem& m, double* s, const float* in, float* out,
                                          int frames) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  double s1 = s[0], s2 = s[1];
  int i = 0;
  if (frames >= 2 * W) {
    alignas(64) float hpad[2 * W];              // [0]*W then h[0..W-1]
    alignas(64) float g1[W], g2[W];             // c A^k
    alignas(64) float q1[W], q2[W];             // A^(W-1-j) b
    double p11 = 1, p12 = 0, p21 = 0, p22 = 1;  // A^W
    {
      for (int k = 0; k < W; ++k) hpad[k] = 0.0f;
      hpad[W] = static_cast<float>(m.d);
      double r1 = m.c1, r2 = m.c2;  // c A^k
      double u1 = m.b1, u2 = m.b2;  // A^k b
      for (int k = 0; k < W; ++k) {
        g1[k] = static_cast<float>(r1), g2[k] = static_cast<float>(r2);
        if (k + 1 < W) hpad[W + k + 1] = static_cast<float>(r1 * m.b1 + r2 * m.b2);
        q1[W - 1 - k] = static_cast<float>(u1), q2[W - 1 - k] = static_cast<float>(u2);
        const double nr1 = r1 * m.a11 + r2 * m.a21, nr2 = r1 * m.a12 + r2 * m.a22;
        const double nu1 = m.a11 * u1 + m.a12 * u2, nu2 = m.a21 * u1 + m.a22 * u2;
        r1 = nr1, r2 = nr2, u1 = nu1, u2 = nu2;
        const double n11 = m.a11 * p11 + m.a12 * p21, n12 = m.a11 * p12 + m.a12 * p22;
        const double n21 = m.a21 * p11 + m.a22 * p21, n22 = m.a21 * p12 + m.a22 * p22;
        p11 = n11, p12 = n12, p21 = n21, p22 = n22;
      }
    }
    const B vg1 = B::load_aligned(g1), vg2 = B::load_aligned(g2);
    const B vq1 = B::load_aligned(q1), vq2 = B::load_aligned(q2);
    for (; i + W <= frames; i += W) {
      const float* blk = in + i;
      const B xp = zero_state_block(Arch{}, blk, hpad);
      const B x = B::load_unaligned(blk);
      const double e1 = static_cast<double>(xsimd::hadd(x * vq1));
      const double e2 = static_cast<double>(xsimd::hadd(x * vq2));
      const B y = xsimd::fma(vg1, B(static_cast<float>(s1)), xsimd::fma(vg2, B(static_cast<float>(s2)), xp));
      y.store_unaligned(out + i);
      const double n1 = p11 * s1 + p12 * s2 + e1, n2 = p21 * s1 + p22 * s2 + e2;
      s1 = n1, s2 = n2;
    }
  }
  for (; i < frames; ++i) {
    const double x = in[i];
    out[i] = static_cast<float>(m.d * x + m.c1 * s1 + m.c2 * s2);
    const double n1 = m.a11 * s1 + m.a12 * s2 + m.b1 * x, n2 = m.a21 * s1 + m.a22 * s2 + m.b2 * x;
    s1 = n1, s2 = n2;
  }
  s[0] = s1, s[1] = s2;
}

}  // namespace phonon::kern
