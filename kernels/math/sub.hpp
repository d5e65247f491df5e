// Graph kernel `math.sub`: stateless, vectorised along the block.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct MathSub {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "math.sub";
    s.doc = "Difference of two signals: out = a - b.";
    s.inputs = {"a", "b"};
    s.outputs = {"out"};
    s.pure = true;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 2>(a, 0, [](B x0, B x1) -> B { return x0 - x1; });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<2>(a, 0, [](float x0, float x1) -> float { return x0 - x1; });
  }
};

}  // namespace phonon::kern
