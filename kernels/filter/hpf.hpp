// Graph kernel `filter.hpf` (engine, topology and coefficient-update policy in rbj_common.hpp).
#pragma once
#include "kernels/filter/rbj_common.hpp"

namespace phonon::kern {

struct FilterHpf {
  static KernelSpec spec() {
    return rbj::make_spec("filter.hpf",
                          "Resonant high-pass, 12 dB/octave, with the RBJ cookbook biquad's response: cutoff in Hz "
                          "clamped to [10, 0.49 rate] at run time, q clamped to >= 0.05. Coefficients follow the "
                          "inputs every 16 frames; runs as a trapezoidal state-variable filter, so cutoff jumps and "
                          "fast sweeps stay bounded (at most a click). Denormal-safe.",
                          "q", 0.707f);
  }
  template <class Arch>
  static void process(Arch arch, const KernelArgs& a) {
    rbj::run<rbj::Response::kHighPass>(arch, a, &rbj::identity_q);
  }
  static void reference(const KernelArgs& a) { rbj::run_svf<rbj::Response::kHighPass, void>(a, &rbj::identity_q); }
};

}  // namespace phonon::kern
