// Graph kernel `fx.tremolo`: SuperDirt's `tremolorate`/`tremolodepth` (dirt_tremolo), an amplitude LFO.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxTremolo {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.tremolo";
    s.doc =
        "SuperDirt's tremolo (dirt_tremolo): out = in * ((1 - d) + d * cos(2 pi rate t)) with d = depth clamped "
        "to [0, 1] times 0.5 and t the time since the instance started (state: the LFO phase in cycles). rate in "
        "Hz (param, default 1), depth (param, default 0.5): depth 1 swings the level between 0 and 1.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"rate", "depth"};
    s.param_defaults = {1.0f, 0.5f};
    s.state_floats = 1;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run(a);
  }
  static void reference(const KernelArgs& a) { run(a); }

 private:
  // Sequential in the phase; one cosine per frame.
  static void run(const KernelArgs& a) {
    const float d = util::clamp_f(a.params[1], 0.0f, 1.0f) * 0.5f;
    const double inc = static_cast<double>(a.params[0]) / a.rate;
    double ph = a.state[0];
    for (int i = 0; i < a.frames; ++i) {
      a.out[0][i] = a.in[0][i] * ((1.0f - d) + d * static_cast<float>(std::cos(2.0 * M_PI * ph)));
      ph += inc;
      ph -= std::floor(ph);
    }
    a.state[0] = static_cast<float>(ph);
  }
};

}  // namespace phonon::kern
