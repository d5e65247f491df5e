// SuperDirt drops an event whose sustain is below orbit.minSustain (8 frames): `legato 0`, a negative legato and a
// negative or zero `sustain` are silent for samples, synths and bus instruments alike (as `loop 0` already was),
// while a small positive legato still plays a short note.
#include <gtest/gtest.h>

#include <string>

#include "tests/render/audio_checks.hpp"

namespace phonon {
namespace {

using namespace audio_checks;

double level(const std::string& code) {
  RenderOptions o;
  o.seconds = 1.0;
  Stereo s = render_source(code, o);
  return peak(s.l, 0, s.frames()) + peak(s.r, 0, s.frames());
}

TEST(Voices2Sustain, ZeroOrNegativeLegatoDropsSampleEvents) {
  ASSERT_GT(level("out: s \"bd\" # legato 0.05\n"), 0.01);  // a short but audible note
  EXPECT_EQ(level("out: s \"bd\" # legato 0\n"), 0.0);
  EXPECT_EQ(level("out: s \"bd\" # legato (-1)\n"), 0.0);
}

TEST(Voices2Sustain, ZeroOrNegativeSustainDropsSampleEvents) {
  ASSERT_GT(level("out: s \"bd\" # sustain 0.01\n"), 0.01);
  EXPECT_EQ(level("out: s \"bd\" # sustain 0\n"), 0.0);
  EXPECT_EQ(level("out: s \"bd\" # sustain (-1)\n"), 0.0);
}

TEST(Voices2Sustain, SynthsAndInstrumentsAreDroppedToo) {
  ASSERT_GT(level("out: s \"superpiano\" # note \"c\" # legato 0.1\n"), 0.01);
  EXPECT_EQ(level("out: s \"superpiano\" # note \"c\" # legato 0\n"), 0.0);
  EXPECT_EQ(level("out: s \"supersaw\" # sustain (-0.5)\n"), 0.0);
  ASSERT_GT(level("~p: saw 261.63\nout: s \"~p\" # legato 0.1\n"), 0.01);
  EXPECT_EQ(level("~p: saw 261.63\nout: s \"~p\" # legato 0\n"), 0.0);
  EXPECT_EQ(level("~p: saw 261.63\nout: s \"~p\" # sustain (-1)\n"), 0.0);
}

}  // namespace
}  // namespace phonon
