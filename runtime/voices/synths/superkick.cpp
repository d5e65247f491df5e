// superkick: SuperDirt's kick (after Rumble-San): a sine at the kick pitch plus a short low-passed noise click,
// under Env.linen(0.01, 0, 0.5, curve -3) stretched by sustain. The kick pitch is SuperDirt's (n - 25.5).midicps
// with n Tidal's `n` itself (not a MIDI note): 1.9 Hz at n 0, so the default kick is mostly its click, as in
// SuperDirt; n 60 gives a 60 Hz kick. `pitch1` scales the click filter
// (1500 Hz), `accelerate` sweeps it over the click, `decay` scales the click length (0.02 * sustain * decay).
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct KickState {
  double phase;  // sine phase in cycles
  Svf click_lpf;
  Rng rng;
};

constexpr double kGain = 1.0;  // SuperDirt adds no gain of its own

}  // namespace

int64_t superkick_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperKick, p, 0.51); }

void superkick_start(const SynthParams& p, SynthState& st) { start_with_rng<KickState>(p, st, 3); }

int superkick_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const int live = live_frames(st, elapsed, l, r, n);
  if (live == 0) return 0;
  Common c = resolve_common(SynthId::SuperKick, p);
  KickState s = load_state<KickState>(st);
  const Envelope env = env_linen(0.01, 0.0, 0.5, 1.0, -3.0, c.sustain);
  const double kick_freq = 440.0 * std::exp2((note_of(c.freq) - 25.5 - 69.0) / 12.0);
  const double inc = kick_freq / c.rate;
  const double decay = clampd(finite_or(p.decay, 1.0), 0.0, 1e3);
  const double click_dur = 0.02 * c.sustain * decay;
  const double pitch1 = clampd(finite_or(p.pitch1, 1.0), 0.0, 100.0);
  const bool sweep = c.accelerate != 0.0;
  double g = svf_g(1500.0 * pitch1, c.rate);
  for (int i = 0; i < live; ++i) {
    const double t = static_cast<double>(elapsed + i) / c.rate;
    double x = std::sin(kTwoPi * s.phase);
    s.phase = wrap_phase(s.phase + inc);
    if (t < click_dur) {
      if (sweep) g = svf_g(1500.0 * pitch1 * line_at(1.0, 1.0 + c.accelerate, click_dur, t), c.rate);
      x += s.click_lpf.tick(s.rng.white(), g, kButterworthK).lp * line_at(1.0, 0.0, click_dur, t);
    }
    float y = static_cast<float>(x * env.at(t) * kGain);
    l[i] = y;
    r[i] = y;
  }
  store_state(st, s);
  return live;
}

}  // namespace phonon::synth_detail
