// Graph kernel `fx.dirt_distort`: SuperDirt's `distort` (dirt_distort of default-effects-extra), a crunchy
// distortion with resonances. (The signal language's `distort` is the tanh waveshaper fx.distort.)
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxDirtDistort {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.dirt_distort";
    s.doc =
        "SuperDirt's `distort` (dirt_distort): c = sc3-plugins' CrossoverDistortion of the input (amp 0.2, "
        "smooth 0.01: |in| - 0.2, curved to 0 below it), plus 0.1 distort times four SuperCollider Ringz "
        "resonators of the input (DynKlank: 60, 61 and 240 Hz and 3000 Hz + 100 Hz * sin(2 pi 62 t), ring "
        "times 0.1, 0.1, 0.05, 0.01 s); then softclip(8 c^3) * 0.5, crossfaded with the input at equal power "
        "by distort (clamped to [0, 1]). Param distort (default 0). State: the resonators (8) and the 62 Hz "
        "phase.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"distort"};
    s.param_defaults = {0.0f};
    s.state_floats = 9;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run(a);
  }
  static void reference(const KernelArgs& a) { run(a); }

 private:
  // Ringz(in, f, decay): y = in + 2 R cos'(w) y1 - R^2 y2 with R = 0.001^(1 / (decay * rate)), out = (y - y2) / 2.
  static float ringz(float x, double w, double r, float* z) {
    const double cost = 2.0 * r * std::cos(w) / (1.0 + r * r);
    const double y = x + 2.0 * r * cost * z[0] - r * r * z[1];
    const float out = static_cast<float>(0.5 * (y - z[1]));
    z[1] = z[0];
    z[0] = static_cast<float>(y);
    return out;
  }
  static void run(const KernelArgs& a) {
    const float d = a.params[0];
    const double w = std::clamp(static_cast<double>(d), 0.0, 1.0) * M_PI / 2;
    const float g_dry = static_cast<float>(std::cos(w)), g_wet = static_cast<float>(std::sin(w));
    const double kFreq[3] = {60.0, 61.0, 240.0}, kDecay[4] = {0.1, 0.1, 0.05, 0.01};
    double r[4], wf[3];
    for (int k = 0; k < 4; ++k) r[k] = std::pow(0.001, 1.0 / (kDecay[k] * a.rate));
    for (int k = 0; k < 3; ++k) wf[k] = 2.0 * M_PI * kFreq[k] / a.rate;
    float* z = a.state;
    double ph = a.state[8];
    for (int i = 0; i < a.frames; ++i) {
      const float x = a.in[0][i];
      float c = std::fabs(x) - 0.2f;
      if (c < 0.0f) c *= (1.0f + c * 500.0f) * 0.01f;  // 1 / (amp * smooth) = 500
      if (x < 0.0f) c = -c;
      float klank = 0.0f;
      for (int k = 0; k < 3; ++k) klank += ringz(x, wf[k], r[k], z + 2 * k);
      const double f3 = 3000.0 + 100.0 * std::sin(2.0 * M_PI * ph);
      klank += ringz(x, 2.0 * M_PI * f3 / a.rate, r[3], z + 6);
      ph += 62.0 / a.rate;
      ph -= std::floor(ph);
      const float m = c + 0.1f * d * klank;
      float y = 8.0f * m * m * m;
      y = std::fabs(y) <= 0.5f ? y : (std::fabs(y) - 0.25f) / y;  // SuperCollider's softclip
      a.out[0][i] = g_dry * x + g_wet * 0.5f * y;
    }
    for (int k = 0; k < 8; ++k)
      if (std::fabs(z[k]) < 1e-15f) z[k] = 0.0f;
    a.state[8] = static_cast<float>(ph);
  }
};

}  // namespace phonon::kern
