// Graph kernel `osc.tri`: phase accumulated in double (scalar in time), waveform shaping vectorised.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscTri {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.tri";
    s.doc =
        "Band-limited triangle (PolyBLAMP corrections at both corners): 1 at phase 0, -1 at phase 0.5; freq in Hz. "
        "Output in [-1, 1].";
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
      const B naive = B(2.0f) * xsimd::abs(t + t - one) - one;
      const B t2 = xsimd::select(t < B(0.5f), t + B(0.5f), t - B(0.5f));
      const B mu = B(4.0f) * dt;
      return naive - mu * util::poly_blamp_v(t, dt) + mu * util::poly_blamp_v(t2, dt);
    });
  }
  static void reference(const KernelArgs& a) {
    util::phase_osc_scalar(a, nullptr, [](float t, float dt, float x) -> float {
      const float naive = 2.0f * fabsf(t + t - 1.0f) - 1.0f;
      const float t2 = t < 0.5f ? t + 0.5f : t - 0.5f;
      const float mu = 4.0f * dt;
      return naive - mu * util::poly_blamp(t, dt) + mu * util::poly_blamp(t2, dt);
    });
  }
};

}  // namespace phonon::kern
