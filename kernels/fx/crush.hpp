// Graph kernel `fx.crush`: SuperDirt's `crush` (stateless, vectorised).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxCrush {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.crush";
    s.doc =
        "SuperDirt's `crush` (dirt_crush): out = round(in / q) * q with q = 0.5^(crush - 1) (SuperCollider's "
        "round(x, q) = floor(x / q + 0.5) * q); smaller crush = coarser (1 = only -1, 0 and 1 remain, 16 = nearly "
        "clean). crush <= 0 passes the input through (where SuperDirt rounds to multiples of 2 and more, "
        "which silences a sound: a voice runs the stage only for crush > 0).";
    s.inputs = {"in", "crush"};
    s.outputs = {"out"};
    s.input_defaults = {0.0f, 0.0f};
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 2>(a, 0, [](B x, B crush) -> B {
      const B q = xsimd::exp2(B(1.0f) - crush);
      const B y = xsimd::floor(x / q + B(0.5f)) * q;
      return xsimd::select(crush > B(0.0f), y, x);
    });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<2>(a, 0, [](float x, float crush) -> float {
      if (!(crush > 0.0f)) return x;
      const float q = exp2f(1.0f - crush);
      return floorf(x / q + 0.5f) * q;
    });
  }
};

}  // namespace phonon::kern
