// Multichannel output: orbits on channel pairs (SuperDirt's ~dirt.start(57120, [0, 2, …])), the `channel` control,
// orbit effects on their orbit's pair, the --orbit-channels mapping, `nudge`, and the files `phonon render
// --channels` writes.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/samples/audio_file.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/render/audio_checks.hpp"

namespace phonon {
namespace {

using audio_checks::rms;

// Per channel, `seconds` of the program rendered with `channels` outputs.
std::vector<std::vector<float>> render_channels(const std::string& code, int channels,
                                                std::vector<int> orbit_channels = {}, double seconds = 2.0) {
  CompileResult r = compile_source(std::make_shared<SourceFile>("mc.ph", code));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  if (!r.ok()) return {};
  SampleBank bank({}, true);
  EngineOptions eo;
  eo.limiter = false;
  eo.channels = channels;
  eo.orbit_channels = std::move(orbit_channels);
  Engine engine(eo);
  engine.start(load_plan(engine, bank, r.plan, nullptr));
  const int64_t total = static_cast<int64_t>(seconds * eo.rate);
  std::vector<std::vector<float>> out(static_cast<size_t>(channels), std::vector<float>(static_cast<size_t>(total)));
  std::vector<float> buf(static_cast<size_t>(eo.max_block) * static_cast<size_t>(channels));
  for (int64_t done = 0; done < total; done += eo.max_block) {
    const int n = static_cast<int>(std::min<int64_t>(eo.max_block, total - done));
    engine.process(buf.data(), n);
    for (int i = 0; i < n; ++i)
      for (int c = 0; c < channels; ++c)
        out[static_cast<size_t>(c)][static_cast<size_t>(done + i)] = buf[static_cast<size_t>(i * channels + c)];
  }
  return out;
}

// Which channels carry sound (RMS above -60 dBFS).
std::vector<int> sounding(const std::vector<std::vector<float>>& ch) {
  std::vector<int> on;
  for (size_t c = 0; c < ch.size(); ++c)
    if (rms(ch[c], 0, ch[c].size()) > 1e-3) on.push_back(static_cast<int>(c));
  return on;
}

TEST(Multichannel, OrbitOneSoundsOnlyOnChannelsThreeAndFour) {
  const auto ch = render_channels("d1 $ s \"bd*4\" # orbit 1", 4);
  EXPECT_EQ(sounding(ch), (std::vector<int>{2, 3}));
}

TEST(Multichannel, EachOrbitHasItsPairAndOrbitsBeyondWrap) {
  // 6 channels: 3 orbits; orbit 4 wraps to orbit 1 (SuperDirt's orbits.wrapAt).
  EXPECT_EQ(sounding(render_channels("d1 $ s \"bd*2\" # orbit 2", 6)), (std::vector<int>{4, 5}));
  EXPECT_EQ(sounding(render_channels("d1 $ s \"bd*2\" # orbit 4", 6)), (std::vector<int>{2, 3}));
  EXPECT_EQ(sounding(render_channels("d1 $ s \"bd*2\"", 6)), (std::vector<int>{0, 1}));
}

TEST(Multichannel, ChannelControlMovesTheVoiceUpFromItsOrbitsFirstChannel) {
  EXPECT_EQ(sounding(render_channels("d1 $ s \"hh*8\" # channel 5", 8)), (std::vector<int>{5, 6}));
  // pan 0: only the pair's first channel, so `channel` picks exactly one channel.
  EXPECT_EQ(sounding(render_channels("d1 $ s \"hh*8\" # channel 3 # pan 0", 8)), (std::vector<int>{3}));
  // Relative to the orbit: orbit 1 starts at channel 2, channel 1 moves it to 3 and 4.
  EXPECT_EQ(sounding(render_channels("d1 $ s \"hh*8\" # orbit 1 # channel 1", 8)), (std::vector<int>{3, 4}));
  // The last channel's pair wraps to channel 0.
  EXPECT_EQ(sounding(render_channels("d1 $ s \"hh*8\" # channel 3", 4)), (std::vector<int>{0, 3}));
}

TEST(Multichannel, OrbitChannelsOptionChangesTheMapping) {
  EXPECT_EQ(sounding(render_channels("d1 $ s \"bd*2\" # orbit 1", 8, {0, 6})), (std::vector<int>{6, 7}));
  // Orbit 0 moved: the plan's outputs (a synth here) move with it.
  EXPECT_EQ(sounding(render_channels("out: sine 440 * 0.2", 8, {4, 0})), (std::vector<int>{4, 5}));
}

TEST(Multichannel, OrbitReverbSoundsOnItsOrbitsPair) {
  const auto ch = render_channels("d1 $ s \"bd\" # orbit 1 # room 0.6 # size 0.8", 6, {}, 3.0);
  EXPECT_EQ(sounding(ch), (std::vector<int>{2, 3}));
  // The tail after the one-second sample: only the reverb sounds, still on the orbit's pair.
  const size_t t = static_cast<size_t>(2.2 * 44100);
  EXPECT_GT(rms(ch[2], t, ch[2].size()), 1e-4);
  EXPECT_LT(rms(ch[0], 0, ch[0].size()), 1e-7);
}

TEST(Multichannel, MixedOrbitsSplitAndTheSumEqualsTheStereoRender) {
  const std::string code = "d1 $ s \"bd sn\" # orbit \"0 1\"\nd2 $ s \"hh*4\" # orbit 1 # pan 0.2";
  const auto mc = render_channels(code, 4);
  const auto st = render_channels(code, 2);
  EXPECT_EQ(sounding(mc), (std::vector<int>{0, 1, 2, 3}));
  // With two channels every orbit wraps to the one pair: the stereo render is the sum of the pairs.
  double worst = 0;
  for (size_t i = 0; i < st[0].size(); ++i) {
    worst = std::max(worst, std::fabs(static_cast<double>(st[0][i]) - (mc[0][i] + mc[2][i])));
    worst = std::max(worst, std::fabs(static_cast<double>(st[1][i]) - (mc[1][i] + mc[3][i])));
  }
  EXPECT_LT(worst, 1e-6);
}

TEST(Nudge, PositiveNudgeDelaysTheOnsetBySeconds) {
  const auto plain = render_channels("d1 $ s \"bd\"", 2, {}, 0.5);
  const auto nudged = render_channels("d1 $ s \"bd\" # nudge 0.1", 2, {}, 0.5);
  auto onset = [](const std::vector<float>& x) {
    for (size_t i = 0; i < x.size(); ++i)
      if (std::fabs(x[i]) > 1e-4) return static_cast<long>(i);
    return -1L;
  };
  ASSERT_GE(onset(plain[0]), 0);
  EXPECT_EQ(onset(nudged[0]) - onset(plain[0]), 4410);
}

TEST(MultichannelCli, RenderWritesEveryChannelAndReadsBack) {
  auto dir = std::filesystem::temp_directory_path() / ("phonon-mc-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto prog = dir / "o.ph", wav = dir / "o.wav";
  std::ofstream(prog) << "d1 $ s \"bd*4\" # orbit 1\n";
  const auto run =
      cli_support::run_phonon("render " + prog.string() + " -o " + wav.string() + " --channels 4 --cycles 1");
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("4 channels"), std::string::npos) << run.output;
  AudioFileData d;
  std::string error;
  ASSERT_TRUE(read_audio_file(wav.string(), &d, &error)) << error;
  ASSERT_EQ(d.channels, 4);
  std::vector<std::vector<float>> ch(4);
  for (int64_t i = 0; i < d.frames; ++i)
    for (int c = 0; c < 4; ++c) ch[static_cast<size_t>(c)].push_back(d.interleaved[static_cast<size_t>(i * 4 + c)]);
  EXPECT_EQ(sounding(ch), (std::vector<int>{2, 3}));

  const auto bad = cli_support::run_phonon("render " + prog.string() + " -o " + (dir / "b.wav").string() +
                                           " --channels 4 --orbit-channels 0,4");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("--orbit-channels names channel 4"), std::string::npos) << bad.output;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace phonon
