// Graph kernel `fx.limiter`: look-ahead-free peak limiter (scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxLimiter {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.limiter";
    s.doc =
        "Peak limiter without look-ahead: a peak envelope with instant attack and exponential release "
        "(`release` seconds, default 0.05) sets the gain min(1, ceiling / envelope), so |out| <= ceiling "
        "(default 0.98) always holds and the gain recovers smoothly. NaN/Inf input frames output 0.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"ceiling", "release"};
    s.param_defaults = {0.98f, 0.05f};
    s.state_floats = 1;  // peak envelope
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
    const float ceiling = util::fmax_f(a.params[0], 1e-6f);
    const float rel = expf(-1.0f / util::fmax_f(a.params[1] * a.rate, 1.0f));
    float env = a.state[0];
    for (int i = 0; i < a.frames; ++i) {
      float x = a.in[0][i];
      if (!(x - x == 0.0f)) x = 0.0f;  // NaN or Inf
      const float p = fabsf(x);
      env *= rel;
      if (p > env) env = p;
      a.out[0][i] = env > ceiling ? x * (ceiling / env) : x;
    }
    a.state[0] = util::flush_f(env);
  }
};

}  // namespace phonon::kern
