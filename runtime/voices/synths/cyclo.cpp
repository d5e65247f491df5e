// cyclo: SuperDirt's "shepard on a cycle" (default-synths): the mean of 16 sines, the k-th (k = 1..16) at
// ((cycle * speed) mod (k * `ratio` + progress) + 1) * freq * (speed + accelerate * t), where `cycle` is the
// event's cycle position (as Tidal sends it), `speed` (1), `ratio` (1) and progress 0 (SuperDirt's begin/end
// line, which is 0 for synths); so on cycle 0 every sine sits at freq, and later cycles spread them over the
// harmonics. Env.perc(0.01, 0.99, curve -1) stretched by sustain.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kSines = 16;

struct CycloState {
  double phase[kSines];
};

}  // namespace

int64_t cyclo_total_frames(const SynthParams& p) { return sustain_frames(SynthId::Cyclo, p, 1.0); }

void cyclo_start(const SynthParams&, SynthState& st) { store_state(st, CycloState{}); }

int cyclo_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::Cyclo, p);
  const double speed = clampd(finite_or(p.speed, 1.0), -1e3, 1e3);
  const double ratio = clampd(finite_or(p.ratio, 1.0), -1e3, 1e3);
  const double pos = clampd(finite_or(p.cycle, 0.0), -1e9, 1e9) * speed;
  double mult[kSines];
  for (int k = 0; k < kSines; ++k) {
    const double m = (k + 1) * ratio;
    // SuperCollider's float modulo takes the sign of the divisor (floor division); mod 0 is 0.
    mult[k] = (m == 0.0 ? 0.0 : pos - m * std::floor(pos / m)) + 1.0;
  }
  const Envelope env = env_perc(0.01 * c.sustain, 0.99 * c.sustain, 1.0, -1.0);
  return render_frames<CycloState>(st, c.rate, elapsed, l, r, n, [&](CycloState& s, double t, float& ol, float& orr) {
    const double f = c.freq * (speed + c.accelerate * t);
    double y = 0.0;
    for (int k = 0; k < kSines; ++k) {
      y += std::sin(kTwoPi * s.phase[k]);
      s.phase[k] = wrap_phase(s.phase[k] + clampd(f * mult[k] / c.rate, -0.5, 0.5));
    }
    ol = orr = static_cast<float>(y / kSines * env.at(t));
  });
}

}  // namespace phonon::synth_detail
