// Graph kernel `math.clip`: stateless, vectorised along the block.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct MathClip {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "math.clip";
    s.doc = "Clamps a signal: out = min(max(in, lo), hi). If lo > hi the result is hi.";
    s.inputs = {"in", "lo", "hi"};
    s.outputs = {"out"};
    s.pure = true;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 3>(a, 0, [](B x0, B x1, B x2) -> B { return xsimd::min(xsimd::max(x0, x1), x2); });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<3>(
        a, 0, [](float x0, float x1, float x2) -> float { return util::fmin_f(util::fmax_f(x0, x1), x2); });
  }
};

}  // namespace phonon::kern
