// Graph kernel `fx.octer`: SuperDirt's `octer`/`octersub`/`octersubsub` (dirt_octer, after Sonic Pi's octaver).
#pragma once
#include "kernels/filter/sc_filter_coefs.hpp"
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxOcter {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.octer";
    s.doc =
        "SuperDirt's octaver (dirt_octer): up = 2 LeakDC(|in|) (an octave up); sub = SuperCollider's LPF of "
        "the input at 440 Hz; t1 flips between 0 and 1 at every upward zero crossing of sub (ToggleFF: an "
        "octave down as a gate), t2 at every rise of t1 (two octaves down). out = SelectX(octer, [in, octer * "
        "up, 0]) + octersub * t1 * sub + octersubsub * t2 * sub, SelectX being an equal-power crossfade along "
        "the list (octer clamped to [0, 2]). Params octer, octersub, octersubsub (default 0). State: LeakDC "
        "(2), LPF (2), the flip-flops (2) and the previous sub value.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"octer", "octersub", "octersubsub"};
    s.param_defaults = {0.0f, 0.0f, 0.0f};
    s.state_floats = 7;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run(a);
  }
  static void reference(const KernelArgs& a) { run(a); }

 private:
  static void run(const KernelArgs& a) {
    const float oc = a.params[0], sub1 = a.params[1], sub2 = a.params[2];
    // SelectX over [in, octer * up, 0]: which in [0, 1] crossfades in -> up, [1, 2] up -> 0.
    const double w = std::clamp(static_cast<double>(oc), 0.0, 2.0);
    const double th = (w <= 1.0 ? w : w - 1.0) * M_PI / 2;
    const float g_in = w <= 1.0 ? static_cast<float>(std::cos(th)) : 0.0f;
    const float g_up = static_cast<float>(w <= 1.0 ? std::sin(th) : std::cos(th)) * oc;
    const BiquadCoefs lp = sc_lpf(440.0, a.rate);
    float* st = a.state;  // 0,1: LeakDC x1 y1; 2,3: LPF; 4: t1; 5: t2; 6: previous sub
    float x1 = st[0], y1 = st[1], t1 = st[4], t2 = st[5], prev = st[6];
    for (int i = 0; i < a.frames; ++i) {
      const float x = a.in[0][i];
      const float ax = std::fabs(x);
      const float up = ax - x1 + 0.995f * y1;
      x1 = ax, y1 = up;
      const float sub = biquad_step(lp, st + 2, x);
      if (prev <= 0.0f && sub > 0.0f) {
        t1 = 1.0f - t1;
        if (t1 > 0.0f) t2 = 1.0f - t2;
      }
      prev = sub;
      a.out[0][i] = g_in * x + g_up * 2.0f * up + sub1 * t1 * sub + sub2 * t2 * sub;
    }
    st[0] = x1, st[1] = std::fabs(y1) < 1e-15f ? 0.0f : y1, st[4] = t1, st[5] = t2, st[6] = prev;
    for (int j = 2; j < 4; ++j)
      if (std::fabs(st[j]) < 1e-15f) st[j] = 0.0f;
  }
};

}  // namespace phonon::kern
