// End-to-end tests of `phonon live` through the real binary. The LiveJack tests need a JACK server (they skip
// without one); run them with   scripts/jack-test.sh build/phonon_tests --gtest_filter='Live*'
// PHONON_SOAK_SECONDS sets the soak test's length (default 120).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <regex>
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
const std::string kPrograms = PHONON_TEST_PROGRAMS;
const std::string kSamples = PHONON_TEST_SAMPLES;
constexpr double kRate = 44100.0;

AudioFileData load_wav(const std::string& path) {
  AudioFileData d;
  std::string error;
  EXPECT_TRUE(read_audio_file(path, &d, &error)) << error;
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Command-line behaviour that needs no audio device.

TEST(LiveCli, UsageErrorsAndMissingFile) {
  auto dir = make_temp_dir("cli");
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  {
    Child c({kBinary, "live"}, out, err);
    EXPECT_EQ(c.wait(10s), 2);
    EXPECT_NE(read_file(err).find("no input file"), std::string::npos) << read_file(err);
  }
  {
    Child c({kBinary, "live", "x.ph", "--swap", "sometimes"}, out, err);
    EXPECT_EQ(c.wait(10s), 2);
    EXPECT_NE(read_file(err).find("--swap"), std::string::npos) << read_file(err);
  }
  {
    Child c({kBinary, "live", (dir / "missing.ph").string()}, out, err);
    EXPECT_EQ(c.wait(10s), 1);
    EXPECT_NE(read_file(err).find("cannot read"), std::string::npos) << read_file(err);
  }
  std::filesystem::remove_all(dir);
}

TEST(LiveCli, NoDeviceSaysSoAndSuggestsRender) {
  auto dir = make_temp_dir("nodev");
  const std::string prog = (dir / "p.ph").string();
  write_file(prog, "out: s \"bd\"\n");
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  // With a JACK server, ask for a device that does not exist; without one, JACK has no device at all.
  std::vector<std::string> args = {kBinary, "live", prog, "--api", "jack", "--duration", "1"};
  if (jack_available()) {
    args.push_back("--device");
    args.push_back("no-such-device-xyz");
  }
  Child c(args, out, err);
  EXPECT_EQ(c.wait(20s), 1);
  const std::string text = read_file(err);
  EXPECT_NE(text.find("phonon render"), std::string::npos) << text;
  EXPECT_NE(text.find("jack"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

TEST(LiveCli, DevicesListsTheApis) {
  auto dir = make_temp_dir("devices");
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  Child c({kBinary, "devices"}, out, err);
  EXPECT_EQ(c.wait(20s), 0);
  const std::string text = read_file(out);
  EXPECT_NE(text.find("jack"), std::string::npos) << text;
  if (jack_available()) {
    EXPECT_NE(text.find("system"), std::string::npos) << text;
  }
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. What is recorded is what `phonon render` computes, and the device never underran.

TEST(LiveJack, RecordingIsBitIdenticalToRenderWithoutUnderruns) {
  REQUIRE_JACK();
  auto dir = make_temp_dir("record");
  const std::string prog = kPrograms + "/m.ph";
  const std::string samples = kSamples;
  const std::string rec = (dir / "rec.wav").string(), ref = (dir / "ref.wav").string();
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  {
    Child live({kBinary, "live", prog, "--api", "jack", "--block", "512", "--record", rec, "--duration", "10",
                "--samples", samples},
               out, err);
    ASSERT_EQ(live.wait(60s), 0) << read_file(err);
  }
  const std::string log = read_file(err);
  EXPECT_TRUE(within_budget(log)) << log;
  {
    Child render({kBinary, "render", prog, "-o", ref, "--bits", "32", "--block", "512", "--duration", "10", "--samples",
                  samples},
                 (dir / "rout.txt").string(), (dir / "rerr.txt").string());
    ASSERT_EQ(render.wait(180s), 0) << read_file((dir / "rerr.txt").string());
  }
  const AudioFileData a = load_wav(rec), b = load_wav(ref);
  ASSERT_EQ(a.channels, 2);
  ASSERT_EQ(b.channels, 2);
  EXPECT_EQ(a.rate, kRate);
  EXPECT_EQ(a.frames, static_cast<int64_t>(10 * kRate)) << "--duration 10 records exactly 10 s";
  ASSERT_LE(a.frames, b.frames);
  ASSERT_GT(a.frames, 0);
  const size_t n = static_cast<size_t>(a.frames) * 2;
  size_t first_diff = n;
  for (size_t i = 0; i < n; ++i) {
    if (std::memcmp(&a.interleaved[i], &b.interleaved[i], sizeof(float)) != 0) {
      first_diff = i;
      break;
    }
  }
  EXPECT_EQ(first_diff, n) << "first differing sample at frame " << first_diff / 2 << ": live "
                           << a.interleaved[first_diff] << " vs render " << b.interleaved[first_diff];
  // Not a trivially silent comparison.
  double peak = 0;
  for (size_t i = 0; i < n; ++i) peak = std::max(peak, static_cast<double>(std::fabs(a.interleaved[i])));
  EXPECT_GT(peak, 0.05);
  std::filesystem::remove_all(dir);
}

// Multichannel: --record writes every channel, bit-identical to `phonon render --channels` (orbit 1 on 3-4).
TEST(LiveJack, MultichannelRecordingIsBitIdenticalToRender) {
  REQUIRE_JACK();
  auto dir = make_temp_dir("mc-record");
  const std::string prog = (dir / "o.ph").string();
  write_file(prog, "d1 $ s \"bd*4\" # orbit 1\nd2 $ s \"hh*8\" # channel 2 # pan 0\n");
  const std::string rec = (dir / "rec.wav").string(), ref = (dir / "ref.wav").string();
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  {
    Child live({kBinary, "live", prog, "--api", "jack", "--channels", "4", "--record", rec, "--duration", "3"}, out,
               err);
    const int status = live.wait(60s);
    if (status != 0 && read_file(err).find("fewer than the 4 asked for") != std::string::npos)
      GTEST_SKIP() << "the JACK server has fewer than 4 playback ports (scripts/jack-test.sh starts one with 8)";
    ASSERT_EQ(status, 0) << read_file(err);
  }
  {
    Child render({kBinary, "render", prog, "-o", ref, "--bits", "32", "--channels", "4", "--duration", "3"},
                 (dir / "rout.txt").string(), (dir / "rerr.txt").string());
    ASSERT_EQ(render.wait(60s), 0) << read_file((dir / "rerr.txt").string());
  }
  const AudioFileData a = load_wav(rec), b = load_wav(ref);
  ASSERT_EQ(a.channels, 4);
  ASSERT_EQ(b.channels, 4);
  ASSERT_EQ(a.frames, static_cast<int64_t>(3 * kRate));
  ASSERT_LE(a.frames, b.frames);
  const size_t n = static_cast<size_t>(a.frames) * 4;
  EXPECT_EQ(std::memcmp(a.interleaved.data(), b.interleaved.data(), n * sizeof(float)), 0);
  double peak[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < n; ++i) peak[i % 4] = std::max(peak[i % 4], static_cast<double>(std::fabs(a.interleaved[i])));
  EXPECT_EQ(peak[0], 0.0);  // orbit 0 is silent: hh is on channel 2 only (pan 0), bd on orbit 1 (channels 2, 3)
  EXPECT_EQ(peak[1], 0.0);
  EXPECT_GT(peak[2], 0.05);
  EXPECT_GT(peak[3], 0.05);
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Reloads: valid, invalid, valid, tempo change (and one more valid edit at the new tempo).

struct Reload {
  double cycle = 0;  // the engine's cycle when the new version was handed over
};

std::vector<Reload> parse_reloads(const std::string& log) {
  std::vector<Reload> out;
  static const std::regex re(R"(reloaded .* at cycle ([0-9.]+))");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back({std::stod((*it)[1].str())});
  }
  return out;
}

TEST(LiveJack, ReloadSequenceSwitchesAtCycleBoundariesAndNeverStops) {
  REQUIRE_JACK();
  auto dir = make_temp_dir("reload");
  const std::string prog = (dir / "edit.ph").string();
  const std::string rec = (dir / "rec.wav").string();
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  // hh (bright, every 1/16 cycle) and bd (dark, every 1/8 cycle) from the built-in kit: dense, and easy to
  // tell apart by where their energy lies.
  const std::string hh4 = "cps: 4\nout: s \"hh*16\"\n";
  const std::string bd4 = "cps: 4\nout: s \"bd*8\"\n";
  const std::string bad = "cps: 4\nout: s \"bd*8\" # nosuchfunction 3\n";
  const std::string bd3 = "cps: 3\nout: s \"bd*8\"\n";
  const std::string hh3 = "cps: 3\nout: s \"hh*16\"\n";
  write_file(prog, hh4);
  const double duration = 5.5;
  Child live({kBinary, "live", prog, "--api", "jack", "--block", "512", "--record", rec, "--duration",
              std::to_string(duration)},
             out, err);
  ASSERT_TRUE(wait_for_text(err, "phonon live: playing", 20s)) << read_file(err);
  const std::vector<std::string> edits = {bd4, bad, hh4, bd3, hh3};
  for (const auto& text : edits) {
    std::this_thread::sleep_for(500ms);
    save_by_rename(prog, text);
  }
  ASSERT_EQ(live.wait(30s), 0) << read_file(err);
  const std::string log = read_file(err);
  EXPECT_TRUE(within_budget(log)) << log;

  // The invalid edit printed its diagnostic (file:line:col) and was rejected.
  EXPECT_NE(log.find(prog + ":2:"), std::string::npos) << log;
  EXPECT_NE(log.find("error"), std::string::npos) << log;
  EXPECT_EQ(count_of(log, "has errors; the previous version keeps playing"), 1u) << log;
  const std::vector<Reload> reloads = parse_reloads(log);
  ASSERT_EQ(reloads.size(), 4u) << log;

  const AudioFileData a = load_wav(rec);
  ASSERT_EQ(a.frames, static_cast<int64_t>(duration * kRate));
  const std::vector<float>& x = a.interleaved;

  // The music never stops: every 2048-frame window has sound.
  for (int64_t f = 0; f + 2048 <= a.frames; f += 1024) {
    const Band b = band_energy(x, f, f + 2048, kRate);
    ASSERT_GT(b.total, 1e-6) << "silent gap at frame " << f;
  }

  // Where cycle k starts: 11025 frames per cycle at cps 4; after the tempo change at cycle k3 (frame f3),
  // 14700 frames per cycle.
  int64_t tempo_cycle = -1, tempo_frame = -1;
  auto frame_of = [&](int64_t k) -> int64_t {
    if (tempo_cycle >= 0 && k > tempo_cycle) return tempo_frame + (k - tempo_cycle) * 14700;
    return k * 11025;
  };
  constexpr int64_t W = 512;
  auto switched_to_dark = [&](int64_t b) {
    const Band before = band_energy(x, b - W, b, kRate), after = band_energy(x, b, b + W, kRate);
    return after.low > 8 * before.low && after.low > 1e-5;
  };
  auto switched_to_bright = [&](int64_t b) {
    const Band before = band_energy(x, b - W, b, kRate), after = band_energy(x, b, b + W, kRate);
    return after.high > 8 * before.high && after.high > 1e-5;
  };
  // Each accepted reload: the switch is at the first boundary after the hand-over (or the one after it, if a
  // boundary passed between reading the engine's position and the hand-over).
  const bool to_dark[4] = {true, false, true, false};
  std::vector<int64_t> switch_frames;
  for (int i = 0; i < 4; ++i) {
    const int64_t k1 = static_cast<int64_t>(std::floor(reloads[i].cycle)) + 1;
    int64_t found = -1;
    for (int64_t k = k1; k <= k1 + 1 && found < 0; ++k) {
      const int64_t b = frame_of(k);
      if (to_dark[i] ? switched_to_dark(b) : switched_to_bright(b)) found = k;
    }
    ASSERT_GE(found, 0) << "reload " << i << " (handed over at cycle " << reloads[i].cycle
                        << ") is not audible at cycle " << k1 << " or " << k1 + 1;
    switch_frames.push_back(frame_of(found));
    if (i == 2) {  // reload 2 changed the tempo: cycles after its boundary are 14700 frames long
      tempo_cycle = found;
      tempo_frame = frame_of(found);
    }
  }
  // Between reloads the sound is consistent: every 1024-frame window is all hh (noise: the first difference has
  // about twice the energy of the signal) or all bd (almost no high-frequency energy), once the previous
  // version's voices have rung out (a quarter cycle). The rejected edit between reloads 0 and 1 changed nothing.
  auto check_segment = [&](int64_t from, int64_t to, int64_t skip, bool dark, const char* what) {
    int bad = 0, windows = 0;
    std::string detail;
    for (int64_t f = from + skip; f + 1024 <= to; f += 1024) {
      const Band b = band_energy(x, f, f + 1024, kRate);
      const double ratio = b.total > 0 ? b.high / b.total : -1;
      const bool ok = dark ? (ratio >= 0 && ratio < 0.1) : ratio > 0.5;
      ++windows;
      if (!ok) {
        ++bad;
        if (detail.size() < 200) detail += " frame " + std::to_string(f) + ": " + std::to_string(ratio) + ";";
      }
    }
    EXPECT_GT(windows, 0) << what;
    EXPECT_EQ(bad, 0) << what << ": " << bad << " of " << windows << " windows sound wrong:" << detail;
  };
  check_segment(switch_frames[0], switch_frames[1], 11025 / 4, true, "bd at cps 4 (through the invalid edit)");
  check_segment(switch_frames[1], switch_frames[2], 11025 / 4, false, "hh at cps 4");
  check_segment(switch_frames[2], switch_frames[3], 14700 / 4, true, "bd at cps 3");
  check_segment(switch_frames[3], a.frames - 4096, 14700 / 4, false, "hh at cps 3");
  // Before the first reload, hh (the initial version) plays.
  check_segment(0, switch_frames[0], 0, false, "hh before the first reload");
  // The first bd section really follows the invalid edit: it lasts at least two cycles (edits 0.5 s apart).
  EXPECT_GE(switch_frames[1] - switch_frames[0], 2 * 11025);
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------------------------
// stdin mode: each block ended by a blank line replaces the program; `hush` silences.

TEST(LiveJack, StdinBlocksReplaceTheProgramAndHushSilences) {
  REQUIRE_JACK();
  auto dir = make_temp_dir("stdin");
  const std::string rec = (dir / "rec.wav").string();
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  Child live({kBinary, "live", "-", "--api", "jack", "--record", rec, "--duration", "4", "--swap", "now"}, out, err,
             /*stdin_pipe=*/true);
  ASSERT_TRUE(wait_for_text(err, "phonon live: playing", 20s)) << read_file(err);
  live.send("cps: 4\n");
  live.send("out: s \"hh*16\"\n\n");
  ASSERT_TRUE(wait_for_text(err, "reloaded <session>", 5s)) << read_file(err);
  std::this_thread::sleep_for(1200ms);
  live.send("out: s \"hh*16\" # nosuchfunction 1\n\n");
  ASSERT_TRUE(wait_for_text(out, "error", 5s)) << read_file(out);
  live.send("hush\n\n");
  ASSERT_TRUE(wait_for_text(err, "reloaded <session>", 5s)) << read_file(err);
  ASSERT_EQ(live.wait(20s), 0) << read_file(err);
  const std::string log = read_file(err);
  EXPECT_EQ(count_of(log, "reloaded <session>"), 2u) << log;
  // The reply names the line the bad block was on in the input.
  EXPECT_NE(read_file(out).find("<stdin>:4:"), std::string::npos) << read_file(out);

  const AudioFileData a = load_wav(rec);
  ASSERT_EQ(a.frames, static_cast<int64_t>(4 * kRate));
  // Sound in the middle of the hh section; silence in the last half second (hush came well before).
  int64_t first_sound = -1;
  for (int64_t f = 0; f + 512 <= a.frames; f += 512) {
    if (band_energy(a.interleaved, f, f + 512, kRate).total > 1e-6) {
      first_sound = f;
      break;
    }
  }
  ASSERT_GE(first_sound, 0) << "the first block was never heard";
  const Band mid = band_energy(a.interleaved, first_sound, first_sound + 22050, kRate);
  EXPECT_GT(mid.total, 1e-5);
  const Band tail = band_energy(a.interleaved, a.frames - 22050, a.frames, kRate);
  EXPECT_LT(tail.total, 1e-9) << "hush did not silence";
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------------------------
// Ctrl-C: fade out, close the stream and the recording, summary line.

TEST(LiveJack, SigintFadesOutAndFinishesTheRecording) {
  REQUIRE_JACK();
  auto dir = make_temp_dir("sigint");
  const std::string prog = (dir / "p.ph").string();
  write_file(prog, "cps: 1\nout: s \"hh*16\"\n");
  const std::string rec = (dir / "rec.wav").string();
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  Child live({kBinary, "live", prog, "--api", "jack", "--record", rec}, out, err);
  ASSERT_TRUE(wait_for_text(err, "phonon live: playing", 20s)) << read_file(err);
  std::this_thread::sleep_for(1500ms);
  live.signal(SIGINT);
  ASSERT_EQ(live.wait(10s), 0) << read_file(err);
  const std::string log = read_file(err);
  EXPECT_TRUE(within_budget(log)) << log;
  const AudioFileData a = load_wav(rec);
  ASSERT_GT(a.frames, static_cast<int64_t>(kRate));
  // The last 50 ms are the fade: the final frames are (near) silent, the ones before the fade are not.
  double last_peak = 0;
  for (int64_t i = a.frames - 32; i < a.frames; ++i)
    last_peak = std::max(last_peak, static_cast<double>(std::fabs(a.interleaved[2 * i])));
  EXPECT_LT(last_peak, 0.02);
  EXPECT_GT(band_energy(a.interleaved, a.frames - 22050, a.frames - 4410, kRate).total, 1e-6);
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Soak: a dense program at 64-frame blocks; no underrun, flat memory.

TEST(LiveJack, SoakDenseProgramAt64FrameBlocks) {
  REQUIRE_JACK();
  double seconds = 120;
  if (const char* s = std::getenv("PHONON_SOAK_SECONDS")) seconds = std::max(5.0, std::atof(s));
  auto dir = make_temp_dir("soak");
  const std::string prog = (dir / "dense.ph").string();
  write_file(prog,
             "cps: 0.75\n"
             "o1: s \"[bd*4, hh*16, ~ sn, cp(3,8)]\"\n"
             "o2: jux rev $ stut 4 0.5 0.125 $ s \"arpy*8\" # n \"0 .. 7\"\n"
             "o3: s \"808bd(5,8) rave(3,8,1)\" # ar 0.01 0.2\n");
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  Child live({kBinary, "live", prog, "--api", "jack", "--block", "64", "--duration", std::to_string(seconds)}, out,
             err);
  ASSERT_TRUE(wait_for_text(err, "phonon live: playing", 20s)) << read_file(err);
  std::this_thread::sleep_for(3s);  // past start-up
  const long rss0 = vm_rss_kib(live.pid());
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int64_t>((seconds - 5) * 1000)));
  const long rss1 = vm_rss_kib(live.pid());
  ASSERT_EQ(live.wait(std::chrono::milliseconds(static_cast<int64_t>(30000))), 0) << read_file(err);
  const std::string log = read_file(err);
  EXPECT_TRUE(within_budget(log)) << log;
  EXPECT_EQ(log.find("has errors"), std::string::npos) << log;
  ASSERT_GT(rss0, 0);
  ASSERT_GT(rss1, 0);
  EXPECT_LT(rss1 - rss0, 4 * 1024) << "VmRSS grew from " << rss0 << " KiB to " << rss1 << " KiB";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace phonon
