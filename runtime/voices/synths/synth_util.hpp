// Building blocks shared by the built-in synths (internal to runtime/synths): SuperCollider-style envelopes,
// PolyBLEP oscillators, TPT state-variable and Moog ladder filters, deterministic noise, parameter sanitising.
// Everything is scalar, per sample, allocation-free; recursive state is kept in double.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "runtime/voices/synths/synths.hpp"

namespace phonon::synth_detail {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 6.28318530717958647692;
constexpr double kMiddleC = 261.6256;

inline double finite_or(double x, double fallback) { return std::isfinite(x) ? x : fallback; }
inline double clampd(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }
inline double flush(double x) { return (x > -1e-20 && x < 1e-20) ? 0.0 : x; }

// The per-voice state struct S of a synth is stored as bytes in SynthState::data (trivially copyable).
template <class S>
inline S load_state(const SynthState& st) {
  static_assert(std::is_trivially_copyable_v<S>);
  static_assert(sizeof(S) <= sizeof(st.data), "synth state does not fit SynthState");
  S s;
  std::memcpy(&s, st.data, sizeof(S));
  return s;
}
template <class S>
inline void store_state(SynthState& st, const S& s) {
  std::memcpy(st.data, &s, sizeof(S));
}

// Parameters every synth needs, sanitised: rate > 0, freq in [0, 0.45 rate], sustain in [0, 1e5] s.
struct Common {
  double rate;
  double freq;
  double sustain;
  double accelerate;
};
inline Common resolve_common(SynthId id, const SynthParams& p) {
  Common c;
  c.rate = (std::isfinite(p.rate) && p.rate >= 1.0) ? p.rate : 44100.0;
  c.freq = clampd(finite_or(p.freq, 0.0), 0.0, 0.45 * c.rate);
  double sus = p.sustain;
  if (!std::isfinite(sus) || sus < 0.0) sus = synth_default_sustain(id);
  c.sustain = clampd(sus, 0.0, 1e5);
  c.accelerate = clampd(finite_or(p.accelerate, 0.0), -100.0, 100.0);
  return c;
}

// Frames covering `seconds` (rounded up), saturating.
inline int64_t frames_of(double seconds, double rate) {
  double f = std::ceil(seconds * rate);
  if (!(f > 0.0)) return 0;
  if (f > 9.0e15) return static_cast<int64_t>(9.0e15);
  return static_cast<int64_t>(f);
}

// The semitone offset of freq from middle C ("n" of SuperDirt's drum synths). freq 0 -> a very low note.
inline double note_of(double freq) { return 12.0 * std::log2(freq > 1e-3 ? freq / kMiddleC : 1e-3 / kMiddleC); }

// SuperCollider's wrap(lo, hi) for floats: folds x into [lo, hi) by whole periods.
inline double sc_wrap(double x, double lo, double hi) {
  double r = hi - lo;
  double y = std::fmod(x - lo, r);
  if (y < 0) y += r;
  return y + lo;
}

// One envelope segment from y0 to y1 at fraction x in [0, 1] with SuperCollider's curve number c (0 = linear,
// negative = fast start, positive = slow start).
inline double curve_seg(double y0, double y1, double x, double c) {
  if (std::fabs(c) < 1e-3) return y0 + (y1 - y0) * x;
  return y0 + (y1 - y0) * (1.0 - std::exp(c * x)) / (1.0 - std::exp(c));
}

// A breakpoint envelope (Env.new(levels, times, curve) with timeScale applied): starts at y0, then segment k goes
// to lvl[k] in dur[k] seconds. After the last segment it holds the last level.
struct Envelope {
  double y0 = 0.0;
  int count = 0;
  double lvl[6] = {};
  double dur[6] = {};
  double curve = 0.0;

  double total() const {
    double t = 0;
    for (int k = 0; k < count; ++k) t += dur[k];
    return t;
  }
  double at(double t) const {
    if (t <= 0.0) return count > 0 && dur[0] <= 0.0 ? lvl[0] : y0;
    double start = 0.0, prev = y0;
    for (int k = 0; k < count; ++k) {
      double end = start + dur[k];
      if (t < end) return curve_seg(prev, lvl[k], (t - start) / dur[k], curve);
      start = end;
      prev = lvl[k];
    }
    return prev;
  }
};

// Env.linen(attack, sustain, release, level, curve) with timeScale.
inline Envelope env_linen(double a, double s, double r, double level, double curve, double scale) {
  Envelope e;
  e.y0 = 0.0;
  e.count = 3;
  e.lvl[0] = level;
  e.lvl[1] = level;
  e.lvl[2] = 0.0;
  e.dur[0] = a * scale;
  e.dur[1] = s * scale;
  e.dur[2] = r * scale;
  e.curve = curve;
  return e;
}

// Env.perc(attack, release, level, curve) (SuperCollider's default curve is -4).
inline Envelope env_perc(double attack, double release, double level = 1.0, double curve = -4.0) {
  Envelope e;
  e.count = 2;
  e.lvl[0] = level;
  e.dur[0] = attack;
  e.dur[1] = release;
  e.curve = curve;
  return e;
}

// Env.pairs([[0, y[0]], [x[1], y[1]], ..., [x[4], y[4]]], curve) with timeScale `scale` (x[0] must be 0).
inline Envelope env_pairs(const double (&x)[5], const double (&y)[5], double curve, double scale) {
  Envelope e;
  e.y0 = y[0];
  e.count = 4;
  for (int k = 0; k < 4; ++k) {
    e.lvl[k] = y[k + 1];
    e.dur[k] = (x[k + 1] - x[k]) * scale;
  }
  e.curve = curve;
  return e;
}

// The analog-style synths' envelope: Env.pairs([[0,0],[x1,1],[x2,1-decay],[x3,1-decay],[1,0]], curve) over
// `sustain` (attack to 1 at x1, fall to 1 - decay by x2, hold, release from x3 to the end).
inline Envelope env_analog(double x1, double x2, double x3, double decay, double curve, double sustain) {
  return env_pairs({0.0, x1, x2, x3, 1.0}, {0.0, 1.0, 1.0 - decay, 1.0 - decay, 0.0}, curve, sustain);
}

// Env.sine(dur, level): a half sine from 0 up to level and back.
inline double env_sine_at(double dur, double level, double t) {
  return (t <= 0.0 || t >= dur) ? 0.0 : level * std::sin(kPi * t / dur);
}

// XLine(from, to, dur): exponential ramp, then holds `to` (from and to of the same sign, non-zero).
inline double xline_at(double from, double to, double dur, double t) {
  if (t >= dur) return to;
  if (t <= 0.0) return from;
  return from * std::pow(to / from, t / dur);
}

// SuperCollider's VarSaw at phase t in [0, 1) with duty `w`: rises -1 -> 1 over w, falls back over the rest.
inline double varsaw(double t, double w) {
  w = clampd(w, 1e-6, 1.0 - 1e-6);
  return t < w ? 2.0 * t / w - 1.0 : 1.0 - 2.0 * (t - w) / (1.0 - w);
}

// Line.kr(from, to, dur): linear ramp, then holds `to`.
inline double line_at(double from, double to, double dur, double t) {
  if (t >= dur) return to;
  if (t <= 0.0) return from;
  return from + (to - from) * (t / dur);
}

// Deterministic noise: xorshift64* seeded through splitmix64 (never zero).
struct Rng {
  uint64_t s;
  static Rng seeded(uint64_t seed, uint64_t salt) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (salt + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return Rng{z ? z : 0x2545F4914F6CDD1Dull};
  }
  uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1Dull;
  }
  // Uniform in [-1, 1) (SuperCollider's WhiteNoise).
  double white() { return static_cast<double>(next() >> 11) * (2.0 / 9007199254740992.0) - 1.0; }
  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
};

// Smooth random wander in -1..1 (as SuperCollider's LFNoise2): a new random point every 1/freq seconds, the
// output a quadratic curve from the midpoint of the previous two points to the midpoint of the next two, pulled
// towards the point between them. Starts at the midpoint of 0 and the first point, as LFNoise2 starts at 0-ish.
struct SmoothNoise {
  double prev, at, next;  // three consecutive random points
  double pos;             // 0..1 through the current segment
  Rng rng;
  static SmoothNoise seeded(Rng& from) {
    SmoothNoise n{0.0, 0.0, 0.0, 0.0, Rng::seeded(from.next(), 1)};
    n.at = n.rng.white();
    n.next = n.rng.white();
    return n;
  }
  // Advances by `step` = freq / rate of a segment and returns the value.
  double tick(double step) {
    const double a = 0.5 * (prev + at), b = 0.5 * (at + next), u = pos;
    const double y = (1.0 - u) * (1.0 - u) * a + 2.0 * u * (1.0 - u) * at + u * u * b;
    pos += clampd(step, 0.0, 1.0);
    while (pos >= 1.0) {
      pos -= 1.0;
      prev = at;
      at = next;
      next = rng.white();
    }
    return y;
  }
};

// Frames a synth sounds: `per_sustain` times its resolved sustain (seconds).
inline int64_t sustain_frames(SynthId id, const SynthParams& p, double per_sustain) {
  Common c = resolve_common(id, p);
  return frames_of(per_sustain * c.sustain, c.rate);
}

// Frames of a synth under Env.perc(attack, sustain) (not time-scaled): attack + sustain seconds.
inline int64_t perc_frames(SynthId id, const SynthParams& p, double attack) {
  Common c = resolve_common(id, p);
  return frames_of(attack + c.sustain, c.rate);
}

// Start state of a synth whose only non-zero start value is its noise generator (stream `salt` of the voice seed).
template <class S>
inline void start_with_rng(const SynthParams& p, SynthState& st, uint64_t salt) {
  S s{};
  s.rng = Rng::seeded(p.seed, salt);
  store_state(st, s);
}

// PolyBLEP residual for a unit step at phase 0 (phase t in [0, 1), increment dt in (0, 0.5]).
inline double poly_blep(double t, double dt) {
  if (dt <= 0.0) return 0.0;
  if (t < dt) {
    double x = t / dt;
    return x + x - x * x - 1.0;
  }
  if (t > 1.0 - dt) {
    double x = (t - 1.0) / dt;
    return x * x + x + x + 1.0;
  }
  return 0.0;
}
// Band-limited saw rising -1 -> 1 over the period.
inline double blep_saw(double t, double dt) { return (t + t - 1.0) - poly_blep(t, dt); }
// Band-limited pulse, +1 for t < w, -1 after, minus its mean (so w = 0 or 1 is silence, as in SuperDirt).
inline double blep_pulse(double t, double dt, double w) {
  if (w <= 0.0 || w >= 1.0) return 0.0;
  double naive = t < w ? 1.0 : -1.0;
  double t2 = t - w;
  if (t2 < 0.0) t2 += 1.0;
  return naive + poly_blep(t, dt) - poly_blep(t2, dt) - (2.0 * w - 1.0);
}
// Triangle with phase t in [0,1): 0 at t=0 rising to 1 at 0.25, -1 at 0.75 (LFTri shape).
inline double tri(double t) {
  double x = t + 0.25;
  x -= std::floor(x);
  return 4.0 * std::fabs(x - 0.5) - 1.0;
}
// Advances a phase in [0, 1).
inline double wrap_phase(double t) {
  if (t >= 1.0 || t < 0.0) t -= std::floor(t);
  return t;
}

// Topology-preserving-transform state-variable filter (Zavalishin). g = tan(pi fc / rate), k = 1/Q.
struct Svf {
  double ic1 = 0.0, ic2 = 0.0;
  struct Out {
    double lp, bp, hp;
  };
  Out tick(double x, double g, double k) {
    double a1 = 1.0 / (1.0 + g * (g + k));
    double a2 = g * a1;
    double a3 = g * a2;
    double v3 = x - ic2;
    double v1 = a1 * ic1 + a2 * v3;
    double v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = flush(2.0 * v1 - ic1);
    ic2 = flush(2.0 * v2 - ic2);
    return Out{v2, v1, x - k * v1 - v2};
  }
};
// Prewarped coefficient for cutoff fc (clamped to (0, 0.49 rate)).
inline double svf_g(double fc, double rate) { return std::tan(kPi * clampd(fc, 1.0, 0.49 * rate) / rate); }
constexpr double kButterworthK = 1.4142135623730951;  // 1/Q for Q = 0.7071 (SC's LPF/HPF)

// SuperCollider's two-pole filters with reciprocal Q `rq`, on the state-variable core: BPF/Resonz (unity gain at
// the centre), BRF (notch), RLPF/RHPF.
inline double sc_bpf(Svf& f, double x, double freq, double rq, double rate) {
  const double k = clampd(rq, 1e-3, 10.0);
  return k * f.tick(x, svf_g(freq, rate), k).bp;
}
inline double sc_brf(Svf& f, double x, double freq, double rq, double rate) {
  const double k = clampd(rq, 1e-3, 10.0);
  const Svf::Out o = f.tick(x, svf_g(freq, rate), k);
  return x - k * o.bp;
}
inline double sc_rlpf(Svf& f, double x, double freq, double rq, double rate) {
  return f.tick(x, svf_g(freq, rate), clampd(rq, 1e-3, 10.0)).lp;
}
inline double sc_lpf(Svf& f, double x, double freq, double rate) {
  return f.tick(x, svf_g(freq, rate), kButterworthK).lp;
}
inline double sc_hpf(Svf& f, double x, double freq, double rate) {
  return f.tick(x, svf_g(freq, rate), kButterworthK).hp;
}

// LeakDC: one-pole DC blocker (SuperCollider's coefficient 0.995 at 44.1 kHz, scaled to the rate).
struct LeakDc {
  double x1 = 0.0, y1 = 0.0;
  double tick(double x, double rate) {
    const double a = std::pow(0.995, 44100.0 / rate);
    const double y = x - x1 + a * y1;
    x1 = x;
    y1 = flush(y);
    return y;
  }
};

// Four-pole Moog-style ladder (linear zero-delay-feedback TPT model, as SuperCollider's MoogFF): resonance k in
// [0, 4) (4 = self-oscillation edge). Low-pass output.
struct Ladder {
  double s[4] = {0, 0, 0, 0};
  double tick(double x, double g, double k) {
    double G = g / (1.0 + g);
    double inv = 1.0 / (1.0 + g);
    double S = 0.0;
    for (int i = 0; i < 4; ++i) S = S * G + s[i] * inv;
    double G4 = G * G * G * G;
    double u = (x - k * S) / (1.0 + k * G4);
    double y = u;
    for (int i = 0; i < 4; ++i) {
      double v = (y - s[i]) * G;
      double out = v + s[i];
      s[i] = flush(out + v);
      y = out;
    }
    return y;
  }
};

// The moog-inspired synths' filter (supersaw, supersquare, superpwm): a ladder at resonance `resonance` * 4 whose
// cutoff an LFO sweeps between freq * 10 * `pitch1` and that * (1 + `lfo`), both capped at 22 kHz.
struct MoogFilter {
  double pitch1, lfo, lfo_rate, k;
  static MoogFilter of(const SynthParams& p) {
    return MoogFilter{clampd(finite_or(p.pitch1, 1.0), 0.0, 1e3), clampd(finite_or(p.lfo, 1.0), -1.0, 1e3),
                      clampd(finite_or(p.lfo_rate, 1.0), -1e3, 1e3),
                      4.0 * clampd(finite_or(p.resonance, 0.2), 0.0, 0.99)};
  }
  double low(double freq) const { return std::min(freq * 10.0 * pitch1, 22000.0); }
  double high(double freq) const { return std::min(low(freq) * (lfo + 1.0), 22000.0); }
  // The cutoff with the LFO at `pos` in 0..1.
  double cutoff(double freq, double pos) const { return low(freq) + (high(freq) - low(freq)) * pos; }
};
// The ladder coefficient for `cutoff` Hz.
inline double ladder_g(double cutoff, double rate) { return std::tan(kPi * clampd(cutoff, 1.0, 0.49 * rate) / rate); }

}  // namespace phonon::synth_detail
