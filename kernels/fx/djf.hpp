// Graph kernel `fx.djf`: SuperDirt's `djf` (dj-filter), a low-pass below 0.5 and a high-pass above.
#pragma once
#include "kernels/filter/sc_filter_coefs.hpp"
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxDjf {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.djf";
    s.doc =
        "SuperDirt's DJ filter (dj-filter): SuperCollider's RLPF at djf.linexp(0, 0.5, 20, 10000) then RHPF "
        "at djf.linexp(0.5, 1, 20, 10000), both with rq 1 (linexp clamps: djf 0.5 passes 20 Hz..10 kHz, 0 "
        "leaves only the lowest frequencies, 1 only the highest). Param djf (default 0.5). State: two filters.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"djf"};
    s.param_defaults = {0.5f};
    s.state_floats = 4;
    return s;
  }
  // x.linexp(a, b, lo, hi), clamped as SuperCollider's linexp is.
  static double linexp(double x, double a, double b, double lo, double hi) {
    if (!(x > a)) return lo;
    if (x >= b) return hi;
    return lo * std::pow(hi / lo, (x - a) / (b - a));
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run(a);
  }
  static void reference(const KernelArgs& a) { run(a); }

 private:
  static void run(const KernelArgs& a) {
    const double d = a.params[0];
    const BiquadCoefs lp = sc_rlpf(linexp(d, 0.0, 0.5, 20.0, 10000.0), 1.0, a.rate);
    const BiquadCoefs hp = sc_rhpf(linexp(d, 0.5, 1.0, 20.0, 10000.0), 1.0, a.rate);
    float* z = a.state;
    for (int i = 0; i < a.frames; ++i) a.out[0][i] = biquad_step(hp, z + 2, biquad_step(lp, z, a.in[0][i]));
    for (int j = 0; j < 4; ++j)
      if (std::fabs(z[j]) < 1e-15f) z[j] = 0.0f;
  }
};

}  // namespace phonon::kern
