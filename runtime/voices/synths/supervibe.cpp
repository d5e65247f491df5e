// supervibe: SuperDirt's vibraphone: sines at 1, 4, 10 and 13.75 + `detune` (0) times freq, at 0.3 * (1, 1.1 v,
// 0.6 v^2, 0.5 v) with v = `velocity` (1); each rises exponentially over one of its periods and decays to 1e-6 over
// 4 * sustain * (1, 0.7, 0.5, 0.4 times e^-decay) (`decay` 0), under a tremolo at `modfreq` (7 Hz) of depth
// (0.5, 0.3, 0.3, 0.5) * `modamp` (1); plus a 20 ms strike of sines at 19.2, 20, 21.2 * freq (0.3 (v + 1e-6)).
// Env.linen(0.001, 0.998, 0.001) over sustain. `accelerate` glides the pitch.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct VibeState {
  double phase[7];
  double trem;  // tremolo phase (random start, as SuperDirt's Rand(0, 2pi))
};

}  // namespace

int64_t supervibe_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperVibe, p, 1.0); }

void supervibe_start(const SynthParams& p, SynthState& st) {
  VibeState s{};
  s.trem = Rng::seeded(p.seed, 14).unit();
  store_state(st, s);
}

int supervibe_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperVibe, p);
  const double v = clampd(finite_or(p.velocity, 1.0), 0.0, 4.0);
  const double decay = clampd(finite_or(p.decay, 0.0), -5.0, 50.0);
  const double detune = clampd(finite_or(p.detune, 0.0), -13.0, 100.0);
  const double modamp = clampd(finite_or(p.modamp, 1.0), 0.0, 2.0);
  const double modfreq = clampd(finite_or(p.modfreq, 7.0), 0.0, 1e3);
  const double ratio[7] = {1.0, 4.0, 10.0, 13.75 + detune, 19.2, 20.0, 21.2};
  const double amp[4] = {0.3, 0.3 * 1.1 * v, 0.3 * 0.6 * v * v, 0.3 * 0.5 * v};
  const double ed = std::exp(-decay);
  const double dec[4] = {1.0, 0.7 * ed, 0.5 * ed, 0.4 * ed};
  const double depth[4] = {0.5, 0.3, 0.3, 0.5};
  const Envelope env = env_linen(0.001, 0.998, 0.001, 1.0, 0.0, c.sustain);
  const double sus = std::max(c.sustain, 1e-4);
  return render_frames<VibeState>(st, c.rate, elapsed, l, r, n, [&](VibeState& s, double t, float& ol, float& orr) {
    const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    const double trem = 0.5 * (std::sin(kTwoPi * s.trem) + 1.0);  // 0..1
    s.trem = wrap_phase(s.trem + modfreq / c.rate);
    double y = 0.0;
    for (int i = 0; i < 7; ++i) {
      const double inc = f * ratio[i] / c.rate;
      if (inc <= 0.0 || inc >= 0.5) continue;
      const double osc = std::sin(kTwoPi * s.phase[i]);
      s.phase[i] = wrap_phase(s.phase[i] + inc);
      if (i < 4) {
        const double rise = xline_at(1e-6, 1.0, 1.0 / (f * ratio[i]), t);
        const double fall = xline_at(1.0, 1e-6, dec[i] * 4.0 * sus, t);
        y += amp[i] * osc * rise * fall * (1.0 - depth[i] * modamp * (1.0 - trem));
      } else {
        y += osc * xline_at(0.3 * (v + 1e-6), 1e-6, 0.02, t);
      }
    }
    ol = orr = static_cast<float>(y * env.at(t));
  });
}

}  // namespace phonon::synth_detail
