// superfm: SuperDirt's 6-operator FM synth (after loopier's superfm on FM7). Every operator is a sine whose phase
// is modulated by the previous-sample outputs of all operators through the `modIJ` matrix (the diagonal is
// feedback, scaled by `feedback`); `ampI` (default 1 for all six, as SuperDirt's) is how loud operator I is heard.
// Operator I runs at freq * (1 + LFTri(lfofreq) * lfodepth) * ratioI + detuneI (detune defaults: small fixed
// offsets within +-0.1 Hz, where SuperDirt draws them at random once per boot). Each operator has SuperDirt's
// envelope Env([0, l1, l2, l3, l4], [t1, t2, t3, t4]) with lK = `eglevelIK` (1) and tK = max(0.1 / `egrateIK`,
// 0.001) * sustain (egrate defaults 10, 0.3, 0.1, 0.1), run from the onset. The sum is at -15 dB under
// Env.linen(0.01, 0.98, 0.01, curve -3) over sustain. `voice` 1..5 selects Phonon's fixed presets (SuperDirt's
// are random per boot).
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kOps = 6;
constexpr double kOutGain = 0.17782794;  // -15 dB

struct FmState {
  double phase[kOps];
  double prev[kOps];
  double stage_dur[kOps][4];
  double level[kOps][4];
  double freq_mul[kOps], freq_add[kOps];
  double amp[kOps];
  double mod[kOps][kOps];
  double out_gain;
  double lfofreq, lfodepth;
  unsigned used;       // bit i: operator i is computed
  unsigned modulated;  // bit i: operator i has a non-zero modulation input
};

// Phonon's presets for `voice` 1..5 (SuperDirt's are random per boot; these are fixed).
FmParams preset(int voice, const FmParams& user) {
  FmParams f;  // SuperDirt defaults, but only operator 1 heard
  for (int i = 1; i < kOps; ++i) f.amp[i] = 0.0f;
  f.lfofreq = user.lfofreq;
  f.lfodepth = user.lfodepth;
  auto eg = [&](int op, float l1, float l2, float l3, float l4, float r1, float r2, float r3, float r4) {
    const float lv[4] = {l1, l2, l3, l4}, rt[4] = {r1, r2, r3, r4};
    for (int k = 0; k < 4; ++k) {
      f.eglevel[op][k] = lv[k];
      f.egrate[op][k] = rt[k] * 0.1f;  // preset rates are 1/seconds at sustain 1; SuperDirt's are 0.1/seconds
    }
  };
  switch (voice) {
    case 1:  // electric piano: 1:1 modulator that decays fast, a high tine partial
      f.ratio[1] = 1.0f;
      f.mod[0][1] = 1.8f;
      eg(0, 1, 0.7f, 0.5f, 0, 200, 2, 0.5f, 8);
      eg(1, 1, 0.3f, 0.2f, 0, 200, 4, 1, 8);
      f.amp[2] = 0.25f;
      f.ratio[2] = 14.0f;
      eg(2, 1, 0, 0, 0, 300, 12, 10, 10);
      break;
    case 2:  // bell: inharmonic modulator, long decay
      f.ratio[1] = 3.5f;
      f.mod[0][1] = 2.5f;
      eg(0, 1, 0.5f, 0.3f, 0, 300, 1, 0.3f, 2);
      eg(1, 1, 0.4f, 0.2f, 0, 300, 1.5f, 0.5f, 2);
      break;
    case 3:  // bass: feedback-brightened modulator an octave down
      f.ratio[0] = 0.5f;
      f.ratio[1] = 0.5f;
      f.mod[0][1] = 2.0f;
      f.mod[1][1] = 1.0f;
      f.feedback = 0.8f;
      eg(0, 1, 0.8f, 0.7f, 0, 300, 5, 1, 15);
      eg(1, 1, 0.3f, 0.2f, 0, 300, 8, 2, 15);
      break;
    case 4:  // brass: slow-attack modulator that opens the sound
      f.mod[0][1] = 2.2f;
      f.mod[1][1] = 0.5f;
      f.feedback = 1.0f;
      eg(0, 1, 0.9f, 0.8f, 0, 30, 4, 1, 10);
      eg(1, 1, 0.7f, 0.6f, 0, 12, 3, 1, 10);
      break;
    case 5:  // metallic: chain 3 -> 2 -> 1 with inharmonic ratios
      f.ratio[1] = 1.41f;
      f.ratio[2] = 2.73f;
      f.mod[0][1] = 2.0f;
      f.mod[1][2] = 1.5f;
      eg(0, 1, 0.6f, 0.3f, 0, 300, 2, 0.5f, 4);
      eg(1, 1, 0.5f, 0.3f, 0, 300, 3, 0.5f, 4);
      eg(2, 1, 0.3f, 0.1f, 0, 300, 5, 1, 4);
      break;
    default: return user;
  }
  return f;
}

double fin(float x, double fallback, double lo, double hi) {
  return clampd(finite_or(static_cast<double>(x), fallback), lo, hi);
}

FmState make_state(const SynthParams& p) {
  Common c = resolve_common(SynthId::SuperFM, p);
  const int voice = static_cast<int>(std::lround(clampd(finite_or(p.voice, 0.0), 0.0, 5.0)));
  const FmParams f = preset(voice, p.fm);
  FmState s{};
  const double fb = fin(f.feedback, 0.0, -100.0, 100.0);
  for (int i = 0; i < kOps; ++i) {
    s.amp[i] = fin(f.amp[i], 0.0, -1.5, 1.5);
    s.freq_mul[i] = fin(f.ratio[i], 1.0, -1000.0, 1000.0);
    s.freq_add[i] = fin(f.detune[i], 0.0, -1e5, 1e5);
    for (int j = 0; j < kOps; ++j) s.mod[i][j] = fin(f.mod[i][j], 0.0, -1000.0, 1000.0) * (i == j ? fb : 1.0);
    for (int k = 0; k < 4; ++k) {
      const double rate = fin(f.egrate[i][k], 1.0, 0.0, 1e9);
      s.stage_dur[i][k] = (rate > 0.0 ? std::max(0.1 / rate, 0.001) : 1e5) * c.sustain;
      s.level[i][k] = fin(f.eglevel[i][k], 0.0, 0.0, 1.5);
    }
  }
  // Operators that matter: carriers, and (transitively) whatever modulates them.
  unsigned used = 0;
  for (int i = 0; i < kOps; ++i)
    if (s.amp[i] != 0.0) used |= 1u << i;
  for (int pass = 0; pass < kOps; ++pass)
    for (int i = 0; i < kOps; ++i)
      if (used & (1u << i))
        for (int j = 0; j < kOps; ++j)
          if (s.mod[i][j] != 0.0) used |= 1u << j;
  s.used = used;
  for (int i = 0; i < kOps; ++i)
    for (int j = 0; j < kOps; ++j)
      if (s.mod[i][j] != 0.0) s.modulated |= 1u << i;
  s.out_gain = kOutGain;
  s.lfofreq = fin(f.lfofreq, 1.0, -1e4, 1e4);
  s.lfodepth = fin(f.lfodepth, 0.0, -10.0, 10.0);
  return s;
}

// Operator envelope at time t: four linear segments from 0 at the onset, then the last level is held.
double op_env(const FmState& s, int i, double t) {
  double start = 0.0, prev = 0.0;
  for (int k = 0; k < 4; ++k) {
    const double end = start + s.stage_dur[i][k];
    if (t < end) return prev + (s.level[i][k] - prev) * (t - start) / s.stage_dur[i][k];
    start = end;
    prev = s.level[i][k];
  }
  return prev;
}

}  // namespace

int64_t superfm_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperFM, p, 1.0); }

void superfm_start(const SynthParams& p, SynthState& st) { store_state(st, make_state(p)); }

int superfm_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const int live = live_frames(st, elapsed, l, r, n);
  if (live == 0) return 0;
  Common c = resolve_common(SynthId::SuperFM, p);
  FmState s = load_state<FmState>(st);
  const double nyq = 0.49 * c.rate;
  const Envelope env = env_linen(0.01, 0.98, 0.01, 1.0, -3.0, c.sustain);
  for (int i = 0; i < live; ++i) {
    const double t = static_cast<double>(elapsed + i) / c.rate;
    double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    if (s.lfodepth != 0.0) f *= 1.0 + s.lfodepth * tri(wrap_phase(s.lfofreq * t));
    double out[kOps] = {};
    double mix = 0.0;
    for (int o = 0; o < kOps; ++o) {
      if (!(s.used & (1u << o))) continue;
      double pm = 0.0;
      if (s.modulated & (1u << o))
        for (int j = 0; j < kOps; ++j) pm += s.mod[o][j] * s.prev[j];
      out[o] = std::sin(kTwoPi * s.phase[o] + pm) * op_env(s, o, t);
      mix += s.amp[o] * out[o];
      const double of = clampd(f * s.freq_mul[o] + s.freq_add[o], -nyq, nyq);
      s.phase[o] = wrap_phase(s.phase[o] + of / c.rate);
    }
    for (int o = 0; o < kOps; ++o) s.prev[o] = out[o];
    const float y = static_cast<float>(mix * s.out_gain * env.at(t));
    l[i] = r[i] = y;
  }
  store_state(st, s);
  return live;
}

}  // namespace phonon::synth_detail
