// soshats: SuperDirt's SOS hi-hat: four phase-modulated sines at freq * (1.34, 2.405, 3.09, 1.309) with indices
// `pitch1` (238.5) * (1, 0.22, 0.014, 0.0038), whose carrier frequency is a pulse at freq (so the carrier barely
// moves: the sound is the modulators' harmonics); band-passed by a sweep 15 -> 9 kHz (rq = `resonance`, 1) plus
// high-passed by a sweep 9 -> 12 kHz, each under Env.perc(0.005, sustain), at -5 dB under Env.perc(0.005, sustain).
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr double kRatios[4] = {1.34, 2.405, 3.09, 1.309};
constexpr double kIndex[4] = {1.0, 0.22, 0.014, 0.0038};

struct SosHatsState {
  double pulse;   // phase of the pulse that drives the carrier frequency
  double car[4];  // carrier phases (cycles)
  double mod[4];  // modulator phases
  Svf bpf, hpf;
};

}  // namespace

int64_t soshats_total_frames(const SynthParams& p) { return perc_frames(SynthId::SosHats, p, 0.005); }

void soshats_start(const SynthParams&, SynthState& st) { store_state(st, SosHatsState{}); }

int soshats_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SosHats, p);
  const double pitch1 = clampd(finite_or(p.pitch1, 238.5), -1e5, 1e5);
  const double rq = clampd(finite_or(p.resonance, 1.0), 0.0, 1.0);
  const double sus = std::max(c.sustain, 1e-4);
  const Envelope env = env_perc(0.005, c.sustain);
  const double gain = std::pow(10.0, -5.0 / 20.0);
  return render_frames<SosHatsState>(
      st, c.rate, elapsed, l, r, n, [&](SosHatsState& s, double t, float& ol, float& orr) {
        const double carf = 0.5 * blep_pulse(s.pulse, clampd(c.freq / c.rate, 0.0, 0.5), 0.5);
        s.pulse = wrap_phase(s.pulse + clampd(c.freq / c.rate, 0.0, 0.5));
        double x = 0.0;
        for (int k = 0; k < 4; ++k) {
          x += std::sin(kTwoPi * s.car[k] + pitch1 * kIndex[k] * std::sin(kTwoPi * s.mod[k]));
          s.car[k] = wrap_phase(s.car[k] + carf / c.rate);
          s.mod[k] = wrap_phase(s.mod[k] + clampd(c.freq * kRatios[k] / c.rate, 0.0, 0.5));
        }
        const double e = env.at(t);
        const double b = sc_bpf(s.bpf, x, xline_at(15000.0, 9000.0, sus, t), std::max(rq, 1e-3), c.rate);
        const double h = sc_hpf(s.hpf, x, xline_at(9000.0, 12000.0, sus, t), c.rate);
        ol = orr = static_cast<float>((b + h) * e * gain * e);
      });
}

}  // namespace phonon::synth_detail
