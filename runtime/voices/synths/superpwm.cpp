// superpwm: SuperDirt's moog-inspired PWM synth: a pulse at freq times the same pulse delayed by 0 -> `voice` (0.5)
// periods over the sustain (0.7), plus a pulse `semitone` (12) semitones lower times itself delayed by 0.1 -> 0.1 +
// voice periods of freq (0.3); through a 4-pole ladder whose cutoff a sine LFO (freq/32 * `rate`) sweeps between
// freq*10*`pitch1` and that * (1 + `lfo`) (resonance `resonance` * 4), then a second ladder (resonance 3) whose
// cutoff follows Env.pairs([0,0.1],[0.1,1],[0.4,0.5],[0.9,0.2],[1,0.2], -3) over sustain / rate times 1.1 times
// the upper LFO cutoff; tanh * 5. Envelope as supersaw's (`decay`). The delays are phase offsets of the pulses.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr double kGain = 0.255;  // matched to SuperDirt's measured level

struct PwmState {
  double osc[2];
  double lfo;
  Ladder ladder1, ladder2;
};

}  // namespace

int64_t superpwm_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperPwm, p, 1.0); }

void superpwm_start(const SynthParams&, SynthState& st) { store_state(st, PwmState{}); }

int superpwm_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperPwm, p);
  const double voice = clampd(finite_or(p.voice, 0.5), -100.0, 100.0);
  const double ratio2 = std::exp2(-clampd(finite_or(p.semitone, 12.0), -96.0, 96.0) / 12.0);
  const MoogFilter m = MoogFilter::of(p);
  const double rate = clampd(finite_or(p.lfo_rate, 1.0), 1e-3, 1e3);
  const Envelope env = env_analog(0.05, 0.2, 0.95, clampd(finite_or(p.decay, 0.0), -4.0, 4.0), -3.0, c.sustain);
  const Envelope fenv = env_pairs({0.0, 0.1, 0.4, 0.9, 1.0}, {0.1, 1.0, 0.5, 0.2, 0.2}, -3.0, c.sustain / rate);
  return render_frames<PwmState>(st, c.rate, elapsed, l, r, n, [&](PwmState& s, double t, float& ol, float& orr) {
    const double base = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    const double dt0 = clampd(base / c.rate, 0.0, 0.45), dt1 = clampd(base * ratio2 / c.rate, 0.0, 0.45);
    const double d0 = line_at(0.0, voice, c.sustain, t);
    const double d1 = line_at(0.1, 0.1 + voice, c.sustain, t) * ratio2;
    double x = 0.7 * blep_pulse(s.osc[0], dt0, 0.5) * blep_pulse(wrap_phase(s.osc[0] - d0), dt0, 0.5);
    x += 0.3 * blep_pulse(s.osc[1], dt1, 0.5) * blep_pulse(wrap_phase(s.osc[1] - d1), dt1, 0.5);
    s.osc[0] = wrap_phase(s.osc[0] + dt0);
    s.osc[1] = wrap_phase(s.osc[1] + dt1);
    const double cutoff = m.cutoff(base, 0.5 * (std::sin(kTwoPi * s.lfo) + 1.0));
    s.lfo = wrap_phase(s.lfo + base / 32.0 * rate / c.rate);
    double y = s.ladder1.tick(x, ladder_g(cutoff, c.rate), m.k);
    y = s.ladder2.tick(y, ladder_g(std::min(fenv.at(t) * m.high(base) * 1.1, 22000.0), c.rate), 3.0);
    ol = orr = static_cast<float>(std::tanh(y) * 5.0 * kGain * env.at(t));
  });
}

}  // namespace phonon::synth_detail
