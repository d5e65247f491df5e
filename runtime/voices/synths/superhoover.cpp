// superhoover: SuperDirt's hoover (after Wouter Snoei's Dominator deconstruction): three detuned voices, each a saw
// (at 0.25, 0.5, 1 x freq; levels 1, 0.9, 1.1) gated by a pulse (at 0.5, 1, 2 x freq) whose width a slow LFO moves
// between 1/8 and 7/8, at 0.15, plus three parabolic sines at 0.25 freq (0.1 each); the voices' pitches wobble by
// +-0.5 % at about 3 Hz. Peaking EQs add 3 dB at 6 kHz and 6 dB at 3.5 kHz; each side adds a copy delayed by
// 1/300..1/200 s (swept by a 3 Hz sine, the sides in opposite phase); all x 1.4. `slide` (0) bends the pitch by
// -slide/4 at the start (Env.perc(0.05, 0.3) over sustain); envelope Env.pairs([0,0],[0.03,1],[0.2,1-decay],
// [0.95,1-decay],[1,0], curve -1) over sustain (`decay` 0). `accelerate` glides the pitch.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kDelay = 256;  // frames of history for the 1/200 s delay (up to 48 kHz)
constexpr double kWobbleHz[3] = {2.94, 3.0, 3.07};
constexpr double kWobblePhase[3] = {3.0, 5.5, 1.2};  // radians
constexpr double kPwmHz[3] = {1.3, 2.9, 4.4};
constexpr double kSawRatio[3] = {0.25, 0.5, 1.0};
constexpr double kSawLevel[3] = {1.0, 0.9, 1.1};
constexpr double kSawStart[3] = {0.5, 0.505, 0.51};  // LFSaw's iphase 1, 1.01, 1.02 as a fraction of the cycle
constexpr double kPulseRatio[3] = {0.5, 1.0, 2.0};

// Peaking EQ (SuperCollider's BPeakEQ: RBJ biquad with alpha = sin(w0) * rq / 2).
struct Peak {
  double b0, b1, b2, a1, a2;
  double x1, x2, y1, y2;
  static Peak make(double freq, double rq, double gain_db, double rate) {
    const double a = std::pow(10.0, gain_db / 40.0), w0 = kTwoPi * freq / rate;
    const double alpha = std::sin(w0) * 0.5 * rq, cs = std::cos(w0), a0 = 1.0 + alpha / a;
    return Peak{(1.0 + alpha * a) / a0,
                -2.0 * cs / a0,
                (1.0 - alpha * a) / a0,
                -2.0 * cs / a0,
                (1.0 - alpha / a) / a0,
                0,
                0,
                0,
                0};
  }
  double tick(double x) {
    const double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = flush(y);
    return y;
  }
};

struct HooverState {
  double saw[3], pulse[3], par[3];
  Peak eq1, eq2;
  float history[kDelay];
  int at;
};

}  // namespace

int64_t superhoover_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperHoover, p, 1.0); }

void superhoover_start(const SynthParams& p, SynthState& st) {
  const Common c = resolve_common(SynthId::SuperHoover, p);
  HooverState s{};
  for (int k = 0; k < 3; ++k) s.saw[k] = kSawStart[k];
  s.eq1 = Peak::make(std::min(6000.0, 0.45 * c.rate), 1.0, 3.0, c.rate);
  s.eq2 = Peak::make(std::min(3500.0, 0.45 * c.rate), 1.0, 6.0, c.rate);
  store_state(st, s);
}

int superhoover_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperHoover, p);
  const double slide = clampd(finite_or(p.slide, 0.0), -100.0, 100.0);
  const Envelope env = env_analog(0.03, 0.2, 0.95, clampd(finite_or(p.decay, 0.0), -4.0, 4.0), -1.0, c.sustain);
  const Envelope bend = env_perc(0.05 * c.sustain, 0.3 * c.sustain, 1.0, 0.0);
  const double max_delay = std::min(c.rate / 200.0, kDelay - 2.0);
  return render_frames<HooverState>(st, c.rate, elapsed, l, r, n, [&](HooverState& s, double t, float& ol, float& orr) {
    const double f = c.freq * (1.0 - slide / 4.0 * bend.at(t)) * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    double mix = 0.0, par = 0.0;
    for (int k = 0; k < 3; ++k) {
      const double wob = 0.5 * (std::sin(kTwoPi * kWobbleHz[k] * t + kWobblePhase[k]) + 1.0);
      const double fk = f * 0.995 * std::pow(1.005 / 0.995, wob);
      const double width = 0.125 + 0.75 * 0.5 * (std::sin(kTwoPi * kPwmHz[k] * t) + 1.0);
      mix += kSawLevel[k] * s.saw[k] * (s.pulse[k] < width ? 0.0 : 1.0);
      par += std::sin(kTwoPi * s.par[k]);
      s.saw[k] = wrap_phase(s.saw[k] + clampd(fk * kSawRatio[k] / c.rate, 0.0, 0.5));
      s.pulse[k] = wrap_phase(s.pulse[k] + clampd(fk * kPulseRatio[k] / c.rate, 0.0, 0.5));
      s.par[k] = wrap_phase(s.par[k] + clampd(fk * 0.25 / c.rate, 0.0, 0.5));
    }
    double y = 0.15 * mix + 0.1 * par;
    y = s.eq2.tick(s.eq1.tick(y));
    s.history[s.at] = static_cast<float>(y);
    // The two sides' delays: 1/300..1/200 s, swept by a 3 Hz sine (phases pi/2 and 3 pi/2), read with linear
    // interpolation.
    auto delayed = [&](double phase) {
      const double d =
          c.rate * (1.0 / 300.0 + (1.0 / 200.0 - 1.0 / 300.0) * 0.5 * (std::sin(kTwoPi * 3.0 * t + phase) + 1.0));
      const double dd = std::min(d, max_delay);
      const int i = static_cast<int>(dd);
      const double frac = dd - i;
      const float a = s.history[(s.at - i + kDelay) % kDelay], b = s.history[(s.at - i - 1 + kDelay) % kDelay];
      return a + (b - a) * frac;
    };
    const double e = 1.4 * env.at(t);
    ol = static_cast<float>((y + delayed(0.5 * kPi)) * e);
    orr = static_cast<float>((y + delayed(1.5 * kPi)) * e);
    s.at = (s.at + 1) % kDelay;
  });
}

}  // namespace phonon::synth_detail
