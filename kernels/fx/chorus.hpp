// Graph kernel `fx.chorus`: three-tap modulated-delay chorus (scalar in time).
#pragma once
#include "kernels/fx/mod_delay_common.hpp"

namespace phonon::kern {

struct FxChorus {
  static constexpr float kMaxMs = 40.0f;
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.chorus";
    s.doc =
        "Chorus: three delay taps around 15 ms, each swept by a sine LFO at `rate` Hz (phases 0, 1/3, 2/3 of a "
        "cycle) by +-depth * 8 ms (depth 0..1), averaged; out = in * (1 - mix) + wet * mix. Buffer of 40 ms in "
        "the instance state (KernelSpec::state_size depends on the rate).";
    s.inputs = {"in", "rate", "depth", "mix"};
    s.outputs = {"out"};
    s.input_defaults = {0.0f, 0.8f, 0.5f, 0.5f};
    return s;
  }
  static std::size_t state_size(const float*, float rate) {
    return 3 + static_cast<std::size_t>(mod_delay::length(kMaxMs, rate));
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  template <class Tag>
  static void run(const KernelArgs& a) {
    const long len = mod_delay::length(kMaxMs, a.rate);
    long w = static_cast<long>(util::load_u32(a.state)) % len;
    double ph = util::load_double(a.state + 1);
    float* buf = a.state + 3;
    const float ms = a.rate * 0.001f;
    for (int i = 0; i < a.frames; ++i) {
      buf[w] = util::flush_f(a.in[0][i]);
      const float depth = util::clamp_f(a.in[2][i], 0.0f, 1.0f);
      float wet = 0.0f;
      for (int k = 0; k < 3; ++k) {
        const float lfo = sinf(static_cast<float>(util::kTwoPiD * (ph + k / 3.0)));
        wet += mod_delay::read(buf, len, w, (15.0f + 8.0f * depth * lfo) * ms);
      }
      wet *= (1.0f / 3.0f);
      if (++w == len) w = 0;
      ph += static_cast<double>(a.in[1][i]) / a.rate;
      ph -= floor(ph);
      const float mix = a.in[3][i];
      a.out[0][i] = a.in[0][i] * (1.0f - mix) + wet * mix;
    }
    util::store_u32(a.state, static_cast<std::uint32_t>(w));
    util::store_double(a.state + 1, ph);
  }
};

}  // namespace phonon::kern
