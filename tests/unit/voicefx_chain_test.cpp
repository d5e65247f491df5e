// The per-voice effect chain (runtime/voices/voice_fx.hpp) and SuperDirt's gain staging and sample edges, on voices
// started from controls and rendered by VoiceRenderer without an engine: stages run in SuperDirt's module order;
// the pan comes first and amp * gain^4 last, so a non-linear stage sees the panned signal at unit gain; a chain of
// stages that commute with the pan gains gives the same result panned before or after; accelerate glides the
// rate linearly over the sound; a sound fades in over 1 ms when it starts inside the sample and fades out over its
// last 1 ms.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/kernel.hpp"
#include "runtime/engine/voice_start.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/voice_fx.hpp"
#include "runtime/voices/voice_render.hpp"

namespace phonon {
namespace {

constexpr double kRate = 44100.0;
constexpr int kBlock = 256;

// A mono sample: a 220 Hz sine at 0.8 with a little 3 kHz.
SampleData tone_sample(int64_t frames) {
  SampleData sd;
  sd.allocate(1, frames);
  float* x = sd.mutable_channel(0);
  for (int64_t i = 0; i < frames; ++i)
    x[i] = static_cast<float>(0.8 * std::sin(2 * M_PI * 220 * i / kRate) + 0.1 * std::sin(2 * M_PI * 3000 * i / kRate));
  return sd;
}

VoiceStartContext context() {
  VoiceStartContext c;
  c.rate = kRate;
  return c;
}

struct Rendered {
  std::vector<float> l, r;
};

// Starts a sample voice from `vp` and renders `frames` frames of its dry output.
Rendered render_voice(const VoiceParams& vp, const SampleData& sd, int frames) {
  Voice v;
  EXPECT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  VoiceRenderer vr(static_cast<float>(kRate), kBlock);
  VoiceScratch sc;
  sc.allocate(kBlock);
  std::vector<float> acc(6 * kBlock);
  Rendered out;
  bool alive = true;
  for (int done = 0; done < frames; done += kBlock) {
    std::fill(acc.begin(), acc.end(), 0.0f);
    if (alive) alive = vr.render(v, nullptr, kBlock, acc.data(), sc);
    out.l.insert(out.l.end(), acc.begin(), acc.begin() + kBlock);
    out.r.insert(out.r.end(), acc.begin() + kBlock, acc.begin() + 2 * kBlock);
  }
  return out;
}

float shape(float x, float amount) {
  const float k = 2 * amount / (1 - amount);
  return (1 + k) * x / (1 + k * std::fabs(x));
}

TEST(VoiceFxChain, StagesRunInSuperDirtsModuleOrderWhateverOrderTheControlsCame) {
  const SampleData sd = tone_sample(1000);
  VoiceParams vp;
  vp.fx[kFxDjf] = 0.3;
  vp.fx[kFxRing] = 0.5;
  vp.cutoff = 800;
  vp.fx[kFxTriode] = 0.4;
  vp.crush = 6;
  vp.shape = 0.3;
  vp.vowel = 'o';
  vp.fx[kFxTremolorate] = 4;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  const FxKind want[] = {FxKind::Vowel,   FxKind::Shape,  FxKind::Crush, FxKind::Lpf,
                         FxKind::Tremolo, FxKind::Triode, FxKind::Ring,  FxKind::Djf};
  ASSERT_EQ(v.fx_count, 8);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(v.fx[i].kind, want[i]) << i;
}

TEST(VoiceFxChain, PhaserFollowsTremoloAndFshiftFollowsSquizWithTheNotesFrequencyInItsShift) {
  const SampleData sd = tone_sample(1000);
  VoiceParams vp;
  vp.fx[kFxTriode] = 0.2;
  vp.fx[kFxFshift] = 10;
  vp.fx[kFxFshiftnote] = 1;
  vp.fx[kFxPhaserrate] = 2;
  vp.fx[kFxTremolorate] = 4;
  vp.squiz = 2;
  vp.n = 9;  // no `note`: SuperDirt's frequency is n + 60 as a midi note, 440 Hz
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  const FxKind want[] = {FxKind::Tremolo, FxKind::Phaser, FxKind::Squiz, FxKind::Fshift, FxKind::Triode};
  ASSERT_EQ(v.fx_count, 5);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(v.fx[i].kind, want[i]) << i;
  EXPECT_FLOAT_EQ(v.fx_mem[v.fx[3].mem], 450.0f);  // fshift + fshiftnote * 440
  // Squiz and phaser keep their state in a pool slot: the span covers both parts.
  const FxBufferLayout l = fx_buffer_layout(static_cast<float>(kRate));
  const FxBufferSpan span = fx_buffer_span(v, static_cast<float>(kRate));
  EXPECT_EQ(span.from, 0u);
  EXPECT_EQ(span.to, l.squiz + l.phaser);
  // `note` wins over n; `fshift` alone is needed (SuperDirt runs the module only when it is given).
  vp.has_note = true;
  vp.note = -12;  // midi 48
  ASSERT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  EXPECT_NEAR(v.fx_mem[v.fx[3].mem], 10 + 440 * std::pow(2.0, -21 / 12.0), 1e-3);
  VoiceParams only_note;
  only_note.fx[kFxFshiftnote] = 1;
  only_note.fx[kFxPhaserdepth] = 1;
  ASSERT_TRUE(start_sample_voice(only_note, sd, {1.0, 0}, context(), v));
  EXPECT_EQ(v.fx_count, 0);
  EXPECT_EQ(fx_buffer_span(v, static_cast<float>(kRate)).to, 0u);
}

TEST(VoiceFxChain, ShapeSeesThePannedSignalAndAmpTimesGainComesLast) {
  const SampleData sd = tone_sample(2000);
  VoiceParams vp;
  vp.shape = 0.8;
  vp.pan = 0.2;
  vp.gain = 1.2;
  const Rendered out = render_voice(vp, sd, 1024);
  const double amp = 0.4 * std::pow(1.2 + 1.1e-4, 4.0);
  const float pl = static_cast<float>(std::cos(0.2 * M_PI / 2)), pr = static_cast<float>(std::sin(0.2 * M_PI / 2));
  const float* x = sd.channel(0);
  for (int i = 0; i < 1024; ++i) {
    ASSERT_NEAR(out.l[i], amp * shape(x[i] * pl, 0.8f), 1e-5) << i;
    ASSERT_NEAR(out.r[i], amp * shape(x[i] * pr, 0.8f), 1e-5) << i;
  }
  // Shaping before the pan (Phonon's former order) would give a right channel of a clearly different level.
  double e_after = 0, e_before = 0;
  for (int i = 0; i < 1024; ++i) {
    e_after += out.r[i] * out.r[i];
    const double b = amp * pr * shape(x[i], 0.8f);
    e_before += b * b;
  }
  EXPECT_GT(std::fabs(10 * std::log10(e_before / e_after)), 2.0);
}

TEST(VoiceFxChain, ChainOfLinearStagesIsTheSameBeforeOrAfterThePan) {
  const SampleData sd = tone_sample(4000);
  VoiceParams vp;
  vp.cutoff = 900;
  vp.resonance = 0.3;
  vp.fx[kFxRing] = 0.7;
  vp.fx[kFxRingf] = 150;
  vp.fx[kFxDjf] = 0.7;
  vp.pan = 0.3;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  EXPECT_FALSE(v.fx_after_pan);  // filtered once on the mono source, panned afterwards
  const Rendered before = render_voice(vp, sd, 2048);
  // The same chain with a stage that forces the after-pan path but changes nothing (crush 24: steps of 2^-23).
  vp.crush = 24;
  ASSERT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  EXPECT_TRUE(v.fx_after_pan);
  const Rendered after = render_voice(vp, sd, 2048);
  double peak = 0;
  for (int i = 0; i < 2048; ++i) {
    peak = std::max(peak, static_cast<double>(std::fabs(before.l[i])));
    ASSERT_NEAR(before.l[i], after.l[i], 2e-5) << i;
    ASSERT_NEAR(before.r[i], after.r[i], 2e-5) << i;
  }
  EXPECT_GT(peak, 0.01);
}

TEST(VoiceFxChain, CrushStepsAtHalfToTheCrushMinusOne) {
  const SampleData sd = tone_sample(1000);
  VoiceParams vp;
  vp.crush = 3;
  vp.pan = 0.0;                                                               // all left, pan gain 1
  const float level = static_cast<float>(0.4 * std::pow(1.0 + 1.1e-4, 4.0));  // amp * gain^4, applied after
  const Rendered out = render_voice(vp, sd, 512);
  for (int i = 0; i < 512; ++i) {
    const float q = out.l[i] / level / 0.25f;
    ASSERT_NEAR(q, std::round(q), 1e-4) << i;  // multiples of 0.5^(3 - 1)
  }
}

TEST(VoiceFxChain, AccelerateGlidesLinearlyOverTheSoundAndNeverTurnsBack) {
  const SampleData sd = tone_sample(1000);
  VoiceParams vp;
  vp.accelerate = -1.0;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  // From speed 1 to 0 over the sound: the mean speed is 0.5, so 1000 frames take 2000.
  EXPECT_NEAR(v.accel * 2000.0, -1.0, 1e-9);
  EXPECT_EQ(v.length + v.release, 2000);
  const Rendered out = render_voice(vp, sd, 4096);
  int last = 0;
  for (int i = 0; i < 4096; ++i)
    if (out.l[i] != 0.0f) last = i;
  EXPECT_GT(last, 1900);
  EXPECT_LT(last, 2000);
  vp.accelerate = 1.0;  // 1 -> 2: mean 1.5
  ASSERT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  EXPECT_EQ(v.length + v.release, 667);
}

TEST(VoiceFxChain, SoundFadesInWhenStartingInsideTheSampleAndOutOverItsLastMillisecond) {
  const SampleData sd = tone_sample(4000);
  VoiceParams vp;
  vp.begin = 0.5;
  Voice v;
  ASSERT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  EXPECT_EQ(v.attack, 44);
  EXPECT_EQ(v.length, 2000 - 44);
  EXPECT_EQ(v.release, 44);
  const Rendered out = render_voice(vp, sd, 2048);
  const float* x = sd.channel(0) + 2000;
  const float g = out.l[100] / x[100];
  EXPECT_NEAR(out.l[10], g * x[10] * 10.0f / 44.0f, 1e-4);      // in the fade-in
  EXPECT_NEAR(out.l[1990], g * x[1990] * 10.0f / 44.0f, 1e-4);  // 10 frames before the end
  EXPECT_EQ(out.l[2000], 0.0f);
  vp.begin = 0.0;  // from the sample's start: no fade-in (SuperDirt's fadeInTime is 0 then)
  ASSERT_TRUE(start_sample_voice(vp, sd, {1.0, 0}, context(), v));
  EXPECT_EQ(v.attack, 0);
}

TEST(VoiceFxChain, VowelStaysNearTheDryLevelOnABroadbandSound) {
  SampleData sd;
  sd.allocate(1, 8000);
  uint32_t seed = 1;
  for (int i = 0; i < 8000; ++i) {
    seed = seed * 1664525u + 1013904223u;
    sd.mutable_channel(0)[i] = static_cast<float>(seed >> 8) / 16777216.0f - 0.5f;
  }
  VoiceParams vp;
  const Rendered dry = render_voice(vp, sd, 8192);
  vp.vowel = 'a';
  const Rendered wet = render_voice(vp, sd, 8192);
  double ed = 0, ew = 0;
  for (int i = 0; i < 8192; ++i) ed += dry.l[i] * dry.l[i], ew += wet.l[i] * wet.l[i];
  EXPECT_NEAR(10 * std::log10(ew / ed), 0.0, 6.0);
}

}  // namespace
}  // namespace phonon
