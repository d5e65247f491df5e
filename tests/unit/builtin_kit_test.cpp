// The built-in kit: every documented name exists, sounds are non-silent, sensible, distinct and deterministic,
// and have the character their names promise (kicks low, hats bright, arpy pitched on Dirt-Samples' notes).
#include "runtime/samples/builtin_kit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace phonon {
namespace {

const std::vector<std::string> kDocumented = {"bd", "sn", "hh",    "oh",    "cp",    "rim",   "cb",   "lt",
                                              "mt", "ht", "808bd", "808sd", "808oh", "808hc", "rave", "arpy"};

double peak_of(const SampleData& s) {
  double p = 0.0;
  for (int64_t i = 0; i < s.frames; ++i) p = std::max(p, static_cast<double>(std::abs(s.channel(0)[i])));
  return p;
}

double rms_of(const SampleData& s) {
  double e = 0.0;
  for (int64_t i = 0; i < s.frames; ++i) e += double(s.channel(0)[i]) * s.channel(0)[i];
  return std::sqrt(e / static_cast<double>(s.frames));
}

// Zero crossings per second / 2: a rough "brightness" (equals the frequency for a pure tone).
double crossing_rate(const SampleData& s) {
  const float* x = s.channel(0);
  int64_t zc = 0;
  for (int64_t i = 1; i < s.frames; ++i) zc += (x[i] >= 0.0f) != (x[i - 1] >= 0.0f);
  return static_cast<double>(zc) / (static_cast<double>(s.frames) / s.rate) / 2.0;
}

// Fundamental by normalised autocorrelation over 80 ms from `start` seconds, searched in [lo, hi] Hz.
double pitch_of(const SampleData& s, double lo, double hi, double start = 0.0) {
  const int64_t first = std::min<int64_t>(s.frames, static_cast<int64_t>(start * s.rate));
  const float* x = s.channel(0) + first;
  const int64_t n = std::min<int64_t>(s.frames - first, static_cast<int64_t>(0.08 * s.rate));
  double best = -2.0;
  int best_lag = 0;
  for (int lag = static_cast<int>(s.rate / hi); lag <= static_cast<int>(s.rate / lo); ++lag) {
    double c = 0, e1 = 0, e2 = 0;
    for (int64_t i = 0; i + lag < n; ++i) {
      c += double(x[i]) * x[i + lag];
      e1 += double(x[i]) * x[i];
      e2 += double(x[i + lag]) * x[i + lag];
    }
    c /= std::sqrt(e1 * e2 + 1e-20);
    if (c > best) best = c, best_lag = lag;
  }
  return s.rate / best_lag;
}

TEST(BuiltinKit, HasEveryDocumentedName) {
  const auto names = builtin_kit_names();
  for (const auto& n : kDocumented) {
    EXPECT_TRUE(builtin_kit_has(n)) << n;
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size()) << "duplicate names";
  EXPECT_FALSE(builtin_kit_has("nosuch"));
  EXPECT_FALSE(builtin_kit_has("BD"));  // case-sensitive, like folder names
  EXPECT_TRUE(builtin_kit_make("nosuch").empty());
}

TEST(BuiltinKit, SoundsAreNonSilentNormalisedAndSensible) {
  for (const auto& n : builtin_kit_names()) {
    const auto variants = builtin_kit_make(n);
    ASSERT_GE(variants.size(), 3u) << n;
    for (size_t v = 0; v < variants.size(); ++v) {
      const SampleData& s = variants[v];
      SCOPED_TRACE(s.name);
      EXPECT_EQ(s.name, n + ":" + std::to_string(v));
      EXPECT_EQ(s.path, "builtin:" + n + "/" + std::to_string(v));
      EXPECT_EQ(s.rate, 44100.0);
      EXPECT_EQ(s.channels, 1);
      EXPECT_EQ(s.channel(1), nullptr);
      const double seconds = static_cast<double>(s.frames) / s.rate;
      EXPECT_GE(seconds, 0.03);
      EXPECT_LE(seconds, 3.0);
      const double peak = peak_of(s);
      EXPECT_NEAR(peak, 0.891, 0.01);  // -1 dBFS
      EXPECT_GT(rms_of(s), 0.04);      // not a click or near-silence
      for (int64_t i = 0; i < s.frames; ++i) ASSERT_TRUE(std::isfinite(s.channel(0)[i]));
      for (int k = 1; k <= kGuard; ++k) {
        EXPECT_EQ(s.channel(0)[-k], 0.0f);
        EXPECT_EQ(s.channel(0)[s.frames - 1 + k], 0.0f);
      }
      // Starts and ends quietly enough not to click at the end.
      EXPECT_LT(std::abs(s.channel(0)[s.frames - 1]), 0.01);
    }
  }
}

TEST(BuiltinKit, VariantsDifferAudibly) {
  for (const auto& n : builtin_kit_names()) {
    const auto variants = builtin_kit_make(n);
    for (size_t a = 0; a < variants.size(); ++a) {
      for (size_t b = a + 1; b < variants.size(); ++b) {
        const SampleData &x = variants[a], &y = variants[b];
        // Different length, brightness or pitch by a clearly audible margin.
        const double len_ratio = double(std::max(x.frames, y.frames)) / double(std::min(x.frames, y.frames));
        const double zc_ratio =
            std::max(crossing_rate(x), crossing_rate(y)) / std::min(crossing_rate(x), crossing_rate(y));
        EXPECT_TRUE(len_ratio > 1.1 || zc_ratio > 1.04)
            << x.name << " vs " << y.name << ": length ratio " << len_ratio << ", brightness ratio " << zc_ratio;
      }
    }
  }
}

TEST(BuiltinKit, Deterministic) {
  for (const char* n : {"sn", "hh", "rave", "cp"}) {
    const auto a = builtin_kit_make(n), b = builtin_kit_make(n);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].storage, b[i].storage) << n << " " << i;
  }
}

TEST(BuiltinKit, OtherRates) {
  const auto at44 = builtin_kit_make("bd", 44100.0), at96 = builtin_kit_make("bd", 96000.0);
  ASSERT_EQ(at44.size(), at96.size());
  for (size_t i = 0; i < at44.size(); ++i) {
    EXPECT_EQ(at96[i].rate, 96000.0);
    EXPECT_NEAR(double(at96[i].frames) / 96000.0, double(at44[i].frames) / 44100.0, 0.02);
    EXPECT_NEAR(pitch_of(at96[i], 30, 200, 0.05), pitch_of(at44[i], 30, 200, 0.05), 3.0);
  }
  EXPECT_TRUE(builtin_kit_make("bd", 0.0).empty());
  EXPECT_TRUE(builtin_kit_make("bd", -44100.0).empty());
}

TEST(BuiltinKit, CharacterMatchesTheNames) {
  auto mean_rate = [](const std::string& n) {
    double sum = 0;
    const auto v = builtin_kit_make(n);
    for (const auto& s : v) sum += crossing_rate(s);
    return sum / double(v.size());
  };
  // Kicks are low thumps, toms rise lt < mt < ht, hats and snares are bright noise.
  EXPECT_LT(mean_rate("bd"), 120);
  EXPECT_LT(mean_rate("808bd"), 80);
  EXPECT_LT(mean_rate("lt"), mean_rate("mt"));
  EXPECT_LT(mean_rate("mt"), mean_rate("ht"));
  EXPECT_LT(mean_rate("ht"), 400);
  EXPECT_GT(mean_rate("hh"), 6000);
  EXPECT_GT(mean_rate("oh"), 6000);
  EXPECT_GT(mean_rate("808oh"), 6000);
  EXPECT_GT(mean_rate("sn"), 2000);
  EXPECT_GT(mean_rate("cp"), 1500);
  // Open hats ring longer than closed ones.
  auto mean_len = [](const std::string& n) {
    double sum = 0;
    const auto v = builtin_kit_make(n);
    for (const auto& s : v) sum += double(s.frames) / s.rate;
    return sum / double(v.size());
  };
  EXPECT_GT(mean_len("oh"), 2.0 * mean_len("hh"));
  EXPECT_LT(mean_len("hh"), 0.5);
  EXPECT_LT(mean_len("rim"), 0.15);
}

TEST(BuiltinKit, KickPitchFallsFromTheClick) {
  for (const auto& s : builtin_kit_make("bd")) {
    // Crossing rate of the first 20 ms is well above that of the body (pitch sweep + click).
    SampleData head = s;
    head.frames = static_cast<int64_t>(0.02 * s.rate);
    EXPECT_GT(crossing_rate(head), 1.5 * crossing_rate(s)) << s.name;
    // The body after the sweep is a low thump (Dirt-Samples' bd: 45-70 Hz).
    const double body = pitch_of(s, 30, 150, 0.05);
    EXPECT_GT(body, 40) << s.name;
    EXPECT_LT(body, 80) << s.name;
  }
}

TEST(BuiltinKit, ArpyPlaysDirtSamplesNotes) {
  // Dirt-Samples' arpy01..11: C4 D4 F4 G4 A4 C5 D5 F5 G5 A5 C6.
  const double notes[] = {60, 62, 65, 67, 69, 72, 74, 77, 79, 81, 84};
  const auto v = builtin_kit_make("arpy");
  ASSERT_EQ(v.size(), 11u);
  for (size_t i = 0; i < v.size(); ++i) {
    const double hz = 440.0 * std::pow(2.0, (notes[i] - 69.0) / 12.0);
    const double measured = pitch_of(v[i], hz / 1.4, hz * 1.4);
    EXPECT_NEAR(12.0 * std::log2(measured / hz), 0.0, 0.3) << v[i].name << " measured " << measured;
  }
}

TEST(BuiltinKit, CowbellHasTwoTones) {
  // 808 cowbell: two square tones near 540 and 800 Hz (variant 0). Check energy at both via Goertzel.
  const SampleData s = builtin_kit_make("cb")[0];
  auto power = [&](double f) {
    double re = 0, im = 0;
    for (int64_t i = 0; i < std::min<int64_t>(s.frames, 8192); ++i) {
      re += s.channel(0)[i] * std::cos(2 * M_PI * f * double(i) / s.rate);
      im += s.channel(0)[i] * std::sin(2 * M_PI * f * double(i) / s.rate);
    }
    return re * re + im * im;
  };
  const double p540 = power(540), p800 = power(800), p_off = power(670);
  EXPECT_GT(p540, 20 * p_off);
  EXPECT_GT(p800, 20 * p_off);
}

}  // namespace
}  // namespace phonon
