// Graph kernel `filter.notch` (engine and coefficient-update policy in rbj_common.hpp).
#pragma once
#include "kernels/filter/rbj_common.hpp"

namespace phonon::kern {

struct FilterNotch {
  static KernelSpec spec() {
    return rbj::make_spec("filter.notch",
                          "Notch (band-reject, RBJ cookbook biquad): centre in Hz clamped to [10, 0.49 rate], q clamped to >= 0.05. Coefficients follow the inputs every 16 frames. Denormal-safe.",
                          "q", 1.0f);
  }
  template <class Arch>
  static void process(Arch arch, const KernelArgs& a) {
    rbj::run(arch, a, &biquad_notch, &rbj::identity_q);
  }
  static void reference(const KernelArgs& a) { rbj::run_scalar<void>(a, &biquad_notch, &rbj::identity_q); }
};

}  // namespace phonon::kern
