// Graph kernel `filter.rhpf` (engine, topology and coefficient-update policy in rbj_common.hpp).
#pragma once
#include "kernels/filter/rbj_common.hpp"

namespace phonon::kern {

struct FilterRhpf {
  static KernelSpec spec() {
    return rbj::make_spec("filter.rhpf",
                          "High-pass with SuperDirt's resonance (the `hpf`/`hresonance` controls): the RBJ high-pass "
                          "response with q = 1000^res, res clamped to [0, 1]. Cutoff as filter.hpf. Coefficients "
                          "follow the inputs every 16 frames; runs as a trapezoidal state-variable filter, so cutoff "
                          "jumps and fast sweeps stay bounded (at most a click). Denormal-safe.",
                          "res", 0.0f);
  }
  template <class Arch>
  static void process(Arch arch, const KernelArgs& a) {
    rbj::run<rbj::Response::kHighPass>(arch, a, &resonance_to_q);
  }
  static void reference(const KernelArgs& a) { rbj::run_svf<rbj::Response::kHighPass, void>(a, &resonance_to_q); }
};

}  // namespace phonon::kern
