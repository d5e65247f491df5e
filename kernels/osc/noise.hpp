// Graph kernel `osc.noise`: white noise from a deterministic generator (scalar in time: the sequence is serial).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscNoise {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.noise";
    s.doc =
        "White noise, uniform in [-1, 1), from an xorshift32 generator seeded by the `seed` param (same seed, "
        "same sequence: renders are reproducible).";
    s.outputs = {"out"};
    s.params = {"seed"};
    s.param_defaults = {1.0f};
    s.state_floats = 1;  // generator state (uint32)
    return s;
  }
  static void init(float* state, const float* params, float) {
    std::uint32_t seed = static_cast<std::uint32_t>(static_cast<std::int64_t>(params[0])) * 2654435761u + 12345u;
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
    for (int i = 0; i < a.frames; ++i) a.out[0][i] = util::rand_bipolar(s);
    util::store_u32(a.state, s);
  }
};

}  // namespace phonon::kern
