// supersnare: SuperDirt's snare (after Rumble-San): a 100 Hz pulse through a low-pass that sweeps 1030 -> 30 Hz
// over 0.2 * sustain, plus white noise (high-passed at 500 Hz, band-passed at 1500 Hz) fading out over
// 0.2 * decay s, under Env.linen(0.01, 0, 0.6, curve -3) stretched by sustain. The note varies the pulse pitch as
// SuperDirt's (n/5 + 1).wrap(0.5, 2); `accelerate` glides it over 0.2 s.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct SnareState {
  double phase;
  Svf tone_lpf;
  Svf noise_hpf;
  Svf noise_bpf;
  Rng rng;
};

constexpr double kGain = 1.0;

}  // namespace

int64_t supersnare_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperSnare, p, 0.61); }

void supersnare_start(const SynthParams& p, SynthState& st) { start_with_rng<SnareState>(p, st, 4); }

int supersnare_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const int live = live_frames(st, elapsed, l, r, n);
  if (live == 0) return 0;
  Common c = resolve_common(SynthId::SuperSnare, p);
  SnareState s = load_state<SnareState>(st);
  const Envelope env = env_linen(0.01, 0.0, 0.6, 1.0, -3.0, c.sustain);
  const double base = 100.0 * sc_wrap(note_of(c.freq) / 5.0 + 1.0, 0.5, 2.0);
  const double decay = clampd(finite_or(p.decay, 1.0), 0.0, 1e3);
  const double noise_dur = 0.2 * decay;
  const double sweep_dur = 0.2 * c.sustain;
  const double g_hp = svf_g(500.0, c.rate);
  const double g_bp = svf_g(1500.0, c.rate);
  const double k_bp = 1.0;  // rq = 1
  for (int i = 0; i < live; ++i) {
    const double t = static_cast<double>(elapsed + i) / c.rate;
    const double f = base * line_at(1.0, 1.0 + c.accelerate, 0.2, t);
    const double dt = clampd(f / c.rate, 0.0, 0.5);
    double tone = 0.5 * blep_pulse(s.phase, dt, 0.5);  // SuperCollider's Pulse swings +-0.5
    s.phase = wrap_phase(s.phase + dt);
    tone = s.tone_lpf.tick(tone, svf_g(line_at(1030.0, 30.0, sweep_dur, t), c.rate), kButterworthK).lp;
    double noise = 0.0;
    if (t < noise_dur) {
      double w = s.noise_hpf.tick(s.rng.white(), g_hp, kButterworthK).hp;
      noise = k_bp * s.noise_bpf.tick(w, g_bp, k_bp).bp * line_at(1.0, 0.0, noise_dur, t);
    }
    float y = static_cast<float>((tone + noise) * env.at(t) * kGain);
    l[i] = y;
    r[i] = y;
  }
  store_state(st, s);
  return live;
}

}  // namespace phonon::synth_detail
