// Graph kernel `osc.supersaw`: several detuned PolyBLEP saws (phases scalar in time, shaping vectorised per voice).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscSupersaw {
  static constexpr int kMaxVoices = 16;
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.supersaw";
    s.doc =
        "Supersaw: `voices` (1..16, default 7) PolyBLEP saws at freq * 2^(d_k / 12), the detunes d_k spread "
        "evenly over [-detune, +detune] semitones (param `detune`, default 0.2), start phases spread by the "
        "golden ratio so the attack is not phase-aligned. out = mean of the voices, in [-1, 1].";
    s.inputs = {"freq"};
    s.outputs = {"out"};
    s.frequency_inputs = {0};
    s.params = {"detune", "voices"};
    s.param_defaults = {0.2f, 7.0f};
    s.state_floats = 2 * kMaxVoices;  // one double phase per voice
    s.input_defaults = {440.0f};
    return s;
  }
  template <class Tag>
  static int voices(const float* params) {
    const float v = params[1];
    return v < 1.0f ? 1 : (v > kMaxVoices ? kMaxVoices : static_cast<int>(v));
  }
  static void init(float* state, const float* params, float) {
    for (int k = 0; k < kMaxVoices; ++k) {
      const double p = k * 0.6180339887498949;
      util::store_double(state + 2 * k, p - floor(p));
    }
  }
  template <class Tag>
  static float ratio(const float* params, int k, int n) {
    if (n == 1) return 1.0f;
    const float d = params[0] * (2.0f * static_cast<float>(k) / static_cast<float>(n - 1) - 1.0f);
    return exp2f(d * (1.0f / 12.0f));
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    constexpr int W = static_cast<int>(B::size);
    const int n_voices = voices<Arch>(a.params);
    alignas(64) float f[util::kChunk], t[util::kChunk + W], dt[util::kChunk + W], acc[util::kChunk + W];
    for (int off = 0; off < a.frames; off += util::kChunk) {
      const int n = a.frames - off < util::kChunk ? a.frames - off : util::kChunk;
      for (int i = 0; i < n + W; ++i) acc[i] = 0.0f;
      for (int k = 0; k < n_voices; ++k) {
        const float r = ratio<Arch>(a.params, k, n_voices);
        for (int i = 0; i < n; ++i) f[i] = a.in[0][off + i] * r;
        double ph = util::load_double(a.state + 2 * k);
        util::phase_run(ph, f, a.rate, n, t, dt);
        util::store_double(a.state + 2 * k, ph);
        for (int i = n; i < n + W; ++i) t[i] = dt[i] = 0.0f;
        for (int i = 0; i < n; i += W) {
          const B tt = B::load_aligned(t + i), dd = B::load_aligned(dt + i);
          (B::load_aligned(acc + i) + (tt + tt - B(1.0f)) - util::poly_blep_v(tt, dd)).store_aligned(acc + i);
        }
      }
      const float g = 1.0f / static_cast<float>(n_voices);
      for (int i = 0; i < n; ++i) a.out[0][off + i] = acc[i] * g;
    }
  }
  static void reference(const KernelArgs& a) {
    const int n_voices = voices<void>(a.params);
    float f[util::kChunk], t[util::kChunk], dt[util::kChunk];
    for (int i = 0; i < a.frames; ++i) a.out[0][i] = 0.0f;
    for (int off = 0; off < a.frames; off += util::kChunk) {
      const int n = a.frames - off < util::kChunk ? a.frames - off : util::kChunk;
      for (int k = 0; k < n_voices; ++k) {
        const float r = ratio<void>(a.params, k, n_voices);
        for (int i = 0; i < n; ++i) f[i] = a.in[0][off + i] * r;
        double ph = util::load_double(a.state + 2 * k);
        util::phase_run(ph, f, a.rate, n, t, dt);
        util::store_double(a.state + 2 * k, ph);
        for (int i = 0; i < n; ++i) a.out[0][off + i] += (t[i] + t[i] - 1.0f) - util::poly_blep(t[i], dt[i]);
      }
    }
    const float g = 1.0f / static_cast<float>(n_voices);
    for (int i = 0; i < a.frames; ++i) a.out[0][i] *= g;
  }
};

}  // namespace phonon::kern
