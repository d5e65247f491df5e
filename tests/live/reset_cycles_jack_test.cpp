// `resetCycles` in `phonon repl` on JACK's dummy driver: the count restarts at 0 at once (d1's next bd sounds
// at the reset, not at the next old boundary), the session log records it, and `phonon render --session`
// replays the performance bit for bit.
// Run with   scripts/jack-test.sh build/tests/phonon_tests --gtest_filter='LiveJackResetCycles*'
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/samples/audio_file.hpp"
#include "tests/live/live_support.hpp"

namespace phonon {
namespace {

using namespace std::chrono_literals;
using namespace live_test;

const std::string kBinary = PHONON_BINARY;
constexpr double kRate = 44100.0;

TEST(LiveJackResetCycles, RestartsTheCountAtOnceAndReplaysBitForBit) {
  REQUIRE_JACK();
  auto dir = make_temp_dir("reset");
  const std::string rec = (dir / "rec.wav").string(), ref = (dir / "ref.wav").string();
  const std::string session = (dir / "session.log").string();
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  constexpr int kSeconds = 5;
  Child repl({kBinary, "repl", "--api", "jack", "--block", "512", "--record", rec, "--duration",
              std::to_string(kSeconds), "--session-log", session},
             out, err, /*stdin_pipe=*/true);
  ASSERT_TRUE(wait_for_text(err, "phonon live: playing", 20s)) << read_file(err);
  repl.send(":{\nsetcps 0.5\nd1 $ s \"bd\"\n:}\n");
  ASSERT_TRUE(wait_for_replies(out, 1, 5s)) << read_file(out) << read_file(err);
  std::this_thread::sleep_for(2700ms);  // into cycle 1 (the block took effect at cycle 1: bd at 2 s)
  repl.send("resetCycles\n\n");
  ASSERT_TRUE(wait_for_replies(out, 2, 5s)) << read_file(out) << read_file(err);
  repl.send("resetCycles\nd2 $ s \"hh\"\n\n");  // not alone in its block: a located error, nothing changes
  ASSERT_TRUE(wait_for_text(out, "must be a block of its own", 5s)) << read_file(out);
  ASSERT_EQ(repl.wait(30s), 0) << read_file(err);
  EXPECT_TRUE(within_budget(read_file(err))) << read_file(err);
  EXPECT_NE(read_file(out).find("<stdin>:7:1: error"), std::string::npos) << read_file(out);

  // The log: the block at cycle 1, then the reset at the cycle the clock left.
  const std::string log = read_file(session);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(-- @1\n:\{\n[^]*-- @([0-9.]+)\nresetCycles\n)"))) << log;
  const double reset_cycle = std::stod(m[1]);
  ASSERT_GT(reset_cycle, 1.0);
  ASSERT_LT(reset_cycle, 2.0);

  AudioFileData a;
  std::string error;
  ASSERT_TRUE(read_audio_file(rec, &a, &error)) << error;
  // bd sounds at cycle 1 (2 s) and again at the reset (cycle 0 of the new count), not at 4 s.
  const auto reset_frame = static_cast<int64_t>(std::llround(reset_cycle / 0.5 * kRate));
  auto sounds = [&](int64_t from, int64_t to) { return band_energy(a.interleaved, from, to, kRate).total > 1e-6; };
  EXPECT_TRUE(sounds(reset_frame, reset_frame + 2048)) << "no bd at the reset";
  EXPECT_FALSE(sounds(reset_frame - 8192, reset_frame)) << "the bd of cycle 1 should have ended";

  {
    Child render({kBinary, "render", "--session", session, "-o", ref, "--bits", "32", "--block", "512", "--duration",
                  std::to_string(kSeconds)},
                 (dir / "rout.txt").string(), (dir / "rerr.txt").string());
    ASSERT_EQ(render.wait(60s), 0) << read_file((dir / "rerr.txt").string());
  }
  AudioFileData b;
  ASSERT_TRUE(read_audio_file(ref, &b, &error)) << error;
  ASSERT_EQ(b.frames, a.frames);
  const size_t first_diff = first_difference(a.interleaved, b.interleaved);
  EXPECT_EQ(first_diff, a.interleaved.size()) << "replay differs from the recording at frame " << first_diff / 2;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace phonon
