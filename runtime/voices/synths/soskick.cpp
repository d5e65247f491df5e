// soskick: SuperDirt's SOS kick (Gordon Reid's recipe via Renick Bell): a sine gliding from 2 freq to freq in
// 20 ms, phase-modulated at `pitch1` Hz (0) with index `voice` (1), low-passed at 1 kHz; plus a beater of white
// noise at level `pitch2` (0, clipped to 0..1), high-passed at 500 Hz and low-passed by a sweep 6000 -> 500 Hz over
// `speed` * 0.1 s (SuperDirt always sends speed, 1 by default), under Env.perc(0.01, 1). All at +3 dB under
// Env.perc(0.005, sustain).
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct SosKickState {
  double car, mod;
  Svf lpf, beater_hpf, beater_lpf;
  Rng rng;
};

}  // namespace

int64_t soskick_total_frames(const SynthParams& p) { return perc_frames(SynthId::SosKick, p, 0.005); }

void soskick_start(const SynthParams& p, SynthState& st) { start_with_rng<SosKickState>(p, st, 11); }

int soskick_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SosKick, p);
  const double modf = clampd(finite_or(p.pitch1, 0.0), 0.0, 0.5 * c.rate);
  const double index = clampd(finite_or(p.voice, 1.0), -1e3, 1e3);
  const double noise = clampd(finite_or(p.pitch2, 0.0), 0.0, 1.0);
  const double sweep = clampd(finite_or(p.speed, 1.0), 0.0, 1.0) * 0.1;
  const Envelope env = env_perc(0.005, c.sustain);
  const Envelope beater_env = env_perc(0.01, 1.0);
  const double gain = std::pow(10.0, 3.0 / 20.0);
  return render_frames<SosKickState>(
      st, c.rate, elapsed, l, r, n, [&](SosKickState& s, double t, float& ol, float& orr) {
        const double f = line_at(2.0 * c.freq, c.freq, 0.02, t);
        double y = std::sin(kTwoPi * s.car + index * std::sin(kTwoPi * s.mod));
        s.car = wrap_phase(s.car + clampd(f / c.rate, 0.0, 0.5));
        s.mod = wrap_phase(s.mod + modf / c.rate);
        y = sc_lpf(s.lpf, y, 1000.0, c.rate);
        double b = s.rng.white() * noise;
        b = sc_hpf(s.beater_hpf, b, 500.0, c.rate);
        b = sc_lpf(s.beater_lpf, b, sweep > 0.0 ? xline_at(6000.0, 500.0, sweep, t) : 500.0, c.rate) * beater_env.at(t);
        ol = orr = static_cast<float>((y + b) * gain * env.at(t));
      });
}

}  // namespace phonon::synth_detail
