// `phonon dirt` in real time on JACK (run under scripts/jack-test.sh; skipped without a JACK server): OSC over
// loopback UDP, sent with liblo the way Tidal sends it, and real Tidal when GHCi with the tidal package is here.
#include <gtest/gtest.h>
#include <lo/lo.h>

#include <cmath>
#include <cstdlib>
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
const std::string kSamples = PHONON_TEST_SAMPLES;

// A port of our own, away from SuperDirt's 57120 (which a user may be running).
std::string test_port() { return std::to_string(47000 + ::getpid() % 2000); }

lo_timetag plus(lo_timetag t, double seconds) {
  const double frac = t.frac / 4294967296.0 + seconds;
  const double whole = std::floor(frac);
  t.sec += static_cast<uint32_t>(static_cast<int64_t>(whole));  // modulo 2^32: negative offsets too
  t.frac = static_cast<uint32_t>((frac - whole) * 4294967296.0);
  return t;
}

// First sounding frames (|x| > 1e-6 after at least `gap` silent frames) of the left channel.
std::vector<int64_t> onsets(const std::string& wav, int gap) {
  AudioFileData d;
  std::string error;
  EXPECT_TRUE(read_audio_file(wav, &d, &error)) << error;
  std::vector<int64_t> out;
  int64_t quiet = gap;
  for (int64_t i = 0; i < d.frames; ++i) {
    if (std::fabs(d.interleaved[static_cast<size_t>(i * d.channels)]) > 1e-6f) {
      if (quiet >= gap) out.push_back(i);
      quiet = 0;
    } else {
      ++quiet;
    }
  }
  return out;
}

int handshake_replies = 0;
bool reply_has_buses = false;
int on_reply(const char*, const char* types, lo_arg** argv, int argc, lo_message, void*) {
  ++handshake_replies;
  for (int i = 0; i < argc; ++i)
    if (types[i] == LO_STRING && std::string(reinterpret_cast<const char*>(argv[i])) == "&controlBusIndices")
      reply_has_buses = i + 1 < argc;
  return 0;
}

TEST(LiveJackDirt, BundlesAndMessageStampsStartTheirTimetagsApartToTheFrame) {
  REQUIRE_JACK();
  const auto dir = make_temp_dir("dirt_udp");
  const std::string rec = (dir / "rec.wav").string(), out = (dir / "out").string(), err = (dir / "err").string();
  const std::string port = test_port();
  Child dirt(
      {kBinary, "dirt", "--api", "jack", "--port", port, "--record", rec, "--duration", "3", "--samples", kSamples},
      out, err);
  ASSERT_TRUE(wait_for_text(err, "listening on UDP port", 10s)) << read_file(err);

  lo_server me = lo_server_new_with_proto(nullptr, LO_UDP, nullptr);
  ASSERT_NE(me, nullptr);
  lo_server_add_method(me, "/dirt/handshake/reply", nullptr, on_reply, nullptr);
  lo_address to = lo_address_new("127.0.0.1", port.c_str());
  lo_send_from(to, me, LO_TT_IMMEDIATE, "/dirt/handshake", "");
  for (int i = 0; i < 20 && !handshake_replies; ++i) lo_server_recv_noblock(me, 50);
  EXPECT_EQ(handshake_replies, 1);
  EXPECT_TRUE(reply_has_buses);

  // Four events 0.25 s apart (11025 frames), as Tidal sends them: bundles, then one message-stamped event.
  lo_timetag now;
  lo_timetag_now(&now);
  const double first = 0.6;
  for (int k = 0; k < 3; ++k) {
    lo_bundle b = lo_bundle_new(plus(now, first + 0.25 * k));
    lo_message m = lo_message_new();
    lo_message_add(m, "sssfsfsisf", "s", "bd", "n", 1.0f, "cps", 0.5625f, "orbit", 0, "delta", 0.1f);
    lo_message_add(m, "sf", "legato", 1.0f);
    lo_bundle_add_message(b, "/dirt/play", m);
    lo_send_bundle(to, b);
    lo_bundle_free_recursive(b);
  }
  {
    lo_timetag t = plus(now, first + 0.75);
    const double unix_time = t.sec - 2208988800.0 + t.frac / 4294967296.0;
    const int sec = static_cast<int>(std::floor(unix_time));
    const int usec = static_cast<int>(std::floor((unix_time - sec) * 1e6));
    lo_send(to, "/dirt/play", "iisssfsf", sec, usec, "s", "bd", "n", 1.0f, "delta", 0.1f);
  }
  // A late event, and garbage.
  lo_bundle late = lo_bundle_new(plus(now, -1.0));
  lo_message lm = lo_message_new();
  lo_message_add(lm, "sssf", "s", "bd", "delta", 0.05f);
  lo_bundle_add_message(late, "/dirt/play", lm);
  lo_send_bundle(to, late);
  lo_bundle_free_recursive(late);
  lo_send(to, "/dirt/play", "sf", "n", 1.0f);

  EXPECT_EQ(dirt.wait(15s), 0) << read_file(err);
  lo_address_free(to);
  lo_server_free(me);
  const std::string text = read_file(err);
  EXPECT_NE(text.find("events 5, late 1, bad packets 1"), std::string::npos) << text;
  EXPECT_TRUE(within_budget(text)) << text;
  const std::vector<int64_t> on = onsets(rec, 2000);
  ASSERT_EQ(on.size(), 5u) << text;  // the late one first, then the four
  for (size_t k = 2; k < on.size(); ++k) {
    // One frame either way: the timetags themselves are rounded to microseconds (message stamp) or 2^-32 s.
    EXPECT_NEAR(static_cast<double>(on[k] - on[k - 1]), 11025.0, 1.0) << "event " << k;
  }
  std::filesystem::remove_all(dir);
}

// Real Tidal (Debian's libghc-tidal-dev, started as BootTidal.hs starts it) drives `phonon dirt`.
TEST(LiveJackDirt, RealTidalPlaysThroughPhonon) {
  REQUIRE_JACK();
  if (std::system("ghc-pkg list tidal 2>/dev/null | grep -q tidal-") != 0)
    GTEST_SKIP() << "GHC with the tidal package is not installed: the real-Tidal test is skipped";
  const auto dir = make_temp_dir("dirt_tidal");
  const std::string rec = (dir / "rec.wav").string(), out = (dir / "out").string(), err = (dir / "err").string();
  // A user's BootTidal.hs, unchanged, when one is given; otherwise the start-up line of Tidal 1.7.10's
  // BootTidal.hs (SuperDirt's target on 127.0.0.1:57120).
  // (Without one, the test uses ports of its own, so that a SuperDirt or Tidal running here does not matter.)
  std::string boot, port = "57120";
  if (const char* b = std::getenv("PHONON_BOOT_TIDAL")) {
    boot = read_file(b);
    if (std::system("ss -uln 2>/dev/null | grep -q ':57120 '") == 0)
      GTEST_SKIP() << "UDP 57120 is taken (SuperDirt running?): the real-Tidal test with your BootTidal.hs is skipped";
  } else {
    port = test_port();
    const std::string ctrl = std::to_string(std::stoi(port) + 2000);
    boot =
        ":set -XOverloadedStrings\n"
        "import Sound.Tidal.Context\n"
        "tidal <- startTidal (superdirtTarget {oLatency = 0.1, oAddress = \"127.0.0.1\", oPort = " +
        port +
        "}) "
        "(defaultConfig {cVerbose = True, cFrameTimespan = 1/20, cCtrlPort = " +
        ctrl +
        "})\n"
        "let d1 = streamReplace tidal 1\n"
        "let hush = streamHush tidal\n";
  }
  const std::string script = (dir / "tidal.ghci").string();
  write_file(script, boot +
                         "\nd1 $ s \"bd*4\" # n 1\n"
                         "import Control.Concurrent\n"
                         "threadDelay 3000000\n"
                         "hush\n"
                         "threadDelay 300000\n");
  Child dirt(
      {kBinary, "dirt", "--api", "jack", "--port", port, "--record", rec, "--duration", "8", "--samples", kSamples},
      out, err);
  ASSERT_TRUE(wait_for_text(err, "listening on UDP port", 10s)) << read_file(err);
  const std::string tidal_out = (dir / "tidal.out").string();
  EXPECT_EQ(std::system(("timeout 60 ghci -v0 < " + script + " > " + tidal_out + " 2>&1").c_str()), 0);
  EXPECT_EQ(dirt.wait(20s), 0) << read_file(err);
  const std::string tidal = read_file(tidal_out), text = read_file(err);
  EXPECT_NE(tidal.find("Connected to SuperDirt."), std::string::npos) << tidal;
  // 3 s of bd*4 at Tidal's default 0.5625 cps: about 6.75 events.
  const auto at = text.find("events ");
  ASSERT_NE(at, std::string::npos) << text;
  const long events = std::strtol(text.c_str() + at + 7, nullptr, 10);
  EXPECT_GE(events, 5) << text;
  EXPECT_LE(events, 8) << text;
  EXPECT_NE(text.find("late 0, bad packets 0"), std::string::npos) << text;
  EXPECT_FALSE(onsets(rec, 1).empty()) << "the recording is silent";
  std::filesystem::remove_all(dir);
}

// Tidal's /ctrl into `phonon live`: a value sent mid-cycle changes the pattern from the next event on, not from
// the next cycle (the engine queries a cycle ahead; controller input makes it query again).
TEST(LiveJackDirt, ACtrlValueChangesThePatternFromTheNextEventOn) {
  REQUIRE_JACK();
  const auto dir = make_temp_dir("dirt_ctrl");
  const std::string rec = (dir / "rec.wav").string(), out = (dir / "out").string(), err = (dir / "err").string();
  const std::string prog = (dir / "p.ph").string();
  // 16 events of 0.05 s in a 4 s cycle: one every 0.25 s; gain follows the controller `level`.
  write_file(prog, "cps: 0.25\no1: s \"bd*16\" # n 1 # sustain 0.05 # gain (cF 1 \"level\")\n");
  const std::string port = test_port();
  Child live({kBinary, "live", prog, "--api", "jack", "--ctrl-port", port, "--record", rec, "--duration", "3",
              "--samples", kSamples},
             out, err);
  ASSERT_TRUE(wait_for_text(err, "playing", 10s)) << read_file(err);
  const auto started = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(1200ms);
  lo_address to = lo_address_new("127.0.0.1", port.c_str());
  lo_send(to, "/ctrl", "sf", "level", 0.0f);
  const double sent = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  lo_address_free(to);
  EXPECT_EQ(live.wait(15s), 0) << read_file(err);
  const std::string text = read_file(err);
  EXPECT_TRUE(within_budget(text)) << text;
  // The recording started about when "playing" was printed: slots well before the send sound, slots from
  // 0.3 s after it on are silent (without the re-query they would sound until the cycle ends at 4 s).
  AudioFileData d;
  std::string error;
  ASSERT_TRUE(read_audio_file(rec, &d, &error)) << error;
  const auto loud = [&](int slot) {
    double peak = 0;
    for (int64_t i = slot * 11025; i < std::min<int64_t>(d.frames, (slot + 1) * int64_t{11025}); ++i)
      peak = std::max(peak, static_cast<double>(std::fabs(d.interleaved[static_cast<size_t>(i * 2)])));
    return peak > 1e-3;
  };
  int silent_after = 0, loud_before = 0;
  for (int slot = 0; slot < 12; ++slot) {
    const double t = slot * 0.25;
    if (t < sent - 0.3) {
      loud_before += loud(slot);
      EXPECT_TRUE(loud(slot)) << "slot " << slot << " before the send";
    }
    if (t > sent + 0.3) {
      silent_after += !loud(slot);
      EXPECT_FALSE(loud(slot)) << "slot " << slot << " after the send";
    }
  }
  EXPECT_GE(loud_before, 3);
  EXPECT_GE(silent_after, 5);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace phonon
