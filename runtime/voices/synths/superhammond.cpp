// superhammond: SuperDirt's Hammond B3: nine drawbar sines at 0.5, 1.4988, 1, 2, 2.9976, 4, 5.0409, 5.9953 and 8 *
// freq (folded up an octave below 63 Hz, down one or two above 6 kHz), levelled by the drawbar registration `voice`
// (0..9, table below; fractional values crossfade neighbours), each 2^(drawbar - 8) after damping the top three, at
// 0.5 overall; a key click (white noise decaying to 1e-6 in 0.1 s) wobbles their pitch; `perc` (0) adds a sine at
// `percf` (2) * freq decaying over 2 * `decay` + 1 s (`decay` 0); a biquad all-pass at 1 kHz swept by a `vrate`
// (7 Hz) triangle of depth `vibrato` / 2 (0.5) is added to the sound. Env.linen(a, sustain - 2a, a) with
// a = min(sustain / 2, 5 ms). `accelerate` glides the pitch.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kBars = 9;
constexpr double kRatio[kBars] = {0.5, 1.4988, 1.0, 2.0, 2.9976, 4.0, 5.0409, 5.9953, 8.0};
constexpr double kDrawbars[10][kBars] = {
    {1, 4, 5, 4, 3, 1, 0, 0, 0},  // 0: bass violin 16'
    {0, 0, 8, 0, 4, 0, 0, 0, 0},  // 1: tibia 8'
    {0, 7, 8, 1, 2, 0, 0, 0, 0},  // 2: bassoon 8'
    {0, 0, 7, 8, 8, 8, 8, 7, 2},  // 3: french trumpet 8'
    {4, 0, 5, 5, 4, 5, 3, 3, 6},  // 4: string ensemble
    {8, 8, 5, 3, 2, 4, 5, 8, 8},  // 5: blues
    {8, 8, 8, 0, 0, 0, 0, 0, 3},  // 6: jazz 1
    {8, 8, 8, 8, 8, 8, 8, 8, 8},  // 7: full shout
    {8, 0, 0, 0, 0, 0, 8, 8, 8},  // 8: bro' jack
    {0, 0, 8, 8, 0, 0, 0, 0, 0},  // 9: jazz 2
};
constexpr double kDamp[kBars] = {0, 0, 0, 0, 0, 0, 0.5, 1, 1.5};
// SuperDirt draws the start phases at random once per boot; these are fixed draws.
constexpr double kPhase[kBars + 1] = {0.71, 0.12, 0.45, 0.93, 0.30, 0.58, 0.04, 0.81, 0.36, 0.67};

struct HammondState {
  double phase[kBars], perc;
  double tri;  // vibrato LFO phase
  Svf allpass;
  Rng rng;
};

}  // namespace

int64_t superhammond_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperHammond, p, 1.0); }

void superhammond_start(const SynthParams& p, SynthState& st) {
  HammondState s{};
  for (int i = 0; i < kBars; ++i) s.phase[i] = kPhase[i];
  s.perc = kPhase[kBars];
  s.rng = Rng::seeded(p.seed, 15);
  store_state(st, s);
}

int superhammond_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperHammond, p);
  const double voice = clampd(finite_or(p.voice, 0.0), 0.0, 9.0);
  const int row = std::min(static_cast<int>(voice), 8);
  const double x = voice - row;  // SelectX's equal-power crossfade between neighbouring rows
  const double wa = std::cos(0.5 * kPi * x), wb = std::sin(0.5 * kPi * x);
  double amp[kBars], sum = 0.0;
  for (int i = 0; i < kBars; ++i) {
    const double bar = wa * kDrawbars[row][i] + wb * kDrawbars[row + 1][i];
    amp[i] = std::exp2(bar - kDamp[i] - 8.0);
    sum += amp[i];
  }
  for (double& a : amp) a *= 0.5 / sum;
  const double perc = clampd(finite_or(p.perc, 0.0), -10.0, 10.0);
  const double percf = clampd(finite_or(p.percf, 2.0), 0.0, 64.0);
  const double perc_time = 2.0 * clampd(finite_or(p.decay, 0.0), 0.0, 1e3) + 1.0;
  const double vibrato = clampd(finite_or(p.vibrato, 0.5), 0.0, 1.9);
  const double vrate = clampd(finite_or(p.vrate, 7.0), 0.0, 1e3);
  const double a = std::min(c.sustain / 2.0, 0.005);
  const Envelope env = env_linen(a, c.sustain - 2.0 * a, a, 1.0, 0.0, 1.0);
  return render_frames<HammondState>(
      st, c.rate, elapsed, l, r, n, [&](HammondState& s, double t, float& ol, float& orr) {
        const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
        const double wobble = 2.0 * s.rng.white() * xline_at(1.0, 1e-6, 0.1, t) + 1.0;
        double y = 0.0;
        for (int i = 0; i < kBars; ++i) {
          double fi = kRatio[i] * f;
          if (fi < 63.0) fi *= 2.0;
          if (fi > 6000.0) fi *= 0.5;
          if (fi > 6000.0) fi *= 0.5;
          y += amp[i] * std::sin(kTwoPi * s.phase[i]);
          s.phase[i] = wrap_phase(s.phase[i] + clampd(fi * wobble / c.rate, -0.5, 0.5));
        }
        if (perc != 0.0) {
          y += perc * 0.5 * std::sin(kTwoPi * s.perc) * xline_at(1.0, 1e-6, perc_time, t);
          s.perc = wrap_phase(s.perc + clampd(f * percf / c.rate, 0.0, 0.5));
        }
        const double sweep = 1000.0 * (1.0 + 0.5 * vibrato * tri(s.tri));
        s.tri = wrap_phase(s.tri + vrate / c.rate);
        const Svf::Out o = s.allpass.tick(y, svf_g(sweep, c.rate), 1.0);
        y += y - 2.0 * o.bp;  // all-pass (rq 1) = x - 2 * rq * band-pass
        ol = orr = static_cast<float>(y * env.at(t));
      });
}

}  // namespace phonon::synth_detail
