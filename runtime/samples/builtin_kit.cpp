// Synthesis recipes of the built-in kit. Every sound is a pure function of (name, variant, rate): noise comes
// from a PRNG seeded by name and variant, so renders are reproducible.
#include "runtime/samples/builtin_kit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>

namespace phonon {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 2.0 * kPi;
constexpr double kPeak = 0.891250938;  // -1 dBFS

// xorshift64* — small, fast, deterministic white noise in [-1, 1).
class Noise {
 public:
  explicit Noise(uint64_t seed) : s_(seed ? seed : 0x9E3779B97F4A7C15ULL) {
    for (int i = 0; i < 4; ++i) next();
  }
  double next() {
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    uint64_t v = s_ * 2685821657736338717ULL;
    return static_cast<double>(v >> 11) * (2.0 / 9007199254740992.0) - 1.0;
  }

 private:
  uint64_t s_;
};

uint64_t seed_of(const std::string& name, int variant) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h ^ (static_cast<uint64_t>(variant + 1) * 0x9E3779B97F4A7C15ULL);
}

// RBJ biquad (direct form I), enough for shaping noise and metallic tones.
class Biquad {
 public:
  enum Kind { LowPass, HighPass, BandPass };
  Biquad(Kind kind, double freq, double q, double rate) {
    freq = std::clamp(freq, 10.0, 0.45 * rate);
    const double w = kTwoPi * freq / rate, cw = std::cos(w), sw = std::sin(w), alpha = sw / (2.0 * q);
    double b0, b1, b2;
    switch (kind) {
      case LowPass:
        b0 = (1 - cw) / 2;
        b1 = 1 - cw;
        b2 = (1 - cw) / 2;
        break;
      case HighPass:
        b0 = (1 + cw) / 2;
        b1 = -(1 + cw);
        b2 = (1 + cw) / 2;
        break;
      default:
        b0 = alpha;
        b1 = 0;
        b2 = -alpha;
        break;  // band-pass, 0 dB peak gain
    }
    const double a0 = 1 + alpha;
    b0_ = b0 / a0;
    b1_ = b1 / a0;
    b2_ = b2 / a0;
    a1_ = -2 * cw / a0;
    a2_ = (1 - alpha) / a0;
  }
  double operator()(double x) {
    double y = b0_ * x + b1_ * x1_ + b2_ * x2_ - a1_ * y1_ - a2_ * y2_;
    x2_ = x1_;
    x1_ = x;
    y2_ = y1_;
    y1_ = y;
    return y;
  }

 private:
  double b0_, b1_, b2_, a1_, a2_;
  double x1_ = 0, x2_ = 0, y1_ = 0, y2_ = 0;
};

// Naive square wave from a phase in cycles (the hats and cowbell filter it heavily, aliasing is inaudible).
double square(double phase) { return phase - std::floor(phase) < 0.5 ? 1.0 : -1.0; }

// Sine whose frequency follows f(t); integrates the phase.
struct Sweep {
  double phase = 0.0;
  double step(double freq, double rate) {
    double v = std::sin(kTwoPi * phase);
    phase += freq / rate;
    phase -= std::floor(phase);
    return v;
  }
};

// TR-808 style metal: six square oscillators at inharmonic ratios, band-passed.
struct Metal {
  static constexpr double kFreqs[6] = {205.3, 304.4, 369.6, 522.7, 540.0, 800.0};
  double phases[6] = {0, 0, 0, 0, 0, 0};
  double scale;
  explicit Metal(double s) : scale(s) {}
  double step(double rate) {
    double sum = 0.0;
    for (int k = 0; k < 6; ++k) {
      sum += square(phases[k]);
      phases[k] += kFreqs[k] * scale / rate;
      if (phases[k] >= 1.0) phases[k] -= 1.0;
    }
    return sum / 6.0;
  }
};

// Builds one sample: `seconds` long, body(i, t) gives each value. Then: a short fade-out at the end, trailing
// near-silence trimmed, peak-normalised to -1 dBFS.
SampleData render(const std::string& name, int variant, double rate, double seconds,
                  const std::function<double(int64_t, double)>& body) {
  const int64_t n = std::max<int64_t>(16, static_cast<int64_t>(std::llround(seconds * rate)));
  std::vector<double> x(static_cast<size_t>(n));
  double peak = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    double v = body(i, static_cast<double>(i) / rate);
    if (!std::isfinite(v)) v = 0.0;
    x[static_cast<size_t>(i)] = v;
    peak = std::max(peak, std::abs(v));
  }
  // Trim the tail below -60 dB of the peak (keep a little margin), then fade the last 5 ms to avoid a click.
  int64_t len = n;
  const double floor_level = peak * 1e-3;
  while (len > 16 && std::abs(x[static_cast<size_t>(len - 1)]) < floor_level) --len;
  len = std::min(n, len + static_cast<int64_t>(0.002 * rate));
  const int64_t fade = std::min<int64_t>(len / 4, static_cast<int64_t>(0.005 * rate));
  for (int64_t i = 0; i < fade; ++i) x[static_cast<size_t>(len - 1 - i)] *= static_cast<double>(i) / fade;
  const double gain = peak > 0.0 ? kPeak / peak : 0.0;

  SampleData s;
  s.name = name + ":" + std::to_string(variant);
  s.path = "builtin:" + name + "/" + std::to_string(variant);
  s.rate = rate;
  s.allocate(1, len);
  float* out = s.mutable_channel(0);
  for (int64_t i = 0; i < len; ++i) out[i] = static_cast<float>(x[static_cast<size_t>(i)] * gain);
  return s;
}

double expdecay(double t, double tau) { return std::exp(-t / tau); }

// ---- recipes --------------------------------------------------------------------------------------------------

// Kick: sine with a fast downward pitch sweep, a short filtered-noise click, slight saturation.
SampleData kick(const std::string& name, int v, double rate, double f_end, double f_start, double pitch_tau,
                double decay, double click, double drive) {
  Noise noise(seed_of(name, v));
  Biquad click_filter(Biquad::BandPass, 3000.0, 0.8, rate);
  Sweep osc;
  return render(name, v, rate, decay * 7.0, [&](int64_t, double t) {
    double f = f_end + (f_start - f_end) * expdecay(t, pitch_tau);
    double body = osc.step(f, rate) * expdecay(t, decay) * std::min(1.0, t * rate / 8.0);
    double c = click * click_filter(noise.next()) * expdecay(t, 0.0025);
    return std::tanh(drive * (body + c)) / std::tanh(drive);
  });
}

// Snare: two tuned sines (drum body) plus band/high-passed noise (the snares).
SampleData snare(const std::string& name, int v, double rate, double f1, double f2, double tone_decay,
                 double noise_decay, double tone_mix, double noise_hp, double noise_lp) {
  Noise noise(seed_of(name, v));
  Biquad hp(Biquad::HighPass, noise_hp, 0.707, rate), lp(Biquad::LowPass, noise_lp, 0.707, rate);
  Sweep a, b;
  return render(name, v, rate, std::max(tone_decay, noise_decay) * 7.0, [&](int64_t, double t) {
    double bend = 1.0 + 0.5 * expdecay(t, 0.01);
    double tone = (0.6 * a.step(f1 * bend, rate) + 0.4 * b.step(f2 * bend, rate)) * expdecay(t, tone_decay);
    double nz = lp(hp(noise.next())) * expdecay(t, noise_decay) * (1.0 + 0.5 * expdecay(t, 0.004));
    // Saturation makes it dense and punchy like sampled (compressed) snares.
    return std::tanh(2.5 * (tone_mix * tone + (1.0 - tone_mix) * 1.6 * nz));
  });
}

// Hi-hat: 808 metal plus high-passed noise, band-passed high.
SampleData hat(const std::string& name, int v, double rate, double decay, double scale, double bright,
               double metal_mix) {
  Noise noise(seed_of(name, v));
  Metal metal(scale);
  Biquad bp(Biquad::BandPass, 10000.0 * bright, 0.9, rate), hp(Biquad::HighPass, 7000.0 * bright, 0.707, rate);
  return render(name, v, rate, decay * 7.0 + 0.01, [&](int64_t, double t) {
    double src = metal_mix * metal.step(rate) + (1.0 - metal_mix) * noise.next();
    double env = expdecay(t, decay) * std::min(1.0, t * 2000.0);
    return hp(bp(src)) * env;
  });
}

// Clap: several noise bursts a few ms apart, then a reverberant tail, band-passed around 1 kHz.
SampleData clap(const std::string& name, int v, double rate, int bursts, double spacing, double tail, double freq) {
  Noise noise(seed_of(name, v));
  Biquad bp(Biquad::BandPass, freq, 1.2, rate), hp(Biquad::HighPass, 500.0, 0.707, rate);
  return render(name, v, rate, spacing * bursts + tail * 7.0, [&](int64_t, double t) {
    double env = 0.0;
    for (int k = 0; k < bursts; ++k) {
      double tk = t - k * spacing;
      if (tk >= 0.0) env = std::max(env, expdecay(tk, spacing * 0.35));
    }
    double last = t - (bursts - 1) * spacing;
    if (last >= 0.0) env = std::max(env, 0.5 * expdecay(last, tail));
    return hp(bp(noise.next())) * env;
  });
}

// Rim shot: a very short knock of two tones plus a noise click.
SampleData rim(const std::string& name, int v, double rate, double f1, double f2, double decay) {
  Noise noise(seed_of(name, v));
  Biquad bp(Biquad::BandPass, f1 * 1.5, 2.0, rate);
  Sweep a, b;
  return render(name, v, rate, decay * 8.0, [&](int64_t, double t) {
    double tone = 0.6 * a.step(f1, rate) + 0.4 * b.step(f2, rate);
    return (tone + 0.8 * bp(noise.next())) * expdecay(t, decay);
  });
}

// Cowbell: two square tones (808: 540 and 800 Hz) band-passed, a quick drop then a longer tail.
SampleData cowbell(const std::string& name, int v, double rate, double f1, double f2, double tail) {
  Biquad bp(Biquad::BandPass, (f1 + f2) * 1.1, 1.4, rate), lp(Biquad::LowPass, 4500.0, 0.707, rate);
  double pa = 0.0, pb = 0.0;
  return render(name, v, rate, tail * 7.0, [&](int64_t, double t) {
    double s = 0.5 * square(pa) + 0.5 * square(pb);
    pa += f1 / rate;
    pb += f2 / rate;
    pa -= std::floor(pa);
    pb -= std::floor(pb);
    double env = 0.6 * expdecay(t, 0.012) + 0.4 * expdecay(t, tail);
    return lp(bp(s)) * env * std::min(1.0, t * 4000.0);
  });
}

// Tom: sine with a moderate pitch drop and a touch of noise on the attack.
SampleData tom(const std::string& name, int v, double rate, double freq, double decay) {
  Noise noise(seed_of(name, v));
  Biquad bp(Biquad::BandPass, freq * 4.0, 1.0, rate);
  Sweep osc, osc2;
  return render(name, v, rate, decay * 7.0, [&](int64_t, double t) {
    double f = freq * (1.0 + 0.6 * expdecay(t, 0.03));
    double body = (0.85 * osc.step(f, rate) + 0.15 * osc2.step(f * 1.5, rate)) * expdecay(t, decay);
    return body * std::min(1.0, t * rate / 8.0) + 0.3 * bp(noise.next()) * expdecay(t, 0.01);
  });
}

// 808 kick: long low sine boom with a small pitch drop and a soft attack click.
SampleData boom(const std::string& name, int v, double rate, double freq, double decay, double tone) {
  Sweep osc;
  Biquad lp(Biquad::LowPass, 200.0 + 1800.0 * tone, 0.707, rate);
  return render(name, v, rate, decay * 7.0, [&](int64_t, double t) {
    double f = freq * (1.0 + 1.2 * expdecay(t, 0.012 + 0.01 * tone));
    double s = osc.step(f, rate) * expdecay(t, decay);
    return lp(std::tanh((1.0 + 2.0 * tone) * s)) * std::min(1.0, t * rate / 8.0);
  });
}

// 808 conga: pure sine with a tiny upward-to-steady bend and a short decay.
SampleData conga(const std::string& name, int v, double rate, double freq, double decay) {
  Sweep osc;
  return render(name, v, rate, decay * 7.0, [&](int64_t, double t) {
    double f = freq * (1.0 + 0.15 * expdecay(t, 0.008));
    return osc.step(f, rate) * expdecay(t, decay) * std::min(1.0, t * rate / 8.0);
  });
}

// Rave stab: a chord of detuned saws through a resonant low-pass whose cutoff falls quickly.
SampleData stab(const std::string& name, int v, double rate, double root_hz, const std::vector<double>& semis,
                double decay, double cutoff) {
  struct Voice {
    double phase, freq;
  };
  std::vector<Voice> voices;
  Noise noise(seed_of(name, v));
  for (double s : semis) {
    for (double detune : {-0.12, 0.0, 0.11}) {
      voices.push_back({0.5 + 0.5 * noise.next(), root_hz * std::pow(2.0, (s + detune) / 12.0)});
    }
  }
  // Time-varying 2-pole state-variable low-pass (Chamberlin), stable for cutoff < rate/6.
  double low = 0.0, band = 0.0;
  return render(name, v, rate, decay * 6.0, [&](int64_t, double t) {
    double sum = 0.0;
    for (auto& vo : voices) {
      sum += 2.0 * vo.phase - 1.0;
      vo.phase += vo.freq / rate;
      if (vo.phase >= 1.0) vo.phase -= 1.0;
    }
    sum /= static_cast<double>(voices.size());
    double fc = std::min(rate / 7.0, 300.0 + cutoff * expdecay(t, decay * 0.5));
    double f = 2.0 * std::sin(kPi * fc / rate), q = 0.35;
    low += f * band;
    double high = sum - low - q * band;
    band += f * high;
    return std::tanh(1.5 * low) * expdecay(t, decay) * std::min(1.0, t * 1000.0);
  });
}

// Pluck: harmonics with 1/k amplitudes; higher harmonics die faster (like a plucked string).
SampleData pluck(const std::string& name, int v, double rate, double freq, double decay) {
  int harmonics = std::max(1, std::min(24, static_cast<int>(0.45 * rate / freq)));
  std::vector<double> amp(static_cast<size_t>(harmonics)), tau(static_cast<size_t>(harmonics));
  for (int k = 1; k <= harmonics; ++k) {
    amp[static_cast<size_t>(k - 1)] = 1.0 / k;
    tau[static_cast<size_t>(k - 1)] = decay / std::pow(static_cast<double>(k), 0.8);
  }
  return render(name, v, rate, decay * 6.0, [&](int64_t, double t) {
    double s = 0.0;
    for (int k = 1; k <= harmonics; ++k)
      s += amp[static_cast<size_t>(k - 1)] * std::sin(kTwoPi * k * freq * t) *
           expdecay(t, tau[static_cast<size_t>(k - 1)]);
    return s * std::min(1.0, t * 3000.0);
  });
}

double midi_hz(double note) { return 440.0 * std::pow(2.0, (note - 69.0) / 12.0); }

using Maker = std::function<std::vector<SampleData>(const std::string&, double)>;

struct KitEntry {
  const char* name;
  Maker make;
};

const std::vector<KitEntry>& kit() {
  static const std::vector<KitEntry> entries = {
      {"bd",
       [](const std::string& n, double r) {
         // f_end, f_start, pitch_tau, decay, click, drive
         const double p[][6] = {{52, 180, 0.030, 0.050, 0.5, 1.5}, {48, 150, 0.045, 0.070, 0.3, 1.2},
                                {60, 230, 0.020, 0.035, 0.8, 2.0}, {44, 130, 0.060, 0.090, 0.2, 1.1},
                                {56, 260, 0.015, 0.025, 1.0, 2.5}, {50, 200, 0.035, 0.060, 0.6, 3.0}};
         std::vector<SampleData> out;
         for (int v = 0; v < 6; ++v) out.push_back(kick(n, v, r, p[v][0], p[v][1], p[v][2], p[v][3], p[v][4], p[v][5]));
         return out;
       }},
      {"sn",
       [](const std::string& n, double r) {
         // f1, f2, tone_decay, noise_decay, tone_mix, noise_hp, noise_lp
         const double p[][7] = {
             {185, 330, 0.035, 0.045, 0.55, 1200, 9000}, {200, 350, 0.025, 0.035, 0.45, 1800, 11000},
             {160, 290, 0.045, 0.060, 0.60, 900, 7000},  {230, 410, 0.020, 0.028, 0.40, 2500, 12000},
             {175, 315, 0.040, 0.075, 0.50, 1000, 8000}, {210, 380, 0.030, 0.050, 0.65, 1500, 10000}};
         std::vector<SampleData> out;
         for (int v = 0; v < 6; ++v)
           out.push_back(snare(n, v, r, p[v][0], p[v][1], p[v][2], p[v][3], p[v][4], p[v][5], p[v][6]));
         return out;
       }},
      {"hh",
       [](const std::string& n, double r) {
         const double p[][4] = {{0.030, 1.00, 1.0, 0.5}, {0.045, 1.10, 0.9, 0.6}, {0.020, 1.20, 1.1, 0.4},
                                {0.060, 0.95, 0.8, 0.5}, {0.035, 1.30, 1.2, 0.7}, {0.025, 0.90, 1.0, 0.3}};
         std::vector<SampleData> out;
         for (int v = 0; v < 6; ++v) out.push_back(hat(n, v, r, p[v][0], p[v][1], p[v][2], p[v][3]));
         return out;
       }},
      {"oh",
       [](const std::string& n, double r) {
         const double p[][4] = {
             {0.12, 1.0, 1.0, 0.5}, {0.18, 1.1, 0.9, 0.6}, {0.09, 1.2, 1.1, 0.4}, {0.25, 0.95, 0.85, 0.5}};
         std::vector<SampleData> out;
         for (int v = 0; v < 4; ++v) out.push_back(hat(n, v, r, p[v][0], p[v][1], p[v][2], p[v][3]));
         return out;
       }},
      {"cp",
       [](const std::string& n, double r) {
         const double p[][4] = {
             {4, 0.011, 0.050, 1100}, {3, 0.009, 0.035, 1300}, {5, 0.012, 0.070, 950}, {4, 0.008, 0.090, 1200}};
         std::vector<SampleData> out;
         for (int v = 0; v < 4; ++v) out.push_back(clap(n, v, r, static_cast<int>(p[v][0]), p[v][1], p[v][2], p[v][3]));
         return out;
       }},
      {"rim",
       [](const std::string& n, double r) {
         const double p[][3] = {{1700, 480, 0.008}, {1500, 420, 0.012}, {2000, 560, 0.006}};
         std::vector<SampleData> out;
         for (int v = 0; v < 3; ++v) out.push_back(rim(n, v, r, p[v][0], p[v][1], p[v][2]));
         return out;
       }},
      {"cb",
       [](const std::string& n, double r) {
         const double p[][3] = {{540, 800, 0.07}, {587, 870, 0.05}, {480, 712, 0.10}};
         std::vector<SampleData> out;
         for (int v = 0; v < 3; ++v) out.push_back(cowbell(n, v, r, p[v][0], p[v][1], p[v][2]));
         return out;
       }},
      {"lt",
       [](const std::string& n, double r) {
         std::vector<SampleData> out;
         const double f[] = {90, 80, 100}, d[] = {0.10, 0.14, 0.08};
         for (int v = 0; v < 3; ++v) out.push_back(tom(n, v, r, f[v], d[v]));
         return out;
       }},
      {"mt",
       [](const std::string& n, double r) {
         std::vector<SampleData> out;
         const double f[] = {135, 120, 150}, d[] = {0.09, 0.12, 0.07};
         for (int v = 0; v < 3; ++v) out.push_back(tom(n, v, r, f[v], d[v]));
         return out;
       }},
      {"ht",
       [](const std::string& n, double r) {
         std::vector<SampleData> out;
         const double f[] = {195, 175, 220}, d[] = {0.08, 0.11, 0.06};
         for (int v = 0; v < 3; ++v) out.push_back(tom(n, v, r, f[v], d[v]));
         return out;
       }},
      {"808bd",
       [](const std::string& n, double r) {
         // freq, decay, tone: like the 808 "decay" and "tone" knobs
         const double p[][3] = {{50, 0.08, 0.2}, {49, 0.17, 0.3}, {51, 0.30, 0.1}, {48, 0.12, 0.7}, {52, 0.42, 0.5}};
         std::vector<SampleData> out;
         for (int v = 0; v < 5; ++v) out.push_back(boom(n, v, r, p[v][0], p[v][1], p[v][2]));
         return out;
       }},
      {"808sd",
       [](const std::string& n, double r) {
         const double p[][7] = {{238, 476, 0.030, 0.035, 0.65, 1800, 12000},
                                {238, 476, 0.030, 0.050, 0.45, 1500, 12000},
                                {260, 520, 0.025, 0.040, 0.55, 2200, 13000},
                                {220, 440, 0.040, 0.060, 0.35, 1200, 11000},
                                {250, 500, 0.025, 0.025, 0.75, 2500, 14000}};
         std::vector<SampleData> out;
         for (int v = 0; v < 5; ++v)
           out.push_back(snare(n, v, r, p[v][0], p[v][1], p[v][2], p[v][3], p[v][4], p[v][5], p[v][6]));
         return out;
       }},
      {"808oh",
       [](const std::string& n, double r) {
         const double p[][4] = {{0.03, 1.0, 1.0, 0.8},
                                {0.06, 1.0, 1.0, 0.8},
                                {0.045, 1.05, 1.1, 0.7},
                                {0.08, 0.97, 0.95, 0.8},
                                {0.10, 1.0, 1.0, 0.85}};
         std::vector<SampleData> out;
         for (int v = 0; v < 5; ++v) out.push_back(hat(n, v, r, p[v][0], p[v][1], p[v][2], p[v][3]));
         return out;
       }},
      {"808hc",
       [](const std::string& n, double r) {
         // Tunings of Dirt-Samples' 808hc (HC00 HC10 HC25 HC50 HC75), measured.
         const double f[] = {375, 466, 386, 415, 440}, d[] = {0.035, 0.03, 0.045, 0.033, 0.026};
         std::vector<SampleData> out;
         for (int v = 0; v < 5; ++v) out.push_back(conga(n, v, r, f[v], d[v]));
         return out;
       }},
      {"rave",
       [](const std::string& n, double r) {
         // root (MIDI note), chord intervals, decay, filter sweep depth
         struct P {
           double root;
           std::vector<double> chord;
           double decay, cutoff;
         };
         const std::vector<P> p = {{57, {0, 3, 7, 12}, 0.12, 6000}, {60, {0, 4, 7, 12}, 0.15, 5000},
                                   {55, {0, 3, 7, 10}, 0.10, 7000}, {53, {0, 5, 7, 12}, 0.20, 4500},
                                   {62, {0, 3, 7, 14}, 0.09, 8000}, {48, {0, 7, 12, 15}, 0.25, 5500}};
         std::vector<SampleData> out;
         for (int v = 0; v < static_cast<int>(p.size()); ++v)
           out.push_back(stab(n, v, r, midi_hz(p[v].root), p[v].chord, p[v].decay, p[v].cutoff));
         return out;
       }},
      {"arpy",
       [](const std::string& n, double r) {
         // Eleven short plucks on the pitches of Dirt-Samples' arpy01..arpy11 (C major pentatonic from C4).
         const double notes[] = {60, 62, 65, 67, 69, 72, 74, 77, 79, 81, 84};
         std::vector<SampleData> out;
         for (int v = 0; v < 11; ++v) out.push_back(pluck(n, v, r, midi_hz(notes[v]), 0.05 - 0.002 * v));
         return out;
       }},
  };
  return entries;
}

}  // namespace

bool builtin_kit_has(const std::string& name) {
  for (const auto& e : kit())
    if (name == e.name) return true;
  return false;
}

std::vector<std::string> builtin_kit_names() {
  std::vector<std::string> names;
  for (const auto& e : kit()) names.emplace_back(e.name);
  return names;
}

std::vector<SampleData> builtin_kit_make(const std::string& name, double rate) {
  if (!(rate >= 1000.0 && rate <= 1e6)) return {};
  for (const auto& e : kit())
    if (name == e.name) return e.make(name, rate);
  return {};
}

}  // namespace phonon
