// Graph kernel `osc.pink`: pink noise (Paul Kellett's refined filter over white noise; scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscPink {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.pink";
    s.doc =
        "Pink noise (-3 dB/octave, within 0.5 dB from 10 Hz to Nyquist at 44.1 kHz): Paul Kellett's 7-pole "
        "filter over seeded white noise, scaled by 0.11 and clamped to [-1, 1]. Param `seed` as osc.noise.";
    s.outputs = {"out"};
    s.params = {"seed"};
    s.param_defaults = {1.0f};
    s.state_floats = 8;  // generator + 7 filter states
    return s;
  }
  static void init(float* state, const float* params, float) {
    std::uint32_t seed = static_cast<std::uint32_t>(static_cast<std::int64_t>(params[0])) * 2654435761u + 777u;
    if (seed == 0) seed = 1;
    util::store_u32(state, seed);
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  // A template on the architecture (see the ODR rule in kernel_util.hpp): process and reference share this code.
  template <class Tag>
  static void run(const KernelArgs& a) {
    std::uint32_t s = util::load_u32(a.state);
    if (s == 0) s = 1;
    float* b = a.state + 1;
    for (int i = 0; i < a.frames; ++i) {
      const float w = util::rand_bipolar(s);
      b[0] = 0.99886f * b[0] + w * 0.0555179f;
      b[1] = 0.99332f * b[1] + w * 0.0750759f;
      b[2] = 0.96900f * b[2] + w * 0.1538520f;
      b[3] = 0.86650f * b[3] + w * 0.3104856f;
      b[4] = 0.55000f * b[4] + w * 0.5329522f;
      b[5] = -0.7616f * b[5] - w * 0.0168980f;
      const float pink = b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w * 0.5362f;
      b[6] = w * 0.115926f;
      a.out[0][i] = util::clamp_f(pink * 0.11f, -1.0f, 1.0f);
    }
    for (int k = 0; k < 7; ++k) b[k] = util::flush_f(b[k]);
    util::store_u32(a.state, s);
  }
};

}  // namespace phonon::kern
