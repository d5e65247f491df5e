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
  const Common c = resolve_common(SynthId::SuperKick, p);
  const Envelope env = env_linen(0.01, 0.0, 0.5, 1.0, -3.0, c.sustain);
  const double inc = 440.0 * std::exp2((note_of(c.freq) - 25.5 - 69.0) / 12.0) / c.rate;
  const double click_dur = 0.02 * c.sustain * clampd(finite_or(p.decay, 1.0), 0.0, 1e3);
  const double click = 1500.0 * clampd(finite_or(p.pitch1, 1.0), 0.0, 100.0);
  const double g = svf_g(click, c.rate);
  return render_frames<KickState>(st, c.rate, elapsed, l, r, n, [&](KickState& s, double t, float& ol, float& orr) {
    double x = std::sin(kTwoPi * s.phase);
    s.phase = wrap_phase(s.phase + inc);
    if (t < click_dur) {
      // `accelerate` sweeps the click filter.
      const double gs = c.accelerate != 0.0 ? svf_g(click * line_at(1.0, 1.0 + c.accelerate, click_dur, t), c.rate) : g;
      x += s.click_lpf.tick(s.rng.white(), gs, kButterworthK).lp * line_at(1.0, 0.0, click_dur, t);
    }
    ol = orr = static_cast<float>(x * env.at(t) * kGain);
  });
}

}  // namespace phonon::synth_detail
