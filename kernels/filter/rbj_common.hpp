// Shared engine of the RBJ-response graph kernels (filter.lpf/hpf/bpf/notch/rlpf/rhpf).
//
// Response: exactly the RBJ "Audio EQ Cookbook" low-pass / high-pass / band-pass (constant 0 dB peak) / notch for
// the same cutoff and Q, i.e. the bilinear transform, prewarped at the cutoff, of 1/(s^2+s/Q+1), s^2/(..),
// (s/Q)/(..) and (s^2+1)/(..). Cutoff clamped to [10 Hz, 0.49 rate] (NaN -> 10 Hz), Q to >= 0.05 (NaN -> 0.05),
// at run time, so any input value (0, negative, NaN, huge) gives a stable filter.
//
// Topology: the filter IS a trapezoidal (TPT, Simper/Cytomic) state-variable filter with g = tan(pi fc / rate),
// k = 1/Q, which realises those transfer functions exactly (lp = v2, hp = x - k v1 - v2, bp = k v1,
// notch = x - k v1). Unlike a direct-form biquad, its state (two integrator states ~ band-pass and low-pass
// signal levels) stays meaningful when the coefficients jump, so a cutoff change gives at most a gentle click,
// never a blow-up (a TDF-II state made for 8000 Hz read with 100 Hz coefficients gave peaks of 8x the input).
//
// Coefficient update policy: g and k are recomputed from the cutoff and q inputs at every 16th frame counted from
// the instance's start (the counter lives in the state), using the values at that frame; so results do not
// depend on the block size (the SVF state is kept in double; the fast path below differs only by rounding).
//
// Fast path: when cutoff and q are constant over a whole block and equal the values
// the current coefficients were made from, the coefficients cannot change during the block: the SVF runs as a
// constant linear system through the vectorised block state-space form (two_state_block_simd.hpp; matrices
// and state in double, so it equals the per-frame SVF to float rounding).
//
// State (10 floats): [0,1] ic1 (double), [2,3] ic2 (double), [4] frame counter (u32), [5] cutoff input and [6] q
// input the coefficients were made from, [7] g, [8] k (floats: the values actually used), [9] unused.
// Denormal-safe: states below 1e-15 are flushed to zero at the end of every call.
#pragma once
#include "kernels/filter/biquad_voice.hpp"  // resonance_to_q
#include "kernels/filter/two_state_block_simd.hpp"
#include "kernels/kernel_util.hpp"

namespace phonon::kern::rbj {

enum class Response { kLowPass, kHighPass, kBandPass, kNotch };

constexpr int kUpdateEvery = 16;
constexpr std::size_t kStateFloats = 10;

static inline KernelSpec make_spec(const char* name, const char* doc, const char* q_port, float q_default) {
  KernelSpec s;
  s.name = name;
  s.doc = doc;
  s.inputs = {"in", "cutoff", q_port};
  s.outputs = {"out"};
  s.state_floats = kStateFloats;
  s.input_defaults = {0.0f, 1000.0f, q_default};
  return s;
}

static inline float identity_q(float q) { return q; }

// SVF coefficients g = tan(pi fc / rate), k = 1/Q from the raw inputs, clamped; rounded to float (the stored
// values), so a resumed call uses exactly the values an uninterrupted one would.
static inline void design(float cutoff, float q_in, float rate, float (*qmap)(float), float& g, float& k) {
  double f = cutoff;
  const double hi = 0.49 * static_cast<double>(rate);
  if (!(f >= 10.0)) f = 10.0;  // also catches NaN
  if (f > hi) f = hi;
  double q = qmap(q_in);
  if (!(q >= 0.05)) q = 0.05;
  g = static_cast<float>(tan(3.14159265358979323846 * f / static_cast<double>(rate)));
  k = static_cast<float>(1.0 / q);
}

// Output mix y = m0 x + m1 v1 + m2 v2 of the SVF's band (v1) and low (v2) outputs.
template <Response R>
static inline void mix(double k, double& m0, double& m1, double& m2) {
  if constexpr (R == Response::kLowPass) m0 = 0, m1 = 0, m2 = 1;
  if constexpr (R == Response::kHighPass) m0 = 1, m1 = -k, m2 = -1;
  if constexpr (R == Response::kBandPass) m0 = 0, m1 = k, m2 = 0;
  if constexpr (R == Response::kNotch) m0 = 1, m1 = -k, m2 = 0;
}

// The SVF (the scalar reference, and the path for any block whose coefficients may change).
template <Response R, class Tag>
static void run_svf(const KernelArgs& a, float (*qmap)(float)) {
  float* st = a.state;
  double ic1 = util::load_double(st), ic2 = util::load_double(st + 2);
  std::uint32_t counter = util::load_u32(st + 4);
  double g = st[7], k = st[8];
  double a1 = 1.0 / (1.0 + g * (g + k)), a2 = g * a1, a3 = g * a2, m0, m1, m2;
  mix<R>(k, m0, m1, m2);
  for (int i = 0; i < a.frames; ++i) {
    if (counter % kUpdateEvery == 0) {
      const float fc = a.in[1][i], q = a.in[2][i];
      if (fc != st[5] || q != st[6] || counter == 0) {
        design(fc, q, a.rate, qmap, st[7], st[8]);
        st[5] = fc, st[6] = q;
        g = st[7], k = st[8];
        a1 = 1.0 / (1.0 + g * (g + k)), a2 = g * a1, a3 = g * a2;
        mix<R>(k, m0, m1, m2);
      }
    }
    ++counter;
    const double x = a.in[0][i];
    const double v3 = x - ic2;
    const double v1 = a1 * ic1 + a2 * v3;
    const double v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = 2.0 * v1 - ic1;
    ic2 = 2.0 * v2 - ic2;
    a.out[0][i] = static_cast<float>(m0 * x + m1 * v1 + m2 * v2);
  }
  util::store_double(st, util::flush_d(ic1));
  util::store_double(st + 2, util::flush_d(ic2));
  util::store_u32(st + 4, counter);
}

// The SVF with coefficients (g, k) as a two-state linear system in its own state (ic1, ic2):
//   v1 = a1 ic1 - a2 ic2 + a2 x,  v2 = a2 ic1 + (1 - a3) ic2 + a3 x,  ic' = 2 v - ic,  y = m0 x + m1 v1 + m2 v2.
template <Response R>
static inline TwoStateSystem svf_system(double g, double k) {
  const double a1 = 1.0 / (1.0 + g * (g + k)), a2 = g * a1, a3 = g * a2;
  double m0, m1, m2;
  mix<R>(k, m0, m1, m2);
  TwoStateSystem s;
  s.a11 = 2 * a1 - 1, s.a12 = -2 * a2, s.a21 = 2 * a2, s.a22 = 1 - 2 * a3;
  s.b1 = 2 * a2, s.b2 = 2 * a3;
  s.c1 = m1 * a1 + m2 * a2, s.c2 = -m1 * a2 + m2 * (1 - a3);
  s.d = m0 + m1 * a2 + m2 * a3;
  return s;
}

template <Response R, class Arch>
static void run(Arch arch, const KernelArgs& a, float (*qmap)(float)) {
  float* st = a.state;
  const std::uint32_t counter = util::load_u32(st + 4);
  bool constant = counter != 0;
  for (int i = 0; constant && i < a.frames; ++i) constant = a.in[1][i] == st[5] && a.in[2][i] == st[6];
  if (!constant) {
    run_svf<R, Arch>(a, qmap);
    return;
  }
  double z[2] = {util::load_double(st), util::load_double(st + 2)};
  two_state_process_simd(arch, svf_system<R>(st[7], st[8]), z, a.in[0], a.out[0], a.frames);
  util::store_double(st, util::flush_d(z[0]));
  util::store_double(st + 2, util::flush_d(z[1]));
  util::store_u32(st + 4, counter + static_cast<std::uint32_t>(a.frames));
}

}  // namespace phonon::kern::rbj
