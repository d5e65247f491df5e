// The sampler voice: resampling to the output rate (files at 44101 or 48000 Hz play at their pitch), the
// equal-power pan law, speed (negative plays backwards), begin/end, cut groups, voice stealing without clicks,
// and m.ph with the test sample library carrying sound in both channels.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/audio_file.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;

// A library with `tone` (1 s, 1000 Hz sine at `rate`) and `ramp` (1 s rising ramp, 44100 Hz).
std::string make_library(double rate) {
  fs::path dir = fs::temp_directory_path() /
                 ("phonon_sampler_" + std::to_string(::getpid()) + "_" + std::to_string(static_cast<int>(rate)));
  fs::create_directories(dir / "tone");
  fs::create_directories(dir / "ramp");
  std::vector<float> tone(static_cast<size_t>(rate));
  for (size_t i = 0; i < tone.size(); ++i) tone[i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * 1000.0 * i / rate));
  AudioFileWriter w((dir / "tone" / "tone.wav").string(), rate, 1, SampleFormat::Float32);
  w.write_interleaved(tone.data(), static_cast<int64_t>(tone.size()));
  w.commit();
  std::vector<float> ramp(44100);
  for (size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<float>(i) / 44100.0f;
  AudioFileWriter r((dir / "ramp" / "ramp.wav").string(), 44100, 1, SampleFormat::Float32);
  r.write_interleaved(ramp.data(), static_cast<int64_t>(ramp.size()));
  r.commit();
  return dir.string();
}

std::vector<float> render(const std::string& code, double seconds, const std::vector<std::string>& roots,
                          int max_voices = 4096, int block = 512) {
  CompileResult r = compile_source(std::make_shared<SourceFile>("test.ph", code));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  if (!r.ok()) return {};
  SampleBank bank(roots, true);
  EngineOptions eo;
  eo.limiter = false;
  eo.max_voices = max_voices;
  eo.max_block = block;
  Engine engine(eo);
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  int64_t total = static_cast<int64_t>(seconds * 44100);
  std::vector<float> out(static_cast<size_t>(total) * 2);
  for (int64_t done = 0; done < total; done += block)
    engine.process(out.data() + 2 * done, static_cast<int>(std::min<int64_t>(block, total - done)));
  return out;
}

// Frequency from rising zero crossings of channel c over frames [a, b).
double frequency(const std::vector<float>& st, int c, size_t a, size_t b) {
  int crossings = 0;
  size_t first = 0, last = 0;
  for (size_t i = a + 1; i < b; ++i) {
    if (st[2 * (i - 1) + c] < 0 && st[2 * i + c] >= 0) {
      if (!crossings) first = i;
      last = i;
      ++crossings;
    }
  }
  return crossings > 1 ? (crossings - 1) * 44100.0 / static_cast<double>(last - first) : 0.0;
}

double energy(const std::vector<float>& st, int c, size_t a, size_t b) {
  double e = 0;
  for (size_t i = a; i < b; ++i) e += static_cast<double>(st[2 * i + c]) * st[2 * i + c];
  return e;
}

class SamplerRate : public ::testing::TestWithParam<double> {};

TEST_P(SamplerRate, FilesAtOtherRatesPlayAtTheirPitch) {
  std::string lib = make_library(GetParam());
  auto out = render("o1: s \"tone\"\n", 0.9, {lib});
  EXPECT_NEAR(frequency(out, 0, 1000, 30000), 1000.0, 0.5);
  // speed 2 is an octave up; note 12 too.
  out = render("o1: s \"tone\" # speed 2\n", 0.4, {lib});
  EXPECT_NEAR(frequency(out, 0, 500, 15000), 2000.0, 1.0);
  out = render("o1: s \"tone\" # note 12\n", 0.4, {lib});
  EXPECT_NEAR(frequency(out, 0, 500, 15000), 2000.0, 1.0);
}
INSTANTIATE_TEST_SUITE_P(Rates, SamplerRate, ::testing::Values(44100.0, 44101.0, 48000.0, 22050.0));

TEST(Sampler, EqualPowerPanLaw) {
  std::string lib = make_library(44100);
  const size_t a = 100, b = 20000;
  auto centre = render("o1: s \"tone\"\n", 0.5, {lib});
  double total = energy(centre, 0, a, b) + energy(centre, 1, a, b);
  EXPECT_NEAR(energy(centre, 0, a, b) / total, 0.5, 1e-6);
  for (double pan : {0.0, 0.25, 0.75, 1.0}) {
    auto out = render("o1: s \"tone\" # pan " + std::to_string(pan) + "\n", 0.5, {lib});
    double l = energy(out, 0, a, b), r = energy(out, 1, a, b);
    EXPECT_NEAR(l + r, total, total * 1e-5) << pan;  // constant power
    EXPECT_NEAR(l / (l + r), std::pow(std::cos(pan * M_PI / 2), 2), 1e-5) << pan;
  }
}

TEST(Sampler, NegativeSpeedPlaysBackwardsAndBeginEndSelect) {
  std::string lib = make_library(44100);
  auto fwd = render("o1: s \"ramp\"\n", 0.5, {lib});
  auto back = render("o1: s \"ramp\" # speed (-1)\n", 0.5, {lib});
  // The ramp rises forwards and falls backwards.
  EXPECT_LT(fwd[2 * 100], fwd[2 * 10000]);
  EXPECT_GT(back[2 * 100], back[2 * 10000]);
  auto mid = render("o1: s \"ramp\" # begin 0.5 # end 0.6\n", 0.5, {lib});
  // Starts at half the ramp (fading in over SuperDirt's 1 ms, as it starts inside the sample), lasts a tenth
  // of a second.
  EXPECT_NEAR(mid[2 * 100] / (fwd[2 * 1000] / 1000.0f * 22150.0f), 1.0, 0.01);
  EXPECT_NEAR(mid[2 * 11] / (fwd[2 * 1000] / 1000.0f * 22061.0f), 11.0 / 44.0, 0.01);
  EXPECT_EQ(energy(mid, 0, 4500, 20000), 0.0);
  EXPECT_GT(energy(mid, 0, 0, 4300), 0.0);
}

TEST(Sampler, CutGroupStopsThePreviousVoice) {
  std::string lib = make_library(44100);
  // Two 1-second tones half a second apart (4 per cycle at 0.5 cps): without cut they overlap, with cut the
  // first stops when the second starts.
  auto overlap = render("o1: s \"tone*4\"\n", 0.95, {lib});
  auto cut = render("o1: s \"tone*4\" # cut 1\n", 0.95, {lib});
  size_t at = 22050 + 2000;
  // In phase (500 periods apart), two overlapping tones have four times the energy of one.
  EXPECT_NEAR(energy(overlap, 0, at, at + 4000) / energy(cut, 0, at, at + 4000), 4.0, 0.05);
  EXPECT_NEAR(energy(cut, 0, at, at + 4000), energy(cut, 0, 2000, 6000), 0.01 * energy(cut, 0, 2000, 6000));
}

TEST(Sampler, StolenVoicesFadeWithoutClicks) {
  std::string lib = make_library(44100);
  // 16 onsets per cycle of a 1 s tone with room for only 4 voices: the oldest are stolen continually.
  auto out = render("o1: s \"tone*16\"\n", 2.0, {lib}, 4);
  float max_step = 0;
  for (size_t i = 1; i < out.size() / 2; ++i) max_step = std::max(max_step, std::fabs(out[2 * i] - out[2 * i - 2]));
  // A sample-to-sample jump bigger than a full-scale 1 kHz sine makes (0.14 per frame at amplitude 1) is a click.
  EXPECT_LT(max_step, 0.2f);
}

TEST(Sampler, MProgramHasSoundInBothChannels) {
  std::string shared = std::string(PHONON_TEST_SAMPLES);
  auto file = std::string(PHONON_TEST_PROGRAMS) + "/m.ph";
  CompileResult r = compile_file(file);
  ASSERT_TRUE(r.ok()) << r.diagnostics.render_all();
  SampleBank bank({shared}, true);
  Engine engine(EngineOptions{});
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  EXPECT_TRUE(warnings.empty());
  std::vector<float> buf(512 * 2);
  double e[2] = {0, 0};
  for (int b = 0; b < 60 * 44100 / 512; ++b) {
    engine.process(buf.data(), 512);
    for (int i = 0; i < 512; ++i) e[0] += buf[2 * i] * buf[2 * i], e[1] += buf[2 * i + 1] * buf[2 * i + 1];
  }
  EXPECT_GT(e[0], 100.0);
  EXPECT_GT(e[1], 100.0);
}

}  // namespace
}  // namespace phonon
