// supersaw: SuperDirt's moog-inspired saw: three band-limited saws detuned by +-voice/50 (voice 0.5 -> +-1 %)
// plus a triangle `semitone` semitones above (phase from voice), through a 4-pole Moog ladder whose cutoff a
// triangle LFO (freq/64 * rate) sweeps between freq*10*pitch1 and that * (1 + lfo), resonance * 4, then tanh.
// Envelope: Env.pairs([0,0],[0.05,1],[0.2,1-decay],[0.95,1-decay],[1,0]), curve -3, over sustain.
// `accelerate` glides the pitch (1 -> 1+accelerate) over the sustain.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct SawState {
  double saw[3];
  double tri;
  double lfo;
  Ladder ladder;
};

// Output level after the tanh, matched to SuperDirt's measured level (its MoogFF loses less in the passband than
// this ladder, and it doubles the tanh).
constexpr double kGain = 1.23;

}  // namespace

int64_t supersaw_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperSaw, p, 1.0); }

void supersaw_start(const SynthParams& p, SynthState& st) {
  SawState s{};
  const double voice = clampd(finite_or(p.voice, 0.5), -50.0, 50.0);
  for (double& ph : s.saw) ph = 0.5;  // saws start at their zero crossing
  s.tri = wrap_phase(voice / 4.0);    // LFTri iphase (0..4 = one cycle)
  s.lfo = 0.5 / 4.0;                  // LFTri iphase 0.5
  store_state(st, s);
}

int supersaw_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const int live = live_frames(st, elapsed, l, r, n);
  if (live == 0) return 0;
  Common c = resolve_common(SynthId::SuperSaw, p);
  SawState s = load_state<SawState>(st);
  const Envelope env = env_analog(0.05, 0.2, 0.95, clampd(finite_or(p.decay, 0.0), -4.0, 4.0), -3.0, c.sustain);
  const double voice = clampd(finite_or(p.voice, 0.5), -50.0, 50.0);
  const double semis = clampd(finite_or(p.semitone, 12.0), -96.0, 96.0);
  const double ratio2 = std::exp2(semis / 12.0);
  const MoogFilter m = MoogFilter::of(p);
  for (int i = 0; i < live; ++i) {
    const double t = static_cast<double>(elapsed + i) / c.rate;
    const double base = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    double mix = 0.0;
    for (int v = 0; v < 3; ++v) {
      const double dt = clampd(base * ((v - 1) * voice / 50.0 + 1.0) / c.rate, 0.0, 0.45);
      mix += blep_saw(s.saw[v], dt);
      s.saw[v] = wrap_phase(s.saw[v] + dt);
    }
    mix = 0.5 * mix + 0.5 * tri(s.tri);
    s.tri = wrap_phase(s.tri + clampd(base * ratio2 / c.rate, 0.0, 0.45));
    const double cutoff = m.cutoff(base, 0.5 * (tri(s.lfo) + 1.0));
    s.lfo = wrap_phase(s.lfo + base / 64.0 * m.lfo_rate / c.rate);
    const double y = std::tanh(s.ladder.tick(mix, ladder_g(cutoff, c.rate), m.k)) * kGain * env.at(t);
    l[i] = r[i] = static_cast<float>(y);
  }
  store_state(st, s);
  return live;
}

}  // namespace phonon::synth_detail
