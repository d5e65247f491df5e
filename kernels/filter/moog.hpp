// Graph kernel `filter.moog`: 4-pole transistor-ladder low-pass with tanh saturation (scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FilterMoog {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "filter.moog";
    s.doc =
        "Moog-style ladder low-pass, 24 dB/octave: four one-pole stages with tanh saturation in each stage (rational "
        "tanh approximation, util::tanh_fast) and "
        "feedback 4 res from the last stage (res in [0, 1.1]; resonance grows with res and rings strongly near 1, but "
        "this discretisation stays just below self-oscillation). cutoff in Hz clamped to "
        "[10, 0.45 rate], stage coefficient g = 1 - exp(-2 pi cutoff / rate), updated every 16 frames. The "
        "pass-band gain drops as res rises (as on the hardware). Bounded for any input (tanh), denormal-safe.";
    s.inputs = {"in", "cutoff", "res"};
    s.outputs = {"out"};
    s.state_floats = 7;  // 4 stages, counter, g, spare
    s.input_defaults = {0.0f, 1000.0f, 0.2f};
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
    float s1 = st[0], s2 = st[1], s3 = st[2], s4 = st[3];
    std::uint32_t counter = util::load_u32(st + 4);
    float g = st[5];
    for (int i = 0; i < a.frames; ++i) {
      if (counter % 16 == 0) {
        const float fc = util::clamp_f(a.in[1][i], 10.0f, 0.45f * a.rate);
        g = 1.0f - expf(-2.0f * util::kPi * fc / a.rate);
      }
      ++counter;
      const float k = 4.0f * util::clamp_f(a.in[2][i], 0.0f, 1.1f);
      const float u = util::tanh_fast(a.in[0][i] - k * s4);
      s1 += g * (u - util::tanh_fast(s1));
      s2 += g * (util::tanh_fast(s1) - util::tanh_fast(s2));
      s3 += g * (util::tanh_fast(s2) - util::tanh_fast(s3));
      s4 += g * (util::tanh_fast(s3) - util::tanh_fast(s4));
      a.out[0][i] = s4;
    }
    st[0] = util::flush_f(s1), st[1] = util::flush_f(s2), st[2] = util::flush_f(s3), st[3] = util::flush_f(s4);
    util::store_u32(st + 4, counter);
    st[5] = g;
  }
};

}  // namespace phonon::kern
