// superzow: SuperDirt's phased saws: three VarSaws at freq and freq * (1 +- `detune`/100) (`detune` 1) whose width
// opens 0 -> 0.5 over 20 * sustain / `slide` (1); the second is subtracted after a delay growing 0 -> 1 period over
// 5 * sustain / slide, the third added after one growing over 20 * sustain / slide; /2, under
// Env.pairs([0,0],[0.07,1],[0.2,1-decay],[0.95,1-decay],[1,0], curve -1) over sustain (`decay` 0). The delays are
// phase offsets of the (periodic) saws. `accelerate` glides the pitch.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

struct ZowState {
  double phase[3];
};

}  // namespace

int64_t superzow_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperZow, p, 1.0); }

void superzow_start(const SynthParams&, SynthState& st) { store_state(st, ZowState{}); }

int superzow_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperZow, p);
  const double detune = clampd(finite_or(p.detune, 1.0), -90.0, 1e3) / 100.0;
  const double slide = clampd(finite_or(p.slide, 1.0), 1e-3, 1e3);
  const double decay = clampd(finite_or(p.decay, 0.0), -4.0, 4.0);
  const double ratio[3] = {1.0, 1.0 + detune, 1.0 - detune};
  const Envelope env = env_analog(0.07, 0.2, 0.95, decay, -1.0, c.sustain);
  const double sus = std::max(c.sustain, 1e-4);
  return render_frames<ZowState>(st, c.rate, elapsed, l, r, n, [&](ZowState& s, double t, float& ol, float& orr) {
    const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    const double w = line_at(0.0, 0.5, 20.0 * sus / slide, t);
    const double d2 = line_at(0.0, 1.0, 5.0 * sus / slide, t) * ratio[1];   // periods of saw 2
    const double d3 = line_at(0.0, 1.0, 20.0 * sus / slide, t) * ratio[2];  // periods of saw 3
    const double y =
        varsaw(s.phase[0], w) - varsaw(wrap_phase(s.phase[1] - d2), w) + varsaw(wrap_phase(s.phase[2] - d3), w);
    for (int k = 0; k < 3; ++k) s.phase[k] = wrap_phase(s.phase[k] + clampd(f * ratio[k] / c.rate, 0.0, 0.5));
    ol = orr = static_cast<float>(0.5 * y * env.at(t));
  });
}

}  // namespace phonon::synth_detail
