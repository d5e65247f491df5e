// Graph kernel `fx.dirt_phaser`: SuperDirt's `phaserrate`/`phaserdepth` (dirt_phaser): the input plus a copy
// delayed by 8.8 to 10 ms, the delay swept by a parabolic LFO (a swept comb filter).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxDirtPhaser {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.dirt_phaser";
    s.doc =
        "SuperDirt's phaser (dirt_phaser: AllpassL with decay time 0, i.e. a plain linearly interpolated delay, "
        "mixed into the dry signal): out = in + depth * in(t - d), depth clamped to [0, 1]. The delay d sweeps "
        "between 8.8 and 10 ms with LFPar.kr(rate): a parabolic wave that starts at its top (10 ms), read once "
        "per 64-frame control block of SuperCollider and ramped linearly across the next block, as AllpassL "
        "ramps its delay time. Params rate (Hz, default 1), depth (default 0.5). State: 8 floats, then a "
        "power-of-two delay line of at least 10 ms + 66 frames (KernelSpec::state_size).";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"rate", "depth"};
    s.param_defaults = {1.0f, 0.5f};
    return s;
  }
  static constexpr int kScBlock = 64;  // SuperCollider's control block (SuperDirt's server default)
  static constexpr int kHeader = 8;
  // Delay line length: SuperCollider's delay UGens round 10 ms + a block + 1 up to a power of two.
  static std::size_t line_length(float rate) {
    const std::size_t need = static_cast<std::size_t>(0.01 * rate) + 2 + kScBlock;
    std::size_t n = 1;
    while (n < need) n <<= 1;
    return n;
  }
  static std::size_t state_size(const float*, float rate) { return kHeader + line_length(rate); }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run(a);
  }
  static void reference(const KernelArgs& a) { run(a); }

  // LFPar's wave at phase p in [0, 4): 1 - p^2 on [0, 1), (p - 2)^2 - 1 on [1, 3), 1 - (p - 4)^2 on [3, 4).
  static double lfpar(double p) {
    if (p < 1.0) return 1.0 - p * p;
    if (p < 3.0) return (p - 2.0) * (p - 2.0) - 1.0;
    return 1.0 - (p - 4.0) * (p - 4.0);
  }

 private:
  // Header: [0] started, [1] write position, [2] frame within the control block, [3] delay at the block's start
  // (frames), [4] delay at its end, [5..6] LFO phase (double, LFPar units: 4 per cycle).
  static void run(const KernelArgs& a) {
    float* h = a.state;
    float* line = a.state + kHeader;
    const int len = static_cast<int>(line_length(a.rate));
    const int mask = len - 1;
    const double max_delay = len - 1;
    const float depth = util::clamp_f(a.params[1], 0.0f, 1.0f);
    const double inc = 4.0 * a.params[0] * kScBlock / a.rate;  // LFO phase per control block
    // Rounded to float, as the state keeps it between blocks, so every block size gives the same result.
    auto delay_at = [&](double ph) {
      const double d = (0.0094 + 0.0006 * lfpar(ph)) * a.rate;
      return static_cast<double>(static_cast<float>(d < 1.0 ? 1.0 : (d > max_delay ? max_delay : d)));
    };
    double ph = util::load_double(h + 5);
    if (h[0] == 0.0f) {
      // The LFO's first value (phase 0) is the delay before the first block; the first block reaches the next.
      h[0] = 1.0f;
      h[4] = static_cast<float>(delay_at(0.0));
      ph = inc;
    }
    int w = static_cast<int>(h[1]);
    int k = static_cast<int>(h[2]);
    double d0 = h[3], d1 = h[4];
    for (int i = 0; i < a.frames; ++i) {
      if (k == 0) {
        d0 = d1;
        d1 = delay_at(ph);
        ph += inc;
        ph -= 4.0 * std::floor(ph * 0.25);
      }
      const double d = d0 + (d1 - d0) * (k + 1) / kScBlock;
      k = (k + 1) % kScBlock;
      const int id = static_cast<int>(d);
      const float frac = static_cast<float>(d - id);
      const float x1 = line[(w - id) & mask], x2 = line[(w - id - 1) & mask];
      const float x = a.in[0][i];
      line[w] = x;
      w = (w + 1) & mask;
      a.out[0][i] = x + depth * (x1 + frac * (x2 - x1));
    }
    h[1] = static_cast<float>(w);
    h[2] = static_cast<float>(k);
    h[3] = static_cast<float>(d0);
    h[4] = static_cast<float>(d1);
    util::store_double(h + 5, ph);
  }
};

}  // namespace phonon::kern
