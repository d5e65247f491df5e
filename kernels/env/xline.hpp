// Graph kernel `env.xline`: an exponential segment, restarted by a gate.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct EnvXline {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "env.xline";
    s.doc =
        "Exponential segment from `start` to `end` over `dur` seconds, then holds `end` (SuperCollider's "
        "XLine): out(t) = start * (end / start)^min(t / dur, 1). start and end must have the same sign and be "
        "non-zero; magnitudes below 1e-4 are raised to 1e-4 (with the sign of the other end, or +) so the "
        "curve is always defined. Runs from load, restarts at each rising edge of the gate (> 0.5).";
    s.inputs = {"gate"};
    s.outputs = {"out"};
    s.follows_gate = true;
    s.params = {"start", "end", "dur"};
    s.param_defaults = {1.0f, 0.001f, 1.0f};
    s.state_floats = 3;  // elapsed frames (double), previous gate
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  template <class Tag>
  static void run(const KernelArgs& a) {
    double t = util::load_double(a.state);
    bool prev = a.state[2] > 0.5f;
    const double len = static_cast<double>(a.params[2]) * a.rate;
    double s0 = a.params[0], s1 = a.params[1];
    const double sign = (s0 < 0 || (s0 == 0 && s1 < 0)) ? -1.0 : 1.0;
    s0 = sign * (fabs(s0) < 1e-4 ? 1e-4 : fabs(s0));
    s1 = sign * (fabs(s1) < 1e-4 || s1 * sign < 0 ? 1e-4 : fabs(s1));
    const double lr = log(s1 / s0);
    for (int i = 0; i < a.frames; ++i) {
      const bool g = a.in[0][i] > 0.5f;
      if (g && !prev) t = 0.0;
      prev = g;
      const double x = len <= 0.0 ? 1.0 : (t >= len ? 1.0 : t / len);
      a.out[0][i] = static_cast<float>(s0 * exp(lr * x));
      t += 1.0;
    }
    util::store_double(a.state, t);
    a.state[2] = prev ? 1.0f : 0.0f;
  }
};

}  // namespace phonon::kern
