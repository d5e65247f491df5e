// Graph kernel `filter.rhpf` (engine and coefficient-update policy in rbj_common.hpp).
#pragma once
#include "kernels/filter/rbj_common.hpp"

namespace phonon::kern {

struct FilterRhpf {
  static KernelSpec spec() {
    return rbj::make_spec("filter.rhpf",
                          "High-pass with SuperDirt's resonance (the `hpf`/`hresonance` controls): the RBJ high-pass with q = 1000^res, res clamped to [0, 1]. Cutoff as filter.hpf.",
                          "res", 0.0f);
  }
  template <class Arch>
  static void process(Arch arch, const KernelArgs& a) {
    rbj::run(arch, a, &biquad_highpass, &resonance_to_q);
  }
  static void reference(const KernelArgs& a) { rbj::run_scalar<void>(a, &biquad_highpass, &resonance_to_q); }
};

}  // namespace phonon::kern
