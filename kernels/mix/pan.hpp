// Graph kernel `mix.pan`: equal-power mono-to-stereo panner (stateless, vectorised).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct MixPan {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "mix.pan";
    s.doc =
        "Equal-power pan: left = in * cos(p pi/2), right = in * sin(p pi/2) with p = pan clamped to [0, 1] "
        "(0 = left, 0.5 = centre at -3 dB each side, 1 = right), as SuperDirt's `pan`.";
    s.inputs = {"in", "pan"};
    s.outputs = {"left", "right"};
    s.input_defaults = {0.0f, 0.5f};
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    constexpr int W = static_cast<int>(B::size);
    const B half_pi(0.5f * util::kPi);
    int i = 0;
    auto step = [&](B x, B p, float* l, float* r) {
      const B th = xsimd::min(xsimd::max(p, B(0.0f)), B(1.0f)) * half_pi;
      (x * xsimd::cos(th)).store_unaligned(l);
      (x * xsimd::sin(th)).store_unaligned(r);
    };
    for (; i + W <= a.frames; i += W) {
      step(B::load_unaligned(a.in[0] + i), B::load_unaligned(a.in[1] + i), a.out[0] + i, a.out[1] + i);
    }
    if (i < a.frames) {
      alignas(64) float x[W] = {}, p[W] = {}, l[W], r[W];
      for (int j = 0; i + j < a.frames; ++j) x[j] = a.in[0][i + j], p[j] = a.in[1][i + j];
      step(B::load_aligned(x), B::load_aligned(p), l, r);
      for (int j = 0; i + j < a.frames; ++j) a.out[0][i + j] = l[j], a.out[1][i + j] = r[j];
    }
  }
  static void reference(const KernelArgs& a) {
    for (int i = 0; i < a.frames; ++i) {
      const float th = util::clamp_f(a.in[1][i], 0.0f, 1.0f) * 0.5f * util::kPi;
      a.out[0][i] = a.in[0][i] * cosf(th);
      a.out[1][i] = a.in[0][i] * sinf(th);
    }
  }
};

}  // namespace phonon::kern
