// Small measurement helpers for render tests: render a program through the library, then measure the audio
// (RMS per window, zero crossings, naive DFT magnitudes, band power, autocorrelation pitch, correlation at a lag).
// Everything works on one channel (a std::vector<float>) and frame indices; times are converted with `rate`.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon::audio_checks {

struct Stereo {
  std::vector<float> l, r;
  double rate = 44100.0;
  EngineStats stats;
  std::vector<std::string> warnings;  // compile and load warnings
  size_t frames() const { return l.size(); }
  size_t at(double seconds) const {
    return std::min(l.size(), static_cast<size_t>(std::llround(std::max(0.0, seconds) * rate)));
  }
};

struct RenderOptions {
  double seconds = 2.0;
  int block = 512;
  double rate = 44100.0;
  bool limiter = false;                   // the master soft limiter (off: measure the program, not the limiter)
  std::vector<std::string> sample_roots;  // empty: only the built-in kit
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Compiles `plan` (already compiled) and renders it; `code_name` labels failures.
inline Stereo render_plan(std::shared_ptr<const Plan> plan, const RenderOptions& o) {
  Stereo out;
  out.rate = o.rate;
  SampleBank bank(o.sample_roots, true);
  EngineOptions eo;
  eo.rate = o.rate;
  eo.max_block = o.block;
  eo.limiter = o.limiter;
  Engine engine(eo);
  engine.start(load_plan(engine, bank, plan, &out.warnings));
  const int64_t total = static_cast<int64_t>(std::llround(o.seconds * o.rate));
  std::vector<float> buf(static_cast<size_t>(o.block) * 2);
  out.l.resize(static_cast<size_t>(total));
  out.r.resize(static_cast<size_t>(total));
  for (int64_t done = 0; done < total; done += o.block) {
    int n = static_cast<int>(std::min<int64_t>(o.block, total - done));
    engine.process(buf.data(), n);
    for (int i = 0; i < n; ++i) {
      out.l[static_cast<size_t>(done + i)] = buf[2 * static_cast<size_t>(i)];
      out.r[static_cast<size_t>(done + i)] = buf[2 * static_cast<size_t>(i) + 1];
    }
  }
  out.stats = engine.stats();
  return out;
}

// Compiles and renders source text; a compile error fails the calling test (and returns empty audio).
inline Stereo render_source(const std::string& code, const RenderOptions& o, const std::string& name = "test.ph") {
  auto file = std::make_shared<SourceFile>(name, code);
  CompileResult r = compile_source(file);
  EXPECT_TRUE(r.ok()) << name << ":\n" << r.diagnostics.render_all();
  if (!r.ok()) return Stereo{};
  Stereo s = render_plan(r.plan, o);
  return s;
}

// ---- measurements ---------------------------------------------------------------------------------------------

inline double rms(const std::vector<float>& x, size_t b, size_t e) {
  e = std::min(e, x.size());
  if (e <= b) return 0.0;
  double s = 0.0;
  for (size_t i = b; i < e; ++i) s += static_cast<double>(x[i]) * x[i];
  return std::sqrt(s / static_cast<double>(e - b));
}

inline double peak(const std::vector<float>& x, size_t b, size_t e) {
  e = std::min(e, x.size());
  double p = 0.0;
  for (size_t i = b; i < e; ++i) p = std::max(p, std::fabs(static_cast<double>(x[i])));
  return p;
}

inline bool all_finite(const std::vector<float>& x) {
  for (float v : x)
    if (!std::isfinite(v)) return false;
  return true;
}

// RMS of consecutive windows of `win` frames over the whole signal.
inline std::vector<double> rms_windows(const std::vector<float>& x, size_t win) {
  std::vector<double> out;
  for (size_t b = 0; b + win <= x.size(); b += win) out.push_back(rms(x, b, b + win));
  return out;
}

// Upward zero crossings (x[i-1] < 0 <= x[i]) in [b, e).
inline size_t zero_crossings(const std::vector<float>& x, size_t b, size_t e) {
  e = std::min(e, x.size());
  size_t n = 0;
  for (size_t i = std::max<size_t>(b, 1); i < e; ++i)
    if (x[i - 1] < 0.0f && x[i] >= 0.0f) ++n;
  return n;
}

// Frequency from the time between the first and last upward zero crossing in [b, e) (exact for periodic
// waveforms that cross zero upwards once per period).
inline double crossing_frequency(const std::vector<float>& x, size_t b, size_t e, double rate) {
  e = std::min(e, x.size());
  double first = -1, last = -1;
  size_t count = 0;
  for (size_t i = std::max<size_t>(b, 1); i < e; ++i) {
    if (x[i - 1] < 0.0f && x[i] >= 0.0f) {
      // Linear interpolation of the crossing instant.
      double t = static_cast<double>(i - 1) + x[i - 1] / (static_cast<double>(x[i - 1]) - x[i]);
      if (first < 0) first = t;
      last = t;
      ++count;
    }
  }
  if (count < 2) return 0.0;
  return static_cast<double>(count - 1) * rate / (last - first);
}

// Magnitude of the Hann-windowed DFT of x[b, e) at `freq` Hz, scaled so that a sine of amplitude A at a
// frequency resolved by the window reads A.
inline double dft_mag(const std::vector<float>& x, size_t b, size_t e, double freq, double rate) {
  e = std::min(e, x.size());
  if (e <= b + 1) return 0.0;
  const size_t n = e - b;
  const double w = 2.0 * M_PI * freq / rate;
  double re = 0.0, im = 0.0, wsum = 0.0;
  // Rotating phasor (recomputed every 1024 frames to bound rounding).
  for (size_t i = 0; i < n; ++i) {
    double win = 0.5 - 0.5 * std::cos(2.0 * M_PI * static_cast<double>(i) / static_cast<double>(n - 1));
    double ph = w * static_cast<double>(i);
    re += win * x[b + i] * std::cos(ph);
    im -= win * x[b + i] * std::sin(ph);
    wsum += win;
  }
  return 2.0 * std::sqrt(re * re + im * im) / wsum;
}

// Mean power per DFT bin between lo and hi Hz (bins `step` Hz apart) over x[b, e): a band's spectral density.
inline double band_power(const std::vector<float>& x, size_t b, size_t e, double lo, double hi, double rate,
                         double step) {
  double s = 0.0;
  int n = 0;
  for (double f = lo; f <= hi; f += step, ++n) {
    double m = dft_mag(x, b, e, f, rate);
    s += m * m;
  }
  return n ? s / n : 0.0;
}

// Pitch by autocorrelation over x[b, e): the smallest lag in [rate/fmax, rate/fmin] whose normalised
// autocorrelation reaches 90% of the best one (avoids octave errors), refined by parabolic interpolation.
inline double autocorr_pitch(const std::vector<float>& x, size_t b, size_t e, double rate, double fmin, double fmax) {
  e = std::min(e, x.size());
  const size_t lag_lo = static_cast<size_t>(std::floor(rate / fmax));
  const size_t lag_hi = static_cast<size_t>(std::ceil(rate / fmin));
  if (e <= b + lag_hi + 16) return 0.0;
  const size_t n = e - b - lag_hi;
  std::vector<double> r(lag_hi + 2, 0.0);
  for (size_t lag = lag_lo; lag <= lag_hi + 1 && lag < r.size(); ++lag) {
    double s = 0.0, ea = 0.0, eb = 0.0;
    for (size_t i = 0; i < n; ++i) {
      double a = x[b + i], c = x[b + i + lag];
      s += a * c;
      ea += a * a;
      eb += c * c;
    }
    r[lag] = (ea > 0 && eb > 0) ? s / std::sqrt(ea * eb) : 0.0;
  }
  double best = 0.0;
  for (size_t lag = lag_lo; lag <= lag_hi; ++lag) best = std::max(best, r[lag]);
  if (best <= 0.0) return 0.0;
  size_t pick = 0;
  for (size_t lag = lag_lo + 1; lag < lag_hi; ++lag) {
    if (r[lag] >= 0.9 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
      pick = lag;
      break;
    }
  }
  if (!pick) return 0.0;
  double y0 = r[pick - 1], y1 = r[pick], y2 = r[pick + 1];
  double d = y0 - 2 * y1 + y2;
  double off = d != 0.0 ? 0.5 * (y0 - y2) / d : 0.0;
  return rate / (static_cast<double>(pick) + off);
}

// Normalised correlation of x[a, a + n) with x[b, b + n) (1 = same shape, any positive scale).
inline double correlation(const std::vector<float>& x, size_t a, size_t b, size_t n) {
  if (a + n > x.size() || b + n > x.size()) return 0.0;
  double s = 0.0, ea = 0.0, eb = 0.0;
  for (size_t i = 0; i < n; ++i) {
    s += static_cast<double>(x[a + i]) * x[b + i];
    ea += static_cast<double>(x[a + i]) * x[a + i];
    eb += static_cast<double>(x[b + i]) * x[b + i];
  }
  return (ea > 0 && eb > 0) ? s / std::sqrt(ea * eb) : 0.0;
}

// Index of the last frame in [b, e) with |x| > thresh (b if none).
inline size_t last_above(const std::vector<float>& x, size_t b, size_t e, double thresh) {
  e = std::min(e, x.size());
  size_t last = b;
  for (size_t i = b; i < e; ++i)
    if (std::fabs(x[i]) > thresh) last = i;
  return last;
}

// Index of the first frame in [b, e) with |x| > thresh (e if none).
inline size_t first_above(const std::vector<float>& x, size_t b, size_t e, double thresh) {
  e = std::min(e, x.size());
  for (size_t i = b; i < e; ++i)
    if (std::fabs(x[i]) > thresh) return i;
  return e;
}

// Largest |a[i] - b[i]| over the common length.
// Frequency from the sign changes between consecutive non-zero frames of x[b, e), per second of non-zero frames
// (two changes per cycle): the pitch of what sounds, skipping silent gaps (e.g. squiz's).
inline double sounding_frequency(const std::vector<float>& x, size_t b, size_t e, double rate = 44100.0) {
  size_t changes = 0, sounding = 0;
  float last = 0.0f;
  for (size_t i = b; i < e && i < x.size(); ++i) {
    if (x[i] == 0.0f) continue;
    ++sounding;
    if (last != 0.0f && (x[i] < 0.0f) != (last < 0.0f)) ++changes;
    last = x[i];
  }
  return sounding ? 0.5 * static_cast<double>(changes) * rate / static_cast<double>(sounding) : 0.0;
}

inline double max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  double d = 0.0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    d = std::max(d, std::fabs(static_cast<double>(a[i]) - b[i]));
  return d;
}

// Fraction of frames in [b, e) equal to the frame before (sample-and-hold detection).
inline double held_fraction(const std::vector<float>& x, size_t b, size_t e) {
  e = std::min(e, x.size());
  size_t held = 0, n = 0;
  for (size_t i = std::max<size_t>(b, 1); i < e; ++i, ++n)
    if (x[i] == x[i - 1]) ++held;
  return n ? static_cast<double>(held) / static_cast<double>(n) : 0.0;
}

}  // namespace phonon::audio_checks
