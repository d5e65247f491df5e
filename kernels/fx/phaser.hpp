// Graph kernel `fx.phaser`: four swept first-order allpasses with feedback (scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxPhaser {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.phaser";
    s.doc =
        "Phaser: four first-order allpass stages whose break frequency sweeps exponentially between 200 Hz "
        "and 200 * 16^depth Hz (depth 0..1) with a sine LFO at `rate` Hz, feedback 0.5 from the last stage; "
        "out = in * (1 - mix) + wet * mix (mix 0.5 gives the classic notches).";
    s.inputs = {"in", "rate", "depth", "mix"};
    s.outputs = {"out"};
    s.state_floats = 7;  // 4 allpass states, last output, LFO phase (double)
    s.input_defaults = {0.0f, 0.5f, 0.7f, 0.5f};
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
    float* st = a.state;
    float last = st[4];
    double ph = util::load_double(st + 5);
    const float nyq_guard = 0.45f * a.rate;
    for (int i = 0; i < a.frames; ++i) {
      const float depth = util::clamp_f(a.in[2][i], 0.0f, 1.0f);
      const float lfo = 0.5f + 0.5f * sinf(static_cast<float>(util::kTwoPiD * ph));
      const float f = util::fmin_f(200.0f * exp2f(4.0f * depth * lfo), nyq_guard);
      const float t = tanf(util::kPi * f / a.rate);
      const float c = (t - 1.0f) / (t + 1.0f);
      float x = a.in[0][i] + 0.5f * last;
      for (int k = 0; k < 4; ++k) {
        // y = c x + s; s = x - c y  (first-order allpass, transposed direct form)
        const float y = c * x + st[k];
        st[k] = util::flush_f(x - c * y);
        x = y;
      }
      last = util::flush_f(x);
      ph += static_cast<double>(a.in[1][i]) / a.rate;
      ph -= floor(ph);
      const float mix = a.in[3][i];
      a.out[0][i] = a.in[0][i] * (1.0f - mix) + x * mix;
    }
    st[4] = last;
    util::store_double(st + 5, ph);
  }
};

}  // namespace phonon::kern
