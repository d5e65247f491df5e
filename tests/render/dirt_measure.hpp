// The SuperDirt comparison measures (tools/superdirt/analyze.py, same definitions): both channels pooled (energy
// of L and R per frame), everything from the onset (first frame above -80 dBFS). Level: RMS dB over the sound (onset
// to the end of the last 10 ms window within 60 dB of the loudest); envelope: RMS dB per slice; T60: -60 dB over
// the slope of a least-squares line through the 10 ms envelope from `from` seconds after the onset until it has
// fallen 30 dB.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace phonon::dirt_measure {

inline double db_energy(double e) { return e > 1e-30 ? 10.0 * std::log10(e) : -300.0; }

struct Measures {
  bool silent = true;
  size_t onset = 0;
  double peak_db = -300.0, rms_db = -300.0, length_s = 0.0;
  std::vector<double> env10;  // mean energy per frame and channel, 10 ms windows from the onset
};

inline Measures measure(const std::vector<float>& l, const std::vector<float>& r, double rate) {
  Measures m;
  const size_t n = std::min(l.size(), r.size());
  const float thr = 1e-4f;
  size_t on = 0;
  while (on < n && !(std::fabs(l[on]) > thr || std::fabs(r[on]) > thr)) ++on;
  if (on == n) return m;
  m.silent = false;
  m.onset = on;
  double pk = 0.0;
  for (size_t i = on; i < n; ++i) pk = std::max({pk, double(std::fabs(l[i])), double(std::fabs(r[i]))});
  m.peak_db = 20.0 * std::log10(pk);
  const size_t w = static_cast<size_t>(std::llround(0.01 * rate));
  for (size_t s = on; s < n; s += w) {
    const size_t e = std::min(n, s + w);
    double sum = 0.0;
    for (size_t i = s; i < e; ++i) sum += double(l[i]) * l[i] + double(r[i]) * r[i];
    m.env10.push_back(sum / (2.0 * double(e - s)));
  }
  const double top = *std::max_element(m.env10.begin(), m.env10.end());
  size_t last = 0;
  for (size_t k = 0; k < m.env10.size(); ++k)
    if (db_energy(m.env10[k]) >= db_energy(top) - 60.0) last = k;
  const size_t len = std::min(n - on, (last + 1) * w);
  double sum = 0.0;
  for (size_t i = on; i < on + len; ++i) sum += double(l[i]) * l[i] + double(r[i]) * r[i];
  m.rms_db = db_energy(sum / (2.0 * double(len)));
  m.length_s = double(len) / rate;
  return m;
}

// RMS dB of [a, b) seconds after the onset (whole 10 ms windows).
inline double level_between(const Measures& m, double a, double b) {
  const size_t k0 = static_cast<size_t>(std::llround(a / 0.01)), k1 = static_cast<size_t>(std::llround(b / 0.01));
  double sum = 0.0;
  size_t cnt = 0;
  for (size_t k = k0; k < k1 && k < m.env10.size(); ++k, ++cnt) sum += m.env10[k];
  return cnt ? db_energy(sum / double(cnt)) : -300.0;
}

inline double t60(const Measures& m, double from, double span_db = 30.0) {
  const size_t i0 = static_cast<size_t>(std::llround(from / 0.01));
  if (i0 >= m.env10.size()) return -1.0;
  const double e0 = db_energy(m.env10[i0]);
  std::vector<double> xs, ys;
  for (size_t i = i0; i < m.env10.size(); ++i) {
    const double y = db_energy(m.env10[i]);
    if (y < e0 - span_db) break;
    xs.push_back(double(i) * 0.01);
    ys.push_back(y);
  }
  if (xs.size() < 3) return -1.0;
  double mx = 0, my = 0;
  for (size_t i = 0; i < xs.size(); ++i) mx += xs[i], my += ys[i];
  mx /= double(xs.size()), my /= double(xs.size());
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < xs.size(); ++i) sxx += (xs[i] - mx) * (xs[i] - mx), sxy += (xs[i] - mx) * (ys[i] - my);
  const double slope = sxy / sxx;
  return slope < 0 ? -60.0 / slope : -1.0;
}

// tests/data/superdirt/*.tsv: `#` comment lines, then `case<TAB>measure<TAB>value` rows.
using Reference = std::map<std::string, std::map<std::string, double>>;
inline Reference read_reference(const std::string& path) {
  Reference ref;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string c, k;
    double v = 0;
    if (ss >> c >> k >> v) ref[c][k] = v;
  }
  return ref;
}

}  // namespace phonon::dirt_measure
