// superchip: SuperDirt's chip-tune voice on the AY-3-8910 emulation: three square waves at freq, `pitch2` (2) and
// `pitch3` (3) times it, each quantised to the chip's tone period (110300 / f, whole numbers); `voice` (0) switches
// them on and off as SuperDirt does (a on while voice < 0.5, b while (2 voice) mod 1 < 0.5, c while (4 voice) mod 1
// < 0.5). `slide` (0) adds a linear glide of slide * 100 Hz, wrapped to +-slide * 100 Hz and repeated `rate` (1)
// times over the sustain. tanh(sum / 2) * 2 under Env.linen(0.01, 0.98, 0.01, curve -1). `accelerate` glides
// the pitch. The chip's level per square was measured from SuperDirt.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr double kToneClock = 110300.0;
constexpr double kSquare = 0.116;  // half of one channel's square at volume 15 (measured)

struct ChipState {
  double phase[3];
  double lp;
};

double chip_freq(double f) {
  if (f <= 0.0) return 0.0;
  const double period = std::max(1.0, std::round(kToneClock / f));
  return kToneClock / period;
}

}  // namespace

int64_t superchip_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperChip, p, 1.0); }

void superchip_start(const SynthParams&, SynthState& st) { store_state(st, ChipState{}); }

int superchip_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperChip, p);
  const double voice = clampd(finite_or(p.voice, 0.0), -1e3, 1e3);
  const double slide = clampd(finite_or(p.slide, 0.0), -1e3, 1e3) * 100.0;
  const double rate = clampd(finite_or(p.lfo_rate, 1.0), -1e3, 1e3);
  const double ratio[3] = {1.0, clampd(finite_or(p.pitch2, 2.0), 0.0, 100.0),
                           clampd(finite_or(p.pitch3, 3.0), 0.0, 100.0)};
  const double on[3] = {voice < 0.5 ? 1.0 : 0.0, std::fmod(2.0 * voice, 1.0) < 0.5 ? 1.0 : 0.0,
                        std::fmod(4.0 * voice, 1.0) < 0.5 ? 1.0 : 0.0};
  const Envelope env = env_linen(0.01, 0.98, 0.01, 1.0, -1.0, c.sustain);
  return render_frames<ChipState>(st, c.rate, elapsed, l, r, n, [&](ChipState& s, double t, float& ol, float& orr) {
    double base = c.freq;
    if (slide != 0.0) {
      const double ramp = slide * line_at(-1.0, 1.0 + (2.0 * rate - 2.0), c.sustain, t);
      base += sc_wrap(ramp, -std::fabs(slide), std::fabs(slide));
    }
    base *= line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    double y = 0.0;
    for (int k = 0; k < 3; ++k) {
      const double dt = clampd(chip_freq(base * ratio[k]) / c.rate, 0.0, 0.5);
      if (on[k] != 0.0) y += s.phase[k] < 0.5 ? 2.0 * kSquare : 0.0;  // the chip's squares: unipolar, not band-limited
      s.phase[k] = wrap_phase(s.phase[k] + dt);
    }
    ol = orr = static_cast<float>(std::tanh(y / 2.0) * 2.0 * env.at(t));
  });
}

}  // namespace phonon::synth_detail
