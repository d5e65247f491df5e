// Graph kernel `fx.bitcrush`: bit-depth reduction and sample-rate reduction (scalar in time: sample-and-hold).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxBitcrush {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.bitcrush";
    s.doc =
        "Bit crusher: quantises to `bits` bits (clamped to [1, 24]; y = round(x * 2^(bits-1)) / 2^(bits-1)) "
        "and holds each new value for `downsample` frames (>= 1, fractional values allowed: a new sample is "
        "taken whenever a phase advancing by 1/downsample per frame wraps).";
    s.inputs = {"in", "bits", "downsample"};
    s.outputs = {"out"};
    s.state_floats = 2;  // held value, hold phase
    s.input_defaults = {0.0f, 8.0f, 1.0f};
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
    float held = a.state[0], ph = a.state[1];
    for (int i = 0; i < a.frames; ++i) {
      const float ds = util::fmax_f(a.in[2][i], 1.0f);
      if (ph <= 0.0f) {
        const float levels = exp2f(util::clamp_f(a.in[1][i], 1.0f, 24.0f) - 1.0f);
        held = roundf(a.in[0][i] * levels) / levels;
        ph += 1.0f;
      }
      ph -= 1.0f / ds;
      a.out[0][i] = held;
    }
    a.state[0] = held, a.state[1] = ph;
  }
};

}  // namespace phonon::kern
