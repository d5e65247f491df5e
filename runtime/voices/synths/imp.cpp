// imp: SuperDirt's "modulated band limited impulse" (default-synths): four band-limited impulse trains (Blip) at
// f * 1, 1.25, 1.51, 1.42, summed, whose harmonic count grows from 0 to a random 80..118 (drawn per voice) over
// the sustain, each capped below Nyquist; under Env.perc(0.01, 0.99, curve -1) stretched by sustain.
// Pitch: the pitch rate `speed` + `accelerate` * t (seconds), clipped to 0..1, maps exponentially to 1 Hz..freq,
// so accelerate < 0 sweeps the trains down towards 1 Hz and accelerate > 0 changes nothing, as SuperDirt's.
// The harmonic count changes at SuperCollider's control rate (64 frames), crossfaded over that block as Blip does.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr double kRatio[4] = {1.0, 1.25, 1.51, 1.42};
constexpr int kControlBlock = 64;

struct ImpState {
  double phase[4];  // half-angle phase of each train, radians in [0, pi)
  int harm[4];      // harmonics in the current control block
  int prev[4];      // harmonics of the previous control block (crossfaded from)
  double top;       // the harmonic count reached at the end of the sustain (80..118)
};

// A band-limited impulse train with n harmonics of equal level at half-angle x: (1/n) sum_k cos(2 k x), peak 1.
double blip(double x, int n) {
  const double s = std::sin(x);
  if (std::fabs(s) < 1e-5) return 1.0;
  return (std::sin((2 * n + 1) * x) / s - 1.0) * (0.5 / n);
}

}  // namespace

int64_t imp_total_frames(const SynthParams& p) { return sustain_frames(SynthId::Imp, p, 1.0); }

void imp_start(const SynthParams& p, SynthState& st) {
  ImpState s{};
  Rng rng = Rng::seeded(p.seed, 27);
  s.top = 80.0 * std::pow(118.0 / 80.0, rng.unit());  // ExpRand(80, 118)
  for (int k = 0; k < 4; ++k) s.harm[k] = s.prev[k] = 1;
  store_state(st, s);
}

int imp_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::Imp, p);
  const double speed = clampd(finite_or(p.speed, 1.0), -1e3, 1e3);
  const Envelope env = env_perc(0.01 * c.sustain, 0.99 * c.sustain, 1.0, -1.0);
  const double sus = std::max(c.sustain, 1e-6);
  int64_t frame = elapsed;
  return render_frames<ImpState>(st, c.rate, elapsed, l, r, n, [&](ImpState& s, double t, float& ol, float& orr) {
    const double pos = clampd(speed + c.accelerate * t, 0.0, 1.0);
    const double f = std::pow(std::max(c.freq, 1.0), pos);
    const int in_block = static_cast<int>(frame % kControlBlock);
    if (in_block == 0) {
      const double want = s.top * line_at(0.0, 1.0, sus, t);
      for (int k = 0; k < 4; ++k) {
        const int most = std::max(1, static_cast<int>(0.5 * c.rate / (f * kRatio[k])));
        s.prev[k] = s.harm[k];
        s.harm[k] = std::clamp(static_cast<int>(want), 1, most);
      }
    }
    const double fade = static_cast<double>(in_block) / kControlBlock;
    double y = 0.0;
    for (int k = 0; k < 4; ++k) {
      const double now = blip(s.phase[k], s.harm[k]);
      y += s.prev[k] == s.harm[k] ? now : blip(s.phase[k], s.prev[k]) + (now - blip(s.phase[k], s.prev[k])) * fade;
      s.phase[k] += kPi * clampd(f * kRatio[k] / c.rate, 0.0, 0.5);
      if (s.phase[k] >= kPi) s.phase[k] -= kPi;
    }
    ++frame;
    ol = orr = static_cast<float>(y * env.at(t));
  });
}

}  // namespace phonon::synth_detail
