// Graph kernel `osc.fm`: two-operator phase modulation (like SuperCollider's PMOsc).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct OscFm {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "osc.fm";
    s.doc =
        "FM (phase modulation, as SuperCollider's PMOsc / DX7 operators): out = sin(2 pi pc + index * sin(2 pi "
        "pm)), pc and pm advancing by carrier/rate and modulator/rate (Hz). index in radians (0 = pure sine). "
        "Output in [-1, 1].";
    s.inputs = {"carrier", "modulator", "index"};
    s.outputs = {"out"};
    s.frequency_inputs = {0, 1};
    s.state_floats = 4;  // carrier phase, modulator phase (doubles)
    s.input_defaults = {440.0f, 220.0f, 1.0f};
    return s;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    using B = xsimd::batch<float, Arch>;
    constexpr int W = static_cast<int>(B::size);
    double pc = util::load_double(a.state), pm = util::load_double(a.state + 2);
    alignas(64) float tc[util::kChunk + W], tm[util::kChunk + W], ix[util::kChunk + W], dt[util::kChunk];
    const B two_pi(2.0f * util::kPi);
    for (int off = 0; off < a.frames; off += util::kChunk) {
      const int n = a.frames - off < util::kChunk ? a.frames - off : util::kChunk;
      util::phase_run(pc, a.in[0] + off, a.rate, n, tc, dt);
      util::phase_run(pm, a.in[1] + off, a.rate, n, tm, dt);
      for (int i = 0; i < n; ++i) ix[i] = a.in[2][off + i];
      for (int i = n; i < n + W; ++i) tc[i] = tm[i] = ix[i] = 0.0f;
      alignas(64) float o[util::kChunk + W];
      for (int i = 0; i < n; i += W) {
        const B m = xsimd::sin(B::load_aligned(tm + i) * two_pi);
        xsimd::sin(xsimd::fma(B::load_aligned(ix + i), m, B::load_aligned(tc + i) * two_pi)).store_aligned(o + i);
      }
      for (int i = 0; i < n; ++i) a.out[0][off + i] = o[i];
    }
    util::store_double(a.state, pc);
    util::store_double(a.state + 2, pm);
  }
  static void reference(const KernelArgs& a) {
    double pc = util::load_double(a.state), pm = util::load_double(a.state + 2);
    float tc[util::kChunk], tm[util::kChunk], dt[util::kChunk];
    for (int off = 0; off < a.frames; off += util::kChunk) {
      const int n = a.frames - off < util::kChunk ? a.frames - off : util::kChunk;
      util::phase_run(pc, a.in[0] + off, a.rate, n, tc, dt);
      util::phase_run(pm, a.in[1] + off, a.rate, n, tm, dt);
      for (int i = 0; i < n; ++i) {
        const float m = sinf(2.0f * util::kPi * tm[i]);
        a.out[0][off + i] = sinf(2.0f * util::kPi * tc[i] + a.in[2][off + i] * m);
      }
    }
    util::store_double(a.state, pc);
    util::store_double(a.state + 2, pm);
  }
};

}  // namespace phonon::kern
