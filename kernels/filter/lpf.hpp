// Graph kernel `filter.lpf` (engine and coefficient-update policy in rbj_common.hpp).
#pragma once
#include "kernels/filter/rbj_common.hpp"

namespace phonon::kern {

struct FilterLpf {
  static KernelSpec spec() {
    return rbj::make_spec("filter.lpf",
                          "Resonant low-pass (RBJ cookbook biquad, 12 dB/octave): cutoff in Hz clamped to [10, 0.49 rate], q clamped to >= 0.05 (0.707 = Butterworth, no peak). Coefficients follow the inputs every 16 frames. Denormal-safe.",
                          "q", 0.707f);
  }
  template <class Arch>
  static void process(Arch arch, const KernelArgs& a) {
    rbj::run(arch, a, &biquad_lowpass, &rbj::identity_q);
  }
  static void reference(const KernelArgs& a) { rbj::run_scalar<void>(a, &biquad_lowpass, &rbj::identity_q); }
};

}  // namespace phonon::kern
