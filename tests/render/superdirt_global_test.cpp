// SuperDirt's global (orbit) effects and output stage against SuperDirt itself: the numbers in
// tests/data/superdirt/global.tsv were measured from stock SuperDirt playing the cases of
// tools/superdirt/cases/global.txt with the test sample library (the file's header has the commands). Phonon renders
// the same sounds from the same library, through the output limiter, and is measured the same way
// (dirt_measure.hpp = tools/superdirt/analyze.py).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/engine/engine.hpp"
#include "tests/render/audio_checks.hpp"
#include "tests/render/dirt_measure.hpp"

namespace phonon {
namespace {

using audio_checks::RenderOptions;
using audio_checks::Stereo;
namespace dm = dirt_measure;

const dm::Reference& reference() {
  static const dm::Reference ref =
      dm::read_reference(std::string(PHONON_SOURCE_DIR) + "/tests/data/superdirt/global.tsv");
  return ref;
}

double ref_value(const std::string& c, const std::string& k) {
  const auto& r = reference();
  auto it = r.find(c);
  if (it == r.end() || !it->second.count(k)) {
    ADD_FAILURE() << "no reference value " << c << " " << k;
    return NAN;
  }
  return it->second.at(k);
}

// The tolerance for a measure of a repeated case: `base`, or half the spread of SuperDirt's own recordings when that
// is wider (its reverb draws new delay lengths at every start; in a small room, where the allpasses' own ringing is
// the tail, two SuperDirt runs differ by up to 3 dB at 0.3-1 s).
double tolerance(const std::string& c, const std::string& k, double base) {
  const auto& r = reference().at(c);
  auto it = r.find(k + "_spread");
  return it == r.end() ? base : std::max(base, it->second / 2);
}

// One hit of `sound` with `controls`, as SuperDirt heard it (tempo 0.5625, one event in the render).
dm::Measures render_hit(const std::string& sound, const std::string& controls, double seconds) {
  RenderOptions o;
  o.seconds = seconds;
  o.limiter = true;  // SuperDirt's output stage
  o.sample_roots = {std::string(PHONON_TEST_SAMPLES)};
  const std::string code = "setcps 0.5625\nd1 $ slow 8 $ s \"" + sound + "\" " + controls + "\n";
  const Stereo s = audio_checks::render_source(code, o);
  return dm::measure(s.l, s.r, s.rate);
}

TEST(SuperDirtGlobal, ReferenceDataIsThere) {
  EXPECT_GE(reference().size(), 10u);
  EXPECT_EQ(ref_value("snroom", "runs"), 5.0);
}

TEST(SuperDirtGlobal, OutputLimiterLevelsMatchSuperDirtsWithin1dB) {
  for (const char* g : {"1.2", "1.5", "1.8", "2.0"}) {
    const dm::Measures m = render_hit("arpy", std::string("# gain ") + g, 1.0);
    ASSERT_FALSE(m.silent) << g;
    EXPECT_NEAR(m.rms_db, ref_value(std::string("gain") + g, "rms_db"), 1.0) << "gain " << g;
    EXPECT_LE(m.peak_db, 0.0) << "gain " << g;  // the limiter's level: 1
  }
}

TEST(SuperDirtGlobal, DelayPassesTheHitAndEchoesMatchWithin1dB) {
  struct Case {
    const char* name;
    const char* controls;
    std::vector<std::pair<double, double>> windows;  // the hit, then echoes
  };
  const Case cases[] = {
      {"delay", "# delay 0.5 # delaytime 0.25 # delayfeedback 0.5", {{0, 0.1}, {0.25, 0.35}, {0.5, 0.6}}},
      {"delayfb", "# delay 0.8 # delaytime 0.2 # delayfeedback 0.7", {{0, 0.1}, {0.2, 0.3}, {0.4, 0.5}}},
  };
  for (const Case& c : cases) {
    const dm::Measures m = render_hit("sn", c.controls, 2.0);
    for (auto [a, b] : c.windows) {
      char key[64];
      std::snprintf(key, sizeof key, "level_%g_%g", a, b);
      EXPECT_NEAR(dm::level_between(m, a, b), ref_value(c.name, key), 1.0) << c.name << " " << key;
    }
  }
}

TEST(SuperDirtGlobal, DelayedHitIsOnePlusDelayTimesAsLoud) {
  // SuperDirt's delay synth outputs delay x (its input + the echoes) next to the dry sound.
  const dm::Measures dry = render_hit("sn", "", 0.5);
  const dm::Measures wet = render_hit("sn", "# delay 0.5 # delaytime 0.25", 0.5);
  EXPECT_NEAR(dm::level_between(wet, 0, 0.1) - dm::level_between(dry, 0, 0.1), 20 * std::log10(1.5), 0.05);
}

TEST(SuperDirtGlobal, ReverbT60Within10PercentAndTailWithin1dBOrSuperDirtsOwnSpread) {
  struct Case {
    const char* name;
    const char* controls;
    double seconds;
  };
  const Case cases[] = {
      {"snroom", "# room 0.3 # size 0.8", 4.0},
      {"snroomsmall", "# room 0.5 # size 0.3", 3.0},
      {"snroombig", "# room 0.2 # size 0.95", 6.0},
      {"snroomdry", "# room 0.3 # size 0.8 # dry 0.5", 4.0},
  };
  for (const Case& c : cases) {
    const dm::Measures m = render_hit("sn", c.controls, c.seconds);
    const double t60 = dm::t60(m, ref_value(c.name, "t60_from"));
    const double want = ref_value(c.name, "t60_s");
    EXPECT_NEAR(t60, want, tolerance(c.name, "t60_s", 0.1 * want)) << c.name;
    for (const char* k : {"rms_db", "level_0.3_1", "level_1_2"}) {
      const double got = std::string(k) == "rms_db"        ? m.rms_db
                         : std::string(k) == "level_0.3_1" ? dm::level_between(m, 0.3, 1)
                                                           : dm::level_between(m, 1, 2);
      EXPECT_NEAR(got, ref_value(c.name, k), tolerance(c.name, k, 1.0)) << c.name << " " << k;
    }
  }
}

TEST(SuperDirtGlobal, RenderDropsTheLimitersLookAhead) {
  // The limiter delays the engine's output by two 10 ms windows; `phonon render` drops them, so a file starts at
  // the program's time 0 (RenderCli.FileStartsAtTimeZeroDespiteTheLimitersLookAhead); the engine reports them.
  EngineOptions eo;
  eo.rate = 44100;
  EXPECT_EQ(Engine(eo).output_latency(), 2 * 441);
  eo.limiter = false;
  EXPECT_EQ(Engine(eo).output_latency(), 0);
}

}  // namespace
}  // namespace phonon
