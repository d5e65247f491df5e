// Graph kernel `osc.saw`: phase accumulated in double (scalar in time), waveform shaping vectorised.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscSaw {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.saw";
    s.doc =
        "Band-limited sawtooth (PolyBLEP): rises from -1 to 1 once per period, freq in Hz. The 2-sample polynomial "
        "residual removes most aliasing (see docs/kernels.md for the measured alias level). Output in [-1, 1].";
    s.inputs = {"freq"};
    s.outputs = {"out"};
    s.frequency_inputs = {0};
    s.state_floats = 2;  // phase (double)
    s.input_defaults = {440.0f};
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::phase_osc<Arch>(a, nullptr, [](B t, B dt, B x) -> B { return (t + t - B(1.0f)) - util::poly_blep_v(t, dt); });
  }
  static void reference(const KernelArgs& a) {
    util::phase_osc_scalar(a, nullptr,
                           [](float t, float dt, float x) -> float { return (t + t - 1.0f) - util::poly_blep(t, dt); });
  }
};

}  // namespace phonon::kern
