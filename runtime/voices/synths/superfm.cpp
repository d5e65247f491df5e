// superfm: SuperDirt's 6-operator FM synth (after loopier's superfm on FM7). Every operator is a sine whose phase
// is modulated by the previous-sample outputs of all operators through the `modIJ` matrix (the diagonal is
// feedback, scaled by `feedback`); `ampI` makes operator I heard (a carrier). Each operator has a DX7-like 4-stage
// envelope (`eglevelIK`, `egrateIK`: stage K reaches its level in 1/rate s; level 3 is held until `sustain`, then
// stage 4 releases). `lfofreq`/`lfodepth` modulate the pitch. With SuperDirt's defaults (amp1 1, everything else
// 0, ratios 1) it is a sine; `voice` 1..5 selects Phonon's built-in presets (e-piano, bell, bass, brass, metal).
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kOps = 6;
constexpr double kFade = 0.005;  // s, final fade so a release that does not reach 0 still ends cleanly

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
  double release_start;  // s (the sustain)
  double total;          // s
  unsigned used;         // bit i: operator i is computed
};

// Phonon's presets for `voice` 1..5 (SuperDirt's are random per boot; these are fixed).
FmParams preset(int voice, const FmParams& user) {
  FmParams f;  // SuperDirt defaults
  f.lfofreq = user.lfofreq;
  f.lfodepth = user.lfodepth;
  auto eg = [&](int op, float l1, float l2, float l3, float l4, float r1, float r2, float r3, float r4) {
    const float lv[4] = {l1, l2, l3, l4}, rt[4] = {r1, r2, r3, r4};
    for (int k = 0; k < 4; ++k) {
      f.eglevel[op][k] = lv[k];
      f.egrate[op][k] = rt[k];
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
  double amp_sum = 0.0;
  for (int i = 0; i < kOps; ++i) {
    s.amp[i] = fin(f.amp[i], 0.0, -100.0, 100.0);
    amp_sum += std::fabs(s.amp[i]);
    s.freq_mul[i] = fin(f.ratio[i], 1.0, -1000.0, 1000.0);
    s.freq_add[i] = fin(f.detune[i], 0.0, -1e5, 1e5);
    for (int j = 0; j < kOps; ++j) s.mod[i][j] = fin(f.mod[i][j], 0.0, -1000.0, 1000.0) * (i == j ? fb : 1.0);
    for (int k = 0; k < 4; ++k) {
      const double rate = fin(f.egrate[i][k], 1.0, 0.0, 1e9);
      s.stage_dur[i][k] = rate > 1e-4 ? 1.0 / rate : 1e4;
      s.level[i][k] = fin(f.eglevel[i][k], 0.0, 0.0, 4.0);
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
  double release = 0.0;
  for (int i = 0; i < kOps; ++i)
    if (s.amp[i] != 0.0) release = std::max(release, s.stage_dur[i][3]);
  s.release_start = c.sustain;
  s.total = std::min(c.sustain + release + kFade, 2e5);
  s.out_gain = 0.8 / std::max(1.0, amp_sum);
  s.lfofreq = fin(f.lfofreq, 1.0, -1e4, 1e4);
  s.lfodepth = fin(f.lfodepth, 0.0, -10.0, 10.0);
  return s;
}

// Operator envelope at time t: stages 1-3 from the onset (level 3 held), stage 4 from the release start, which
// starts from wherever stages 1-3 had got to.
double op_env(const FmState& s, int i, double t) {
  auto attack_part = [&](double tt) {
    double start = 0.0, prev = 0.0;
    for (int k = 0; k < 3; ++k) {
      const double end = start + s.stage_dur[i][k];
      if (tt < end) return prev + (s.level[i][k] - prev) * (tt - start) / s.stage_dur[i][k];
      start = end;
      prev = s.level[i][k];
    }
    return prev;
  };
  if (t < s.release_start) return attack_part(t);
  const double from = attack_part(s.release_start);
  const double x = (t - s.release_start) / s.stage_dur[i][3];
  return x >= 1.0 ? s.level[i][3] : from + (s.level[i][3] - from) * x;
}

}  // namespace

int64_t superfm_total_frames(const SynthParams& p) {
  Common c = resolve_common(SynthId::SuperFM, p);
  return frames_of(make_state(p).total, c.rate);
}

void superfm_start(const SynthParams& p, SynthState& st) { store_state(st, make_state(p)); }

int superfm_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const int live = live_frames(st, elapsed, l, r, n);
  if (live == 0) return 0;
  Common c = resolve_common(SynthId::SuperFM, p);
  FmState s = load_state<FmState>(st);
  const double nyq = 0.49 * c.rate;
  for (int i = 0; i < live; ++i) {
    const double t = static_cast<double>(elapsed + i) / c.rate;
    double f = c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    if (s.lfodepth != 0.0) f *= 1.0 + s.lfodepth * std::sin(kTwoPi * s.lfofreq * t);
    double out[kOps] = {};
    double mix = 0.0;
    for (int o = 0; o < kOps; ++o) {
      if (!(s.used & (1u << o))) continue;
      double pm = 0.0;
      for (int j = 0; j < kOps; ++j) pm += s.mod[o][j] * s.prev[j];
      out[o] = std::sin(kTwoPi * s.phase[o] + pm) * op_env(s, o, t);
      mix += s.amp[o] * out[o];
      const double of = clampd(f * s.freq_mul[o] + s.freq_add[o], -nyq, nyq);
      s.phase[o] = wrap_phase(s.phase[o] + of / c.rate);
    }
    for (int o = 0; o < kOps; ++o) s.prev[o] = out[o];
    const double fade = clampd((s.total - t) / kFade, 0.0, 1.0);
    const float y = static_cast<float>(mix * s.out_gain * fade);
    l[i] = r[i] = y;
  }
  store_state(st, s);
  return live;
}

}  // namespace phonon::synth_detail
