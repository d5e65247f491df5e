// Graph kernel `fx.fshift`: SuperDirt's `fshift`/`fshiftnote`/`fshiftphase` (dirt_fshift = FreqShift.ar), a
// single-sideband frequency shifter: every partial moves by the same number of Hz.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxFshift {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.fshift";
    s.doc =
        "SuperDirt's frequency shifter (dirt_fshift, SuperCollider's FreqShift): two chains of six first-order "
        "allpasses (SuperCollider's Hilbert IIR: break frequencies 15 Hz times 0.3609 ... 798.4578 and 1.2524 "
        "... 2770.1114) give two outputs 90 degrees apart over the audio band, re and im; out = re * cos(theta) "
        "+ im * sin(theta) with theta = 2 pi shift t + phase. Params shift (Hz, may be negative; SuperDirt "
        "passes fshift + fshiftnote * the event's frequency), phase (radians, fshiftphase). State: 12 allpass "
        "states, then the oscillator phase (cycles, double).";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"shift", "phase"};
    s.param_defaults = {0.0f, 0.0f};
    s.state_floats = 14;
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run(a);
  }
  static void reference(const KernelArgs& a) { run(a); }

  // The allpass coefficients for `rate`: (g - 1) / (g + 1), g = 15 pi / rate * pole.
  static void coefficients(float rate, double c[12]) {
    static constexpr double kPoles[12] = {0.3609, 2.7412, 11.1573, 44.7581, 179.6242, 798.4578,
                                          1.2524, 5.5671, 22.3423, 89.6271, 364.7914, 2770.1114};
    for (int k = 0; k < 12; ++k) {
      const double g = 15.0 * M_PI / rate * kPoles[k];
      c[k] = (g - 1.0) / (g + 1.0);
    }
  }

 private:
  // Sequential (twelve recursive filters per frame); double arithmetic as SuperCollider's, the filter states
  // kept as floats after every frame (as the state holds them between blocks: the same result at every block size).
  static void run(const KernelArgs& a) {
    double c[12];
    coefficients(a.rate, c);
    float* z = a.state;
    double ph = util::load_double(a.state + 12);
    const double inc = static_cast<double>(a.params[0]) / a.rate;
    const double ph0 = a.params[1] / (2.0 * M_PI);
    for (int i = 0; i < a.frames; ++i) {
      const double x = a.in[0][i];
      double re = x, im = x;
      for (int k = 0; k < 6; ++k) {
        // H(z) = (c + z^-1) / (1 + c z^-1)
        const double v = re - c[k] * z[k];
        re = c[k] * v + z[k];
        z[k] = util::flush_f(static_cast<float>(v));
        const double u = im - c[k + 6] * z[k + 6];
        im = c[k + 6] * u + z[k + 6];
        z[k + 6] = util::flush_f(static_cast<float>(u));
      }
      const double th = 2.0 * M_PI * (ph + ph0);
      a.out[0][i] = static_cast<float>(re * std::cos(th) + im * std::sin(th));
      ph += inc;
      ph -= std::floor(ph);
    }
    util::store_double(a.state + 12, ph);
  }
};

}  // namespace phonon::kern
