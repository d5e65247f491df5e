// Graph kernel `osc.brown`: brown (red) noise, leaky-integrated white noise (scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscBrown {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.brown";
    s.doc =
        "Brown noise (-6 dB/octave above ~7 Hz): y = (y + 0.02 w) / 1.02 over seeded white noise w, scaled by "
        "3.5 and clamped to [-1, 1]. Param `seed` as osc.noise.";
    s.outputs = {"out"};
    s.params = {"seed"};
    s.param_defaults = {1.0f};
    s.state_floats = 2;  // generator + integrator
    return s;
  }
  static void init(float* state, const float* params, float) {
    std::uint32_t seed = static_cast<std::uint32_t>(static_cast<std::int64_t>(params[0])) * 2654435761u + 4242u;
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
    float y = a.state[1];
    for (int i = 0; i < a.frames; ++i) {
      y = (y + 0.02f * util::rand_bipolar(s)) * (1.0f / 1.02f);
      a.out[0][i] = util::clamp_f(y * 3.5f, -1.0f, 1.0f);
    }
    a.state[1] = util::flush_f(y);
    util::store_u32(a.state, s);
  }
};

}  // namespace phonon::kern
