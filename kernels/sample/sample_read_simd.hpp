// Vectorised implementation of sample_read (see sample_read.hpp for the contract). Included by kernels/arch/*.cpp.
#pragma once
#include <math.h>

#include <xsimd/xsimd.hpp>

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
  // General path (any inc, and the tail of the fast path): positions and fractions computed in double vectors,
  // taps gathered per lane, interpolation in float vectors.
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
  for (; i < hi; i += W) {
    const int n = (hi - i) < W ? (hi - i) : W;
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
  if (!ch1) {
    for (int k = 0; k < frames; ++k) out1[k] = out0[k];
  }
  return lo == 0 ? hi : 0;
}

}  // namespace phonon::kern
