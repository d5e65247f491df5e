// Graph kernel `math.mtof`: stateless, vectorised along the block.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct MathMtof {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "math.mtof";
    s.doc = "MIDI note number to frequency in Hz: out = 440 * 2^((midi - 69) / 12), so 69 -> 440 Hz, 60 -> 261.63 Hz.";
    s.inputs = {"midi"};
    s.outputs = {"out"};
    s.pure = true;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::map_block<Arch, 1>(a, 0,
                             [](B x0) -> B { return B(440.0f) * xsimd::exp2((x0 - B(69.0f)) * B(1.0f / 12.0f)); });
  }
  static void reference(const KernelArgs& a) {
    util::map_block_scalar<1>(a, 0, [](float x0) -> float { return 440.0f * exp2f((x0 - 69.0f) * (1.0f / 12.0f)); });
  }
};

}  // namespace phonon::kern
