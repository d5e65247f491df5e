// Graph kernel `math.mul_add`: stateless, vectorised along the block.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct MathMulAdd {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "math.mul_add";
    s.doc = "Scale and offset: out = x * mul + add (the usual LFO-to-parameter mapping).";
    s.inputs = {"x", "mul", "add"};
    s.outputs = {"out"};
    s.pure = true;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 3>(a, 0, [](B x0, B x1, B x2) -> B { return x0 * x1 + x2; });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<3>(a, 0, [](float x0, float x1, float x2) -> float { return x0 * x1 + x2; });
  }
};

}  // namespace phonon::kern
