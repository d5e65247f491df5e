// `phonon repl` end to end on JACK's dummy driver: a block changes only the slots it names, and the session
// log replayed by `phonon render --session` equals the live recording bit for bit.
// Run with   scripts/jack-test.sh build/tests/phonon_tests --gtest_filter='LiveJack*'
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
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

std::vector<double> logged_cycles(const std::string& log) {
  std::vector<double> cycles;
  std::regex marker(R"(^-- @([0-9.]+)$)");
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, marker)) cycles.push_back(std::stod(m[1]));
  }
  return cycles;
}

TEST(LiveJackRepl, BlocksChangeOnlyTheirSlotsAndTheSessionReplaysBitForBit) {
  REQUIRE_JACK();
  auto dir = make_temp_dir("repl");
  const std::string rec = (dir / "rec.wav").string(), ref = (dir / "ref.wav").string();
  const std::string session = (dir / "session.log").string();
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  constexpr int kSeconds = 15;
  Child repl({kBinary, "repl", "--api", "jack", "--block", "512", "--record", rec, "--duration",
              std::to_string(kSeconds), "--session-log", session},
             out, err, /*stdin_pipe=*/true);
  ASSERT_TRUE(wait_for_text(err, "phonon live: playing", 20s)) << read_file(err);

  // Each step: the block, then about two cycles at 2 cps before the next one.
  const std::vector<std::string> steps = {
      ":{\nsetcps 2\nd1 $ s \"bd*2\"\n:}\n",  // 0: d1 (low)
      "d2 $ s \"hh*4\"\n\n",                  // 1: d1 + d2
      "d1 silence\n\n",                       // 2: d2 alone
      "d1 $ s \"bd*2\"\nmute 2\n\n",          // 3: d1 alone again, d2 muted
      "unmute 2\nsolo 2\n\n",                 // 4: d2 alone (solo)
      "hush\n\n",                             // 5: nothing
  };
  for (size_t i = 0; i < steps.size(); ++i) {
    repl.send(steps[i]);
    ASSERT_TRUE(wait_for_replies(out, i + 1, 5s)) << read_file(out) << read_file(err);
    if (i == 1) {  // a bad block changes nothing and gets a located reply
      repl.send("d2 $ s \"hh*4\" # nosuchfunction 1\n\n");
      ASSERT_TRUE(wait_for_text(out, "error", 5s)) << read_file(out);
    }
    std::this_thread::sleep_for(1500ms);
  }
  ASSERT_EQ(repl.wait(40s), 0) << read_file(err);
  const std::string replies = read_file(out);
  EXPECT_NE(replies.find("<stdin>:7:17: error:"), std::string::npos) << replies;
  EXPECT_TRUE(within_budget(read_file(err))) << read_file(err);

  const std::vector<double> cycles = logged_cycles(read_file(session));
  ASSERT_EQ(cycles.size(), steps.size()) << read_file(session);
  // Frames of each block's cycle: 0.5 cps (the default) until the first block, 2 cps after it.
  std::vector<int64_t> at;
  for (double c : cycles) at.push_back(std::llround((cycles[0] / 0.5 + (c - cycles[0]) / 2.0) * kRate));

  AudioFileData a;
  std::string error;
  ASSERT_TRUE(read_audio_file(rec, &a, &error)) << error;
  ASSERT_EQ(a.frames, static_cast<int64_t>(kSeconds * kRate));
  ASSERT_LT(at.back() + 22050, a.frames) << "the session ran past the recording";
  std::vector<Band> seg;
  for (size_t i = 0; i < at.size(); ++i) {
    const int64_t end = i + 1 < at.size() ? at[i + 1] : a.frames;
    seg.push_back(band_energy(a.interleaved, at[i] + 8820, end, kRate));  // after 0.2 s of the previous tails
  }
  const double bd_low = seg[0].low, hh_high = seg[2].high;
  std::ostringstream where;  // what a failure needs to be understood: the log's cycles and each segment's frames
  for (size_t i = 0; i < at.size(); ++i)
    where << "block " << i << " at cycle " << cycles[i] << ", frame " << at[i] << ": low " << seg[i].low << ", high "
          << seg[i].high << "\n";
  ASSERT_GT(bd_low, 1e-5) << "d1 was never heard\n" << where.str() << read_file(err);
  ASSERT_GT(hh_high, 1e-5) << "d2 was never heard\n" << where.str() << read_file(err);
  EXPECT_GT(seg[1].low, 0.5 * bd_low) << "d1 stopped when d2 was evaluated";
  EXPECT_GT(seg[1].high, 0.5 * hh_high);
  EXPECT_LT(seg[2].low, 0.1 * bd_low) << "`d1 silence` left d1 playing";
  EXPECT_GT(seg[3].low, 0.5 * bd_low);
  EXPECT_LT(seg[3].high, 0.2 * hh_high) << "`mute 2` left d2 playing";
  EXPECT_LT(seg[4].low, 0.1 * bd_low) << "`solo 2` left d1 playing";
  EXPECT_GT(seg[4].high, 0.5 * hh_high) << "`unmute 2` did not bring d2 back";
  EXPECT_LT(seg[5].total, 1e-9) << "`hush` did not silence";

  {
    Child render({kBinary, "render", "--session", session, "-o", ref, "--bits", "32", "--block", "512", "--duration",
                  std::to_string(kSeconds)},
                 (dir / "rout.txt").string(), (dir / "rerr.txt").string());
    ASSERT_EQ(render.wait(120s), 0) << read_file((dir / "rerr.txt").string());
  }
  AudioFileData b;
  ASSERT_TRUE(read_audio_file(ref, &b, &error)) << error;
  ASSERT_EQ(b.frames, a.frames);
  const size_t first_diff = first_difference(a.interleaved, b.interleaved);
  EXPECT_EQ(first_diff, a.interleaved.size()) << "replay differs from the recording at frame " << first_diff / 2;
  std::filesystem::remove_all(dir);
}

TEST(LiveJackRepl, StartedAsGhciWithABootScriptItPlaysTheEditorsBlocks) {
  REQUIRE_JACK();
  auto dir = make_temp_dir("repl_ghci");
  const std::string boot = (dir / "BootTidal.hs").string(), rec = (dir / "rec.wav").string();
  write_file(boot,
             ":set -XOverloadedStrings\n:set prompt \"\"\nimport Sound.Tidal.Context\n\n"
             "tidal <- startTidal (superdirtTarget {oLatency = 0.1}) (defaultConfig {cFrameTimespan = 1/20})\n\n"
             ":{\nlet p = streamReplace tidal\n    hush = streamHush tidal\n    d1 = p 1 . (|< orbit 0)\n:}\n\n"
             ":set prompt \"tidal> \"\n");
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  // How the VS Code extension and vim-tidal start "GHCi".
  Child repl({kBinary, "repl", "-XOverloadedStrings", "-v0", "-ghci-script=" + boot, "--api", "jack", "--record", rec,
              "--duration", "4"},
             out, err, /*stdin_pipe=*/true);
  ASSERT_TRUE(wait_for_text(err, "phonon live: playing", 20s)) << read_file(err);
  repl.send(":{\nd1 $ s \"bd*4\"\n:}\n");
  ASSERT_TRUE(wait_for_text(err, "reloaded", 5s)) << read_file(err);
  repl.send(":t s \"bd*4\" # n \"1 2\"\n");  // GHCi's type query, answered in Tidal's terms
  EXPECT_TRUE(wait_for_text(out, "s \"bd*4\" # n \"1 2\" :: ControlPattern", 5s)) << read_file(out);
  ASSERT_EQ(repl.wait(20s), 0) << read_file(err);
  EXPECT_EQ(read_file(out).find("error"), std::string::npos) << read_file(out);
  EXPECT_NE(read_file(err).find("`-XOverloadedStrings` is a GHCi option"), std::string::npos) << read_file(err);
  AudioFileData a;
  std::string error;
  ASSERT_TRUE(read_audio_file(rec, &a, &error)) << error;
  EXPECT_GT(band_energy(a.interleaved, 0, a.frames, kRate).low, 1e-6) << "d1 was never heard";
  std::filesystem::remove_all(dir);
}

// Many evaluations, a quarter of them bad, at several per second: the music never stops, nothing underruns,
// memory stays flat. PHONON_REPL_SOAK_SECONDS sets the length (default 120 s for 200 evaluations, as a busy
// performance might have them).
TEST(LiveJackRepl, SoakManyEvaluationsAQuarterBad) {
  REQUIRE_JACK();
  double seconds = 120;
  if (const char* v = std::getenv("PHONON_REPL_SOAK_SECONDS")) seconds = std::max(10.0, std::atof(v));
  constexpr int kEvaluations = 200;
  auto dir = make_temp_dir("repl_soak");
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  Child repl({kBinary, "repl", "--api", "jack", "--duration", std::to_string(seconds + 8)}, out, err,
             /*stdin_pipe=*/true);
  ASSERT_TRUE(wait_for_text(err, "phonon live: playing", 20s)) << read_file(err);
  const std::vector<std::string> good = {"d1 $ s \"bd*4\" # n \"<0 1>\"\n\n",
                                         "d2 $ s \"hh*8\" # gain 0.8\n\n",
                                         "d3 $ s \"~ cp\"\n\n",
                                         "mute 3\n\n",
                                         "unmute 3\n\n",
                                         "d2 $ jux rev $ s \"arpy*4\" # n \"0 .. 3\"\n\n",
                                         "setcps 0.7\n\n",
                                         "xfadeIn 3 2 $ s \"~ cp*2\"\n\n"};
  const std::vector<std::string> bad = {"d1 $ s \"bd*4\" # nosuch 1\n\n", "d2 $ s \"[bd\"\n\n", "mute x\n\n",
                                        "d3 $ s \"cp\" #\n\n"};
  long rss0 = -1;
  const auto gap = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000 / kEvaluations));
  for (int i = 0; i < kEvaluations; ++i) {
    repl.send(i % 4 == 3 ? bad[static_cast<size_t>(i / 4) % bad.size()] : good[static_cast<size_t>(i) % good.size()]);
    std::this_thread::sleep_for(gap);
    if (i == kEvaluations / 4) rss0 = vm_rss_kib(repl.pid());
    ASSERT_TRUE(repl.running()) << "the REPL stopped at evaluation " << i << "\n" << read_file(err);
  }
  const long rss1 = vm_rss_kib(repl.pid());
  repl.close_stdin();
  ASSERT_EQ(repl.wait(60s), 0) << read_file(err);
  const std::string replies = read_file(out);
  EXPECT_EQ(ok_replies(replies), static_cast<size_t>(kEvaluations - kEvaluations / 4)) << replies;
  EXPECT_TRUE(within_budget(read_file(err))) << read_file(err);
  ASSERT_GT(rss0, 0);
  EXPECT_LT(rss1 - rss0, 8 * 1024) << "VmRSS grew from " << rss0 << " KiB to " << rss1 << " KiB";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace phonon
