// Graph kernel `fx.ring`: SuperDirt's `ring`/`ringf`/`ringdf` (dirt_ring), ring modulation with a sine.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxRing {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.ring";
    s.doc =
        "SuperDirt's ring modulation (dirt_ring, ring1): out = in + in * ring * sin(phase), the sine's "
        "frequency gliding exponentially from ringf to ringf + ringdf over the first second (XLine; a glide "
        "through or from 0 Hz steps at the end instead) and clamped to [20, 20000] Hz. Params ring (amount, "
        "default 0), ringf (Hz, default 0), ringdf (Hz, default 0). State: phase (cycles), frames elapsed.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"ring", "ringf", "ringdf"};
    s.param_defaults = {0.0f, 0.0f, 0.0f};
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
    const double ring = a.params[0], f0 = a.params[1], f1 = static_cast<double>(a.params[1]) + a.params[2];
    const double glide = a.rate;  // frames of the XLine (1 s)
    const bool expo = f0 > 0.0 && f1 > 0.0;
    double ph = a.state[0];
    double t = a.state[1];
    for (int i = 0; i < a.frames; ++i) {
      double f = t >= glide ? f1 : (expo ? f0 * std::pow(f1 / f0, t / glide) : f0);
      f = f < 20.0 ? 20.0 : (f > 20000.0 ? 20000.0 : f);
      const float x = a.in[0][i];
      a.out[0][i] = x + x * static_cast<float>(ring * std::sin(2.0 * M_PI * ph));
      ph += f / a.rate;
      ph -= std::floor(ph);
      if (t < glide) t += 1.0;
    }
    a.state[0] = static_cast<float>(ph);
    a.state[1] = static_cast<float>(t);
  }
};

}  // namespace phonon::kern
