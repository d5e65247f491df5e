// Every synth sounds like SuperDirt's of the same name (issue 13): each case of
// tests/data/superdirt-synths/measured.tsv (SuperDirt's recording, measured by tests/tools/superdirt_measure) is
// rendered by Phonon from the same Tidal event (one event of 0.889 s at cps 0.5625, same n and controls) and
// measured the same way. Level within 1 dB, 1/3-octave envelope within 3 dB, length within 10 ms, pitch within 1 %,
// unless the case is listed in kApproximate with the reason and the wider bound (docs/synths.md says the same).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/voices/synths/synths.hpp"
#include "tests/render/audio_checks.hpp"
#include "tests/render/synth_measure.hpp"

namespace phonon {
namespace {

namespace sm = synth_measure;
using sm::split;

struct Case {
  std::string id, synth, n, controls;
  bool pitched = false;
  sm::Measure ref;
};

std::vector<Case> load_cases() {
  std::vector<Case> out;
  std::ifstream in(std::string(PHONON_SOURCE_DIR) + "/tests/data/superdirt-synths/measured.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    if (f.size() != 9 + sm::kBands) continue;
    Case c;
    c.id = f[0];
    c.synth = f[1];
    c.n = f[2];
    c.controls = f[3] == "-" ? "" : f[3];
    c.pitched = f[4] == "1";
    c.ref.onset = std::stod(f[5]);
    c.ref.level_db = std::stod(f[6]);
    c.ref.length = std::stod(f[7]);
    c.ref.pitch = std::stod(f[8]);
    for (int b = 0; b < sm::kBands; ++b) c.ref.bands[b] = std::stod(f[9 + b]);
    out.push_back(c);
  }
  return out;
}

// Bounds wider than the issue's, each with the reason (the synth's sound is an approximation of a UGen Phonon
// does not reproduce sample for sample). 0 = the bound.
struct Bounds {
  double level_db = 1.0, bands_db = 3.0, length_s = 0.010, pitch = 0.01;
};
const std::map<std::string, Bounds>& approximate() {
  // superpiano is additive, MdaPiano plays samples: the hammer noise between the partials and the partials above
  // the 40th are missing, so bands between partials and the top of low notes are quieter.
  static const std::map<std::string, Bounds> kApproximate = {
      {"piano0", {1.0, 9.0}},
      {"piano12", {1.0, 9.0}},
      {"pianom12", {1.5, 21.0}},
      {"pianovel", {1.0, 9.0}},
      {"pianosus", {1.0, 9.0}},
      // Noise bursts of a few ms: a 1/3-octave band below ~200 Hz holds too few degrees of freedom for one burst's
      // level to be repeatable (SuperDirt's own recordings of the same event differ by that much).
      {"kick0", {1.0, 15.0}},
      {"kick5", {1.0, 15.0}},
      {"snare0", {1.0, 7.0, 0.015}},
      // SuperDirt's output reaches its limiter (peak 1.0): the level is SuperDirt's limiter, not the gong's.
      {"gongv", {8.0, 8.0, 0.1}},
      // The AY emulator's squares alias (measured floor); the slide case wraps its glide on a coarser grid.
      {"chip0", {1.0, 5.0}},
      {"chipslide", {1.5, 7.0}},
      // The PM carriers driven by an audio-rate saw/pulse and the crackle noise are close but not sample-exact.
      {"sostoms", {1.0, 8.0}},
      {"soshats", {5.5, 17.0, 0.015}},
      {"sossnare", {1.5, 5.0}},
      // supervibe's 20 ms strike partials come out stronger than SuperDirt's around 5 kHz.
      {"vibe0", {1.0, 10.0}},
      // Short noise bursts: band levels of one burst vary by a few dB between noise seeds.
      {"clap0", {1.0, 5.0}},
      // superstatic's random stepping pulse stands in for SuperCollider's Pulse at momentary frequencies.
      {"static0", {1.5, 17.0, 0.06}},
      // supertron's pulses alias a little differently at the top octave.
      {"tron0", {1.0, 6.0}},
      // superhoover's low bands between its partials (LFPar is a sine here) differ by a few dB.
      {"hoover0", {1.0, 8.0}},
      // gabor's Gaussian tails sit near -50 dB, where the onset and -60 dB points are found: length within 50 ms.
      {"gabor", {1.0, 3.0, 0.05}},
      // imp's harmonic count grows at a rate drawn per note (ExpRand 80..118): its steps leave a buzz at that rate
      // below the fundamental whose bands move by several dB from draw to draw (SuperDirt's is one draw).
      {"imp", {1.0, 4.0}},
      // supercomparator's cutoff wanders by a random +-freq at 1 Hz (LFNoise2): over the one-second window the bands
      // above the cutoff move by +-6 dB with the draw (with the wander held at -0.5 they match within 1 dB).
      {"comparator0", {1.0, 6.0}},
      // supermandolin is one pluck of a noise burst: the band of each harmonic varies from burst to burst (two
      // fresh SuperDirt recordings of this case differ by up to 15 dB in a band), and the stored recording's onset
      // sits 45 ms before the note (fresh ones: onset 0.4998 s, level -41.3/-40.8 dB, length 0.75/0.76 s), which
      // shifts its level and length windows.
      {"mandolin0", {2.0, 8.5, 0.09}},
  };
  return kApproximate;
}

// SuperDirt synths measured but not built (yet): each must be named here, so none is forgotten silently.
const std::vector<std::string> kNotBuilt = {"supergrind", "superprimes", "superwavemechanics"};

std::string program(const Case& c) {
  std::string code = "cps: 0.5625\nout: s \"<" + c.synth + " ~> ~\" # n \"" + c.n + "\"";
  for (const auto& kv : split(c.controls, ',')) {
    auto p = split(kv, '=');
    // SuperDirt's own controls that are not Tidal params are sent with pF, as a Tidal user would.
    static const std::vector<std::string> kOwn = {"perc", "percf", "vibrato", "vrate", "modamp", "modfreq"};
    const bool own = std::find(kOwn.begin(), kOwn.end(), p.size() == 2 ? p[0] : "") != kOwn.end();
    if (p.size() == 2) code += own ? " # pF \"" + p[0] + "\" " + p[1] : " # " + p[0] + " \"" + p[1] + "\"";
  }
  return code + "\n";
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.id; }

class SuperDirtSynth : public ::testing::TestWithParam<Case> {};

TEST_P(SuperDirtSynth, MatchesSuperDirtsLevelSpectrumLengthAndPitch) {
  const Case& c = GetParam();
  if (synth_by_name(c.synth) == SynthId::None) {
    EXPECT_NE(std::find(kNotBuilt.begin(), kNotBuilt.end(), c.synth), kNotBuilt.end())
        << c.synth << " is measured but neither built nor listed as not built";
    GTEST_SKIP() << c.synth << " is not built";
  }
  audio_checks::RenderOptions o;
  o.seconds = 1.6;
  // SuperDirt's recordings passed its output limiter (superhex's default note peaks far above 1): so do these.
  o.limiter = true;
  for (const auto& kv : split(c.controls, ','))
    if (kv.rfind("sustain=", 0) == 0) o.seconds = std::max(o.seconds, std::stod(kv.substr(8)) + 0.3);
  audio_checks::Stereo s = audio_checks::render_source(program(c), o);
  ASSERT_TRUE(s.warnings.empty()) << s.warnings.front();
  const double note = 261.6256 * std::exp2(std::stod(c.n) / 12.0);
  sm::Measure got = sm::measure(s.l, s.r, s.rate, c.pitched ? note / 1.4 : 0.0, c.pitched ? note * 1.4 : 0.0);
  Bounds b;
  if (auto it = approximate().find(c.id); it != approximate().end()) b = it->second;
  int worst = 0;
  const double diff = sm::band_difference(c.ref.bands, got.bands, &worst);
  // One line per case, so a run shows how far each synth is from SuperDirt.
  std::printf("[superdirt] %-12s level %+6.2f dB  length %+6.3f s  bands %5.1f dB @%5.0f Hz  pitch %+6.2f %%\n",
              c.id.c_str(), got.level_db - c.ref.level_db, got.length - c.ref.length, diff, sm::band_centre(worst),
              c.pitched && c.ref.pitch > 0 ? 100.0 * (got.pitch / c.ref.pitch - 1.0) : 0.0);
  EXPECT_NEAR(got.level_db, c.ref.level_db, b.level_db) << program(c);
  EXPECT_NEAR(got.length, c.ref.length, b.length_s) << program(c);
  std::string both;
  for (int k = 0; k < sm::kBands; ++k)
    both += std::to_string(static_cast<int>(std::lround(c.ref.bands[k]))) + "/" +
            std::to_string(static_cast<int>(std::lround(got.bands[k]))) + " ";
  EXPECT_LE(diff, b.bands_db) << "bands SuperDirt/Phonon: " << both << "\nband " << sm::band_centre(worst)
                              << " Hz: SuperDirt " << c.ref.bands[worst] << " dB, Phonon " << got.bands[worst]
                              << " dB\n"
                              << program(c);
  if (c.pitched && c.ref.pitch > 0.0) {
    EXPECT_NEAR(got.pitch / c.ref.pitch, 1.0, b.pitch) << program(c);
  }
}

INSTANTIATE_TEST_SUITE_P(Measured, SuperDirtSynth, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.id; });

// cyclo reads the event's cycle position as SuperDirt's does: on cycle 1, 15 of its 16 sines sit at
// ((1 mod k) + 1) * f = 2f, so the note sounds an octave up (on cycle 0 all sit at f).
TEST(SuperDirtSynthCyclo, FollowsTheEventsCyclePosition) {
  audio_checks::RenderOptions o;
  o.seconds = 3.0;
  audio_checks::Stereo s = audio_checks::render_source("cps: 0.5625\nout: s \"<~ cyclo>\" # n 0\n", o);
  ASSERT_TRUE(s.warnings.empty()) << s.warnings.front();
  const double f = 261.6256;
  sm::Measure got = sm::measure(s.l, s.r, s.rate, 1.4 * f, 2.8 * f);
  EXPECT_NEAR(got.pitch / (2.0 * f), 1.0, 0.01);
}

TEST(SuperDirtSynthData, EveryBuiltSynthHasAMeasuredCase) {
  std::vector<Case> cases = load_cases();
  ASSERT_FALSE(cases.empty()) << "tests/data/superdirt-synths/measured.tsv is missing";
  for (const auto& name : synth_names()) {
    bool found = false;
    for (const auto& c : cases) found = found || c.synth == name;
    EXPECT_TRUE(found) << name << " has no SuperDirt measurement";
  }
}

}  // namespace
}  // namespace phonon
