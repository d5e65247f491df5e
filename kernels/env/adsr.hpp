// Graph kernel `env.adsr`: gated attack/decay/sustain/release envelope (scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct EnvAdsr {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "env.adsr";
    s.doc =
        "ADSR envelope driven by a gate (> 0.5 = on). Rising edge: linear attack from the current level to 1 "
        "over `a` seconds, then linear decay to the sustain level `s` (0..1) over `d` seconds, held while the "
        "gate is on. Falling edge (at any stage): linear release from the current level to 0 over `r` seconds. "
        "Times below one sample act instantly. Output in [0, 1].";
    s.inputs = {"gate"};
    s.outputs = {"out"};
    s.follows_gate = true;
    s.params = {"a", "d", "s", "r"};
    s.param_defaults = {0.01f, 0.1f, 0.7f, 0.3f};
    s.state_floats = 4;  // level, stage, previous gate, release step
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  // stage: 0 idle, 1 attack, 2 decay, 3 sustain, 4 release
  template <class Tag>
  static void run(const KernelArgs& a) {
    float* st = a.state;
    float level = st[0], rstep = st[3];
    int stage = static_cast<int>(st[1]);
    bool prev = st[2] > 0.5f;
    const float sus = util::clamp_f(a.params[2], 0.0f, 1.0f);
    const float astep = 1.0f / util::fmax_f(a.params[0] * a.rate, 1.0f);
    const float dstep = (1.0f - sus) / util::fmax_f(a.params[1] * a.rate, 1.0f);
    for (int i = 0; i < a.frames; ++i) {
      const bool g = a.in[0][i] > 0.5f;
      if (g && !prev) stage = 1;
      if (!g && prev) {
        stage = 4;
        rstep = level / util::fmax_f(a.params[3] * a.rate, 1.0f);
      }
      prev = g;
      if (stage == 1) {
        level += astep;
        if (level >= 1.0f) level = 1.0f, stage = 2;
      } else if (stage == 2) {
        level -= dstep;
        if (level <= sus) level = sus, stage = 3;
      } else if (stage == 4) {
        level -= rstep;
        if (level <= 0.0f) level = 0.0f, stage = 0;
      }
      a.out[0][i] = level;
    }
    st[0] = level, st[1] = static_cast<float>(stage), st[2] = prev ? 1.0f : 0.0f, st[3] = rstep;
  }
};

}  // namespace phonon::kern
