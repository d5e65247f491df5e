// super808: SuperDirt's vaguely 808-ish kick: a feedback sine (SinOscFB, feedback `voice`, 0) whose pitch falls
// exponentially from freq.expexp(10, 2000, 1000, 8000) to freq over 0.025 / `rate` s, low-passed at 9 kHz, under
// Env.linen(0.01, 0, 1, curve -3) stretched by sustain. freq = (n * 10) as a MIDI note, with Tidal's n itself
// (n below 1 gets 3 added, as in SuperDirt: n 0 is a 46 Hz kick); `accelerate` glides it over the sustain.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct Kick808State {
  double phase, prev;
  Svf lpf;
};

}  // namespace

int64_t super808_total_frames(const SynthParams& p) { return sustain_frames(SynthId::Super808, p, 1.01); }

void super808_start(const SynthParams&, SynthState& st) { store_state(st, Kick808State{}); }

int super808_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::Super808, p);
  double nn = note_of(c.freq);
  nn = (nn > 0.0 ? nn : 0.0) + (nn < 1.0 ? 3.0 : 0.0);
  const double freq = 440.0 * std::exp2((nn * 10.0 - 69.0) / 12.0);
  const double start = 1000.0 * std::pow(8.0, std::log(clampd(freq, 10.0, 2000.0) / 10.0) / std::log(200.0));
  const double sweep = 0.025 / clampd(finite_or(p.lfo_rate, 1.0), 1e-3, 1e3);
  const double fb = clampd(finite_or(p.voice, 0.0), -10.0, 10.0);
  const Envelope env = env_linen(0.01, 0.0, 1.0, 1.0, -3.0, c.sustain);
  return render_frames<Kick808State>(
      st, c.rate, elapsed, l, r, n, [&](Kick808State& s, double t, float& ol, float& orr) {
        const double f = xline_at(start, freq, sweep, t) * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
        const double y = std::sin(kTwoPi * s.phase + fb * s.prev);
        s.prev = y;
        s.phase = wrap_phase(s.phase + clampd(f / c.rate, -0.5, 0.5));
        ol = orr = static_cast<float>(sc_lpf(s.lpf, y, 9000.0, c.rate) * env.at(t));
      });
}

}  // namespace phonon::synth_detail
