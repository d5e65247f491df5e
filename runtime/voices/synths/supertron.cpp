// supertron: SuperDirt's feedback PWM: two pulses at freq + 1 + `detune` and freq - 1 - `detune` (0) whose width is
// the synth's own output one control block (64 frames) earlier, resonant-low-passed at freq / 6.1 (rq 1.5) and
// mapped to 0 .. 1 - `voice` / 1.5 (`voice` 0); DC-blocked; Env.linen(0.05, 0.85, 0.1) over sustain.
// `accelerate` glides the pitch.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kBlock = 64;  // SuperCollider's LocalIn/LocalOut delay

struct TronState {
  double phase[2];
  Svf lpf;
  LeakDc dc;
  float loop[kBlock];
  int at;
};

}  // namespace

int64_t supertron_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperTron, p, 1.0); }

void supertron_start(const SynthParams&, SynthState& st) { store_state(st, TronState{}); }

int supertron_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperTron, p);
  const double detune = clampd(finite_or(p.detune, 0.0), -1e3, 1e3);
  const double top = 1.0 - clampd(finite_or(p.voice, 0.0), 0.0, 1.5) / 1.5;
  const Envelope env = env_linen(0.05, 0.85, 0.1, 1.0, 0.0, c.sustain);
  return render_frames<TronState>(st, c.rate, elapsed, l, r, n, [&](TronState& s, double t, float& ol, float& orr) {
    const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    const double back = s.loop[s.at];
    const double w = top * 0.5 * (sc_rlpf(s.lpf, back, std::max(f / 6.1, 1.0), 1.5, c.rate) + 1.0);
    const double fr[2] = {f + 1.0 + detune, f - 1.0 - detune};
    double y = 0.0;
    for (int k = 0; k < 2; ++k) {
      const double dt = clampd(std::fabs(fr[k]) / c.rate, 0.0, 0.45);
      y += 0.5 * blep_pulse(s.phase[k], dt, clampd(w, 0.0, 1.0));
      s.phase[k] = wrap_phase(s.phase[k] + dt);
    }
    y = s.dc.tick(y, c.rate);
    s.loop[s.at] = static_cast<float>(y);
    s.at = (s.at + 1) % kBlock;
    ol = orr = static_cast<float>(y * env.at(t));
  });
}

}  // namespace phonon::synth_detail
