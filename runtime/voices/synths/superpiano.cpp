// superpiano: an additive/modal piano in the spirit of SuperDirt's superpiano (MdaPiano). Up to 12 partials,
// stretched by string stiffness (`detune`, 0.1), each sounded by two slightly detuned strings (beating, panned
// apart by `stereo`, 0.2) with a two-stage decay (fast "prompt" sound, slow aftersound) that is shorter for high
// partials and high notes; a short hammer noise at the onset. `velocity` (1) makes it louder and brighter,
// `muffle` (1) darkens it. Overall envelope as SuperDirt: Env.linen(0.002, 0.996, 0.002, curve -3) over sustain.
// `accelerate` glides every partial by (1 -> 1 + accelerate) over the sustain, as the other pitched synths; the
// strings' rotations are re-tuned every kGlideChunk frames of the voice's own time (block-size independent).
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kPartials = 12;
constexpr int kGlideChunk = 16;

struct Partial {
  double c[2], s[2];    // rotating phasors of the two strings (cos, sin)
  double cr[2], sr[2];  // per-sample rotation of each string
  double prompt, after;        // current decay levels
  double prompt_m, after_m;    // per-sample decay multipliers
  double gl, gr;               // string A's left/right gain (amplitude folded in); string B is mirrored
};

struct PianoState {
  int count;
  double hammer_level, hammer_m;
  double hammer_g;
  Svf hammer_bpf;
  Rng rng;
  Partial part[kPartials];
  float w[kPartials][2];  // each string's angular step (radians per frame) at the onset, for `accelerate`
};

}  // namespace

int64_t superpiano_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperPiano, p, 1.0); }

void superpiano_start(const SynthParams& p, SynthState& st) {
  Common c = resolve_common(SynthId::SuperPiano, p);
  PianoState s{};
  s.rng = Rng::seeded(p.seed, 1);
  const double f = c.freq;
  const double vel = clampd(finite_or(p.velocity, 1.0), 0.0, 4.0);
  const double hard = std::min(0.8 * vel, 1.5);
  const double stretch = clampd(finite_or(p.detune, 0.1), 0.0, 2.0);
  const double muffle = clampd(finite_or(p.muffle, 1.0), 0.0, 4.0);
  const double stereo = clampd(finite_or(p.stereo, 0.2), 0.0, 1.0);
  const double inharm = 0.003 * stretch;  // B of f_k = k f sqrt(1 + B k^2)
  const double limit = std::min(0.45 * c.rate, 14000.0);
  // Decay time of the fundamental's aftersound: long for low notes, short for high ones.
  const double t_slow = clampd(6.0 * std::pow(kMiddleC / std::max(f, 1.0), 0.6), 0.3, 20.0);
  const double rolloff = 1.6 - 0.6 * std::min(hard, 1.0);
  double amp_sum = 0.0;
  int count = 0;
  for (int k = 1; k <= kPartials && f > 0.0; ++k) {
    const double fk = k * f * std::sqrt(1.0 + inharm * k * k);
    if (fk >= limit) break;
    Partial& q = s.part[count];
    double a = std::pow(static_cast<double>(k), -rolloff);
    a *= std::exp(-fk * 0.8 * muffle / 6000.0);
    a *= 0.25 + 0.75 * std::fabs(std::sin(kPi * k * 0.12));  // hammer strike position near 1/8 of the string
    const double cents = (0.3 + 6.0 * stretch * s.rng.unit()) * (s.rng.unit() < 0.5 ? -1.0 : 1.0);
    const double fa = fk * std::exp2(cents / 2400.0), fb = fk * std::exp2(-cents / 2400.0);
    const double fr[2] = {fa, fb};
    for (int j = 0; j < 2; ++j) {
      const double w = kTwoPi * fr[j] / c.rate;
      s.w[count][j] = static_cast<float>(w);
      q.cr[j] = std::cos(w);
      q.sr[j] = std::sin(w);
      q.c[j] = 1.0;
      q.s[j] = 0.0;
    }
    const double tau = t_slow / (1.0 + 0.35 * (k - 1));
    q.after = 0.45;
    q.prompt = 0.55;
    q.after_m = std::exp(-1.0 / (tau * c.rate));
    q.prompt_m = std::exp(-1.0 / (0.12 * tau * c.rate));
    // Pan: partials spread over +-stereo/2, the two strings of a partial a further +-stereo/2 apart.
    const double pos = clampd(stereo * (0.5 * std::sin(2.4 * k) + 0.5), -1.0, 1.0);
    q.gl = a * (1.0 - 0.5 * pos);
    q.gr = a * (1.0 + 0.5 * pos);
    amp_sum += a;
    ++count;
  }
  s.count = count;
  const double level = std::pow(std::min(vel, 1.5), 0.7);
  const double norm = amp_sum > 0.0 ? 0.9 * level / (2.0 * amp_sum) : 0.0;
  for (int k = 0; k < count; ++k) {
    s.part[k].gl *= norm;
    s.part[k].gr *= norm;
  }
  s.hammer_level = 0.2 * std::min(vel, 1.5);
  s.hammer_m = std::exp(-1.0 / (0.004 * c.rate));
  s.hammer_g = svf_g(std::min(f * 4.0 + 1500.0 * hard, 0.4 * c.rate), c.rate);
  store_state(st, s);
}

int superpiano_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const int live = live_frames(st, elapsed, l, r, n);
  if (live == 0) return 0;
  Common c = resolve_common(SynthId::SuperPiano, p);
  PianoState s = load_state<PianoState>(st);
  const Envelope env = env_linen(0.002, 0.996, 0.002, 1.0, -3.0, c.sustain);
  const double hammer_end = 0.05;  // s; the burst is inaudible after that
  for (int i = 0; i < live; ++i) {
    const double t = static_cast<double>(elapsed + i) / c.rate;
    if (c.accelerate != 0.0 && (elapsed + i) % kGlideChunk == 0) {
      // Re-tune the strings to the glide's ratio at this frame (the phasors keep their phase).
      const double g = line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
      for (int k = 0; k < s.count; ++k)
        for (int j = 0; j < 2; ++j) {
          const double w = clampd(s.w[k][j] * g, -0.45 * kTwoPi, 0.45 * kTwoPi);
          s.part[k].cr[j] = std::cos(w);
          s.part[k].sr[j] = std::sin(w);
        }
    }
    double outl = 0.0, outr = 0.0;
    for (int k = 0; k < s.count; ++k) {
      Partial& q = s.part[k];
      const double lvl = q.prompt + q.after;
      const double a = q.s[0] * lvl, b = q.s[1] * lvl;
      outl += q.gl * a + q.gr * b;
      outr += q.gr * a + q.gl * b;
      for (int j = 0; j < 2; ++j) {
        const double c2 = q.c[j] * q.cr[j] - q.s[j] * q.sr[j];
        const double s2 = q.s[j] * q.cr[j] + q.c[j] * q.sr[j];
        const double fix = 1.5 - 0.5 * (c2 * c2 + s2 * s2);  // keeps the phasor on the unit circle
        q.c[j] = c2 * fix;
        q.s[j] = s2 * fix;
      }
      q.prompt = flush(q.prompt * q.prompt_m);
      q.after = flush(q.after * q.after_m);
    }
    if (t < hammer_end) {
      const double h = s.hammer_bpf.tick(s.rng.white(), s.hammer_g, 1.0).bp * s.hammer_level;
      s.hammer_level *= s.hammer_m;
      outl += h;
      outr += h;
    }
    const double e = env.at(t);
    l[i] = static_cast<float>(outl * e);
    r[i] = static_cast<float>(outr * e);
  }
  store_state(st, s);
  return live;
}

}  // namespace phonon::synth_detail
