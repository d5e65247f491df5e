// superstatic: SuperDirt's impulse noise: random impulses (Dust at 40 * freq per second, half of them loud enough)
// each advance a half-level pulse wave by 4 * freq / rate of a cycle, so it flips at random moments; under a half
// sine of level 0.5 over sustain (Env.sine). `accelerate` glides the density. Approximate: SuperCollider's Pulse at
// a momentary frequency is modelled as this stepping naive pulse.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

// Pulse amplitude matched to SuperDirt's measured level (its Pulse at momentary frequencies overshoots).
constexpr double kLevel = 0.77;

struct StaticState {
  double phase;
  Rng rng;
};

}  // namespace

int64_t superstatic_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperStatic, p, 1.0); }

void superstatic_start(const SynthParams& p, SynthState& st) { start_with_rng<StaticState>(p, st, 16); }

int superstatic_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperStatic, p);
  return render_frames<StaticState>(st, c.rate, elapsed, l, r, n, [&](StaticState& s, double t, float& ol, float& orr) {
    const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    const double density = clampd(40.0 * f / c.rate, 0.0, 1.0);
    // Dust: an impulse with this probability, its height uniform in 0..1; only heights above 0.5 count.
    if (s.rng.unit() < density && s.rng.unit() > 0.5)
      s.phase = wrap_phase(s.phase + clampd(4.0 * f / c.rate, 0.0, 0.5));
    const double y = s.phase < 0.5 ? kLevel : -kLevel;
    ol = orr = static_cast<float>(y * env_sine_at(c.sustain, 0.5, t));
  });
}

}  // namespace phonon::synth_detail
