// supercomparator: SuperDirt's comparator synth: a VarSaw at freq whose width opens 0 -> 1 over the sustain is
// compared (1 where above, else 0) against 16 slow triangles at 1, 2.188, 5.091, ... Hz raised to the power
// `voice` / 5 (`voice` 0.5; higher is breathier), the 16 gates spread left to right (Splay: equal-power pans, level
// / 4), through a Moog ladder per side at `pitch1` (1) * 4 freq + a sine LFO (freq / 64 * `rate` (1), depth
// `lfo` (1) * freq / 2) + a smooth 1 Hz random wander (depth lfo * freq), resonance 4 * `resonance` (0.5) plus a
// random offset within +-0.05 per voice; * 0.5 under Env.pairs([0,0],[0.05,1],[0.2,1-decay],[0.95,1-decay],[1,0],
// curve -3) over sustain (`decay` 0). `accelerate` glides the pitch.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kGates = 16;
constexpr double kTriFreq[kGates] = {1.000,  2.188,  5.091,  8.529,  8.950,  9.305,  13.746, 14.653,
                                     19.462, 22.003, 24.888, 25.991, 26.085, 30.509, 33.608, 35.081};

struct ComparatorState {
  double saw;
  double tri[kGates];
  double lfo;
  SmoothNoise wander;
  double k;  // ladder resonance
  Ladder ladder[2];
};

}  // namespace

int64_t supercomparator_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperComparator, p, 1.0); }

void supercomparator_start(const SynthParams& p, SynthState& st) {
  ComparatorState s{};
  Rng rng = Rng::seeded(p.seed, 29);
  s.wander = SmoothNoise::seeded(rng);
  s.k = clampd(4.0 * clampd(finite_or(p.resonance, 0.5), 0.0, 1.0) + 0.05 * rng.white(), 0.0, 3.99);
  store_state(st, s);
}

int supercomparator_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperComparator, p);
  const double decay = clampd(finite_or(p.decay, 0.0), -4.0, 4.0);
  const double voice = clampd(finite_or(p.voice, 0.5), -50.0, 50.0);
  const double pitch1 = clampd(finite_or(p.pitch1, 1.0), 0.0, 1e3);
  const double lfo = clampd(finite_or(p.lfo, 1.0), -1e3, 1e3);
  const double lfo_rate = clampd(finite_or(p.lfo_rate, 1.0), -1e3, 1e3);
  const Envelope env = env_analog(0.05, 0.2, 0.95, decay, -3.0, c.sustain);
  double tri_inc[kGates], pan_l[kGates], pan_r[kGates];
  for (int i = 0; i < kGates; ++i) {
    tri_inc[i] = clampd(std::pow(kTriFreq[i], voice / 5.0) / c.rate, 0.0, 0.5);
    const double pos = -1.0 + 2.0 * i / (kGates - 1);  // Splay: -1 .. 1
    pan_l[i] = 0.25 * std::cos((pos + 1.0) * kPi / 4.0);
    pan_r[i] = 0.25 * std::sin((pos + 1.0) * kPi / 4.0);
  }
  return render_frames<ComparatorState>(
      st, c.rate, elapsed, l, r, n, [&](ComparatorState& s, double t, float& ol, float& orr) {
        const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
        const double saw = varsaw(s.saw, line_at(0.0, 1.0, c.sustain, t));
        s.saw = wrap_phase(s.saw + clampd(f / c.rate, 0.0, 0.5));
        double side[2] = {0.0, 0.0};
        for (int i = 0; i < kGates; ++i) {
          if (saw > tri(s.tri[i])) {
            side[0] += pan_l[i];
            side[1] += pan_r[i];
          }
          s.tri[i] = wrap_phase(s.tri[i] + tri_inc[i]);
        }
        const double cutoff =
            pitch1 * 4.0 * f + std::sin(kTwoPi * s.lfo) * lfo * f / 2.0 + s.wander.tick(1.0 / c.rate) * lfo * f;
        s.lfo = wrap_phase(s.lfo + clampd(f / 64.0 * lfo_rate / c.rate, -0.5, 0.5));
        const double g = ladder_g(std::max(cutoff, 1.0), c.rate);
        const double e = 0.5 * env.at(t);
        ol = static_cast<float>(s.ladder[0].tick(side[0], g, s.k) * e);
        orr = static_cast<float>(s.ladder[1].tick(side[1], g, s.k) * e);
      });
}

}  // namespace phonon::synth_detail
