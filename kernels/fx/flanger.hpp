// Graph kernel `fx.flanger`: short modulated delay with feedback (scalar in time).
#pragma once
#include "kernels/fx/mod_delay_common.hpp"

namespace phonon::kern {

struct FxFlanger {
  static constexpr float kMaxMs = 12.0f;
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.flanger";
    s.doc =
        "Flanger: a delay of 1 + depth * 5 * (0.5 + 0.5 sin(2 pi lfo)) ms (depth 0..1, LFO at `rate` Hz) "
        "with feedback (clamped to [-0.95, 0.95]) into the line; out = in * (1 - mix) + wet * mix. Buffer of "
        "12 ms in the instance state (KernelSpec::state_size depends on the rate).";
    s.inputs = {"in", "rate", "depth", "feedback", "mix"};
    s.outputs = {"out"};
    s.input_defaults = {0.0f, 0.2f, 0.7f, 0.5f, 0.5f};
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
      const float depth = util::clamp_f(a.in[2][i], 0.0f, 1.0f);
      const float lfo = 0.5f + 0.5f * sinf(static_cast<float>(util::kTwoPiD * ph));
      const float d = util::fmax_f((1.0f + 5.0f * depth * lfo) * ms, 1.0f);
      const float wet = mod_delay::read(buf, len, w, d);
      const float fb = util::clamp_f(a.in[3][i], -0.95f, 0.95f);
      buf[w] = util::flush_f(a.in[0][i] + fb * wet);
      if (++w == len) w = 0;
      ph += static_cast<double>(a.in[1][i]) / a.rate;
      ph -= floor(ph);
      const float mix = a.in[4][i];
      a.out[0][i] = a.in[0][i] * (1.0f - mix) + wet * mix;
    }
    util::store_u32(a.state, static_cast<std::uint32_t>(w));
    util::store_double(a.state + 1, ph);
  }
};

}  // namespace phonon::kern
