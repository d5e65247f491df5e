// Graph kernel `osc.square`: phase accumulated in double (scalar in time), waveform shaping vectorised.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscSquare {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.square";
    s.doc =
        "Band-limited square wave (PolyBLEP), 50% duty: +1 for the first half of the period, -1 for the second; freq "
        "in Hz. Output in [-1, 1].";
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
    util::phase_osc<Arch>(a, nullptr, [](B t, B dt, B x) -> B {
      const B one(1.0f);
      const B t2 = xsimd::select(t < B(0.5f), t + B(0.5f), t - B(0.5f));
      return xsimd::select(t < B(0.5f), one, -one) + util::poly_blep_v(t, dt) - util::poly_blep_v(t2, dt);
    });
  }
  static void reference(const KernelArgs& a) {
    util::phase_osc_scalar(a, nullptr, [](float t, float dt, float x) -> float {
      const float t2 = t < 0.5f ? t + 0.5f : t - 0.5f;
      return (t < 0.5f ? 1.0f : -1.0f) + util::poly_blep(t, dt) - util::poly_blep(t2, dt);
    });
  }
};

}  // namespace phonon::kern
