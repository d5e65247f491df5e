// `phonon dirt --replay`: real Tidal's packets (tests/osc/data, recorded from Tidal 1.7.10) played offline, with
// the timetag → frame mapping anchored at the log's start (the wall time of cycle 0). Every event must start on
// the frame `phonon render` gives the same pattern, and sound the same.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "runtime/samples/audio_file.hpp"
#include "tests/cli/cli_support.hpp"

namespace phonon {
namespace {

using cli_support::run_phonon;
using cli_support::ScratchDir;

constexpr int kPeriod = 19600;  // one event of bd*4 at cps 0.5625 and 44.1 kHz: 44100 / 0.5625 / 4

std::string data(const std::string& name) { return std::string(PHONON_SOURCE_DIR) + "/tests/osc/data/" + name; }

std::vector<float> left(const std::string& path) {
  AudioFileData d;
  std::string error;
  EXPECT_TRUE(read_audio_file(path, &d, &error)) << error;
  std::vector<float> l(static_cast<size_t>(d.frames));
  for (int64_t i = 0; i < d.frames; ++i) l[static_cast<size_t>(i)] = d.interleaved[static_cast<size_t>(i * d.channels)];
  return l;
}

// The first frame at or after `from` whose sample is not silent, or -1.
int64_t first_sound(const std::vector<float>& x, int64_t from, int64_t to) {
  for (int64_t i = std::max<int64_t>(0, from); i < std::min<int64_t>(to, static_cast<int64_t>(x.size())); ++i)
    if (std::fabs(x[static_cast<size_t>(i)]) > 1e-6f) return i;
  return -1;
}

struct Renders {
  std::vector<float> render, dirt;
  std::string dirt_output;
};

Renders render_both(const ScratchDir& dir, const std::string& log) {
  const std::string samples = std::string(" --samples ") + PHONON_TEST_SAMPLES;
  const std::string ph = dir.write("bd.ph", "cps: 0.5625\no1: s \"bd*4\" # n 1 # legato 0.5\n");
  auto r = run_phonon("render " + ph + " -o " + dir.file("render.wav") + " --bits 32 --duration 4" + samples);
  EXPECT_EQ(r.status, 0) << r.output;
  auto d = run_phonon("dirt --replay " + data(log) + " --record " + dir.file("dirt.wav") + " --duration 4" + samples);
  EXPECT_EQ(d.status, 0) << d.output;
  return {left(dir.file("render.wav")), left(dir.file("dirt.wav")), d.output};
}

// Each event slot of the pattern: either silent in the replay (Tidal did not send it: before `d1` or after
// `hush`) or starting on render's frame with render's samples. Returns how many slots sounded.
int compare_slots(const Renders& x, const std::vector<int>& shifted = {}, int shift = 0) {
  int sounded = 0;
  for (int k = 0; k * kPeriod + kPeriod <= static_cast<int>(x.render.size()); ++k) {
    // (a sample's first frame may be 0: compare first sounding frames, not onsets)
    const int64_t at = first_sound(x.render, int64_t{k} * kPeriod, int64_t{k + 1} * kPeriod);
    EXPECT_GE(at, int64_t{k} * kPeriod) << "slot " << k;
    EXPECT_LE(at, int64_t{k} * kPeriod + 4) << "slot " << k;
    const int64_t got = first_sound(x.dirt, int64_t{k} * kPeriod, int64_t{k + 1} * kPeriod);
    if (got < 0) continue;
    ++sounded;
    const bool late = std::find(shifted.begin(), shifted.end(), k) != shifted.end();
    const int64_t want = late ? at + shift : at;
    if (late) {
      // A late event starts at the first block after its arrival (50 ms after its timetag).
      EXPECT_GE(got, want) << "slot " << k;
      EXPECT_LT(got, want + 512) << "slot " << k;
      continue;
    }
    EXPECT_EQ(got, want) << "slot " << k << ": the event starts " << got - want << " frames off";
    float worst = 0;
    for (int64_t i = at; i < at + 8000; ++i)
      worst = std::max(worst, std::fabs(x.dirt[static_cast<size_t>(i)] - x.render[static_cast<size_t>(i)]));
    EXPECT_LT(worst, 1e-5f) << "slot " << k << " sounds different from render";
  }
  return sounded;
}

TEST(DirtReplay, TidalBundlesStartOnRendersFrames) {
  ScratchDir dir;
  const Renders x = render_both(dir, "tidal_bundle.log");
  EXPECT_GE(compare_slots(x), 5);
  EXPECT_NE(x.dirt_output.find("late 0, bad packets 0"), std::string::npos) << x.dirt_output;
}

TEST(DirtReplay, TidalMessageStampsStartOnRendersFrames) {
  ScratchDir dir;
  const Renders x = render_both(dir, "tidal_stamp.log");
  EXPECT_GE(compare_slots(x), 5);
  EXPECT_NE(x.dirt_output.find("late 0, bad packets 0"), std::string::npos) << x.dirt_output;
}

TEST(DirtReplay, LateEventsPlayAtOnceAndAreCountedAndGarbageIsDropped) {
  ScratchDir dir;
  const Renders on_time = render_both(dir, "tidal_bundle.log");
  const Renders x = render_both(dir, "late_garbage.log");
  // Which slots are late: the 2nd and 4th slots that sound (make_late_garbage_log.py).
  std::vector<int> sounding;
  for (int k = 0; (k + 1) * kPeriod <= static_cast<int>(on_time.dirt.size()); ++k)
    if (first_sound(on_time.dirt, int64_t{k} * kPeriod, int64_t{k + 1} * kPeriod) >= 0) sounding.push_back(k);
  ASSERT_GE(sounding.size(), 4u);
  EXPECT_EQ(compare_slots(x, {sounding[1], sounding[3]}, static_cast<int>(std::lround(0.05 * 44100))),
            static_cast<int>(sounding.size()));
  EXPECT_NE(x.dirt_output.find("events 6, late 2, bad packets 8"), std::string::npos) << x.dirt_output;
  EXPECT_NE(x.dirt_output.find("not valid OSC"), std::string::npos) << x.dirt_output;
  EXPECT_NE(x.dirt_output.find("an event without a sound"), std::string::npos) << x.dirt_output;
}

TEST(DirtReplay, AnUnreadablePacketLogIsAClearError) {
  ScratchDir dir;
  const std::string log = dir.write("bad.log", "start 100\n100.5 2f6\n");
  auto r = run_phonon("dirt --replay " + log + " --record " + dir.file("o.wav") + " --duration 1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("bad.log:2: expected the packet as an even number of hex digits"), std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace phonon
