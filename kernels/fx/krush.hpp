// Graph kernel `fx.krush`: SuperDirt's `krush`/`kcutoff` (dirt_krush, after Sonic Pi's krush).
#pragma once
#include "kernels/filter/sc_filter_coefs.hpp"
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxKrush {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.krush";
    s.doc =
        "SuperDirt's krush (dirt_krush): s = (in^2 + krush in) / (in^2 + |in| (krush - 1) + 1), low-passed by "
        "SuperCollider's RLPF at kcutoff (4000 Hz when kcutoff <= 0; clamped to [20, 10000]) with rq 1, and "
        "crossfaded with the input at equal power by min(2 krush, 1) (krush 0 = dry, >= 0.5 = all krushed). "
        "Params krush (default 0), kcutoff (Hz, default 0). State: the filter's two floats.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"krush", "kcutoff"};
    s.param_defaults = {0.0f, 0.0f};
    s.state_floats = 2;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run(a);
  }
  static void reference(const KernelArgs& a) { run(a); }

 private:
  static void run(const KernelArgs& a) {
    const float k = a.params[0];
    const double fc = a.params[1] > 0.0f ? std::clamp(static_cast<double>(a.params[1]), 20.0, 10000.0) : 4000.0;
    const BiquadCoefs c = sc_rlpf(fc, 1.0, a.rate);
    // SelectX(2 krush, [dry, wet]): equal-power crossfade, which clamped to [0, 1].
    const double w = std::clamp(2.0 * k, 0.0, 1.0) * M_PI / 2;
    const float gd = static_cast<float>(std::cos(w)), gw = static_cast<float>(std::sin(w));
    float* z = a.state;
    for (int i = 0; i < a.frames; ++i) {
      const float x = a.in[0][i];
      const float s = (x * x + k * x) / (x * x + std::fabs(x) * (k - 1.0f) + 1.0f);
      a.out[0][i] = gd * x + gw * biquad_step(c, z, s);
    }
    for (int j = 0; j < 2; ++j)
      if (std::fabs(z[j]) < 1e-15f) z[j] = 0.0f;
  }
};

}  // namespace phonon::kern
