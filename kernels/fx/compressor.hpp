// Graph kernel `fx.compressor`: feed-forward peak compressor (scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxCompressor {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.compressor";
    s.doc =
        "Compressor (feed-forward, hard knee, peak detection): the input level in dB above `thresh` (dB FS, "
        "default -20) is reduced by (1 - 1/ratio) (ratio >= 1, default 4); the gain reduction follows with "
        "one-pole smoothing, `attack` seconds when it grows (default 0.01) and `release` seconds when it "
        "shrinks (default 0.1); `makeup` dB of gain (default 0) is added.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"thresh", "ratio", "attack", "release", "makeup"};
    s.param_defaults = {-20.0f, 4.0f, 0.01f, 0.1f, 0.0f};
    s.state_floats = 1;  // smoothed gain reduction (dB)
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
    const float thresh = a.params[0];
    const float slope = 1.0f - 1.0f / util::fmax_f(a.params[1], 1.0f);
    const float att = expf(-1.0f / util::fmax_f(a.params[2] * a.rate, 1.0f));
    const float rel = expf(-1.0f / util::fmax_f(a.params[3] * a.rate, 1.0f));
    const float makeup = a.params[4];
    float gr = a.state[0];
    for (int i = 0; i < a.frames; ++i) {
      const float x = a.in[0][i];
      const float level = 20.0f * log10f(fabsf(x) + 1e-9f);
      const float target = level > thresh ? (level - thresh) * slope : 0.0f;
      const float c = target > gr ? att : rel;
      gr = target + c * (gr - target);
      a.out[0][i] = x * exp2f((makeup - gr) * (3.321928094887362f / 20.0f));
    }
    a.state[0] = util::flush_f(gr);
  }
};

}  // namespace phonon::kern
