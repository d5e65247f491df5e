// Graph kernel `fx.waveloss`: SuperDirt's `waveloss` (sc3-plugins' WaveLoss in its random mode), which drops whole
// wave segments between upward zero crossings.
#pragma once
#include <cstdint>

#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxWaveloss {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.waveloss";
    s.doc =
        "SuperDirt's `waveloss` (WaveLoss.ar(in, drop, outof: 100, mode: 2)): the input is cut into segments at "
        "its upward zero crossings (prev < 0 <= cur); each new segment is silenced with probability drop / 100 "
        "(drop clamped to [0, 100]), decided by a hash of `seed` (param) and the segment's number, so a render "
        "is reproducible. The first segment always plays. State: silenced flag, previous input, segment number "
        "(a second instance may start its count elsewhere for different draws).";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"drop", "seed"};
    s.param_defaults = {0.0f, 0.0f};
    s.state_floats = 3;
    return s;
  }
  // Uniform in [0, 1) from a seed and a segment number (integer hash, lowbias32).
  static float draw(uint32_t seed, uint32_t n) {
    uint32_t x = seed * 0x9E3779B9u ^ n;
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return static_cast<float>(x >> 8) / 16777216.0f;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run(a);
  }
  static void reference(const KernelArgs& a) { run(a); }

 private:
  static void run(const KernelArgs& a) {
    const float p = util::clamp_f(a.params[0], 0.0f, 100.0f) / 100.0f;
    const uint32_t seed = static_cast<uint32_t>(a.params[1] < 0.0f ? 0.0f : a.params[1]);
    bool off = a.state[0] != 0.0f;
    float prev = a.state[1];
    uint32_t n = static_cast<uint32_t>(a.state[2]);
    for (int i = 0; i < a.frames; ++i) {
      const float x = a.in[0][i];
      if (prev < 0.0f && x >= 0.0f) {
        n = (n + 1) & 0xFFFFFFu;  // stays exact in the float state
        off = draw(seed, n) < p;
      }
      a.out[0][i] = off ? 0.0f : x;
      prev = x;
    }
    a.state[0] = off ? 1.0f : 0.0f;
    a.state[1] = prev;
    a.state[2] = static_cast<float>(n);
  }
};

}  // namespace phonon::kern
