// Following an external MIDI clock (runtime/sync/midi_clock_follower.hpp): tempo from the ticks, position from
// Start, Continue and Song Position Pointer, as MIDI defines them.
#include "runtime/sync/midi_clock_follower.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace phonon {
namespace {

void send(MidiClockFollower& f, std::vector<unsigned char> b, int64_t ns) { f.message(b.data(), b.size(), ns); }

// `count` ticks at `bpm` from `t0` (ns), each delivered up to `jitter_ns` late (a fixed pseudo-random pattern).
int64_t ticks(MidiClockFollower& f, int count, double bpm, int64_t t0, int64_t jitter_ns = 0) {
  const double interval = 60e9 / bpm / 24.0;
  int64_t t = t0;
  for (int i = 0; i < count; ++i) {
    t = t0 + static_cast<int64_t>(i * interval);
    send(f, {0xF8}, t + (jitter_ns ? (i * 7919) % jitter_ns : 0));
  }
  return t + static_cast<int64_t>(interval);
}

TEST(MidiClockFollower, TheTempoComesFromTheTickRateDespiteDeliveryJitter) {
  MidiClockFollower f(4);
  ticks(f, 200, 120.0, 0, 11'600'000);  // JACK MIDI: up to a 512-frame period late
  const auto p = f.position();
  EXPECT_NEAR(p.cps, 120.0 / 60.0 / 4.0, 0.5 * 0.01) << "within 1 %";
  EXPECT_FALSE(p.valid) << "no Start yet: the tempo is known, the position is not";
}

TEST(MidiClockFollower, TheFirstTickAfterStartIsCycleZeroAndEach96TicksACycle) {
  MidiClockFollower f(4);
  int64_t t = ticks(f, 10, 120.0, 0);
  send(f, {0xFA}, t);
  const uint64_t before = f.relocations();
  t = ticks(f, 1, 120.0, t);
  auto p = f.position();
  ASSERT_TRUE(p.valid);
  EXPECT_EQ(p.cycle, 0.0);
  ticks(f, 96, 120.0, t);
  p = f.position();
  EXPECT_EQ(p.cycle, 1.0);
  EXPECT_EQ(f.relocations(), before);
}

TEST(MidiClockFollower, SongPositionMovesTheNextTickAndStopHoldsThePosition) {
  MidiClockFollower f(4);
  int64_t t = ticks(f, 10, 100.0, 0);
  send(f, {0xF2, 32, 0}, t);  // sixteenth 32 = tick 192 = cycle 2
  send(f, {0xFB}, t);
  t = ticks(f, 1, 100.0, t);
  EXPECT_EQ(f.position().cycle, 2.0);
  EXPECT_EQ(f.relocations(), 1u);
  send(f, {0xFC}, t);
  t = ticks(f, 48, 100.0, t);
  EXPECT_EQ(f.position().cycle, 2.0) << "stopped: ticks give the tempo only";
  EXPECT_FALSE(f.position().running);
  send(f, {0xFB}, t);
  ticks(f, 48, 100.0, t);
  EXPECT_EQ(f.position().cycle, 2.5);
}

TEST(MidiClockFollower, ATempoChangeIsFollowedWithinOneBeat) {
  MidiClockFollower f(4);
  int64_t t = ticks(f, 100, 120.0, 0);
  ticks(f, static_cast<int>(MidiClockFollower::kTempoTicks), 90.0, t);
  EXPECT_NEAR(f.position().cps, 90.0 / 240.0, 1e-6);
}

}  // namespace
}  // namespace phonon
