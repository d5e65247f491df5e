// sossnare: SuperDirt's SOS snare: a sine phase-modulated at `semitone` (0.452) * freq with index `voice` (0.385)
// whose carrier frequency is a saw at 0.85 freq (so it barely moves), plus white noise (0.1) sampled and held at
// 3400 Hz, through band-rejects at 4, 2.5 and 1.8 * `pitch1` (2000 Hz; rq `resonance`, 0.1; each halving), a fourth
// at pitch1 scaled by Env.perc(0.005, sustain, -4), and a resonator at pitch1 (x 40). All at +4 dB under
// Env.perc(0.005, sustain, 0.5).
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct SosSnareState {
  double saw, car, mod;
  double held, latch;  // sample-and-hold value and its clock phase
  Svf brf[4], res;
  Rng rng;
};

}  // namespace

int64_t sossnare_total_frames(const SynthParams& p) { return perc_frames(SynthId::SosSnare, p, 0.005); }

void sossnare_start(const SynthParams& p, SynthState& st) {
  SosSnareState s{};
  s.rng = Rng::seeded(p.seed, 12);
  s.latch = 1.0;  // the hold clock fires on the first frame
  store_state(st, s);
}

int sossnare_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SosSnare, p);
  const double index = clampd(finite_or(p.voice, 0.385), -1e3, 1e3);
  const double semi = clampd(finite_or(p.semitone, 0.452), 0.0, 100.0);
  const double p1 = clampd(finite_or(p.pitch1, 2000.0), 10.0, 0.1 * c.rate);
  const double rq = clampd(finite_or(p.resonance, 0.1), 1e-3, 1.0);
  const Envelope env = env_perc(0.005, c.sustain, 0.5);
  const Envelope notch_env = env_perc(0.005, c.sustain, -4.0);
  const double gain = std::pow(10.0, 4.0 / 20.0);
  return render_frames<SosSnareState>(st, c.rate, elapsed, l, r, n,
                                      [&](SosSnareState& s, double t, float& ol, float& orr) {
                                        const double sd = clampd(0.85 * c.freq / c.rate, 0.0, 0.5);
                                        const double carf = blep_saw(s.saw, sd);
                                        s.saw = wrap_phase(s.saw + sd);
                                        const double tone = std::sin(kTwoPi * s.car + index * std::sin(kTwoPi * s.mod));
                                        s.car = wrap_phase(s.car + carf / c.rate);
                                        s.mod = wrap_phase(s.mod + clampd(semi * c.freq / c.rate, 0.0, 0.5));
                                        if (s.latch >= 1.0) {
                                          s.latch -= 1.0;
                                          s.held = 0.1 * s.rng.white();
                                        }
                                        s.latch += 3400.0 / c.rate;
                                        double x = 0.5 * sc_brf(s.brf[0], s.held, 4.0 * p1, rq, c.rate);
                                        x = 0.5 * sc_brf(s.brf[1], x, 2.5 * p1, rq, c.rate);
                                        x = 0.5 * sc_brf(s.brf[2], x, 1.8 * p1, rq, c.rate);
                                        x = notch_env.at(t) * sc_brf(s.brf[3], x, p1, rq, c.rate);
                                        x = 40.0 * sc_bpf(s.res, x, p1, 1.0, c.rate);
                                        ol = orr = static_cast<float>((tone + x) * gain * env.at(t));
                                      });
}

}  // namespace phonon::synth_detail
