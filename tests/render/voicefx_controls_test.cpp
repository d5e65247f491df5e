// Per-voice SuperDirt controls through the engine (compile -> load -> render): `adsr` on an event pattern (one
// envelope per voice: attack, decay to the sustain LEVEL, release from the level reached when the gate closes),
// `hold` (Env.linen's sustain part before the release), `loop` (begin..end repeated n times), `squiz` (Squiz per
// voice) and `lock` (delaytime in cycles). Each check compares against the same program without the control, so it
// fails if the control does nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/samples/audio_file.hpp"
#include "tests/render/audio_checks.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;
using namespace audio_checks;

constexpr double kRate = 44100.0;
size_t F(double seconds) { return static_cast<size_t>(std::llround(seconds * kRate)); }

void write_mono(const fs::path& file, const std::vector<float>& x) {
  fs::create_directories(file.parent_path());
  AudioFileWriter w(file.string(), kRate, 1, SampleFormat::Float32);
  w.write_interleaved(x.data(), static_cast<int64_t>(x.size()));
  w.commit();
}

// `tone` (1 s, 1000 Hz, amplitude 0.5), `low` (1 s, 250 Hz) and `ramp` (1 s, rising from 0 to 1).
const std::string& library() {
  static const std::string dir = [] {
    fs::path d = fs::temp_directory_path() / ("phonon_voicefx_" + std::to_string(::getpid()));
    std::vector<float> tone(44100), low(44100), ramp(44100);
    for (size_t i = 0; i < tone.size(); ++i) {
      tone[i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * 1000.0 * static_cast<double>(i) / kRate));
      low[i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * 250.0 * static_cast<double>(i) / kRate));
      ramp[i] = static_cast<float>(i) / 44100.0f;
    }
    write_mono(d / "tone" / "tone.wav", tone);
    write_mono(d / "low" / "low.wav", low);
    write_mono(d / "ramp" / "ramp.wav", ramp);
    return d.string();
  }();
  return dir;
}

Stereo render(const std::string& code, double seconds, int block = 512) {
  RenderOptions o;
  o.seconds = seconds;
  o.block = block;
  o.sample_roots = {library()};
  return render_source(code, o);
}

// The envelope of `s` relative to `ref` (the same program without the envelope) over a 10 ms window centred at t.
double env_at(const Stereo& s, const Stereo& ref, double t) {
  const size_t b = F(t - 0.005), e = F(t + 0.005);
  const double r = rms(ref.l, b, e);
  return r > 0 ? rms(s.l, b, e) / r : 0.0;
}

TEST(VoiceFxAdsr, AttackDecaySustainLevelRelease) {
  // One 0.5 s event every 2 s (cps 0.5): gate 0.5 s (legato 1 by default).
  Stereo s = render("out: s \"tone ~ ~ ~\" # adsr 0.1 0.2 0.4 0.2", 1.0);
  Stereo ref = render("out: s \"tone ~ ~ ~\"", 1.0);
  ASSERT_GT(rms(ref.l, 0, F(0.9)), 0.05);
  EXPECT_NEAR(env_at(s, ref, 0.05), 0.5, 0.03);  // attack: half way
  EXPECT_NEAR(env_at(s, ref, 0.2), 0.7, 0.03);   // decay: half way from 1 to 0.4
  EXPECT_NEAR(env_at(s, ref, 0.35), 0.4, 0.02);  // sustain level
  EXPECT_NEAR(env_at(s, ref, 0.45), 0.4, 0.02);
  EXPECT_NEAR(env_at(s, ref, 0.6), 0.2, 0.03);  // release from 0.4 over 0.2 s: half way
  EXPECT_LT(rms(s.l, F(0.71), F(0.9)), 1e-6);   // over
}

TEST(VoiceFxAdsr, ReleaseStartsFromTheLevelWhenTheGateCloses) {
  // `sustain 0.15` (SuperDirt's sustain is a duration): the gate closes during the decay, at level 0.75.
  Stereo s = render("out: s \"tone ~ ~ ~\" # adsr 0.05 0.2 0.5 0.1 # sustain 0.15", 1.0);
  Stereo ref = render("out: s \"tone ~ ~ ~\"", 1.0);
  EXPECT_NEAR(env_at(s, ref, 0.145), 0.7625, 0.03);
  EXPECT_NEAR(env_at(s, ref, 0.2), 0.375, 0.03);
  EXPECT_LT(rms(s.l, F(0.26), F(0.9)), 1e-6);
}

TEST(VoiceFxAdsr, EachVoiceHasItsOwnEnvelope) {
  // Two back-to-back voices of different samples: the second one starts its own attack at its onset (a single
  // envelope on the summed voices would stay open across the contiguous events).
  Stereo s = render("out: s \"tone low ~ ~\" # adsr 0.2 0.01 1 0.05 # legato 2", 1.6);
  Stereo ref = render("out: s \"tone low ~ ~\" # legato 2", 1.6);
  auto low_level = [](const Stereo& x, double t) { return dft_mag(x.l, F(t), F(t + 0.04), 250, kRate); };
  const double early = low_level(s, 0.5) / low_level(ref, 0.5);
  const double later = low_level(s, 0.76) / low_level(ref, 0.76);
  EXPECT_LT(early, 0.2);
  EXPECT_GT(later, 0.95);
  // The first voice keeps its gate (legato 2 = 1 s) while the second one starts.
  EXPECT_GT(dft_mag(s.l, F(0.55), F(0.6), 1000, kRate) / dft_mag(ref.l, F(0.55), F(0.6), 1000, kRate), 0.95);
}

TEST(VoiceFxAdsr, OnAPlainSignalStaysOneEnvelope) {
  // `saw # adsr` is unchanged: the env.adsr kernel on the signal, gated by the pattern's events.
  Stereo s = render("out: saw \"110 ~\" * 0.5 # adsr 0.05 0.2 0.4 0.3", 2.0);
  const double sustain = rms(s.l, F(0.6), F(0.9));
  EXPECT_NEAR(rms(s.l, F(0.26), F(0.3)) / sustain, 1.0, 0.05);
  EXPECT_GT(rms(s.l, F(0.06), F(0.09)) / sustain, 1.8);  // near the peak (level ~0.9 of 1 vs 0.4)
}

// On an event pattern the envelope's times may be patterns (they become per-voice controls, as `# attack "..."`
// would); on a plain signal they must be constants.
TEST(VoiceFxAdsr, PatternedTimesOnEventPatterns) {
  // Two 0.5 s events (cps 1): the first with a 0.2 s attack, the second with an instant one.
  Stereo s = render("cps: 1\nout: s \"tone tone\" # ar \"0.2 0\" 0.05 # sustain 0.4", 1.0);
  Stereo ref = render("cps: 1\nout: s \"tone tone\" # sustain 0.4", 1.0);
  EXPECT_NEAR(env_at(s, ref, 0.1), 0.5, 0.05);
  EXPECT_NEAR(env_at(s, ref, 0.55), 1.0, 0.05);
  Stereo a = render("cps: 1\nout: s \"tone tone\" # adsr \"0.2 0\" 0.01 1 0.1 # sustain 0.4", 1.0);
  EXPECT_NEAR(env_at(a, ref, 0.1), 0.5, 0.05);
  EXPECT_NEAR(env_at(a, ref, 0.55), 1.0, 0.05);
  auto r = compile_source(std::make_shared<SourceFile>("t.ph", "out: saw 110 # ar \"0.01 0.1\" 0.5\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.diagnostics.render_all().find("argument `attack` of `ar` must be a constant number"), std::string::npos);
  EXPECT_NE(r.diagnostics.render_all().find("t.ph:1:19"), std::string::npos) << r.diagnostics.render_all();
}

TEST(VoiceFxHold, HoldThenReleaseLikeEnvLinen) {
  Stereo s = render("out: s \"tone ~ ~ ~\" # hold 0.2 # release 0.1", 1.0);
  Stereo rel = render("out: s \"tone ~ ~ ~\" # release 0.1", 1.0);
  Stereo ref = render("out: s \"tone ~ ~ ~\"", 1.0);
  EXPECT_NEAR(env_at(s, ref, 0.1), 1.0, 0.01);  // held
  EXPECT_NEAR(env_at(s, ref, 0.19), 1.0, 0.01);
  EXPECT_NEAR(env_at(s, ref, 0.25), 0.5, 0.03);  // release half way
  EXPECT_LT(rms(s.l, F(0.31), F(0.9)), 1e-6);
  // Without hold the release starts at the onset.
  EXPECT_NEAR(env_at(rel, ref, 0.05), 0.5, 0.03);
  EXPECT_LT(rms(rel.l, F(0.11), F(0.9)), 1e-6);
  // With an attack: the release starts at attack + hold.
  Stereo ah = render("out: s \"tone ~ ~ ~\" # attack 0.1 # hold 0.1 # release 0.1", 1.0);
  EXPECT_NEAR(env_at(ah, ref, 0.05), 0.5, 0.03);
  EXPECT_NEAR(env_at(ah, ref, 0.15), 1.0, 0.01);
  EXPECT_NEAR(env_at(ah, ref, 0.25), 0.5, 0.03);
  // Without a release SuperDirt's envelope never ends (release = inf): hold alone changes nothing.
  Stereo only = render("out: s \"tone ~ ~ ~\" # hold 0.05", 1.0);
  EXPECT_LT(max_abs_diff(only.l, ref.l), 1e-7);
}

TEST(VoiceFxLoop, RepeatsBeginToEndNTimes) {
  // ramp 0.5 .. 1.0 (0.5 s) two and a half times: 1.25 s, wrapping back to 0.5 every 0.5 s.
  Stereo s = render("cps: 0.25\nout: s \"ramp\" # begin 0.5 # loop 2.5", 2.0);
  Stereo once = render("cps: 0.25\nout: s \"ramp\" # begin 0.5", 2.0);
  const double g = s.l[F(0.1)] / 0.6;  // output per unit of the ramp's value
  ASSERT_GT(g, 0.01);
  for (double t : {0.05, 0.3, 0.55, 0.8, 1.05, 1.2}) {
    const double want = 0.5 + std::fmod(t, 0.5);
    EXPECT_NEAR(s.l[F(t)] / g, want, 2e-3) << "t = " << t;
  }
  EXPECT_NEAR(static_cast<double>(last_above(s.l, 0, s.frames(), 1e-4)) / kRate, 1.25, 0.002);
  EXPECT_NEAR(static_cast<double>(last_above(once.l, 0, once.frames(), 1e-4)) / kRate, 0.5, 0.002);
}

TEST(VoiceFxLoop, ReverseAndIgnoredWithLegatoLikeSuperDirt) {
  // speed -1 loops from end to begin.
  Stereo r = render("cps: 0.25\nout: s \"ramp\" # begin 0.5 # loop 2 # speed (-1)", 2.0);
  const double g = r.l[F(0.1)] / 0.9;
  ASSERT_GT(g, 0.01);
  EXPECT_NEAR(r.l[F(0.3)] / g, 0.7, 3e-3);
  EXPECT_NEAR(r.l[F(0.6)] / g, 0.9, 3e-3);
  EXPECT_NEAR(static_cast<double>(last_above(r.l, 0, r.frames(), 1e-4)) / kRate, 1.0, 0.002);
  // With legato (or sustain) the sustain is the event's, and the sample plays once (DirtEvent's calcTimeSpan).
  Stereo l = render("cps: 0.25\nout: s \"ramp\" # begin 0.5 # loop 3 # legato 1", 2.0);
  EXPECT_NEAR(static_cast<double>(last_above(l.l, 0, l.frames(), 1e-4)) / kRate, 0.5, 0.002);
}

TEST(VoiceFxLoop, SynthSoundsLoopTimesTheEvent) {
  // A synth has no unit duration: without sustain/legato its sustain is |loop| x the event (DirtEvent).
  Stereo once = render("out: s \"supersaw ~ ~ ~\" # note \"c3\"", 2.0);
  Stereo twice = render("out: s \"supersaw ~ ~ ~\" # note \"c3\" # loop 2", 2.0);
  const double l1 = static_cast<double>(last_above(once.l, 0, F(1.9), 1e-4)) / kRate;
  const double l2 = static_cast<double>(last_above(twice.l, 0, F(1.9), 1e-4)) / kRate;
  EXPECT_NEAR(l1, 0.5, 0.03);
  EXPECT_NEAR(l2, 1.0, 0.05);
}

TEST(VoiceFxSquiz, RaisesThePitchPerVoice) {
  // low (250 Hz) squizzed by 4: every period is replayed 4 times faster (1000 Hz) and then silent.
  Stereo s = render("out: s \"low ~ ~ ~\" # squiz 4", 1.0);
  Stereo ref = render("out: s \"low ~ ~ ~\"", 1.0);
  const double s_low = dft_mag(s.l, F(0.1), F(0.4), 250, kRate), s_high = dft_mag(s.l, F(0.1), F(0.4), 1000, kRate);
  const double r_high = dft_mag(ref.l, F(0.1), F(0.4), 1000, kRate);
  EXPECT_GT(s_high, 2.0 * s_low);
  EXPECT_GT(s_high, 100.0 * r_high);
  // The sounding (non-zero) stretches change sign four times as often: ~1000 Hz instead of 250 Hz.
  EXPECT_NEAR(sounding_frequency(s.l, F(0.1), F(0.4)), 1000.0, 80.0);
  EXPECT_NEAR(sounding_frequency(ref.l, F(0.1), F(0.4)), 250.0, 5.0);
}

TEST(VoiceFxSquiz, OverlappingVoicesAndBlockSizesAgree) {
  // Eight overlapping squizzed voices with different ratios: block sizes 1/64/512 agree.
  const std::string code = "out: s \"low*16\" # squiz \"2 3 4\" # legato 8";
  Stereo a = render(code, 2.0, 512), b = render(code, 2.0, 1), c = render(code, 2.0, 64);
  EXPECT_TRUE(all_finite(a.l));
  EXPECT_GT(rms(a.l, 0, a.frames()), 0.01);
  EXPECT_LT(max_abs_diff(a.l, b.l), 1e-4);
  EXPECT_LT(max_abs_diff(a.l, c.l), 1e-4);
}

TEST(VoiceFxSquiz, MoreVoicesThanSquizSlotsStillPlay) {
  // ~128 voices at once, more than the 64 squiz states: the later ones play without squiz, nothing breaks.
  Stereo a = render("out: s \"low*256\" # squiz 3 # gain 0.5", 2.0);
  EXPECT_TRUE(all_finite(a.l) && all_finite(a.r));
  EXPECT_EQ(a.stats.nan_voices, 0u);
  EXPECT_GT(rms(a.l, F(1.0), F(2.0)), 0.01);
}

TEST(VoiceFxLock, DelaytimeInCycles) {
  // cps 0.5: `delaytime 0.25 # lock 1` is a quarter cycle = 0.5 s; unlocked it is 0.25 s.
  const std::string base =
      "out: s \"tone:0 ~ ~ ~ ~ ~ ~ ~\" # sustain 0.1 # delay 0.5 # delayfeedback 0 # delaytime 0.25";
  Stereo locked = render(base + " # lock 1", 1.5), plain = render(base, 1.5);
  EXPECT_GT(rms(locked.l, F(0.5), F(0.6)), 0.02);
  EXPECT_LT(rms(locked.l, F(0.25), F(0.35)), 1e-4);
  EXPECT_GT(rms(plain.l, F(0.25), F(0.35)), 0.02);
  EXPECT_LT(rms(plain.l, F(0.5), F(0.6)), 1e-4);
}

TEST(VoiceFxWarnings, WorkingControlsNoLongerWarn) {
  for (const char* code :
       {"out: s \"tone\" # squiz 2", "out: s \"tone\" # hold 0.1 # release 0.1", "out: s \"tone\" # loop 2",
        "out: s \"tone\" # delay 0.3 # lock 1", "out: s \"tone\" # nudge 0.1"}) {
    CompileResult r = compile_source(std::make_shared<SourceFile>("t.ph", code));
    ASSERT_TRUE(r.ok()) << code;
    EXPECT_EQ(r.diagnostics.render_all().find("warning"), std::string::npos) << code << "\n"
                                                                             << r.diagnostics.render_all();
  }
}

}  // namespace
}  // namespace phonon
