// Graph kernel `filter.notch` (engine, topology and coefficient-update policy in rbj_common.hpp).
#pragma once
#include "kernels/filter/rbj_common.hpp"

namespace phonon::kern {

struct FilterNotch {
  static KernelSpec spec() {
    return rbj::make_spec(
        "filter.notch",
        "Notch (band-reject) with the RBJ cookbook response: centre in Hz clamped to [10, 0.49 rate] at run time, q "
        "clamped to >= 0.05. Coefficients follow the inputs every 16 frames; runs as a trapezoidal state-variable "
        "filter, so cutoff jumps and fast sweeps stay bounded (at most a click). Denormal-safe.",
        "q", 1.0f);
  }
  template <class Arch>
  static void process(Arch arch, const KernelArgs& a) {
    rbj::run<rbj::Response::kNotch>(arch, a, &rbj::identity_q);
  }
  static void reference(const KernelArgs& a) { rbj::run_svf<rbj::Response::kNotch, void>(a, &rbj::identity_q); }
};

}  // namespace phonon::kern
