// Vectorised implementation of sample_read_fixed (see sample_read.hpp for the contract). Included by
// kernels/arch/*.cpp.
//
// Positions are 32.32 fixed point (int64), so they are exact and cheap: per batch of W output frames the integer
// parts and fractions come from the positions' high and low 32-bit halves. Paths, per batch:
// - inc == 1.0: contiguous taps, one fraction -> four unaligned loads per channel; a zero fraction -> a copy.
// - AVX-512, span of the batch's integer positions <= 28 (|inc| up to ~1.87, forwards or backwards): positions as
//   two int64 vectors advanced by 16 * inc; integer parts and fractions picked out by one `vpermt2d` each; the
//   batch's taps all lie in one window of 32 consecutive source frames, loaded as two vectors; the four taps of
//   every lane are picked by `vpermt2ps` with per-lane indices.
// - AVX2, span of the batch's integer positions <= 15 (|inc| <= 2 always, up to 15/7 sometimes; forwards or
//   backwards): positions as two int64 vectors advanced by 8 * inc, integer parts and fractions split out by
//   `vpermd` + `vperm2i128`; tap j (0..3) of every lane lies in the window of 16 source frames starting at
//   kmin - 1 + j (kmin: the batch's lowest integer part), loaded as two vectors, at the same per-lane offset for
//   every j: two `vpermps` (one per window half) and a `vblendvps` on bit 3 of the offset.
// - AVX-512 and AVX2, faster speeds or the window's edges: hardware gathers (`vgatherdps`) of the four taps.
// - SSE4.1+: positions as int64 vectors as above; the four taps loaded lane by lane into registers.
// - otherwise (partial batches, other architectures): taps loaded lane by lane through memory.
#pragma once
#include <cstdint>
#include <cstring>
#include <xsimd/xsimd.hpp>
#if defined(__SSE4_1__) || defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace phonon::kern {

// Catmull-Rom cubic Hermite through xm1, x0, x1, x2 at fraction t in [0,1); x0 itself where t == 0 (the
// contract: a zero fraction reads the frame exactly, whatever its neighbours and the sign of a zero).
template <class T>
static inline T hermite4(T xm1, T x0, T x1, T x2, T t) {
  const T c1 = T(0.5f) * (x1 - xm1);
  const T c2 = xm1 - T(2.5f) * x0 + T(2.0f) * x1 - T(0.5f) * x2;
  const T c3 = T(0.5f) * (x2 - xm1) + T(1.5f) * (x0 - x1);
  return xsimd::select(t == T(0.0f), x0, ((c3 * t + c2) * t + c1) * t + x0);
}

// The fraction of a fixed-point position as sample_read_fixed defines it.
static inline float sample_frac(int64_t p) {
  return static_cast<float>(static_cast<int32_t>((p & 0xffffffff) >> 8)) * 0x1p-24f;
}

// Frames [lo, hi) of `frames` whose positions pos + i * inc lie in [begin, end) (exact integer solution).
static inline void sample_inside_range(int64_t begin, int64_t end, int64_t pos, int64_t inc, int frames, int& lo,
                                       int& hi) {
  lo = hi = 0;
  int64_t l, h;
  if (inc == 0) {
    l = 0;
    h = (pos >= begin && pos < end) ? frames : 0;
  } else if (inc > 0) {
    // p_i >= begin  <=>  i >= ceil((begin - pos) / inc);  p_i < end  <=>  i < ceil((end - pos) / inc).
    l = pos >= begin ? 0 : (begin - pos + inc - 1) / inc;
    h = pos >= end ? 0 : (end - pos + inc - 1) / inc;
  } else {
    const int64_t m = -inc;
    // p_i < end  <=>  i > (pos - end) / m;  p_i >= begin  <=>  i <= (pos - begin) / m.
    l = pos < end ? 0 : (pos - end) / m + 1;
    h = pos < begin ? 0 : (pos - begin) / m + 1;
  }
  if (l > frames) l = frames;
  if (h > frames) h = frames;
  if (h > l) lo = static_cast<int>(l), hi = static_cast<int>(h);
}

template <class Arch>
int sample_read_fixed_simd(Arch, const float* ch0, const float* ch1, int64_t begin, int64_t end, int64_t pos,
                           int64_t inc, float* out0, float* out1, int frames) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  int lo, hi;
  sample_inside_range(begin, end, pos, inc, frames, lo, hi);
  const bool copy_mono = !ch1 && out1;
  for (int i = 0; i < lo; ++i) out0[i] = 0.0f;
  for (int i = hi; i < frames; ++i) out0[i] = 0.0f;
  if (ch1) {
    for (int i = 0; i < lo; ++i) out1[i] = 0.0f;
    for (int i = hi; i < frames; ++i) out1[i] = 0.0f;
  }
  const int nch = ch1 ? 2 : 1;
  const float* src[2] = {ch0, ch1};
  float* dst[2] = {out0, out1};
  int i = lo;
  if (inc == (int64_t{1} << 32) && hi > lo) {
    // Contiguous taps and a constant fraction: four unaligned loads per batch -- or, at a zero fraction (a sample
    // at its own rate started on a frame, the commonest case), a copy.
    const int64_t p0 = pos + static_cast<int64_t>(lo) * inc;
    const int64_t base = p0 >> 32;
    if (sample_frac(p0) == 0.0f) {
      for (int c = 0; c < nch; ++c)
        std::memcpy(dst[c] + lo, src[c] + base, sizeof(float) * static_cast<size_t>(hi - lo));
      i = hi;
    }
    const B t(sample_frac(p0));
    for (; i + W <= hi; i += W) {
      const int64_t k = base + (i - lo);
      for (int c = 0; c < nch; ++c) {
        const float* s = src[c] + k;
        const B y = hermite4(B::load_unaligned(s - 1), B::load_unaligned(s), B::load_unaligned(s + 1),
                             B::load_unaligned(s + 2), t);
        y.store_unaligned(dst[c] + i);
      }
    }
  }
  // Highest readable source frame: end <= len and the guard covers [len, len + 3].
  const int64_t top = ((end + 0xffffffff) >> 32) + 3;
  (void)top;
#if defined(__AVX512F__)
  if constexpr (W == 16) {
    if (hi - i >= W) {
      alignas(64) int64_t p8[16];
      for (int j = 0; j < 16; ++j) p8[j] = pos + static_cast<int64_t>(i + j) * inc;
      __m512i pv0 = _mm512_load_si512(p8), pv1 = _mm512_load_si512(p8 + 8);
      const __m512i step = _mm512_set1_epi64(16 * inc);
      const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
      const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
      const __m512i one = _mm512_set1_epi32(1);
      const B scale(0x1p-24f);
      for (; i + W <= hi; i += W, pv0 = _mm512_add_epi64(pv0, step), pv1 = _mm512_add_epi64(pv1, step)) {
        const int64_t pfirst = pos + static_cast<int64_t>(i) * inc, plast = pfirst + 15 * inc;
        const int64_t kfirst = pfirst >> 32, klast = plast >> 32;
        const int64_t kmin = kfirst < klast ? kfirst : klast, kmax = kfirst < klast ? klast : kfirst;
        const int64_t base = kmin - 1;                                // window [base, base + 31]
        const __m512i k = _mm512_permutex2var_epi32(pv0, odd, pv1);   // integer parts (high halves)
        const __m512i f = _mm512_permutex2var_epi32(pv0, even, pv1);  // fractions (low halves)
        const B t = B(_mm512_cvtepi32_ps(_mm512_srli_epi32(f, 8))) * scale;
        if (kmax - kmin <= 28 && base + 31 <= top) {
          const __m512i r0 = _mm512_sub_epi32(k, _mm512_set1_epi32(static_cast<int>(kmin)));  // tap -1 in window
          const __m512i r1 = _mm512_add_epi32(r0, one), r2 = _mm512_add_epi32(r1, one), r3 = _mm512_add_epi32(r2, one);
          for (int c = 0; c < nch; ++c) {
            const float* s = src[c] + base;
            const __m512 w0 = _mm512_loadu_ps(s), w1 = _mm512_loadu_ps(s + 16);
            const B y = hermite4(B(_mm512_permutex2var_ps(w0, r0, w1)), B(_mm512_permutex2var_ps(w0, r1, w1)),
                                 B(_mm512_permutex2var_ps(w0, r2, w1)), B(_mm512_permutex2var_ps(w0, r3, w1)), t);
            y.store_unaligned(dst[c] + i);
          }
        } else {
          for (int c = 0; c < nch; ++c) {
            const float* s = src[c];
            const B y =
                hermite4(B(_mm512_i32gather_ps(_mm512_sub_epi32(k, one), s, 4)), B(_mm512_i32gather_ps(k, s, 4)),
                         B(_mm512_i32gather_ps(k, s + 1, 4)), B(_mm512_i32gather_ps(k, s + 2, 4)), t);
            y.store_unaligned(dst[c] + i);
          }
        }
      }
    }
  }
#endif
#if defined(__AVX2__) && !defined(__AVX512F__)
  if constexpr (W == 8) {
    if (hi - i >= W) {
      alignas(32) int64_t p4[8];
      for (int j = 0; j < 8; ++j) p4[j] = pos + static_cast<int64_t>(i + j) * inc;
      __m256i pv0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(p4));      // lanes 0-3
      __m256i pv1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(p4 + 4));  // lanes 4-7
      const __m256i step = _mm256_set1_epi64x(8 * inc);
      // Per 128-bit half: the low 32-bit halves of the two int64 lanes, then the high halves.
      const __m256i split = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
      const B scale(0x1p-24f);
      for (; i + W <= hi; i += W, pv0 = _mm256_add_epi64(pv0, step), pv1 = _mm256_add_epi64(pv1, step)) {
        const int64_t pfirst = pos + static_cast<int64_t>(i) * inc, plast = pfirst + 7 * inc;
        const int64_t kfirst = pfirst >> 32, klast = plast >> 32;
        const int64_t kmin = kfirst < klast ? kfirst : klast, kmax = kfirst < klast ? klast : kfirst;
        const int64_t base = kmin - 1;                              // windows [base + j, base + j + 15], j = 0..3
        const __m256i a = _mm256_permutevar8x32_epi32(pv0, split);  // f0..f3 | k0..k3
        const __m256i b = _mm256_permutevar8x32_epi32(pv1, split);  // f4..f7 | k4..k7
        const __m256i f = _mm256_permute2x128_si256(a, b, 0x20);    // fractions (low halves)
        const __m256i k = _mm256_permute2x128_si256(a, b, 0x31);    // integer parts (high halves)
        const B t = B(_mm256_cvtepi32_ps(_mm256_srli_epi32(f, 8))) * scale;  // == sample_frac, exactly
        if (kmax - kmin <= 15 && base + 18 <= top) {
          // Tap j (j = 0..3 for frames k - 1 .. k + 2) of every lane lies at offset r = k - kmin (0..15) of the
          // 16-frame window starting at base + j: `vpermps` of both halves with r (low 3 bits), blended on bit 3
          // of r (the sign bit after << 28, which is what `vblendvps` tests).
          const __m256i r = _mm256_sub_epi32(k, _mm256_set1_epi32(static_cast<int>(kmin)));
          const __m256 m = _mm256_castsi256_ps(_mm256_slli_epi32(r, 28));
          for (int c = 0; c < nch; ++c) {
            const float* s = src[c] + base;
            const auto tap = [&](int j) {
              return B(_mm256_blendv_ps(_mm256_permutevar8x32_ps(_mm256_loadu_ps(s + j), r),
                                        _mm256_permutevar8x32_ps(_mm256_loadu_ps(s + j + 8), r), m));
            };
            const B y = hermite4(tap(0), tap(1), tap(2), tap(3), t);
            y.store_unaligned(dst[c] + i);
          }
        } else {
          for (int c = 0; c < nch; ++c) {
            const float* s = src[c];
            const B y = hermite4(B(_mm256_i32gather_ps(s - 1, k, 4)), B(_mm256_i32gather_ps(s, k, 4)),
                                 B(_mm256_i32gather_ps(s + 1, k, 4)), B(_mm256_i32gather_ps(s + 2, k, 4)), t);
            y.store_unaligned(dst[c] + i);
          }
        }
      }
    }
  }
#endif
#if defined(__SSE4_1__) && !defined(__AVX2__)
  if constexpr (W == 4) {
    if (hi - i >= W) {
      // Positions as two int64 vectors (lanes 0-1, 2-3); taps loaded lane by lane straight into registers (no
      // round trip through memory, which stalls on store forwarding).
      alignas(16) int64_t p2[4];
      for (int j = 0; j < 4; ++j) p2[j] = pos + static_cast<int64_t>(i + j) * inc;
      __m128i pv0 = _mm_load_si128(reinterpret_cast<const __m128i*>(p2));
      __m128i pv1 = _mm_load_si128(reinterpret_cast<const __m128i*>(p2 + 2));
      const __m128i step = _mm_set1_epi64x(4 * inc);
      const B scale(0x1p-24f);
      for (; i + W <= hi; i += W, pv0 = _mm_add_epi64(pv0, step), pv1 = _mm_add_epi64(pv1, step)) {
        const __m128 a = _mm_castsi128_ps(pv0), b = _mm_castsi128_ps(pv1);
        const __m128i f = _mm_castps_si128(_mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)));  // low halves
        const __m128i k = _mm_castps_si128(_mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)));  // high halves
        const B t = B(_mm_cvtepi32_ps(_mm_srli_epi32(f, 8))) * scale;                       // == sample_frac, exactly
        const int k0 = _mm_cvtsi128_si32(k), k1 = _mm_extract_epi32(k, 1), k2 = _mm_extract_epi32(k, 2),
                  k3 = _mm_extract_epi32(k, 3);
        for (int c = 0; c < nch; ++c) {
          const float *q0 = src[c] + k0, *q1 = src[c] + k1, *q2 = src[c] + k2, *q3 = src[c] + k3;
          const B y =
              hermite4(B(_mm_setr_ps(q0[-1], q1[-1], q2[-1], q3[-1])), B(_mm_setr_ps(q0[0], q1[0], q2[0], q3[0])),
                       B(_mm_setr_ps(q0[1], q1[1], q2[1], q3[1])), B(_mm_setr_ps(q0[2], q1[2], q2[2], q3[2])), t);
          y.store_unaligned(dst[c] + i);
        }
      }
    }
  }
#endif
  // Partial batches (and every batch on architectures without a path above).
  alignas(64) float tap[4][W];
  alignas(64) float frac[W];
  alignas(64) float res[W];
  alignas(64) int32_t kk[W];
  for (; i < hi; i += W) {
    const int n = (hi - i) < W ? (hi - i) : W;
    for (int j = 0; j < W; ++j) {
      const int64_t p = pos + static_cast<int64_t>(i + (j < n ? j : 0)) * inc;
      kk[j] = static_cast<int32_t>(p >> 32);
      frac[j] = j < n ? sample_frac(p) : 0.0f;
    }
    const B t = B::load_aligned(frac);
    for (int c = 0; c < nch; ++c) {
      const float* s = src[c];
      for (int j = 0; j < n; ++j) {
        const float* q = s + kk[j];
        tap[0][j] = q[-1];
        tap[1][j] = q[0];
        tap[2][j] = q[1];
        tap[3][j] = q[2];
      }
      for (int j = n; j < W; ++j) tap[0][j] = tap[1][j] = tap[2][j] = tap[3][j] = 0.0f;
      const B y = hermite4(B::load_aligned(tap[0]), B::load_aligned(tap[1]), B::load_aligned(tap[2]),
                           B::load_aligned(tap[3]), t);
      if (n == W) {
        y.store_unaligned(dst[c] + i);
      } else {
        y.store_aligned(res);
        for (int j = 0; j < n; ++j) dst[c][i + j] = res[j];
      }
    }
  }
  if (copy_mono) {
    for (int j = 0; j < frames; ++j) out1[j] = out0[j];
  }
  return lo == 0 ? hi : 0;
}

}  // namespace phonon::kern
