// Graph kernel `osc.sine`.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscSine {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.sine";
    s.doc =
        "Sine oscillator: out = sin(2 pi phase), phase advancing by freq/rate per frame (Hz; negative "
        "frequencies run backwards). Phase kept in double and wrapped, so there is no drift. Output in [-1, 1].";
    s.inputs = {"freq"};
    s.outputs = {"out"};
    s.block_rate_form = "osc.sine_ramp";
    s.frequency_inputs = {0};
    s.state_floats = 2;  // phase (double)
    s.input_defaults = {440.0f};
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    constexpr int W = static_cast<int>(B::size);
    double phase = util::load_double(a.state);
    alignas(64) float t[util::kChunk + W];
    alignas(64) float dt[util::kChunk];
    for (int off = 0; off < a.frames; off += util::kChunk) {
      const int n = a.frames - off < util::kChunk ? a.frames - off : util::kChunk;
      util::phase_run(phase, a.in[0] + off, a.rate, n, t, dt);
      for (int i = n; i < n + W; ++i) t[i] = 0.0f;
      float* out = a.out[0] + off;
      int i = 0;
      for (; i + W <= n; i += W) xsimd::sin(B::load_aligned(t + i) * B(2.0f * util::kPi)).store_unaligned(out + i);
      if (i < n) {
        alignas(64) float o[W];
        xsimd::sin(B::load_aligned(t + i) * B(2.0f * util::kPi)).store_aligned(o);
        for (int j = 0; i + j < n; ++j) out[i + j] = o[j];
      }
    }
    util::store_double(a.state, phase);
  }
  static void reference(const KernelArgs& a) {
    double phase = util::load_double(a.state);
    float t[util::kChunk], dt[util::kChunk];
    for (int off = 0; off < a.frames; off += util::kChunk) {
      const int n = a.frames - off < util::kChunk ? a.frames - off : util::kChunk;
      util::phase_run(phase, a.in[0] + off, a.rate, n, t, dt);
      for (int i = 0; i < n; ++i) a.out[0][off + i] = sinf(2.0f * util::kPi * t[i]);
    }
    util::store_double(a.state, phase);
  }
};

}  // namespace phonon::kern
