// Graph kernel `mix.gain`: multiply by a gain (stateless, vectorised).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct MixGain {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "mix.gain";
    s.doc =
        "Linear gain: out = in * gain (gain 1 = unchanged; SuperDirt's `gain` curve, gain^4, is applied by the "
        "compiler before this kernel, not here).";
    s.inputs = {"in", "gain"};
    s.outputs = {"out"};
    s.input_defaults = {0.0f, 1.0f};
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 2>(a, 0, [](B x, B g) -> B { return x * g; });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<2>(a, 0, [](float x, float g) -> float { return x * g; });
  }
};

}  // namespace phonon::kern
