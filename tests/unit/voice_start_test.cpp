// Voice start (runtime/engine/voice_start.hpp) without an engine: an event's SuperDirt controls in, a Voice out.
#include "runtime/engine/voice_start.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "compiler/pattern/value.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/voice_fx.hpp"

namespace phonon {
namespace {

constexpr double kRate = 44100.0;

SampleData mono_sample(int64_t frames, double rate = kRate) {
  SampleData sd;
  sd.rate = rate;
  sd.channels = 1;
  sd.frames = frames;
  return sd;
}

VoiceStartContext context(uint32_t orbit_fx_ready = 0) {
  VoiceStartContext c;
  c.rate = kRate;
  c.cps = 0.5;
  c.serial = 7;
  c.orbit_fx_ready = orbit_fx_ready;
  return c;
}

TEST(VoiceStart, SampleVoiceReadsAtSpeedTimesNoteTimesRateRatio) {
  const SampleData sd = mono_sample(1000, 22050.0);
  VoiceParams vp;
  vp.speed = 2.0;
  vp.note = 12.0;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {0.5, 3}, context(), v));
  EXPECT_DOUBLE_EQ(v.inc, 2.0 * 2.0 * 22050.0 / kRate);
  EXPECT_EQ(v.sample, &sd);
  EXPECT_EQ(v.start_offset, 3);
  EXPECT_EQ(v.serial, 7u);
  EXPECT_TRUE(v.active);
  // No gate: plays until the sample ends (500 output frames), the last 1 ms (44 frames) fading out.
  EXPECT_EQ(v.length, 500 - 44);
  EXPECT_EQ(v.release, 44);
}

TEST(VoiceStart, EmptyBeginEndRangeOrLoopZeroStartsNoVoice) {
  const SampleData sd = mono_sample(1000);
  Voice v;
  VoiceParams empty;
  empty.begin = 0.5;
  empty.end = 0.5;
  EXPECT_FALSE(start_sample_voice(empty, sd, {0.5, 0}, context(), v));
  VoiceParams loop0;
  loop0.has_loop = true;
  loop0.loop = 0.0;
  EXPECT_FALSE(start_sample_voice(loop0, sd, {0.5, 0}, context(), v));
  VoiceParams still;
  still.speed = 0.0;
  EXPECT_FALSE(start_sample_voice(still, sd, {0.5, 0}, context(), v));
}

TEST(VoiceStart, NegativeSpeedStartsAtTheEndOfTheRange) {
  const SampleData sd = mono_sample(1000);
  VoiceParams vp;
  vp.speed = -1.0;
  vp.begin = 0.25;
  vp.end = 0.75;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {0.5, 0}, context(), v));
  EXPECT_DOUBLE_EQ(v.lo, 250.0);
  EXPECT_DOUBLE_EQ(v.hi, 750.0);
  EXPECT_NEAR(v.start_pos, 750.0, 1e-6);
  EXPECT_LT(v.start_pos, 750.0);
}

TEST(VoiceStart, LevelIsAmpTimesGainToTheFourthWithEqualPowerPan) {
  const SampleData sd = mono_sample(1000);
  VoiceParams vp;
  vp.gain = 1.2;
  vp.pan = 0.25;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {0.5, 0}, context(), v));
  const double amp = 0.4 * std::pow(1.2 + 1.1e-4, 4.0);
  EXPECT_FLOAT_EQ(v.gain_l, static_cast<float>(amp * std::cos(0.25 * M_PI / 2)));
  EXPECT_FLOAT_EQ(v.gain_r, static_cast<float>(amp * std::sin(0.25 * M_PI / 2)));
}

TEST(VoiceStart, SustainGatesTheVoiceAndAGateWithoutReleaseEndsWithTheStealFade) {
  const SampleData sd = mono_sample(100000);
  VoiceParams vp;
  vp.has_sustain = true;
  vp.sustain = 0.1;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {0.5, 0}, context(), v));
  EXPECT_EQ(v.length, std::llround(0.1 * kRate));
  EXPECT_EQ(v.release, kStealFadeFrames);
}

TEST(VoiceStart, AttackReleaseWithoutGateIsPercussive) {
  const SampleData sd = mono_sample(100000);
  VoiceParams vp;
  vp.attack = 0.01;
  vp.release = 0.2;
  vp.hold = 0.05;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {0.5, 0}, context(), v));
  EXPECT_EQ(v.attack, std::llround(0.01 * kRate));
  EXPECT_EQ(v.release, std::llround(0.2 * kRate));
  EXPECT_EQ(v.length, v.attack + std::llround(0.05 * kRate));  // Env.linen: release after attack + hold
}

TEST(VoiceStart, LegatoBelowEightFramesIsDroppedAsInSuperDirt) {
  VoiceParams vp;
  vp.has_legato = true;
  vp.legato = 0.0;
  EXPECT_TRUE(dropped_by_sustain(vp, 0.5, kRate));
  vp.legato = 1.0;
  EXPECT_FALSE(dropped_by_sustain(vp, 0.5, kRate));
  VoiceParams plain;  // neither sustain nor legato: the sound's own length, never dropped
  EXPECT_FALSE(dropped_by_sustain(plain, 0.0, kRate));
}

TEST(VoiceStart, OrbitSendsOnlyWhereTheOrbitHasEffects) {
  const SampleData sd = mono_sample(1000);
  VoiceParams vp;
  vp.orbit = 2;
  vp.room = 0.5;
  vp.dry = 0.5;
  vp.delay = 0.3;
  Voice without;
  ASSERT_TRUE(start_sample_voice(vp, sd, {0.5, 0}, context(0), without));
  EXPECT_EQ(without.orbit, 2);
  EXPECT_EQ(without.send_rev, 0.0f);
  EXPECT_EQ(without.send_del, 0.0f);
  Voice with;
  ASSERT_TRUE(start_sample_voice(vp, sd, {0.5, 0}, context(1u << 2), with));
  EXPECT_FLOAT_EQ(with.send_rev, 0.25f);
  EXPECT_FLOAT_EQ(with.send_del, 0.3f);
}

TEST(VoiceStart, FiltersAndEffectsFollowTheirControls) {
  const SampleData sd = mono_sample(1000);
  VoiceParams vp;
  vp.cutoff = 800;
  vp.vowel = 'a';
  vp.shape = 0.5;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {0.5, 0}, context(), v));
  // SuperDirt's module order: vowel, shape, (hpf, bpf, crush, coarse,) lpf.
  ASSERT_EQ(v.fx_count, 3);
  EXPECT_EQ(v.fx[0].kind, FxKind::Vowel);
  EXPECT_EQ(v.fx[1].kind, FxKind::Shape);
  EXPECT_EQ(v.fx[2].kind, FxKind::Lpf);
  EXPECT_TRUE(v.fx_after_pan);  // shape does not commute with the pan gains
  EXPECT_EQ(v.stages, kStageSample | kStageVowel | kStageShape | kStageLowpass);
}

TEST(VoiceStart, StartingResetsEveryFieldOfAReusedSlot) {
  const SampleData sd = mono_sample(1000);
  Voice v;
  v.fade_left = 10;
  v.fx_count = 2;
  v.cut = 3;
  v.elapsed = 99;
  ASSERT_TRUE(start_sample_voice(VoiceParams{}, sd, {0.5, 0}, context(), v));
  EXPECT_EQ(v.fade_left, -1);
  EXPECT_EQ(v.fx_count, 0);
  EXPECT_EQ(v.cut, 0);
  EXPECT_EQ(v.elapsed, 0);
}

TEST(VoiceStart, InstrumentVoiceGlidesOverItsGateAndKeepsTheTemplateOpenThroughTheRelease) {
  VoiceParams vp;
  vp.s = "~pad";
  vp.note = 12.0;
  vp.has_note = true;
  vp.accelerate = 1.0;
  vp.release = 0.5;
  Voice v;
  ASSERT_TRUE(instrument_pitch_finite(vp));
  ASSERT_TRUE(start_instrument_voice(vp, {0.25, 0}, context(), v));
  const int64_t gate = std::llround(0.25 * kRate);
  EXPECT_FLOAT_EQ(v.pitch_ratio, 2.0f);
  EXPECT_FLOAT_EQ(v.pitch_ratio_end, 4.0f);
  EXPECT_EQ(v.glide_frames, gate);
  EXPECT_EQ(v.length, gate);
  EXPECT_EQ(v.gate_frames, gate + std::llround(0.5 * kRate));
}

TEST(VoiceStart, SynthVoiceTakesItsPitchFromNoteWithC5AsMiddleCAndItsSeedFromTheSerial) {
  VoiceParams vp;
  vp.s = "superpiano";
  vp.note = 12.0;
  vp.has_note = true;
  ControlMap controls;
  controls.set("s", Value::string("superpiano"));
  Voice v;
  SynthSlot slot;
  const SynthId id = synth_by_name("superpiano");
  ASSERT_NE(id, SynthId::None);
  ASSERT_TRUE(start_synth_voice(vp, id, controls, {0.5, 0}, context(), v, slot));
  EXPECT_EQ(v.synth, id);
  EXPECT_EQ(v.sample, nullptr);
  EXPECT_NEAR(slot.params.freq, 2 * 261.6256, 1e-9);
  EXPECT_EQ(slot.params.seed, uint64_t{7} * 2654435761u + 1);
  EXPECT_DOUBLE_EQ(slot.params.sustain, 0.5);  // legato 1 times the event's duration
  EXPECT_EQ(v.length, -1);                     // the synth shapes its own sustain
}

TEST(VoiceStart, InstrumentPitchMustBeFinite) {
  VoiceParams vp;
  vp.speed = INFINITY;
  EXPECT_FALSE(instrument_pitch_finite(vp));
}

}  // namespace
}  // namespace phonon
