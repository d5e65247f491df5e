// superhat: SuperDirt's hi-hat (after Rumble-San): white noise low-passed at 3 f and high-passed at f, with
// f = 2000 Hz * (n/5 + 1).wrap(0.5, 2) (n from the note), under Env.linen(0.01, 0, 0.3, curve -3) stretched by
// sustain. `accelerate` sweeps f by (1 -> 1 + accelerate) over 0.2 * sustain.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct HatState {
  Svf lpf;
  Svf hpf;
  Rng rng;
};

constexpr double kGain = 1.0;

}  // namespace

int64_t superhat_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperHat, p, 0.31); }

void superhat_start(const SynthParams& p, SynthState& st) { start_with_rng<HatState>(p, st, 5); }

int superhat_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperHat, p);
  const Envelope env = env_linen(0.01, 0.0, 0.3, 1.0, -3.0, c.sustain);
  const double base = 2000.0 * sc_wrap(note_of(c.freq) / 5.0 + 1.0, 0.5, 2.0);
  const double sweep_dur = 0.2 * c.sustain;
  const double g_lp = svf_g(3.0 * base, c.rate), g_hp = svf_g(base, c.rate);
  return render_frames<HatState>(st, c.rate, elapsed, l, r, n, [&](HatState& s, double t, float& ol, float& orr) {
    double x;
    if (c.accelerate != 0.0) {
      const double f = base * line_at(1.0, 1.0 + c.accelerate, sweep_dur, t);
      x = sc_hpf(s.hpf, sc_lpf(s.lpf, s.rng.white(), 3.0 * f, c.rate), f, c.rate);
    } else {
      x = s.hpf.tick(s.lpf.tick(s.rng.white(), g_lp, kButterworthK).lp, g_hp, kButterworthK).hp;
    }
    ol = orr = static_cast<float>(x * env.at(t) * kGain);
  });
}

}  // namespace phonon::synth_detail
