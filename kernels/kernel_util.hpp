// Helpers shared by kernel headers.
//
// ODR RULE (read docs/writing-a-kernel.md): kernel headers are compiled once per architecture, each time with
// different instruction-set flags (kernels/arch/*.cpp). Any function that `process<Arch>` calls must therefore be
// either a template that depends on Arch (so each architecture gets its own instantiation) or have internal
// linkage (`static inline`, so each translation unit keeps its own copy). A plain `inline` function called from
// process<Arch> would be emitted by every arch file and the linker would keep an arbitrary one, e.g. an AVX-512
// copy that crashes on an SSE-only CPU. Scalar math goes through the C library (sinf, tanhf, ...), never through
// inline wrappers.
#pragma once
#include <math.h>

#include <cstddef>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "kernels/kernel.hpp"

namespace phonon::kern::util {

constexpr float kPi = 3.14159265358979323846f;
constexpr double kTwoPiD = 6.28318530717958647692;

static inline float fmin_f(float a, float b) { return a < b ? a : b; }
static inline float fmax_f(float a, float b) { return a > b ? a : b; }
static inline float clamp_f(float x, float lo, float hi) { return x < lo ? lo : (x > hi ? hi : x); }
// Flushes values too small to matter (|x| < 1e-15) to zero, so recursive state never becomes denormal.
static inline float flush_f(float x) { return (x > -1e-15f && x < 1e-15f) ? 0.0f : x; }
static inline double flush_d(double x) { return (x > -1e-15 && x < 1e-15) ? 0.0 : x; }
// Safe division: x / 0 -> 0.
static inline float safe_div_f(float a, float b) { return b == 0.0f ? 0.0f : a / b; }
// MIDI note number to Hz (69 = A4 = 440 Hz).
static inline float mtof_f(float m) { return 440.0f * exp2f((m - 69.0f) * (1.0f / 12.0f)); }

// Applies `f` (a generic lambda working on both xsimd batches and floats is NOT required: only batches) over the
// block: out[k][i] = f(in[0][i], in[1][i], ...) for N inputs and one output. The tail (frames % batch size) is
// processed by padding a full batch with zeros, so every frame goes through the same vector code.
template <class Arch, int N, class F>
static inline void map_block(const KernelArgs& a, int out_port, F f) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  const int n = a.frames;
  float* out = a.out[out_port];
  int i = 0;
  for (; i + W <= n; i += W) {
    B x[N];
    for (int k = 0; k < N; ++k) x[k] = B::load_unaligned(a.in[k] + i);
    B y;
    if constexpr (N == 1) y = f(x[0]);
    if constexpr (N == 2) y = f(x[0], x[1]);
    if constexpr (N == 3) y = f(x[0], x[1], x[2]);
    y.store_unaligned(out + i);
  }
  if (i < n) {
    alignas(64) float tmp[N][W > 0 ? W : 1];
    for (int k = 0; k < N; ++k) {
      for (int j = 0; j < W; ++j) tmp[k][j] = (i + j < n) ? a.in[k][i + j] : 0.0f;
    }
    B x[N];
    for (int k = 0; k < N; ++k) x[k] = B::load_unaligned(tmp[k]);
    B y;
    if constexpr (N == 1) y = f(x[0]);
    if constexpr (N == 2) y = f(x[0], x[1]);
    if constexpr (N == 3) y = f(x[0], x[1], x[2]);
    alignas(64) float o[W];
    y.store_unaligned(o);
    for (int j = 0; i + j < n; ++j) out[i + j] = o[j];
  }
}

// Scalar counterpart used by references: out[i] = f(in[0][i], ...).
template <int N, class F>
static inline void map_block_scalar(const KernelArgs& a, int out_port, F f) {
  float* out = a.out[out_port];
  for (int i = 0; i < a.frames; ++i) {
    if constexpr (N == 1) out[i] = f(a.in[0][i]);
    if constexpr (N == 2) out[i] = f(a.in[0][i], a.in[1][i]);
    if constexpr (N == 3) out[i] = f(a.in[0][i], a.in[1][i], a.in[2][i]);
  }
}

// Deterministic 32-bit PRNG (xorshift32) returning floats in [-1, 1). State is one uint32 stored in a float slot.
static inline std::uint32_t xorshift32(std::uint32_t& s) {
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return s;
}
static inline float rand_bipolar(std::uint32_t& s) {
  return static_cast<float>(static_cast<std::int32_t>(xorshift32(s))) * (1.0f / 2147483648.0f);
}

// PolyBLEP residual for a discontinuity of height 2 (from +1 to -1) at phase 0 of a unit-period ramp.
// t: phase in [0,1), dt: phase increment per sample (0 < dt < 0.5).
static inline float poly_blep(float t, float dt) {
  if (t < dt) {
    t /= dt;
    return t + t - t * t - 1.0f;
  }
  if (t > 1.0f - dt) {
    t = (t - 1.0f) / dt;
    return t * t + t + t + 1.0f;
  }
  return 0.0f;
}

// Reads/writes a double stored in two float slots of kernel state (state is float-typed; phases need double).
static inline double load_double(const float* slot) {
  double d;
  __builtin_memcpy(&d, slot, sizeof d);
  return d;
}
static inline void store_double(float* slot, double d) { __builtin_memcpy(slot, &d, sizeof d); }
static inline std::uint32_t load_u32(const float* slot) {
  std::uint32_t u;
  __builtin_memcpy(&u, slot, sizeof u);
  return u;
}
static inline void store_u32(float* slot, std::uint32_t u) { __builtin_memcpy(slot, &u, sizeof u); }

}  // namespace phonon::kern::util

namespace phonon::kern::util {

// Frames per internal chunk for kernels that stage per-frame values (phases, increments) in stack arrays.
constexpr int kChunk = 64;

// Phase accumulator shared by oscillators (and their references: the phase sequence is part of the specification).
// `phase` (cycles, double, kept in [0,1)) advances by freq[i] / rate per frame; t[i] receives the phase at frame i
// (before advancing) and dt[i] = |freq[i]| / rate clamped to [0, 0.5) for band-limiting corrections. Double
// precision and wrapping keep the pitch exact over hours.
static inline void phase_run(double& phase, const float* freq, float rate, int n, float* t, float* dt) {
  const double inv = 1.0 / static_cast<double>(rate);
  for (int i = 0; i < n; ++i) {
    t[i] = static_cast<float>(phase);
    if (t[i] >= 1.0f) t[i] = 0.0f;  // rounding of a phase just below 1
    const double inc = static_cast<double>(freq[i]) * inv;
    const float adt = static_cast<float>(inc < 0 ? -inc : inc);
    dt[i] = adt < 0.4999f ? adt : 0.4999f;
    phase += inc;
    if (phase >= 1.0 || phase < 0.0) phase -= floor(phase);
  }
}

// Vector PolyBLEP (same polynomial as poly_blep above).
template <class B>
static inline B poly_blep_v(B t, B dt) {
  const B one(1.0f);
  const B a = t / xsimd::max(dt, B(1e-9f));
  const B r1 = a + a - a * a - one;
  const B b = (t - one) / xsimd::max(dt, B(1e-9f));
  const B r2 = b * b + b + b + one;
  return xsimd::select(t < dt, r1, xsimd::select(t > one - dt, r2, B(0.0f)));
}

// PolyBLAMP residual (integrated PolyBLEP, 2-point) at phase 0, scaled for a slope change of 2 per sample (the
// companion of poly_blep, whose step is 2): a corner where the slope changes by s per sample gets (s / 2) * blamp.
static inline float poly_blamp(float t, float dt) {
  if (t < dt) {
    const float x = t / dt - 1.0f;
    return -(1.0f / 3.0f) * x * x * x;
  }
  if (t > 1.0f - dt) {
    const float x = (t - 1.0f) / dt + 1.0f;
    return (1.0f / 3.0f) * x * x * x;
  }
  return 0.0f;
}
template <class B>
static inline B poly_blamp_v(B t, B dt) {
  const B one(1.0f), third(1.0f / 3.0f);
  const B d = xsimd::max(dt, B(1e-9f));
  const B x1 = t / d - one;
  const B x2 = (t - one) / d + one;
  return xsimd::select(t < dt, -third * x1 * x1 * x1, xsimd::select(t > one - dt, third * x2 * x2 * x2, B(0.0f)));
}

static inline float frac_f(float x) { return x - floorf(x); }

// Rational tanh approximation (Pade-like, x (27 + x^2) / (27 + 9 x^2), clamped to +-1 beyond |x| = 3): max error
// 2.3e-2 near |x| = 3, exact slope 1 at 0, odd, monotonic, bounded. For saturation stages, not for math.
static inline float tanh_fast(float x) {
  if (x > 3.0f) return 1.0f;
  if (x < -3.0f) return -1.0f;
  const float x2 = x * x;
  return x * (27.0f + x2) / (27.0f + 9.0f * x2);
}

}  // namespace phonon::kern::util

namespace phonon::kern::util {

// Runs a phase oscillator over the block: the phase (double in state[0..1]) advances by in[0]/rate; the vector
// shaper f(t, dt, x) maps phase t, increment dt and the optional second input x (0 when absent) to the output.
template <class Arch, class F>
static inline void phase_osc(const KernelArgs& a, const float* second, F f) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
  double phase = load_double(a.state);
  alignas(64) float t[kChunk + W];
  alignas(64) float dt[kChunk + W];
  alignas(64) float x[kChunk + W];
  for (int off = 0; off < a.frames; off += kChunk) {
    const int n = a.frames - off < kChunk ? a.frames - off : kChunk;
    phase_run(phase, a.in[0] + off, a.rate, n, t, dt);
    for (int i = 0; i < n; ++i) x[i] = second ? second[off + i] : 0.0f;
    for (int i = n; i < n + W; ++i) t[i] = dt[i] = x[i] = 0.0f;
    float* out = a.out[0] + off;
    int i = 0;
    for (; i + W <= n; i += W) {
      f(B::load_aligned(t + i), B::load_aligned(dt + i), B::load_aligned(x + i)).store_unaligned(out + i);
    }
    if (i < n) {
      alignas(64) float o[W];
      f(B::load_aligned(t + i), B::load_aligned(dt + i), B::load_aligned(x + i)).store_aligned(o);
      for (int j = 0; i + j < n; ++j) out[i + j] = o[j];
    }
  }
  store_double(a.state, phase);
}

// Scalar counterpart: f(float t, float dt, float x) -> float.
template <class F>
static inline void phase_osc_scalar(const KernelArgs& a, const float* second, F f) {
  double phase = load_double(a.state);
  float t[kChunk], dt[kChunk];
  for (int off = 0; off < a.frames; off += kChunk) {
    const int n = a.frames - off < kChunk ? a.frames - off : kChunk;
    phase_run(phase, a.in[0] + off, a.rate, n, t, dt);
    for (int i = 0; i < n; ++i) a.out[0][off + i] = f(t[i], dt[i], second ? second[off + i] : 0.0f);
  }
  store_double(a.state, phase);
}

}  // namespace phonon::kern::util
