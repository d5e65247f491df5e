// superclap: SuperDirt's hand clap (after Rumble-San): white noise low-passed at 7.5 kHz and band-passed at 1.5 kHz
// (both * `pitch1`, 1), heard as four bursts: burst i starts after 0.005 * `delay` (1) * i^(n + 1) s (n clipped to
// 0..5) and fades out over 0.04 / `rate` s, each at 0.5; under Env.linen(0.01, 0, 0.6, curve -3) over sustain.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct ClapState {
  Svf lpf, bpf;
  Rng rng;
};

}  // namespace

int64_t superclap_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperClap, p, 0.61); }

void superclap_start(const SynthParams& p, SynthState& st) { start_with_rng<ClapState>(p, st, 13); }

int superclap_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperClap, p);
  const double pitch1 = clampd(finite_or(p.pitch1, 1.0), 1e-3, 100.0);
  const double spread = 0.005 * clampd(finite_or(p.delay, 1.0), 0.0, 1e3);
  const double fade = 0.04 / clampd(finite_or(p.lfo_rate, 1.0), 1e-3, 1e3);
  const double power = clampd(note_of(c.freq), 0.0, 5.0) + 1.0;
  double start[4];
  for (int i = 0; i < 4; ++i) start[i] = spread * std::pow(static_cast<double>(i), power);
  const Envelope env = env_linen(0.01, 0.0, 0.6, 1.0, -3.0, c.sustain);
  return render_frames<ClapState>(st, c.rate, elapsed, l, r, n, [&](ClapState& s, double t, float& ol, float& orr) {
    double x = sc_lpf(s.lpf, s.rng.white(), 7500.0 * pitch1, c.rate);
    x = sc_bpf(s.bpf, x, 1500.0 * pitch1, 1.0, c.rate);
    double bursts = 0.0;
    for (double b : start)
      if (t >= b && t < b + fade) bursts += 0.5 * (1.0 - (t - b) / fade);
    ol = orr = static_cast<float>(x * bursts * env.at(t));
  });
}

}  // namespace phonon::synth_detail
