// supersiren: SuperDirt's siren: a VarSaw whose width moves 0.05 -> 1 over the sustain and whose pitch rises to
// 4 * freq and back (freq * (1 + Env.linen(0.25, 0.5, 0.25, 3) over sustain)), under
// Env.linen(0.05, 0.9, 0.05, curve -2) over sustain. `accelerate` glides the pitch.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct SirenState {
  double phase;
};

}  // namespace

int64_t supersiren_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperSiren, p, 1.0); }

void supersiren_start(const SynthParams&, SynthState& st) { store_state(st, SirenState{}); }

int supersiren_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperSiren, p);
  const Envelope env = env_linen(0.05, 0.9, 0.05, 1.0, -2.0, c.sustain);
  const Envelope rise = env_linen(0.25, 0.5, 0.25, 3.0, 0.0, c.sustain);
  return render_frames<SirenState>(st, c.rate, elapsed, l, r, n, [&](SirenState& s, double t, float& ol, float& orr) {
    const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t) * (1.0 + rise.at(t));
    const double y = varsaw(s.phase, line_at(0.05, 1.0, c.sustain, t));
    s.phase = wrap_phase(s.phase + clampd(f / c.rate, 0.0, 0.5));
    ol = orr = static_cast<float>(y * env.at(t));
  });
}

}  // namespace phonon::synth_detail
