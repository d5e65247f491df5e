// Graph kernel `filter.rlpf` (engine, topology and coefficient-update policy in rbj_common.hpp).
#pragma once
#include "kernels/filter/rbj_common.hpp"

namespace phonon::kern {

struct FilterRlpf {
  static KernelSpec spec() {
    return rbj::make_spec(
        "filter.rlpf",
        "Low-pass with SuperDirt's resonance (the `lpf`/`resonance` controls): the RBJ low-pass response with q = "
        "1000^res, res clamped to [0, 1] (SuperDirt: RLPF with rq = res.linexp(0, 1, 1, 0.001)); 0 = Q 1, 1 = Q 1000 "
        "(long ringing). Cutoff as filter.lpf. Coefficients follow the inputs every 16 frames; runs as a trapezoidal "
        "state-variable filter, so cutoff jumps and fast sweeps stay bounded (at most a click). Denormal-safe.",
        "res", 0.0f);
  }
  template <class Arch>
  static void process(Arch arch, const KernelArgs& a) {
    rbj::run<rbj::Response::kLowPass>(arch, a, &resonance_to_q);
  }
  static void reference(const KernelArgs& a) { rbj::run_svf<rbj::Response::kLowPass, void>(a, &resonance_to_q); }
};

}  // namespace phonon::kern
