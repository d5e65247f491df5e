// Graph kernel `fx.shape`: SuperDirt's `shape` waveshaper (stateless, vectorised).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxShape {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.shape";
    s.doc =
        "SuperDirt's `shape` (dirt_shape): with s = shape clamped to [0, 0.999] and k = 2 s / (1 - s), out = "
        "(1 + k) in / (1 + k |in|). shape 0 is the identity; the curve keeps +-1 fixed and approaches a hard "
        "clip as shape -> 1.";
    s.inputs = {"in", "shape"};
    s.outputs = {"out"};
    s.input_defaults = {0.0f, 0.0f};
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 2>(a, 0, [](B x, B shape) -> B {
      const B s = xsimd::min(xsimd::max(shape, B(0.0f)), B(0.999f));
      const B k = (s + s) / (B(1.0f) - s);
      return (B(1.0f) + k) * x / (B(1.0f) + k * xsimd::abs(x));
    });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<2>(a, 0, [](float x, float shape) -> float {
      const float s = util::clamp_f(shape, 0.0f, 0.999f);
      const float k = (s + s) / (1.0f - s);
      return (1.0f + k) * x / (1.0f + k * fabsf(x));
    });
  }
};

}  // namespace phonon::kern
