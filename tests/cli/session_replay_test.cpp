// `phonon render --session`: a performance log (REPL blocks after `-- @C` lines) replays with each block taking
// effect at its cycle; the session examples of docs/live.md replay as the text says; bad logs are located errors.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/samples/audio_file.hpp"
#include "tests/live/live_support.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status;
  std::string output;  // stdout + stderr
};

CliRun run(const std::string& args) {
  const std::string cmd = std::string(PHONON_BINARY) + " " + args + " 2>&1";
  CliRun r{0, {}};
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), buf.size(), p)) r.output += buf.data();
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

live_test::Band energy(const AudioFileData& d, int64_t begin, int64_t end) {
  return live_test::band_energy(d.interleaved, begin, end, 44100.0);
}

class SessionReplay : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("phonon_session_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

TEST_F(SessionReplay, TheDocsExampleSwitchesAtItsCycles) {
  const std::string doc = read(fs::path(PHONON_SOURCE_DIR) / "docs" / "live.md");
  std::vector<std::string> examples;
  for (size_t at = doc.find("```session\n"); at != std::string::npos; at = doc.find("```session\n", at + 1)) {
    const size_t body = at + 11;
    examples.push_back(doc.substr(body, doc.find("```", body) - body));
  }
  ASSERT_EQ(examples.size(), 3u) << "docs/live.md: each session example needs its checks here";
  const std::string log = write("example.log", examples[0]);
  const std::string wav = (dir_ / "example.wav").string();
  CliRun r = run("render --session " + log + " -o " + wav + " --bits 32");
  ASSERT_EQ(r.status, 0) << r.output;
  AudioFileData d;
  std::string error;
  ASSERT_TRUE(read_audio_file(wav, &d, &error)) << error;
  // 0.5 cps: 4 cycles are 8 s. The default length runs 4 cycles past the last block: 16 cycles.
  const int64_t four = static_cast<int64_t>(8 * 44100);
  ASSERT_EQ(d.frames, 4 * four);
  auto seg = [&](int k) { return energy(d, k * four + 22050, (k + 1) * four); };  // after 0.5 s of tails
  const live_test::Band bd = seg(0), both = seg(1), hh = seg(2), quiet = seg(3);
  EXPECT_GT(bd.total, 1e-4);
  EXPECT_GT(both.high, 3 * bd.high) << "hh did not join at cycle 4";
  EXPECT_GT(hh.high, 3 * bd.high);
  EXPECT_LT(hh.low, 0.2 * both.low) << "bd did not stop at cycle 8";
  EXPECT_LT(quiet.total, 1e-10) << "hush at cycle 12 did not silence";
}

TEST_F(SessionReplay, TheDocsTransitionExampleCrossFadesFromBdToHh) {
  const std::string doc = read(fs::path(PHONON_SOURCE_DIR) / "docs" / "live.md");
  const size_t at = doc.find("```session\n", doc.find("```session\n") + 1);
  ASSERT_NE(at, std::string::npos);
  const std::string log = write("xfade.log", doc.substr(at + 11, doc.find("```", at + 11) - at - 11));
  const std::string wav = (dir_ / "xfade.wav").string();
  CliRun r = run("render --session " + log + " -o " + wav + " --bits 32 --cycles 12");
  ASSERT_EQ(r.status, 0) << r.output;
  AudioFileData d;
  std::string error;
  ASSERT_TRUE(read_audio_file(wav, &d, &error)) << error;
  const int64_t four = static_cast<int64_t>(8 * 44100);  // 4 cycles at 0.5 cps
  ASSERT_EQ(d.frames, 3 * four);
  auto seg = [&](int64_t a, int64_t b) { return energy(d, a, b); };
  const int64_t cycle = four / 4;
  const live_test::Band bd = seg(22050, four), fade_start = seg(four, four + cycle / 2),
                        fade_end = seg(2 * four - cycle / 2, 2 * four), hh = seg(2 * four + 22050, 3 * four);
  EXPECT_GT(bd.low, 10 * hh.low) << "bd must be gone once the fade is over";
  EXPECT_GT(hh.high, 3 * bd.high) << "hh must be there once the fade is over";
  // Equal power: early in the fade bd dominates the lows, late in it hh dominates the highs.
  EXPECT_GT(fade_start.low, 3 * fade_end.low);
  EXPECT_GT(fade_end.high, 3 * fade_start.high);
}

TEST_F(SessionReplay, TheDocsResetCyclesExampleRestartsTheCountWhereItWasLogged) {
  const std::string doc = read(fs::path(PHONON_SOURCE_DIR) / "docs" / "live.md");
  size_t at = doc.find("```session\n");
  for (int i = 0; i < 2 && at != std::string::npos; ++i) at = doc.find("```session\n", at + 1);
  ASSERT_NE(at, std::string::npos);
  const std::string log = write("reset.log", doc.substr(at + 11, doc.find("```", at + 11) - at - 11));
  const std::string wav = (dir_ / "reset.wav").string();
  CliRun r = run("render --session " + log + " -o " + wav + " --bits 32 --block 512");
  ASSERT_EQ(r.status, 0) << r.output;
  AudioFileData d;
  std::string error;
  ASSERT_TRUE(read_audio_file(wav, &d, &error)) << error;
  // 0.5 cps: 2.5 cycles (5 s), then 4 cycles after the last block of the new count (cycle 2): 6 more cycles.
  ASSERT_EQ(d.frames, static_cast<int64_t>(17 * 44100));
  // The reset lands on the first 512-frame block at or after 5 s; bd's cycle 0 starts there.
  const int64_t reset = (5 * 44100 + 511) / 512 * 512;
  const live_test::Band before = energy(d, reset - 4096, reset), after = energy(d, reset, reset + 4096);
  EXPECT_GT(after.low, 10 * before.low) << "no bd at the reset";
  // hh joins at cycle 2 of the new count: 4 s after the reset.
  const int64_t hh_at = reset + 4 * 44100;
  EXPECT_GT(energy(d, hh_at, hh_at + 44100).high, 10 * energy(d, reset, hh_at - 512).high) << "hh not at new cycle 2";
}

TEST_F(SessionReplay, SetCycleMovesTheCountSoLaterMarkersCountFromIt) {
  // 1 cps. bd on every cycle from 0; at 2.5 the count goes to 16; hh from cycle 18 of the new count (2 s later).
  const std::string log =
      write("set.log", "-- @0\nsetcps 1\nd1 $ s \"bd\"\n\n-- @2.5\nsetCycle 16\n\n-- @18\nd2 $ s \"hh*8\"\n");
  const std::string wav = (dir_ / "set.wav").string();
  CliRun r = run("render --session " + log + " -o " + wav + " --bits 32 --block 512");
  ASSERT_EQ(r.status, 0) << r.output;
  AudioFileData d;
  std::string error;
  ASSERT_TRUE(read_audio_file(wav, &d, &error)) << error;
  // 2.5 s, then up to 4 cycles after the last block's cycle (18) of the new count: 6 more seconds.
  ASSERT_EQ(d.frames, static_cast<int64_t>(8.5 * 44100));
  const int64_t jump = (5 * 44100 / 2 + 511) / 512 * 512;  // the first 512-frame block at or after 2.5 s
  EXPECT_GT(energy(d, jump, jump + 4096).low, 10 * energy(d, jump - 4096, jump).low) << "no bd at the new cycle 16";
  const int64_t hh_at = jump + 2 * 44100;
  EXPECT_GT(energy(d, hh_at, hh_at + 22050).high, 10 * energy(d, jump, hh_at - 512).high) << "hh not at cycle 18";
}

TEST_F(SessionReplay, ABlockTakesEffectExactlyAtItsCycle) {
  const std::string log = write("s.log", "-- @0\nsetcps 1\n\n-- @2\nd1 $ s \"bd\"\n");
  const std::string wav = (dir_ / "s.wav").string();
  CliRun r = run("render --session " + log + " -o " + wav + " --bits 32 --cycles 3");
  ASSERT_EQ(r.status, 0) << r.output;
  AudioFileData d;
  std::string error;
  ASSERT_TRUE(read_audio_file(wav, &d, &error)) << error;
  ASSERT_EQ(d.frames, 3 * 44100);
  int64_t first = -1;
  for (int64_t i = 0; i < d.frames && first < 0; ++i)
    if (d.interleaved[2 * i] != 0.0f || d.interleaved[2 * i + 1] != 0.0f) first = i;
  // On cycle 2 at 1 cps (a sound may begin with a zero sample or two).
  EXPECT_GE(first, 2 * 44100);
  EXPECT_LE(first, 2 * 44100 + 2);
}

TEST_F(SessionReplay, BadLogsAreLocatedErrors) {
  const std::string wav = (dir_ / "bad.wav").string();
  CliRun marker = run("render --session " + write("m.log", "-- @0\nd1 $ s \"bd\"\n\n-- @soon\nhush\n") + " -o " + wav);
  EXPECT_EQ(marker.status, 1);
  EXPECT_NE(marker.output.find("m.log:4:5: error: `soon` is not a cycle"), std::string::npos) << marker.output;
  CliRun back = run("render --session " + write("b.log", "-- @4\nd1 $ s \"bd\"\n\n-- @2\nhush\n") + " -o " + wav);
  EXPECT_EQ(back.status, 1);
  EXPECT_NE(back.output.find("goes back in time"), std::string::npos) << back.output;
  CliRun block =
      run("render --session " + write("c.log", "-- @0\nd1 $ s \"bd\"\n  # nosuchfunction 2\n") + " -o " + wav);
  EXPECT_EQ(block.status, 1);
  EXPECT_NE(block.output.find("c.log:3:5: error:"), std::string::npos) << block.output;
  EXPECT_FALSE(fs::exists(wav));
}

}  // namespace
}  // namespace phonon
