// superreese: SuperDirt's Reese-like bass: two VarSaws (widths 0.01, 0.02; start phases 0.7, 0.5) at freq * (0.99 -
// detune/100) and freq * (1.01 + detune/100) (`detune` 0), spread 0.2 left and right, each side through a resonant
// low-pass at 10 freq (Q from 3 to 0.5 as `voice` goes 0..2), clipped at +-0.2 and scaled by 5, then a second at
// 20 freq (Q 2..7), at 0.35; Env.linen(0.05, 0.8, 0.15) over sustain. `accelerate` glides the pitch.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

// Pan2 of the two saws at -0.2 and +0.2 (cos and sin of (pos + 1) pi / 4).
constexpr double kNear = 0.80901699, kFar = 0.58778525;

struct ReeseState {
  double phase[2];
  Svf lp1[2], lp2[2];
};

}  // namespace

int64_t superreese_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperReese, p, 1.0); }

void superreese_start(const SynthParams&, SynthState& st) {
  ReeseState s{};
  s.phase[0] = 0.7;
  s.phase[1] = 0.5;
  store_state(st, s);
}

int superreese_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperReese, p);
  const double detune = clampd(finite_or(p.detune, 0.0), -90.0, 1e3) / 100.0;
  const double voice = clampd(finite_or(p.voice, 0.0), 0.0, 2.0);
  const double q1 = 3.0 + (0.5 - 3.0) * voice / 2.0, q2 = 2.0 + (7.0 - 2.0) * voice / 2.0;
  const double ratio[2] = {0.99 - detune, 1.01 + detune};
  const double width[2] = {0.01, 0.02};
  const Envelope env = env_linen(0.05, 0.8, 0.15, 1.0, 0.0, c.sustain);
  return render_frames<ReeseState>(st, c.rate, elapsed, l, r, n, [&](ReeseState& s, double t, float& ol, float& orr) {
    const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    double saw[2];
    for (int k = 0; k < 2; ++k) {
      saw[k] = varsaw(s.phase[k], width[k]);
      s.phase[k] = wrap_phase(s.phase[k] + clampd(f * ratio[k] / c.rate, 0.0, 0.5));
    }
    const double side[2] = {kNear * saw[0] + kFar * saw[1], kFar * saw[0] + kNear * saw[1]};
    double out[2];
    for (int k = 0; k < 2; ++k) {
      double y = sc_rlpf(s.lp1[k], side[k], 10.0 * f, 1.0 / q1, c.rate);
      y = clampd(y, -0.2, 0.2) * 5.0;
      out[k] = 0.35 * sc_rlpf(s.lp2[k], y, 20.0 * f, 1.0 / q2, c.rate);
    }
    const double e = env.at(t);
    ol = static_cast<float>(out[0] * e);
    orr = static_cast<float>(out[1] * e);
  });
}

}  // namespace phonon::synth_detail
