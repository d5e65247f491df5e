// gabor: SuperDirt's Gabor grain: a cosine at freq under a Gaussian bell (LFGauss, `width` 0.3 of the half-length)
// that spans the sustain; it ends at the sustain.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct GaborState {
  double phase;
};

}  // namespace

int64_t gabor_total_frames(const SynthParams& p) { return sustain_frames(SynthId::Gabor, p, 1.0); }

void gabor_start(const SynthParams&, SynthState& st) { store_state(st, GaborState{0.25}); }  // SinOsc phase pi/2

int gabor_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::Gabor, p);
  const double width = clampd(finite_or(p.width, 0.3), 1e-3, 10.0);
  const double sus = std::max(c.sustain, 1e-6);
  return render_frames<GaborState>(st, c.rate, elapsed, l, r, n, [&](GaborState& s, double t, float& ol, float& orr) {
    const double x = 2.0 * t / sus - 1.0;
    const double y = std::sin(kTwoPi * s.phase) * std::exp(-x * x / (2.0 * width * width));
    s.phase = wrap_phase(s.phase + clampd(c.freq / c.rate, 0.0, 0.5));
    ol = orr = static_cast<float>(y);
  });
}

}  // namespace phonon::synth_detail
