// Graph kernel `fx.triode`: SuperDirt's `triode` (dirt_triode), an asymmetric tube-like distortion.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxTriode {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.triode";
    s.doc =
        "SuperDirt's triode (dirt_triode): positive input passes, negative input becomes tanh(in * k) / k with "
        "k = 10 triode + 0.001, then a DC blocker (LeakDC, y = x - x[-1] + 0.995 y[-1]). Param triode (default "
        "0; larger = the negative half flattens sooner). State: the blocker's previous input and output.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"triode"};
    s.param_defaults = {0.0f};
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
    const float k = a.params[0] * 10.0f + 1e-3f;
    float x1 = a.state[0], y1 = a.state[1];
    for (int i = 0; i < a.frames; ++i) {
      const float x = a.in[0][i];
      const float s = x > 0.0f ? x : (x < 0.0f ? std::tanh(x * k) / k : 0.0f);
      const float y = s - x1 + 0.995f * y1;
      x1 = s, y1 = y;
      a.out[0][i] = y;
    }
    a.state[0] = x1;
    a.state[1] = std::fabs(y1) < 1e-15f ? 0.0f : y1;
  }
};

}  // namespace phonon::kern
