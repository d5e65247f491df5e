// sostoms: SuperDirt's SOS tom: a sine phase-modulated at 0.85 freq with index `voice` (0.5) whose carrier
// frequency is a saw at 0.9 freq (so the carrier barely moves), at +6 dB and counted twice (SuperDirt adds it to
// each of two sines, at freq and 0.8 freq, then mixes them), plus Crackle(2) noise, DC-blocked, at -3 dB, under
// Env.perc(0.005, sustain, -4 dB, curve -6).
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct SosTomsState {
  double saw, car, mod, s1, s2;
  double cr1, cr2;  // Crackle's last two outputs
  LeakDc dc;
};

}  // namespace

int64_t sostoms_total_frames(const SynthParams& p) { return perc_frames(SynthId::SosToms, p, 0.005); }

void sostoms_start(const SynthParams&, SynthState& st) {
  SosTomsState s{};
  s.cr1 = 0.3;  // Crackle's start value
  store_state(st, s);
}

int sostoms_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SosToms, p);
  const double index = clampd(finite_or(p.voice, 0.5), -1e3, 1e3);
  const Envelope env = env_perc(0.005, c.sustain, std::pow(10.0, -4.0 / 20.0), -6.0);
  const double pm_gain = std::pow(10.0, 6.0 / 20.0), out_gain = std::pow(10.0, -3.0 / 20.0);
  return render_frames<SosTomsState>(
      st, c.rate, elapsed, l, r, n, [&](SosTomsState& s, double t, float& ol, float& orr) {
        const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
        const double sd = clampd(0.9 * f / c.rate, 0.0, 0.5);
        const double carf = blep_saw(s.saw, sd);
        s.saw = wrap_phase(s.saw + sd);
        double x = 2.0 * pm_gain * std::sin(kTwoPi * s.car + index * std::sin(kTwoPi * s.mod));
        s.car = wrap_phase(s.car + carf / c.rate);
        s.mod = wrap_phase(s.mod + clampd(0.85 * f / c.rate, 0.0, 0.5));
        x += std::sin(kTwoPi * s.s1) + std::sin(kTwoPi * s.s2);
        s.s1 = wrap_phase(s.s1 + clampd(f / c.rate, 0.0, 0.5));
        s.s2 = wrap_phase(s.s2 + clampd(0.8 * f / c.rate, 0.0, 0.5));
        const double crackle = clampd(std::fabs(s.cr1 * 2.0 - s.cr2 - 0.05), 0.0, 4.0);
        s.cr2 = s.cr1;
        s.cr1 = crackle;
        ol = orr = static_cast<float>(s.dc.tick(x + crackle, c.rate) * out_gain * env.at(t));
      });
}

}  // namespace phonon::synth_detail
