// Vectorised biquad (see biquad_voice.hpp). Included by kernels/arch/*.cpp.
//
// Block state-space form: for a block of W frames starting with state z = (z1, z2),
//   y[k] = sum_{j<=k} h[k-j] x[j] + gz1[k] z1 + gz2[k] z2
// where h is the impulse response from zero state and gz1/gz2 are the zero-input responses from unit states. The
// W outputs are one vector: W + 2 multiply-adds per W frames instead of a serial recursion. The state after the
// block is z' = A^W z + (the state the zero-state response reaches: two TDF-II steps over the block's last two
// inputs and zero-state outputs), so no horizontal sums. All matrices are computed in double once per
// call, so a call costs O(W^2) set-up; the runtime calls it once per voice per block.
#pragma once
#include <xsimd/xsimd.hpp>

#include "kernels/filter/biquad_voice.hpp"
#include "kernels/mix/transpose_simd.hpp"

namespace phonon::kern {

// The zero-state response of a W-frame block: xp[k] = sum_{j<=k} h[k-j] x[j], with hpad = W zeros then h[0..W-1]
// (a Toeplitz product: one broadcast multiply-add per input frame, four accumulators). Shared by the block
// state-space forms of the per-voice biquad and of the graph filters (two_state_block_simd.hpp).
template <class Arch>
static inline xsimd::batch<float, Arch> zero_state_block(Arch, const float* blk, const float* hpad) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  B acc0(0.0f), acc1(0.0f), acc2(0.0f), acc3(0.0f);
  int j = 0;
  for (; j + 4 <= W; j += 4) {
    acc0 = xsimd::fma(B(blk[j]), B::load_unaligned(hpad + W - j), acc0);
    acc1 = xsimd::fma(B(blk[j + 1]), B::load_unaligned(hpad + W - j - 1), acc1);
    acc2 = xsimd::fma(B(blk[j + 2]), B::load_unaligned(hpad + W - j - 2), acc2);
    acc3 = xsimd::fma(B(blk[j + 3]), B::load_unaligned(hpad + W - j - 3), acc3);
  }
  for (; j < W; ++j) acc0 = xsimd::fma(B(blk[j]), B::load_unaligned(hpad + W - j), acc0);
  return (acc0 + acc1) + (acc2 + acc3);
}

template <class Arch>
static inline void biquad_scalar_loop(Arch, const BiquadCoefs& c, float& z1, float& z2, float* io, int frames) {
  for (int i = 0; i < frames; ++i) {
    const float x = io[i];
    const float y = c.b0 * x + z1;
    z1 = c.b1 * x - c.a1 * y + z2;
    z2 = c.b2 * x - c.a2 * y;
    io[i] = y;
  }
}

template <class Arch>
void biquad_process_simd(Arch arch, const BiquadCoefs& c, float* z, float* io, int frames) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  float z1 = z[0], z2 = z[1];
  int i = 0;
  if (frames >= 2 * W) {
    // Block matrices, computed in double (A = [[-a1, 1], [-a2, 0]], B = [b1 - a1 b0, b2 - a2 b0], C = [1, 0]).
    alignas(64) float hpad[2 * W];  // [0]*W then h[0..W-1]
    alignas(64) float g1[W];        // C A^k e1
    alignas(64) float g2[W];        // C A^k e2
    float p11, p12, p21, p22;       // A^W
    {
      const double b0 = c.b0, b1 = c.b1, b2 = c.b2, a1 = c.a1, a2 = c.a2;
      const double bb1 = b1 - a1 * b0, bb2 = b2 - a2 * b0;
      for (int k = 0; k < W; ++k) hpad[k] = 0.0f;
      hpad[W] = static_cast<float>(b0);
      double u1 = bb1, u2 = bb2;  // u_m = A^m B
      for (int m = 0; m < W; ++m) {
        if (m + 1 < W) hpad[W + m + 1] = static_cast<float>(u1);  // h[m+1] = C A^m B
        const double n1 = -a1 * u1 + u2, n2 = -a2 * u1;
        u1 = n1, u2 = n2;
      }
      double m11 = 1, m12 = 0, m21 = 0, m22 = 1;  // A^k
      for (int k = 0; k < W; ++k) {
        g1[k] = static_cast<float>(m11);
        g2[k] = static_cast<float>(m12);
        const double n11 = -a1 * m11 + m21, n12 = -a1 * m12 + m22, n21 = -a2 * m11, n22 = -a2 * m12;
        m11 = n11, m12 = n12, m21 = n21, m22 = n22;
      }
      p11 = static_cast<float>(m11), p12 = static_cast<float>(m12);
      p21 = static_cast<float>(m21), p22 = static_cast<float>(m22);
    }
    const B vg1 = B::load_aligned(g1), vg2 = B::load_aligned(g2);
    alignas(64) float zs[W];  // zero-state response of the current block
    for (; i + W <= frames; i += W) {
      float* blk = io + i;
      // Zero-state response xp = T x (independent of the state), then y = xp + g1 z1 + g2 z2. The state after
      // the block is the zero-state state (two TDF-II steps over the last two frames of xp) plus A^W z: no
      // horizontal sums.
      const B xp = zero_state_block(arch, blk, hpad);
      xp.store_aligned(zs);
      const float xa = blk[W - 2], xb = blk[W - 1];
      const float s2 = c.b2 * xa - c.a2 * zs[W - 2];
      const float n1 = (c.b1 * xb - c.a1 * zs[W - 1] + s2) + (p11 * z1 + p12 * z2);
      const float n2 = (c.b2 * xb - c.a2 * zs[W - 1]) + (p21 * z1 + p22 * z2);
      xsimd::fma(vg1, B(z1), xsimd::fma(vg2, B(z2), xp)).store_unaligned(blk);
      z1 = n1;
      z2 = n2;
    }
  }
  biquad_scalar_loop(arch, c, z1, z2, io + i, frames - i);
  z[0] = (z1 > -1e-15f && z1 < 1e-15f) ? 0.0f : z1;
  z[1] = (z2 > -1e-15f && z2 < 1e-15f) ? 0.0f : z2;
}

// Lanes across voices (see biquad_process_lanes in biquad_voice.hpp). W voices form a lane group; each chunk of
// W frames of a group's W rows is loaded (one vector per voice), transposed in registers to one vector per frame
// (voices in lanes), run through W steps of the TDF-II recursion, transposed back and stored. Two groups run
// interleaved when there are more than W voices: the recursion is latency-bound (four dependent operations per
// frame), so a second independent chain nearly doubles the throughput. The recursion's products are kept from
// being fused with the following add (`biquad_exact_mul`), so every lane computes exactly what the scalar
// reference computes: bit-identical on every architecture, and independent of how the frames are split into
// calls (apart from the reference's end-of-call flush of states below 1e-15). Missing voices of a partial group
// read zeros and are not stored; a partial chunk at the end goes through a zero-padded tile and runs only its
// frames' steps.
template <class B>
static inline B biquad_exact_mul(B a, B b) {
  auto r = (a * b).data;
#if defined(__GNUC__)
  asm("" : "+v"(r));  // opaque to the optimiser: no fused multiply-add across this point
#endif
  return B(r);
}

// NG (1 or 2) lane groups of W voices starting at voice v0 (the last group may be partial).
template <int NG, class Arch>
static inline void biquad_lanes_groups(Arch arch, const BiquadCoefs* c, float* z, float* const* io, int count, int v0,
                                       int frames) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  alignas(64) float k[NG][5][W], s1[NG][W], s2[NG][W];
  int n[NG];
  float* ptr[NG][W];
  for (int g = 0; g < NG; ++g) {
    const int first = v0 + g * W;
    n[g] = count - first < W ? count - first : W;
    for (int j = 0; j < W; ++j) {
      const bool live = j < n[g];
      const BiquadCoefs& cj = c[live ? first + j : first];
      k[g][0][j] = live ? cj.b0 : 0.0f, k[g][1][j] = live ? cj.b1 : 0.0f, k[g][2][j] = live ? cj.b2 : 0.0f;
      k[g][3][j] = live ? cj.a1 : 0.0f, k[g][4][j] = live ? cj.a2 : 0.0f;
      s1[g][j] = live ? z[2 * (first + j)] : 0.0f, s2[g][j] = live ? z[2 * (first + j) + 1] : 0.0f;
      ptr[g][j] = live ? io[first + j] : nullptr;
    }
  }
  B b0[NG], b1[NG], b2[NG], a1[NG], a2[NG], z1[NG], z2[NG];
  for (int g = 0; g < NG; ++g) {
    b0[g] = B::load_aligned(k[g][0]), b1[g] = B::load_aligned(k[g][1]), b2[g] = B::load_aligned(k[g][2]);
    a1[g] = B::load_aligned(k[g][3]), a2[g] = B::load_aligned(k[g][4]);
    z1[g] = B::load_aligned(s1[g]), z2[g] = B::load_aligned(s2[g]);
  }
  B x[NG][W];
  auto load = [&](int i) {
    for (int g = 0; g < NG; ++g) {
      if (n[g] == W) {
        for (int j = 0; j < W; ++j) x[g][j] = B::load_unaligned(ptr[g][j] + i);
      } else {
        for (int j = 0; j < W; ++j) x[g][j] = j < n[g] ? B::load_unaligned(ptr[g][j] + i) : B(0.0f);
      }
      transpose_tile(arch, x[g]);
    }
  };
  auto steps = [&](int m) {
    for (int f = 0; f < m; ++f) {
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 2
#endif
      for (int g = 0; g < NG; ++g) {
        const B xf = x[g][f];
        const B y = biquad_exact_mul(b0[g], xf) + z1[g];
        z1[g] = (biquad_exact_mul(b1[g], xf) - biquad_exact_mul(a1[g], y)) + z2[g];
        z2[g] = biquad_exact_mul(b2[g], xf) - biquad_exact_mul(a2[g], y);
        x[g][f] = y;
      }
    }
  };
  int i = 0;
  for (; i + W <= frames; i += W) {
    load(i);
    steps(W);
    for (int g = 0; g < NG; ++g) {
      transpose_tile(arch, x[g]);
      for (int j = 0; j < n[g]; ++j) x[g][j].store_unaligned(ptr[g][j] + i);
    }
  }
  if (i < frames) {
    const int m = frames - i;
    alignas(64) float pad[W][W];  // a partial chunk of every row, zero-padded
    for (int g = 0; g < NG; ++g) {
      for (int j = 0; j < W; ++j)
        for (int f = 0; f < W; ++f) pad[j][f] = (j < n[g] && f < m) ? ptr[g][j][i + f] : 0.0f;
      for (int j = 0; j < W; ++j) x[g][j] = B::load_aligned(pad[j]);
      transpose_tile(arch, x[g]);
    }
    steps(m);
    for (int g = 0; g < NG; ++g) {
      transpose_tile(arch, x[g]);
      for (int j = 0; j < n[g]; ++j) {
        x[g][j].store_aligned(pad[j]);
        for (int f = 0; f < m; ++f) ptr[g][j][i + f] = pad[j][f];
      }
    }
  }
  for (int g = 0; g < NG; ++g) {
    z1[g].store_aligned(s1[g]);
    z2[g].store_aligned(s2[g]);
    const int first = v0 + g * W;
    for (int j = 0; j < n[g]; ++j) {
      z[2 * (first + j)] = (s1[g][j] > -1e-15f && s1[g][j] < 1e-15f) ? 0.0f : s1[g][j];
      z[2 * (first + j) + 1] = (s2[g][j] > -1e-15f && s2[g][j] < 1e-15f) ? 0.0f : s2[g][j];
    }
  }
}

template <class Arch>
void biquad_process_lanes_simd(Arch arch, const BiquadCoefs* c, float* z, float* const* io, int count, int frames) {
  constexpr int W = static_cast<int>(xsimd::batch<float, Arch>::size);
  int v0 = 0;
  for (; count - v0 > W; v0 += 2 * W) biquad_lanes_groups<2>(arch, c, z, io, count, v0, frames);
  if (v0 < count) biquad_lanes_groups<1>(arch, c, z, io, count, v0, frames);
}

}  // namespace phonon::kern
