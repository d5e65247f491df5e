// superfork: SuperDirt's tuning fork (after Rossing, Russell and Brown): sines at 1, 6.1, 16.7 and 20.1 * freq, at
// 0.2 * (0.3, 1, 1.3, 2), each decaying exponentially to (1e-4, 1e-7, 1e-6, 1e-7) of that over sustain *
// (4, 4, 0.5, 0.333); under Env.linen(0.001, 0.998, 0.001) over sustain. `accelerate` glides the pitch. The four
// partials are four channels in SuperDirt, which spreads them from left to right (Splay, at 1/sqrt(4)).
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr double kRatio[4] = {1.0, 6.1, 16.7, 20.1};
constexpr double kFrom[4] = {0.3, 1.0, 1.3, 2.0};
constexpr double kTo[4] = {1e-4, 1e-7, 1e-6, 1e-7};
constexpr double kTime[4] = {4.0, 4.0, 0.5, 0.333};

// Splay's equal-power positions -1, -1/3, 1/3, 1: cos and sin of (pos + 1) pi / 4.
constexpr double kLeft[4] = {1.0, 0.86602540, 0.5, 0.0};
constexpr double kRight[4] = {0.0, 0.5, 0.86602540, 1.0};

struct ForkState {
  double phase[4];
};

}  // namespace

int64_t superfork_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperFork, p, 1.0); }

void superfork_start(const SynthParams&, SynthState& st) { store_state(st, ForkState{}); }

int superfork_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperFork, p);
  const Envelope env = env_linen(0.001, 0.998, 0.001, 1.0, 0.0, c.sustain);
  const double sus = std::max(c.sustain, 1e-4);
  return render_frames<ForkState>(st, c.rate, elapsed, l, r, n, [&](ForkState& s, double t, float& ol, float& orr) {
    const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    double yl = 0.0, yr = 0.0;
    for (int i = 0; i < 4; ++i) {
      const double inc = f * kRatio[i] / c.rate;
      if (inc >= 0.5) continue;
      const double y = std::sin(kTwoPi * s.phase[i]) * xline_at(kFrom[i], kTo[i], sus * kTime[i], t);
      s.phase[i] = wrap_phase(s.phase[i] + inc);
      yl += kLeft[i] * y;
      yr += kRight[i] * y;
    }
    const double e = 0.2 * 0.5 * env.at(t);
    ol = static_cast<float>(yl * e);
    orr = static_cast<float>(yr * e);
  });
}

}  // namespace phonon::synth_detail
