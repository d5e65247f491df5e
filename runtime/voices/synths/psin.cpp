// psin: SuperDirt's "modulated phase mod sines": five sines at freq, the k-th phase-modulated (k = 1..5) by a sine at
// `modfreq` (40 Hz) * k with index 10 * (1 - progress) * env / k plus pi/2, where progress runs 0 -> 1 over the
// sustain and env = Env.perc(0.002, sustain, curve -1), which also shapes the sum.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct PsinState {
  double car, mod[5];
};

}  // namespace

int64_t psin_total_frames(const SynthParams& p) { return perc_frames(SynthId::Psin, p, 0.002); }

void psin_start(const SynthParams&, SynthState& st) { store_state(st, PsinState{}); }

int psin_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::Psin, p);
  const double modfreq = clampd(finite_or(p.modfreq, 40.0), -1e4, 1e4);
  const Envelope env = env_perc(0.002, c.sustain, 1.0, -1.0);
  return render_frames<PsinState>(st, c.rate, elapsed, l, r, n, [&](PsinState& s, double t, float& ol, float& orr) {
    const double e = env.at(t);
    const double index = (1.0 - line_at(0.0, 1.0, c.sustain, t)) * 10.0 * e;
    double y = 0.0;
    for (int k = 0; k < 5; ++k) {
      y += std::sin(kTwoPi * s.car + index / (k + 1) * std::sin(kTwoPi * s.mod[k]) + 0.5 * kPi);
      s.mod[k] = wrap_phase(s.mod[k] + clampd(modfreq * (k + 1) / c.rate, -0.5, 0.5));
    }
    s.car = wrap_phase(s.car + clampd(c.freq / c.rate, 0.0, 0.5));
    ol = orr = static_cast<float>(y * e);
  });
}

}  // namespace phonon::synth_detail
