// `phonon render` through the real binary: every bad input gives a clear message, a non-zero exit status and no
// output file; a good one writes a stereo file in which both channels carry sound.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "runtime/samples/audio_file.hpp"
#include "tests/cli/cli_support.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;
using cli_support::CliRun;
using cli_support::run_phonon;

CliRun run(const std::string& args) { return run_phonon(args); }

class RenderCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("phonon_cli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  std::string out() const { return (dir_ / "out.wav").string(); }
  void expect_no_output() const {
    for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().extension(), ".ph") << e.path();
  }
  fs::path dir_;
};

TEST_F(RenderCli, RendersStereoWithSoundInBothChannels) {
  std::string ph = write("ok.ph", "o1: s \"bd*2 sn\"\no2: jux rev $ s \"hh*4 arpy\"\n");
  CliRun r = run("render " + ph + " -o " + out() + " --cycles 2");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("realtime x"), std::string::npos) << r.output;
  AudioFileData d;
  std::string err;
  ASSERT_TRUE(read_audio_file(out(), &d, &err)) << err;
  EXPECT_EQ(d.channels, 2);
  EXPECT_EQ(d.frames, 2 * 2 * 44100);  // 2 cycles at 0.5 cps
  double e[2] = {0, 0};
  for (int64_t i = 0; i < d.frames; ++i)
    for (int c = 0; c < 2; ++c) e[c] += d.interleaved[2 * i + c] * d.interleaved[2 * i + c];
  EXPECT_GT(e[0], 1.0);
  EXPECT_GT(e[1], 1.0);
}

TEST_F(RenderCli, FileStartsAtTimeZeroDespiteTheLimitersLookAhead) {
  // The output limiter delays the engine's output by 20 ms; render drops that, so the first hit starts at frame 0
  // with the limiter on exactly as with it off, and the file keeps its length.
  std::string ph = write("hit.ph", "out: s \"bd\"\n");
  auto first_sound = [&](const std::string& extra) {
    CliRun r = run("render " + ph + " -o " + out() + " --duration 0.5 --bits 32" + extra);
    EXPECT_EQ(r.status, 0) << r.output;
    AudioFileData d;
    std::string err;
    EXPECT_TRUE(read_audio_file(out(), &d, &err)) << err;
    EXPECT_EQ(d.frames, 22050);
    for (int64_t i = 0; i < d.frames; ++i)
      if (std::fabs(d.interleaved[2 * i]) > 1e-4f) return i;
    return int64_t{-1};
  };
  const int64_t limited = first_sound(""), unlimited = first_sound(" --no-limit");
  EXPECT_GE(unlimited, 0);
  EXPECT_LT(unlimited, 64);
  EXPECT_EQ(limited, unlimited);
}

TEST_F(RenderCli, BitDepthsAndFormats) {
  std::string ph = write("ok.ph", "o1: s \"bd sn\"\n");
  for (const char* spec : {"out16.wav --bits 16", "out24.wav --bits 24", "out32.wav --bits 32", "out.flac"}) {
    std::string s = spec;
    std::string file = (dir_ / s.substr(0, s.find(' '))).string();
    std::string rest = s.find(' ') == std::string::npos ? "" : s.substr(s.find(' '));
    CliRun r = run("render " + ph + " -o " + file + rest + " --duration 0.5");
    EXPECT_EQ(r.status, 0) << spec << r.output;
    AudioFileData d;
    std::string err;
    EXPECT_TRUE(read_audio_file(file, &d, &err)) << err;
    EXPECT_EQ(d.frames, 22050);
  }
}

TEST_F(RenderCli, StdinIsAProgram) {
  CliRun r = run("render - -o " + out() + " --duration 0.5 < " + write("in.ph", "o1: s \"bd\"\n"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(out()));
}

struct BadCase {
  const char* name;
  const char* program;  // nullptr: the file does not exist
  const char* extra;
  const char* expect;  // text the message must contain
  int status;
};

class RenderCliBad : public RenderCli, public ::testing::WithParamInterface<BadCase> {};

// 9000 nested `<` (bughunt F0: used to overflow the stack in the mini-notation parser).
const std::string kDeepMini = "out: s \"" + std::string(9000, '<') + "bd" + std::string(9000, '>') + "\"\n";

TEST_P(RenderCliBad, ClearErrorNonZeroExitNoFile) {
  const BadCase& c = GetParam();
  std::string ph = c.program ? write("bad.ph", c.program) : (dir_ / "missing.ph").string();
  CliRun r = run("render " + ph + " -o " + out() + " " + c.extra);
  EXPECT_EQ(r.status, c.status) << r.output;
  EXPECT_NE(r.output.find(c.expect), std::string::npos) << "expected `" << c.expect << "` in:\n" << r.output;
  expect_no_output();
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, RenderCliBad,
    ::testing::Values(BadCase{"missing", nullptr, "", "no such file", 1},
                      BadCase{"parse", "o1: s \"bd [sn\"\n", "", "bad.ph:1:11: error: unclosed `[`", 1},
                      BadCase{"unknown_fn", "o1: fsat 2 $ s \"bd\"\n", "", "did you mean `fast`?", 1},
                      BadCase{"arg_count", "o1: fast 2 3 4 $ s \"bd\"\n", "", "bad.ph:1:", 1},
                      BadCase{"arg_type", "o1: every \"x\" rev $ s \"bd\"\n", "", "bad.ph:1:", 1},
                      BadCase{"unknown_stmt", "foo: s \"bd\"\n", "", "bad.ph:1:1: error:", 1},
                      BadCase{"unknown_bus", "out: ~drumz\n~drums: s \"bd\"\n", "", "did you mean `~drums`?", 1},
                      BadCase{"duplicate_output", "o1: s \"bd\"\no1: s \"sn\"\n", "", "defined twice", 1},
                      BadCase{"negative_duration", "o1: s \"bd\"\n", "--duration -2", "--duration", 2},
                      BadCase{"absurd_duration", "o1: s \"bd\"\n", "--duration 1e12", "--duration", 2},
                      BadCase{"zero_duration", "o1: s \"bd\"\n", "--cycles 0", "greater than zero", 2},
                      BadCase{"bad_bits", "o1: s \"bd\"\n", "--bits 12", "--bits", 2},
                      BadCase{"unknown_option", "o1: s \"bd\"\n", "--frobnicate", "unknown option", 2},
                      BadCase{"feedback_loop", "~a: ~b + sine 3\n~b: ~a * 0.5\nout: ~a\n", "",
                              "feedback loop without a delay: ~a -> ~b -> ~a", 1},
                      BadCase{"effect_on_nothing", "out: lpf 800\n", "", "nothing", 1},
                      BadCase{"deep_mini", kDeepMini.c_str(), "",
                              "bad.ph:1:208: error: mini-notation is nested too deeply", 1},
                      BadCase{"setbpm", "setbpm 130\nout: s \"bd\"\n", "", "`bpm: 130`", 1},
                      BadCase{"tempo_too_fast", "cps: 1e9\nout: s \"bd\"\n", "", "at most 1000 cycles per second", 1},
                      BadCase{"scale_typo", "out: n (scale \"minr\" \"0 2\") # s \"superpiano\"\n", "",
                              "bad.ph:1:16: error: unknown scale `minr`", 1}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(RenderCli, UnwritableOutputIsAnErrorAndLeavesNothing) {
  std::string ph = write("ok.ph", "o1: s \"bd\"\n");
  CliRun r = run("render " + ph + " -o " + (dir_ / "no" / "such" / "dir" / "x.wav").string() + " --duration 0.2");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("cannot write"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "no"));
}

TEST_F(RenderCli, UnknownSampleIsAWarningAndSilence) {
  std::string ph = write("ok.ph", "o1: s \"nosuchsample\"\n");
  CliRun r = run("render " + ph + " -o " + out() + " --duration 0.5");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("unknown sample `nosuchsample`"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace phonon
