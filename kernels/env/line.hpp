// Graph kernel `env.line`: a linear segment, restarted by a gate (scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct EnvLine {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "env.line";
    s.doc =
        "Linear segment from `start` to `end` over `dur` seconds, then holds `end` (SuperCollider's Line). "
        "It runs once from the moment the instance is loaded and restarts at every rising edge of the gate "
        "input (> 0.5; connect a constant 0 for a one-shot). out(t) = start + (end - start) * min(t / dur, 1), "
        "t counted in frames from the (re)start, so there is no accumulated rounding.";
    s.inputs = {"gate"};
    s.outputs = {"out"};
    s.follows_gate = true;
    s.params = {"start", "end", "dur"};
    s.param_defaults = {1.0f, 0.0f, 1.0f};
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
    const float start = a.params[0], end = a.params[1];
    for (int i = 0; i < a.frames; ++i) {
      const bool g = a.in[0][i] > 0.5f;
      if (g && !prev) t = 0.0;
      prev = g;
      const double x = len <= 0.0 ? 1.0 : (t >= len ? 1.0 : t / len);
      a.out[0][i] = start + (end - start) * static_cast<float>(x);
      t += 1.0;
    }
    util::store_double(a.state, t);
    a.state[2] = prev ? 1.0f : 0.0f;
  }
};

}  // namespace phonon::kern
