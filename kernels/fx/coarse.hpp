// Graph kernel `fx.coarse`: SuperDirt's `coarse` sample-rate reduction (scalar in time: sample-and-hold).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxCoarse {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.coarse";
    s.doc =
        "SuperDirt's `coarse` (dirt_coarse: Latch.ar(in, Impulse.ar(SampleRate / coarse))): holds the input "
        "for `coarse` frames at a time, a new value being latched whenever a phase advancing by 1/coarse per "
        "frame wraps (the first frame always latches). coarse <= 1 passes the input through.";
    s.inputs = {"in", "coarse"};
    s.outputs = {"out"};
    s.state_floats = 2;  // held value, phase
    s.input_defaults = {0.0f, 1.0f};
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
      const float c = a.in[1][i];
      if (!(c > 1.0f)) {
        held = a.in[0][i];
        ph = 0.0f;
        a.out[0][i] = held;
        continue;
      }
      if (ph <= 0.0f) {
        held = a.in[0][i];
        ph += 1.0f;
      }
      ph -= 1.0f / c;
      a.out[0][i] = held;
    }
    a.state[0] = held, a.state[1] = ph;
  }
};

}  // namespace phonon::kern
