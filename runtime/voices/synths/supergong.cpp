// supergong: SuperDirt's gong: 15 sines at the lowest modes of a clamped circular plate (ratios below), mode i
// under Env.perc(0.01 t_i, 0.5 t_i, 0.2 a_i) stretched by 5 * sustain, with t_i = 100 / freq / ratio_i^(2 - decay)
// (`decay` 1, clipped to 0..2: higher modes die sooner) and a_i = ratio_i^voice (`voice` 0, clipped to 0..4: a
// brighter tone; the summed mode levels are capped at 6). No envelope of its own: SuperDirt ends it at the sustain.
// `accelerate` glides the pitch.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kModes = 15;
constexpr double kRatio[kModes] = {1.000, 2.081, 3.414,  3.893,  4.995,  5.954,  6.819, 8.280,
                                   8.722, 8.882, 10.868, 11.180, 11.754, 13.710, 13.715};

constexpr double kMaxLevel = 6.0;

struct GongState {
  double phase[kModes];
};

}  // namespace

int64_t supergong_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperGong, p, 1.0); }

void supergong_start(const SynthParams&, SynthState& st) { store_state(st, GongState{}); }

int supergong_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperGong, p);
  const double decay = clampd(finite_or(p.decay, 1.0), 0.0, 2.0);
  const double voice = clampd(finite_or(p.voice, 0.0), 0.0, 4.0);
  const double scale = 5.0 * c.sustain;
  // With a high `voice` the top modes get loud (SuperDirt's limiter then holds the level); the sum of the mode
  // levels is capped at kMaxLevel instead.
  double level[kModes], sum = 0.0;
  for (int i = 0; i < kModes; ++i) sum += (level[i] = 0.2 * std::pow(kRatio[i], voice));
  const double cap = sum > kMaxLevel ? kMaxLevel / sum : 1.0;
  Envelope env[kModes];
  for (int i = 0; i < kModes; ++i) {
    const double t = 100.0 / std::max(c.freq, 1.0) / std::pow(kRatio[i], 2.0 - decay);
    env[i] = env_perc(0.01 * t * scale, 0.5 * t * scale, level[i] * cap);
  }
  return render_frames<GongState>(st, c.rate, elapsed, l, r, n, [&](GongState& s, double t, float& ol, float& orr) {
    const double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    double y = 0.0;
    for (int i = 0; i < kModes; ++i) {
      const double inc = f * kRatio[i] / c.rate;
      if (inc >= 0.5) continue;
      y += std::sin(kTwoPi * s.phase[i]) * env[i].at(t);
      s.phase[i] = wrap_phase(s.phase[i] + inc);
    }
    ol = orr = static_cast<float>(y);
  });
}

}  // namespace phonon::synth_detail
