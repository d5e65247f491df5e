// Graph kernel `osc.pulse`: phase accumulated in double (scalar in time), waveform shaping vectorised.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscPulse {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.pulse";
    s.doc =
        "Band-limited pulse wave (PolyBLEP): +1 while phase < width, -1 after; width clamped to [0.01, 0.99] (0.5 = "
        "square). Mean value is 2 width - 1 (like SuperCollider's Pulse). Output in [-1, 1].";
    s.inputs = {"freq", "width"};
    s.outputs = {"out"};
    s.frequency_inputs = {0};
    s.state_floats = 2;  // phase (double)
    s.input_defaults = {440.0f, 0.5f};
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    util::phase_osc<Arch>(a, a.in[1], [](B t, B dt, B x) -> B {
      const B one(1.0f);
      const B w = xsimd::min(xsimd::max(x, B(0.01f)), B(0.99f));
      const B t1 = t + one - w;
      const B t2 = xsimd::select(t1 >= one, t1 - one, t1);
      return xsimd::select(t < w, one, -one) + util::poly_blep_v(t, dt) - util::poly_blep_v(t2, dt);
    });
  }
  static void reference(const KernelArgs& a) {
    util::phase_osc_scalar(a, a.in[1], [](float t, float dt, float x) -> float {
      const float w = util::clamp_f(x, 0.01f, 0.99f);
      float t2 = t + 1.0f - w;
      if (t2 >= 1.0f) t2 -= 1.0f;
      return (t < w ? 1.0f : -1.0f) + util::poly_blep(t, dt) - util::poly_blep(t2, dt);
    });
  }
};

}  // namespace phonon::kern
