// supernoise: SuperDirt's noise synth. `voice` (0) crossfades (equal power) from a digital step noise (a new random
// level every 1/(8 freq) s, at 0.5) to brown and white noise (each at 0.5, crossfaded by the MIDI note of 8 freq
// / 127), then through a four-pole saturating Moog-style low-pass (BMoog in its mode 3) at 40 freq * `pitch1` (1)
// * (1 -> 1 + `slide` (0) over the sustain), clipped to 60 Hz..20 kHz, with `resonance` (0), a 20 Hz high-pass,
// clipped to +-1 and * 0.3; Env.linen(0.01, 0.98, 0.01, curve -1) over sustain. `accelerate` glides the noise rate
// by up to +-4 accelerate freq, wrapped, repeating `rate` (1) times, as SuperDirt's.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

// The Moog-style four-pole low-pass of BMoog: each pole mixes its input and its previous output through a soft
// clip at +-0.95; the feedback around the four poles is the resonance scaled by a gain that falls as the cutoff
// rises (fitted to BMoog's gain table within 0.2 %).
struct SatLadder {
  double state[4];
  double out;
  static double sat(double x) { return clampd(x, -0.95, 0.95); }
  // Pole coefficient for cutoff `fc` in [0, 1] (fraction of Nyquist): BMoog's cubic fit.
  static double pole(double fc) { return ((-0.69346 * fc - 0.59515) * fc + 3.2937) * fc - 1.0072; }
  static double feedback_gain(double p) { return std::exp(((-0.025858 * p + 0.114364) * p - 0.659598) * p - 0.801583); }
  double tick(double x, double p, double q) {
    double y = 0.25 * (x - out);
    for (double& z : state) {
      const double prev = z;
      y = sat(y + p * (y - prev));
      z = y;
      y = sat(y + prev);
    }
    out = y * q;
    return y;
  }
};

struct NoiseState {
  double step;       // the step noise's level
  double countdown;  // cycles left until its next step
  double brown;
  SatLadder ladder;
  Svf hp;
  Rng rng;
};

}  // namespace

int64_t supernoise_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperNoise, p, 1.0); }

void supernoise_start(const SynthParams& p, SynthState& st) { start_with_rng<NoiseState>(p, st, 28); }

int supernoise_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperNoise, p);
  const double voice = clampd(finite_or(p.voice, 0.0), 0.0, 1.0);
  const double pitch1 = clampd(finite_or(p.pitch1, 1.0), 0.0, 1e3);
  const double slide = clampd(finite_or(p.slide, 0.0), -1e3, 1e3);
  const double reps = clampd(finite_or(p.lfo_rate, 1.0), -1e3, 1e3);
  const double res = clampd(finite_or(p.resonance, 0.0), 0.0, 10.0);
  // SuperDirt passes `accelerate` * freq * 4 Hz as the glide's range.
  const double acc = std::fabs(c.accelerate * c.freq * 4.0);
  const Envelope env = env_linen(0.01, 0.98, 0.01, 1.0, -1.0, c.sustain);
  // XFade2's equal-power gains: the step noise against the brown/white mix.
  const double mix_a = std::cos((voice * 2.0) * kPi / 4.0), mix_b = std::sin((voice * 2.0) * kPi / 4.0);
  return render_frames<NoiseState>(st, c.rate, elapsed, l, r, n, [&](NoiseState& s, double t, float& ol, float& orr) {
    double base = c.freq * 8.0;
    if (acc > 0.0) base += sc_wrap(acc * line_at(-1.0, 1.0 + (2.0 * reps - 2.0), c.sustain, t), -acc, acc);
    base = std::max(base, 0.0);
    const double ffreq = clampd(base * 5.0 * pitch1 * line_at(1.0, 1.0 + slide, c.sustain, t), 60.0, 20000.0);
    // Step noise (LFDNoise0): a new level each time the countdown runs out.
    s.countdown -= std::min(base, 22000.0) / c.rate;
    if (s.countdown <= 0.0) {
      s.step = s.rng.white();
      s.countdown += 1.0;
      if (s.countdown <= 0.0) s.countdown = 1.0;
    }
    // Brown noise: a random walk of steps up to 1/8, folded back inside +-1.
    s.brown += s.rng.white() * 0.125;
    if (s.brown > 1.0) s.brown = 2.0 - s.brown;
    if (s.brown < -1.0) s.brown = -2.0 - s.brown;
    const double white = s.rng.white();
    const double pos = clampd(note_of(std::max(base, 1e-3)) + 60.0, -1e3, 1e3) / 127.0;
    const double inner = 0.5 * (s.brown * std::cos((clampd(pos, -1.0, 1.0) + 1.0) * kPi / 4.0) +
                                white * std::sin((clampd(pos, -1.0, 1.0) + 1.0) * kPi / 4.0));
    const double x = mix_a * 0.5 * s.step + mix_b * inner;
    const double pc = clampd(SatLadder::pole(clampd(2.0 * ffreq / c.rate, 0.0, 1.0)), -1.0, 1.0);
    double y = s.ladder.tick(x, pc, res * SatLadder::feedback_gain(pc));
    y = clampd(sc_hpf(s.hp, y, 20.0, c.rate), -1.0, 1.0) * 0.3;
    ol = orr = static_cast<float>(y * env.at(t));
  });
}

}  // namespace phonon::synth_detail
