// Graph kernel `fx.distort`: tanh waveshaper (stateless, vectorised).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxDistort {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.distort";
    s.doc =
        "Distortion: wet = tanh((1 + 10 drive) * in) (drive >= 0; 0 = gentle saturation, 1 = heavy), out = "
        "in * (1 - mix) + wet * mix. The wet signal is bounded by [-1, 1].";
    s.inputs = {"in", "drive", "mix"};
    s.outputs = {"out"};
    s.input_defaults = {0.0f, 0.5f, 1.0f};
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 3>(a, 0, [](B x, B drive, B mix) -> B {
      const B g = B(1.0f) + B(10.0f) * xsimd::max(drive, B(0.0f));
      return x * (B(1.0f) - mix) + xsimd::tanh(g * x) * mix;
    });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<3>(a, 0, [](float x, float drive, float mix) -> float {
      const float g = 1.0f + 10.0f * util::fmax_f(drive, 0.0f);
      return x * (1.0f - mix) + tanhf(g * x) * mix;
    });
  }
};

}  // namespace phonon::kern
