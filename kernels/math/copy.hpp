// Graph kernel `math.copy`: stateless, vectorised along the block.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct MathCopy {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "math.copy";
    s.doc = "Copies its input: out = in (used to materialise a constant or to fan out a slot).";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.pure = true;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 1>(a, 0, [](B x0) -> B { return x0; });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<1>(a, 0, [](float x0) -> float { return x0; });
  }
};

}  // namespace phonon::kern
