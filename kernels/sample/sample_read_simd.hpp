// Vectorised implementation of sample_read (see sample_read.hpp for the contract). Included by kernels/arch/*.cpp.
//
// Paths, per batch of W output frames:
// - inc == 1: contiguous taps, one fraction -> four unaligned loads per channel.
// - AVX-512, |span| of the batch's integer positions <= 28 (|inc| up to ~1.87, forwards or backwards): the batch's
//   taps all lie in one window of 32 consecutive source frames, loaded as two vectors; the four taps of every lane
//   are picked by `vpermt2ps` (permutex2var) with per-lane indices. Positions stay exact (double, the reference's
//   expression), only the tap loads change.
// - AVX2: hardware gathers (`vgatherdps`) of the four taps.
// - otherwise (SSE, fast speeds, the window's edges, partial batches): taps loaded lane by lane.
#pragma once
#include <math.h>

#include <xsimd/xsimd.hpp>
#if defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace phonon::kern {

// Catmull-Rom cubic Hermite through xm1, x0, x1, x2 at fraction t in [0,1).
template <class T>
static inline T hermite4(T xm1, T x0, T x1, T x2, T t) {
  const T c1 = T(0.5f) * (x1 - xm1);
  const T c2 = xm1 - T(2.5f) * x0 + T(2.0f) * x1 - T(0.5f) * x2;
  const T c3 = T(0.5f) * (x2 - xm1) + T(1.5f) * (x0 - x1);
  return ((c3 * t + c2) * t + c1) * t + x0;
}

template <class Arch>
int sample_read_simd(Arch, const float* ch0, const float* ch1, double begin, double end, double pos, double inc,
                     float* out0, float* out1, int frames) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  // p is linear in i, so the frames inside [begin, end) form one contiguous range [lo, hi). Solve for it, then
  // correct by +-1 against the exact per-frame test (the same expression as the reference) to absorb rounding.
  auto inside = [&](long k) {
    const double p = pos + static_cast<double>(k) * inc;
    return p >= begin && p < end;
  };
  int lo = frames, hi = frames;
  if (inc == 0.0) {
    lo = inside(0) ? 0 : frames;
  } else {
    // Real-valued crossings of begin and end; inside frames lie between them.
    const double a = (begin - pos) / inc, b = (end - pos) / inc;
    double first = inc > 0 ? a : b, last = inc > 0 ? b : a;
    if (first < -1.0) first = -1.0;
    if (last > frames + 1.0) last = frames + 1.0;
    long l = static_cast<long>(ceil(first)) - 1, h = static_cast<long>(ceil(last)) + 1;
    if (l < 0) l = 0;
    if (h > frames) h = frames;
    while (l < h && !inside(l)) ++l;
    long e = l;
    if (l < h) {
      e = h;
      while (e > l && !inside(e - 1)) --e;
    }
    if (l < e) lo = static_cast<int>(l), hi = static_cast<int>(e);
  }
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
  if (inc == 1.0 && hi > lo) {
    // Contiguous taps and a constant fraction: four unaligned loads per batch.
    const double p0 = pos + static_cast<double>(lo) * inc;
    const double fl = floor(p0);
    const long base = static_cast<long>(fl);
    const B t(static_cast<float>(p0 - fl));
    for (; i + W <= hi; i += W) {
      const long k = base + (i - lo);
      for (int c = 0; c < nch; ++c) {
        const float* s = src[c] + k;
        const B y = hermite4(B::load_unaligned(s - 1), B::load_unaligned(s), B::load_unaligned(s + 1),
                             B::load_unaligned(s + 2), t);
        y.store_unaligned(dst[c] + i);
      }
    }
  }
  // General path (any inc, and the tail of the fast path): positions and fractions computed in double vectors
  // (p = pos + i * inc, the reference's expression), interpolation in float vectors.
  using D = xsimd::batch<double, Arch>;
  constexpr int WD = static_cast<int>(D::size);
  alignas(64) double iota[WD];
  for (int j = 0; j < WD; ++j) iota[j] = static_cast<double>(j);
  const D viota = D::load_aligned(iota), vinc(inc), vpos(pos);
  alignas(64) float tap[4][W];
  alignas(64) float frac[W];
  alignas(64) float res[W];
  alignas(64) double flo[W];
  alignas(64) double fr[W];
  // Highest readable source frame: end <= len and the guard covers [len, len + 3].
  const long top = static_cast<long>(ceil(end)) + 3;
  (void)top;
  for (; i < hi; i += W) {
    const int n = (hi - i) < W ? (hi - i) : W;
#if defined(__AVX512F__)
    if constexpr (W == 16) {
      if (n == W) {
        // Exact positions for 16 lanes (two double vectors), integer parts as int32, fractions as float.
        const __m512d p0 = vpos + (viota + D(static_cast<double>(i))) * vinc;
        const __m512d p1 = vpos + (viota + D(static_cast<double>(i + 8))) * vinc;
        const __m512d f0 = _mm512_roundscale_pd(p0, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
        const __m512d f1 = _mm512_roundscale_pd(p1, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
        const __m256i k0 = _mm512_cvttpd_epi32(f0), k1 = _mm512_cvttpd_epi32(f1);
        const __m512i k = _mm512_inserti64x4(_mm512_castsi256_si512(k0), k1, 1);
        const int kfirst = _mm_cvtsi128_si32(_mm256_castsi256_si128(k0));
        const int klast = _mm_extract_epi32(_mm256_extracti128_si256(k1, 1), 3);
        const int kmin = kfirst < klast ? kfirst : klast, kmax = kfirst < klast ? klast : kfirst;
        const long base = static_cast<long>(kmin) - 1;  // window [base, base + 31]
        if (kmax - kmin <= 28 && base + 31 <= top) {
          const __m256 t0 = _mm512_cvtpd_ps(_mm512_sub_pd(p0, f0)), t1 = _mm512_cvtpd_ps(_mm512_sub_pd(p1, f1));
          const B t = _mm512_insertf32x8(_mm512_castps256_ps512(t0), t1, 1);
          const __m512i r0 = _mm512_sub_epi32(k, _mm512_set1_epi32(kmin));  // index of tap -1 in the window
          const __m512i one = _mm512_set1_epi32(1);
          const __m512i r1 = _mm512_add_epi32(r0, one), r2 = _mm512_add_epi32(r1, one),
                        r3 = _mm512_add_epi32(r2, one);
          for (int c = 0; c < nch; ++c) {
            const float* s = src[c] + base;
            const __m512 w0 = _mm512_loadu_ps(s), w1 = _mm512_loadu_ps(s + 16);
            const B y = hermite4(B(_mm512_permutex2var_ps(w0, r0, w1)), B(_mm512_permutex2var_ps(w0, r1, w1)),
                                 B(_mm512_permutex2var_ps(w0, r2, w1)), B(_mm512_permutex2var_ps(w0, r3, w1)), t);
            y.store_unaligned(dst[c] + i);
          }
          continue;
        }
      }
    }
#elif defined(__AVX2__)
    if constexpr (W == 8) {
      if (n == W) {
        const __m256d p0 = vpos + (viota + D(static_cast<double>(i))) * vinc;
        const __m256d p1 = vpos + (viota + D(static_cast<double>(i + 4))) * vinc;
        const __m256d f0 = _mm256_floor_pd(p0), f1 = _mm256_floor_pd(p1);
        const __m128i k0 = _mm256_cvttpd_epi32(f0), k1 = _mm256_cvttpd_epi32(f1);
        const __m256i k = _mm256_insertf128_si256(_mm256_castsi128_si256(k0), k1, 1);
        const __m128 t0 = _mm256_cvtpd_ps(_mm256_sub_pd(p0, f0)), t1 = _mm256_cvtpd_ps(_mm256_sub_pd(p1, f1));
        const B t = _mm256_insertf128_ps(_mm256_castps128_ps256(t0), t1, 1);
        for (int c = 0; c < nch; ++c) {
          const float* s = src[c];
          const B y = hermite4(B(_mm256_i32gather_ps(s - 1, k, 4)), B(_mm256_i32gather_ps(s, k, 4)),
                               B(_mm256_i32gather_ps(s + 1, k, 4)), B(_mm256_i32gather_ps(s + 2, k, 4)), t);
          y.store_unaligned(dst[c] + i);
        }
        continue;
      }
    }
#endif
    for (int j = 0; j < W; j += WD) {
      const D p = vpos + (viota + D(static_cast<double>(i + j))) * vinc;
      const D fl = xsimd::floor(p);
      fl.store_aligned(flo + j);
      (p - fl).store_aligned(fr + j);
    }
    for (int j = 0; j < W; ++j) frac[j] = j < n ? static_cast<float>(fr[j]) : 0.0f;
    const B t = B::load_aligned(frac);
    for (int c = 0; c < nch; ++c) {
      const float* s = src[c];
      for (int j = 0; j < n; ++j) {
        const float* q = s + static_cast<long>(flo[j]);
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
    for (int k = 0; k < frames; ++k) out1[k] = out0[k];
  }
  return lo == 0 ? hi : 0;
}

}  // namespace phonon::kern
