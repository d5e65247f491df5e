// Graph kernel `filter.lpf` (engine, topology and coefficient-update policy in rbj_common.hpp).
#pragma once
#include "kernels/filter/rbj_common.hpp"

namespace phonon::kern {

struct FilterLpf {
  static KernelSpec spec() {
    return rbj::make_spec("filter.lpf",
                          "Resonant low-pass, 12 dB/octave, with the RBJ cookbook biquad's response: cutoff in Hz "
                          "clamped to [10, 0.49 rate] at run time, q clamped to >= 0.05 (0.707 = Butterworth, no "
                          "peak). Coefficients follow the inputs every 16 frames; runs as a trapezoidal state-variable "
                          "filter, so cutoff jumps and fast sweeps stay bounded (at most a click). Denormal-safe.",
                          "q", 0.707f);
  }
  template <class Arch>
  static void process(Arch arch, const KernelArgs& a) {
    rbj::run<rbj::Response::kLowPass>(arch, a, &rbj::identity_q);
  }
  static void reference(const KernelArgs& a) { rbj::run_svf<rbj::Response::kLowPass, void>(a, &rbj::identity_q); }
};

}  // namespace phonon::kern
