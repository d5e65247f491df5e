// supersquare: SuperDirt's moog-inspired square: a band-limited pulse of width `voice` (0.5) at 0.7 plus one
// `semitone` semitones below at 0.3, through a 4-pole Moog ladder whose cutoff a sine LFO (freq/64 * rate) sweeps
// between freq*10*pitch1 and that * (1 + lfo), resonance * 4, then tanh. Same envelope as supersaw. Width exactly
// 0 or 1 is silent, as in SuperDirt.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct SquareState {
  double osc[2];
  double lfo;
  Ladder ladder;
};

constexpr double kGain = 1.0;

}  // namespace

int64_t supersquare_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperSquare, p, 1.0); }

void supersquare_start(const SynthParams& p, SynthState& st) {
  SquareState s{};
  store_state(st, s);
}

int supersquare_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const int live = live_frames(st, elapsed, l, r, n);
  if (live == 0) return 0;
  Common c = resolve_common(SynthId::SuperSquare, p);
  SquareState s = load_state<SquareState>(st);
  const Envelope env = env_analog(0.05, 0.2, 0.95, clampd(finite_or(p.decay, 0.0), -4.0, 4.0), -3.0, c.sustain);
  const double width = clampd(finite_or(p.voice, 0.5), 0.0, 1.0);
  const double semis = clampd(finite_or(p.semitone, 12.0), -96.0, 96.0);
  const double ratio2 = std::exp2(-semis / 12.0);
  const MoogFilter m = MoogFilter::of(p);
  for (int i = 0; i < live; ++i) {
    const double t = static_cast<double>(elapsed + i) / c.rate;
    const double base = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    const double dt0 = clampd(base / c.rate, 0.0, 0.45);
    const double dt1 = clampd(base * ratio2 / c.rate, 0.0, 0.45);
    const double mix = 0.7 * blep_pulse(s.osc[0], dt0, width) + 0.3 * blep_pulse(s.osc[1], dt1, width);
    s.osc[0] = wrap_phase(s.osc[0] + dt0);
    s.osc[1] = wrap_phase(s.osc[1] + dt1);
    const double cutoff = m.cutoff(base, 0.5 * (std::sin(kTwoPi * s.lfo) + 1.0));
    s.lfo = wrap_phase(s.lfo + base / 64.0 * m.lfo_rate / c.rate);
    const double y = std::tanh(s.ladder.tick(mix, ladder_g(cutoff, c.rate), m.k)) * kGain * env.at(t);
    l[i] = r[i] = static_cast<float>(y);
  }
  store_state(st, s);
  return live;
}

}  // namespace phonon::synth_detail
