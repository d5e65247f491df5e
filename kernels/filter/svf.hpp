// Graph kernel `filter.svf`: state-variable filter (topology-preserving transform, A. Simper / Cytomic design).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FilterSvf {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "filter.svf";
    s.doc =
        "State-variable filter (trapezoidal/TPT, stable under fast modulation) with three simultaneous "
        "outputs: lp (low-pass), hp (high-pass) and bp (band-pass, peak gain q at the cutoff), 12 dB/octave. cutoff in "
        "Hz clamped to [10, 0.49 rate], q "
        "clamped to >= 0.05. Coefficients follow the inputs every 16 frames (absolute frame count). "
        "Denormal-safe.";
    s.inputs = {"in", "cutoff", "q"};
    s.outputs = {"lp", "hp", "bp"};
    s.state_floats = 7;  // ic1eq, ic2eq, counter, g, k, (2 spare)
    s.input_defaults = {0.0f, 1000.0f, 0.707f};
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
    double ic1 = st[0], ic2 = st[1];
    std::uint32_t counter = util::load_u32(st + 2);
    double g = st[3], k = st[4];
    double a1 = 1.0 / (1.0 + g * (g + k)), a2 = g * a1, a3 = g * a2;
    for (int i = 0; i < a.frames; ++i) {
      if (counter % 16 == 0) {
        const float fc = util::clamp_f(a.in[1][i], 10.0f, 0.49f * a.rate);
        const float q = a.in[2][i] >= 0.05f ? a.in[2][i] : 0.05f;
        g = tan(3.14159265358979323846 * fc / a.rate);
        k = 1.0 / q;
        a1 = 1.0 / (1.0 + g * (g + k)), a2 = g * a1, a3 = g * a2;
      }
      ++counter;
      const double v0 = a.in[0][i];
      const double v3 = v0 - ic2;
      const double v1 = a1 * ic1 + a2 * v3;
      const double v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2.0 * v1 - ic1;
      ic2 = 2.0 * v2 - ic2;
      a.out[0][i] = static_cast<float>(v2);
      a.out[1][i] = static_cast<float>(v0 - k * v1 - v2);
      a.out[2][i] = static_cast<float>(v1);
    }
    st[0] = static_cast<float>(util::flush_d(ic1)), st[1] = static_cast<float>(util::flush_d(ic2));
    util::store_u32(st + 2, counter);
    st[3] = static_cast<float>(g), st[4] = static_cast<float>(k);
  }
};

}  // namespace phonon::kern
