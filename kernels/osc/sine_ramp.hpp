// Graph kernel `osc.sine_ramp`: the block-rate form of `osc.sine` (LANGUAGE.md §7: "signals are evaluated at audio
// rate or, where the compiler proves it is enough, once per block with linear ramps").
#pragma once
#include <cmath>

#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscSineRamp {
  // Interpolation error bound: a sine of frequency f sampled every G frames and joined by straight lines is off by
  // at most (2 pi f G / rate)^2 / 8 (times its amplitude 1). G is the largest power of two <= kMaxGrid keeping that
  // under kMaxError (-80 dB), at least 1.
  static constexpr int kMaxGrid = 64;
  static constexpr double kMaxError = 1e-4;

  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.sine_ramp";
    s.doc =
        "Block-rate sine (what the compiler uses for `sine` at a constant sub-audio frequency, e.g. an LFO): "
        "sin(2 pi phase) computed every G frames of the instance's own time and joined by linear ramps, with "
        "G <= 64 the largest power of two that keeps the error under 1e-4 (-80 dB) for the frequency and rate. "
        "The frequency is read at each grid point. Phase kept in double. Results do not depend on the block size.";
    s.inputs = {"freq"};
    s.outputs = {"out"};
    s.frequency_inputs = {0};
    s.state_floats = 6;  // phase at the next grid point (double), value at the segment start, step, frames left
    s.input_defaults = {1.0f};
    return s;
  }

  static int grid(double freq, double rate) {
    const double w = 2.0 * 3.14159265358979323846 * std::fabs(freq) / rate;
    int g = kMaxGrid;
    while (g > 1 && (w * g) * (w * g) / 8.0 > kMaxError) g /= 2;
    return g;
  }

  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    constexpr int W = static_cast<int>(B::size);
    alignas(64) float iota[W];
    for (int j = 0; j < W; ++j) iota[j] = static_cast<float>(j);
    const B viota = B::load_aligned(iota);
    run(a, [&](float* out, float v0, float step, int k0, int len) {
      int i = 0;
      for (; i + W <= len; i += W) (B(v0) + B(step) * (viota + B(static_cast<float>(k0 + i)))).store_unaligned(out + i);
      for (; i < len; ++i) out[i] = v0 + step * static_cast<float>(k0 + i);
    });
  }

  static void reference(const KernelArgs& a) {
    run(a, [](float* out, float v0, float step, int k0, int len) {
      for (int i = 0; i < len; ++i) out[i] = v0 + step * static_cast<float>(k0 + i);
    });
  }

 private:
  // Walks the block segment by segment; fill(out, v0, step, k0, len) writes v0 + step * (k0 + i) for i < len,
  // k0 being the frame's index inside its grid segment.
  template <class Fill>
  static void run(const KernelArgs& a, Fill&& fill) {
    double phase = util::load_double(a.state);
    float v0 = a.state[2], step = a.state[3];
    int left = static_cast<int>(a.state[4]), len = static_cast<int>(a.state[5]);
    int i = 0;
    while (i < a.frames) {
      if (left == 0) {
        // A new segment: from sin at this grid point to sin at the next one, G frames later.
        const double f = a.in[0][i];
        len = grid(f, a.rate);
        v0 = static_cast<float>(std::sin(2.0 * 3.14159265358979323846 * phase));
        phase += f * len / a.rate;
        phase -= std::floor(phase);
        const float v1 = static_cast<float>(std::sin(2.0 * 3.14159265358979323846 * phase));
        step = (v1 - v0) / static_cast<float>(len);
        left = len;
      }
      const int n = a.frames - i < left ? a.frames - i : left;
      fill(a.out[0] + i, v0, step, len - left, n);
      i += n;
      left -= n;
    }
    util::store_double(a.state, phase);
    a.state[2] = v0, a.state[3] = step;
    a.state[4] = static_cast<float>(left), a.state[5] = static_cast<float>(len);
  }
};

}  // namespace phonon::kern
