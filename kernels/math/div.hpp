// Graph kernel `math.div`: stateless, vectorised along the block.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct MathDiv {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "math.div";
    s.doc = "Safe quotient: out = a / b, and 0 where b == 0 (never Inf or NaN from a zero divisor).";
    s.inputs = {"a", "b"};
    s.outputs = {"out"};
    s.pure = true;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 2>(a, 0, [](B x0, B x1) -> B {
      const B zero(0.0f);
      const auto nz = x1 != zero;
      return xsimd::select(nz, x0 / xsimd::select(nz, x1, B(1.0f)), zero);
    });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<2>(a, 0, [](float x0, float x1) -> float { return x1 == 0.0f ? 0.0f : x0 / x1; });
  }
};

}  // namespace phonon::kern
