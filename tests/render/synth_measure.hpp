// The numbers a synth is compared to SuperDirt by (issue 13): onset, level, length to -60 dB, pitch and the
// 1/3-octave spectral envelope of one stereo sound. The same code measures SuperDirt's recordings
// (tests/tools/superdirt_measure.cpp writes tests/data/superdirt-synths/measured.tsv) and Phonon's renders
// (tests/render/superdirt_synths_test.cpp), so both sides are measured alike.
#pragma once
#include <fftw3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace phonon::synth_measure {

// 1/3-octave bands centred on 1 kHz * 2^(k/3), k = -13..12: 50 Hz .. 16 kHz.
constexpr int kBandLo = -13;
constexpr int kBands = 26;
inline double band_centre(int b) { return 1000.0 * std::exp2((b + kBandLo) / 3.0); }

// The window every number but `length` covers: this long from the onset.
constexpr double kWindowSeconds = 1.0;
// Bands more than this far below the loudest band are not compared (noise floor, aliasing).
constexpr double kBandFloorDb = 30.0;

struct Measure {
  double onset = 0.0;      // seconds: first sample within 50 dB of the peak sample
  double level_db = -200;  // dBFS: energy of both channels over the window, as the RMS of one channel
  double length = 0.0;     // seconds from the onset to the end of the last 10 ms window within 60 dB of the loudest
  double pitch = 0.0;      // Hz, from the autocorrelation of 30..130 ms after the onset; 0 = none asked or found
  std::array<double, kBands> bands{};  // dB of each band's energy relative to all bands' energy (the shape)
};

// The fields of `s` between `sep`s (cases.txt and measured.tsv lines).
inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, sep)) out.push_back(part);
  return out;
}

inline double db(double power) { return 10.0 * std::log10(std::max(power, 1e-30)); }

// Normalised-autocorrelation pitch of x[b, e) between fmin and fmax: the first lag whose correlation is within 10 %
// of the best (so a strong octave below does not win), refined by a parabola through its neighbours.
inline double nacf_pitch(const std::vector<double>& x, size_t b, size_t e, double rate, double fmin, double fmax) {
  if (e <= b || fmin <= 0.0 || fmax <= fmin) return 0.0;
  const size_t n = e - b;
  const size_t lo = static_cast<size_t>(std::floor(rate / fmax)), hi = static_cast<size_t>(std::ceil(rate / fmin));
  if (hi + 2 >= n / 2 || lo < 2) return 0.0;
  std::vector<double> r(hi + 2, 0.0);
  for (size_t lag = lo - 1; lag <= hi + 1; ++lag) {
    double xy = 0, xx = 0, yy = 0;
    for (size_t i = b; i + lag < e; ++i) {
      xy += x[i] * x[i + lag];
      xx += x[i] * x[i];
      yy += x[i + lag] * x[i + lag];
    }
    r[lag] = (xx > 0 && yy > 0) ? xy / std::sqrt(xx * yy) : 0.0;
  }
  double best = 0.0;
  for (size_t lag = lo; lag <= hi; ++lag) best = std::max(best, r[lag]);
  if (best < 0.5) return 0.0;
  for (size_t lag = lo; lag <= hi; ++lag) {
    if (r[lag] >= 0.9 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
      const double a = r[lag - 1], c = r[lag], d = r[lag + 1];
      const double den = a - 2 * c + d;
      const double shift = std::fabs(den) > 1e-12 ? 0.5 * (a - d) / den : 0.0;
      return rate / (static_cast<double>(lag) + std::clamp(shift, -0.5, 0.5));
    }
  }
  return 0.0;
}

// Measures one sound. pitch_lo/pitch_hi > 0 ask for a pitch in that range.
inline Measure measure(const std::vector<float>& l, const std::vector<float>& r, double rate, double pitch_lo = 0.0,
                       double pitch_hi = 0.0) {
  Measure m;
  const size_t n = std::min(l.size(), r.size());
  double peak = 0.0;
  for (size_t i = 0; i < n; ++i) peak = std::max({peak, std::fabs(double(l[i])), std::fabs(double(r[i]))});
  if (peak <= 0.0) return m;
  const double gate = peak * std::pow(10.0, -50.0 / 20.0);
  size_t onset = 0;
  while (onset < n && std::fabs(l[onset]) < gate && std::fabs(r[onset]) < gate) ++onset;
  m.onset = onset / rate;

  // Length: 10 ms windows from the onset.
  const size_t win = static_cast<size_t>(std::lround(0.01 * rate));
  std::vector<double> wdb;
  for (size_t b = onset; b + win <= n; b += win) {
    double e = 0;
    for (size_t i = b; i < b + win; ++i) e += 0.5 * (double(l[i]) * l[i] + double(r[i]) * r[i]);
    wdb.push_back(db(e / win));
  }
  double top = -300;
  for (double v : wdb) top = std::max(top, v);
  size_t last = 0;
  for (size_t k = 0; k < wdb.size(); ++k)
    if (wdb[k] > top - 60.0) last = k + 1;
  m.length = static_cast<double>(last * win) / rate;

  const size_t wn = static_cast<size_t>(std::lround(kWindowSeconds * rate));
  const size_t end = std::min(n, onset + wn);
  double energy = 0;
  std::vector<double> mono(n, 0.0);
  for (size_t i = 0; i < n; ++i) mono[i] = 0.5 * (double(l[i]) + r[i]);
  for (size_t i = onset; i < end; ++i) energy += 0.5 * (double(l[i]) * l[i] + double(r[i]) * r[i]);
  m.level_db = db(energy / static_cast<double>(wn));

  // Spectrum of the mono window, zero-padded to a power of two.
  size_t fft_n = 1;
  while (fft_n < wn) fft_n <<= 1;
  std::vector<float> in(fft_n, 0.0f);
  for (size_t i = onset; i < end; ++i) in[i - onset] = static_cast<float>(mono[i]);
  std::vector<fftwf_complex> out(fft_n / 2 + 1);
  fftwf_plan plan = fftwf_plan_dft_r2c_1d(static_cast<int>(fft_n), in.data(), out.data(), FFTW_ESTIMATE);
  fftwf_execute(plan);
  fftwf_destroy_plan(plan);
  std::array<double, kBands> pw{};
  double total = 0;
  for (int b = 0; b < kBands; ++b) {
    const double c = band_centre(b), lo = c * std::exp2(-1.0 / 6.0), hi = c * std::exp2(1.0 / 6.0);
    for (size_t k = static_cast<size_t>(std::ceil(lo * fft_n / rate));
         k < out.size() && static_cast<double>(k) * rate / fft_n < hi; ++k)
      pw[b] += double(out[k][0]) * out[k][0] + double(out[k][1]) * out[k][1];
    total += pw[b];
  }
  for (int b = 0; b < kBands; ++b) m.bands[b] = db(pw[b]) - db(total);

  if (pitch_lo > 0.0 && pitch_hi > pitch_lo) {
    const size_t pb = std::min(n, onset + static_cast<size_t>(0.03 * rate));
    const size_t pe = std::min(n, onset + static_cast<size_t>(0.13 * rate));
    m.pitch = nacf_pitch(mono, pb, pe, rate, pitch_lo, pitch_hi);
  }
  return m;
}

// The largest difference between two band envelopes over the bands within kBandFloorDb of the reference's loudest.
inline double band_difference(const std::array<double, kBands>& ref, const std::array<double, kBands>& got,
                              int* worst_band = nullptr) {
  double top = -300;
  for (double v : ref) top = std::max(top, v);
  double worst = 0;
  for (int b = 0; b < kBands; ++b) {
    if (ref[b] < top - kBandFloorDb) continue;
    const double d = std::fabs(ref[b] - got[b]);
    if (d > worst) {
      worst = d;
      if (worst_band) *worst_band = b;
    }
  }
  return worst;
}

}  // namespace phonon::synth_measure
