// Graph kernel `filter.rlpf` (engine and coefficient-update policy in rbj_common.hpp).
#pragma once
#include "kernels/filter/rbj_common.hpp"

namespace phonon::kern {

struct FilterRlpf {
  static KernelSpec spec() {
    return rbj::make_spec("filter.rlpf",
                          "Low-pass with SuperDirt's resonance (the `lpf`/`resonance` controls): the RBJ low-pass with q = 1000^res, res clamped to [0, 1] (SuperDirt: RLPF with rq = res.linexp(0, 1, 1, 0.001)); 0 = Q 1, 1 = Q 1000 (long ringing). Cutoff as filter.lpf.",
                          "res", 0.0f);
  }
  template <class Arch>
  static void process(Arch arch, const KernelArgs& a) {
    rbj::run(arch, a, &biquad_lowpass, &resonance_to_q);
  }
  static void reference(const KernelArgs& a) { rbj::run_scalar<void>(a, &biquad_lowpass, &resonance_to_q); }
};

}  // namespace phonon::kern
