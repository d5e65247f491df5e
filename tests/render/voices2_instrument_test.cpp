// Bus instruments (`s "~p"`) with the per-voice SuperDirt controls: `cut` groups, `release` and `adsr`'s release
// beyond the automatic 50 ms, the voice level (amp 0.4 default, gain curve, equal-power pan, as every other voice),
// `speed` and `accelerate` on the pitch ratio (block-size independent), and superpiano's `accelerate`.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tests/render/audio_checks.hpp"

namespace phonon {
namespace {

using namespace audio_checks;

constexpr double kRate = 44100.0;
size_t F(double seconds) { return static_cast<size_t>(std::llround(seconds * kRate)); }

Stereo render(const std::string& code, double seconds, int block = 512) {
  RenderOptions o;
  o.seconds = seconds;
  o.block = block;
  return render_source(code, o);
}

TEST(Voices2Instrument, CutGroupStopsTheSoundingInstrumentVoice) {
  // Cycle = 2 s; each note (legato 4) would last 4 s, so without a cut the second overlaps the first.
  const std::string base = "~p: saw 261.63 * 0.3\nout: s \"~p ~\" # legato 4 # note \"<0 7>\"";
  Stereo uncut = render(base + "\n", 3.0);
  Stereo cut = render(base + " # cut 1\n", 3.0);
  // At the end (3 s) both notes sound without the cut, only the second with it (voices_max would count the
  // 64-frame fade-out overlap of the cut voice).
  EXPECT_EQ(uncut.stats.voices, 2);
  EXPECT_EQ(cut.stats.voices, 1);
  // After the second onset (2 s) only one saw sounds: quieter than the two together.
  EXPECT_LT(rms(cut.l, F(2.2), F(2.9)), 0.85 * rms(uncut.l, F(2.2), F(2.9)));
}

TEST(Voices2Instrument, ReleaseLengthensTheNote) {
  // Gate 0.25 s (event 1 s, legato 0.25), then a 1 s linear release.
  Stereo s = render("~p: saw 261.63 * 0.3\nout: s \"~p ~\" # release 1 # legato 0.25\n", 2.0);
  const double held = rms(s.l, F(0.1), F(0.2));
  ASSERT_GT(held, 0.01);
  // 0.4 s into the release: about 60 % of the held level (the automatic 50 ms release would be silent by now).
  const double mid = rms(s.l, F(0.6), F(0.7));
  EXPECT_NEAR(mid / held, 0.6, 0.08);
  EXPECT_GT(rms(s.l, F(1.1), F(1.2)), 0.02 * held);
  EXPECT_EQ(peak(s.l, F(1.26), F(2.0)), 0.0);  // ends with the release
}

TEST(Voices2Instrument, AdsrReleaseRunsItsFullLength) {
  // Gate 1 s (event 2 s, legato 0.5), sustain level 0.3, release 0.5 s.
  Stereo s = render("~p: sine 261.63 * 0.5\nout: s \"~p\" # adsr 0.01 0.2 0.3 0.5 # legato 0.5\n", 2.0);
  const double sustained = rms(s.l, F(0.5), F(0.9));
  ASSERT_GT(sustained, 0.01);
  // Halfway through the release: about half the sustain level (the automatic 50 ms release gave 0).
  EXPECT_NEAR(rms(s.l, F(1.2), F(1.3)) / sustained, 0.5, 0.12);
  EXPECT_EQ(peak(s.l, F(1.51), F(2.0)), 0.0);
}

TEST(Voices2Instrument, LevelledLikeEveryOtherVoice) {
  // amp 0.4 (default) * equal-power centre pan (0.707): a full-scale sine peaks at ~0.283 per channel.
  Stereo s = render("~s: sine 440\nout: s \"~s\"\n", 1.0);
  EXPECT_NEAR(peak(s.l, 0, s.frames()), 0.4 * std::sqrt(0.5), 0.01);
  Stereo amp = render("~s: sine 440\nout: s \"~s\" # amp 0.8\n", 1.0);
  EXPECT_NEAR(peak(amp.l, 0, amp.frames()) / peak(s.l, 0, s.frames()), 2.0, 0.02);
  Stereo gain = render("~s: sine 440\nout: s \"~s\" # gain 1.2\n", 1.0);
  EXPECT_NEAR(peak(gain.l, 0, gain.frames()) / peak(s.l, 0, s.frames()), std::pow(1.2, 4.0), 0.03);
  Stereo left = render("~s: sine 440\nout: s \"~s\" # pan 0\n", 1.0);
  EXPECT_NEAR(peak(left.l, 0, left.frames()), 0.4, 0.01);
  EXPECT_EQ(peak(left.r, 0, left.frames()), 0.0);
}

TEST(Voices2Instrument, SharedChordProgramDoesNotClip) {
  RenderOptions o;
  o.seconds = 4.0;
  Stereo s = render_source(read_text(std::string(PHONON_TEST_PROGRAMS) + "/e.ph"), o, "e.ph");
  const double p = std::max(peak(s.l, 0, s.frames()), peak(s.r, 0, s.frames()));
  EXPECT_GT(p, 0.05);
  EXPECT_LT(p, 0.9);  // below the limiter's knee
}

TEST(Voices2Instrument, SpeedMultipliesThePitch) {
  Stereo s = render("~p: sine 261.63\nout: s \"~p\" # speed 2\n", 1.0);
  EXPECT_NEAR(crossing_frequency(s.l, F(0.1), F(0.9), kRate), 2 * 261.63, 1.0);
  Stereo both = render("~p: sine 261.63\nout: s \"~p\" # speed 0.5 # note 12\n", 1.0);
  EXPECT_NEAR(crossing_frequency(both.l, F(0.1), F(0.9), kRate), 261.63, 1.0);
}

TEST(Voices2Instrument, AccelerateGlidesThePitchOverTheGate) {
  // Gate 2 s (one event per 2 s cycle, legato 1): the ratio goes 1 -> 2 over it.
  Stereo s = render("~p: sine 261.63\nout: s \"~p\" # accelerate 1 # legato 1\n", 2.0);
  EXPECT_NEAR(crossing_frequency(s.l, F(0.0), F(0.05), kRate), 261.63 * 1.0125, 4.0);
  EXPECT_NEAR(crossing_frequency(s.l, F(0.95), F(1.05), kRate), 261.63 * 1.5, 4.0);
  EXPECT_NEAR(crossing_frequency(s.l, F(1.9), F(1.95), kRate), 261.63 * 1.9625, 5.0);
}

TEST(Voices2Instrument, AccelerateIsBlockSizeIndependent) {
  const std::string code = "~p: saw 220 * 0.5\nout: s \"~p*2\" # accelerate \"-0.5 2\" # speed 1.5\n";
  Stereo a = render(code, 2.5, 512);
  Stereo b = render(code, 2.5, 37);
  ASSERT_GT(peak(a.l, 0, a.frames()), 0.05);
  EXPECT_LT(max_abs_diff(a.l, b.l), 1e-5);
  EXPECT_LT(max_abs_diff(a.r, b.r), 1e-5);
}

TEST(Voices2Instrument, SuperpianoAccelerateGlides) {
  // Sustain 2 s: freq * (1 -> 2) over it.
  Stereo flat = render("out: s \"superpiano\" # note \"c\" # legato 1\n", 2.0);
  Stereo s = render("out: s \"superpiano\" # note \"c\" # accelerate 1 # legato 1\n", 2.0);
  const double f0 = autocorr_pitch(flat.l, F(1.4), F(1.6), kRate, 150, 1000);
  const double f1 = autocorr_pitch(s.l, F(1.4), F(1.6), kRate, 150, 1000);
  EXPECT_NEAR(f0, 261.63, 6.0);
  EXPECT_NEAR(f1 / f0, 1.75, 0.06);
  Stereo a = render("out: s \"superpiano\" # note \"c\" # accelerate 1 # legato 1\n", 1.0, 61);
  EXPECT_LT(max_abs_diff(std::vector<float>(s.l.begin(), s.l.begin() + F(1.0)), a.l), 1e-5);
}

}  // namespace
}  // namespace phonon
