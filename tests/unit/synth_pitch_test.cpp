// Built-in synths: pitch follows SuperDirt's convention (note 0 = middle C), and the SuperDirt controls change the
// sound the way SuperDirt's synths do.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "runtime/voices/synths/synths.hpp"

namespace phonon {
namespace {

constexpr double kRate = 48000.0;

double note_freq(double note, double octave = 5) {
  return 261.6256 * std::pow(2.0, (note + 12.0 * (octave - 5.0)) / 12.0);
}

SynthParams params(double freq, double sustain = 1.0) {
  SynthParams p;
  p.freq = freq;
  p.sustain = sustain;
  p.rate = kRate;
  p.seed = 7;
  return p;
}

// Renders frames [0, frames) (mono: left channel) in blocks of 256.
std::vector<float> render(SynthId id, const SynthParams& p, int frames, std::vector<float>* right = nullptr) {
  SynthState st;
  synth_start(id, p, st);
  std::vector<float> l(static_cast<size_t>(frames), 0.0f), r(static_cast<size_t>(frames), 0.0f);
  for (int at = 0; at < frames; at += 256) {
    int n = std::min(256, frames - at);
    if (synth_render(id, p, st, at, l.data() + at, r.data() + at, n) < n) break;
  }
  if (right) *right = r;
  return l;
}

// Hann-windowed DFT magnitude of x[begin, end) at frequency f (Goertzel).
double dft_mag(const std::vector<float>& x, int begin, int end, double f) {
  const int len = end - begin;
  const double coeff = 2.0 * std::cos(2.0 * M_PI * f / kRate);
  double s1 = 0.0, s2 = 0.0;
  for (int i = 0; i < len; ++i) {
    const double win = 0.5 - 0.5 * std::cos(2.0 * M_PI * i / (len - 1));
    const double s0 = x[static_cast<size_t>(begin + i)] * win + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return std::sqrt(std::max(0.0, s1 * s1 + s2 * s2 - coeff * s1 * s2));
}

// The strongest frequency in [lo, hi] (log-spaced scan, 0.2 % steps).
double strongest(const std::vector<float>& x, int begin, int end, double lo, double hi) {
  // Window once, then scan with a plain Goertzel.
  const int len = end - begin;
  std::vector<double> w(static_cast<size_t>(len));
  for (int i = 0; i < len; ++i)
    w[static_cast<size_t>(i)] = x[static_cast<size_t>(begin + i)] * (0.5 - 0.5 * std::cos(2.0 * M_PI * i / (len - 1)));
  double best_f = lo, best = -1.0;
  for (double f = lo; f <= hi; f *= 1.002) {
    const double coeff = 2.0 * std::cos(2.0 * M_PI * f / kRate);
    double s1 = 0.0, s2 = 0.0;
    for (double v : w) {
      const double s0 = v + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const double m = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    if (m > best) {
      best = m;
      best_f = f;
    }
  }
  return best_f;
}

double rms(const std::vector<float>& x, int begin, int end) {
  double e = 0.0;
  for (int i = begin; i < end; ++i) e += static_cast<double>(x[static_cast<size_t>(i)]) * x[static_cast<size_t>(i)];
  return std::sqrt(e / std::max(1, end - begin));
}

TEST(SynthPitch, PitchedSynthsPlayTheirNote) {
  EXPECT_NEAR(note_freq(0), 261.63, 0.01);
  EXPECT_NEAR(note_freq(12), 523.25, 0.01);
  for (SynthId id : {SynthId::SuperPiano, SynthId::SuperSaw, SynthId::SuperSquare, SynthId::SuperFM}) {
    for (double note : {-12.0, 0.0, 7.0, 12.0, 24.0}) {
      const double f = note_freq(note);
      std::vector<float> x = render(id, params(f), static_cast<int>(0.5 * kRate));
      const double found =
          strongest(x, static_cast<int>(0.05 * kRate), static_cast<int>(0.45 * kRate), 0.6 * f, 1.7 * f);
      // supersaw's three saws are detuned by +-1 % (voice 0.5), so its peak may sit on a side saw.
      const double tol = id == SynthId::SuperSaw ? 0.025 : 0.01;
      EXPECT_NEAR(found / f, 1.0, tol) << synth_name(id) << " note " << note << " found " << found;
    }
  }
}

TEST(SynthPitch, SuperKickIsSixtyHertzAtNSixty) {
  // SuperDirt: SinOsc((n - 25.5).midicps) with n Tidal's n itself -> 59.9 Hz at n 60; an octave up doubles it.
  for (double note : {60.0, 72.0}) {
    std::vector<float> x = render(SynthId::SuperKick, params(note_freq(note)), static_cast<int>(0.4 * kRate));
    const double expect = 440.0 * std::pow(2.0, (note - 25.5 - 69.0) / 12.0);
    const double found = strongest(x, static_cast<int>(0.03 * kRate), static_cast<int>(0.4 * kRate), 20.0, 400.0);
    EXPECT_NEAR(found / expect, 1.0, 0.05) << "note " << note << " found " << found;
  }
}

TEST(SynthPitch, AccelerateGlidesThePitch) {
  SynthParams p = params(note_freq(0), 1.0);
  p.accelerate = 1.0;  // freq * (1 -> 2) over the sustain
  std::vector<float> x = render(SynthId::SuperFM, p, static_cast<int>(kRate));
  const double f = note_freq(0);
  const double early = strongest(x, 0, static_cast<int>(0.1 * kRate), 0.7 * f, 2.5 * f);
  const double late = strongest(x, static_cast<int>(0.85 * kRate), static_cast<int>(0.95 * kRate), 0.7 * f, 2.5 * f);
  EXPECT_NEAR(early / f, 1.05, 0.06);
  EXPECT_NEAR(late / f, 1.9, 0.08);
}

TEST(SynthControls, SetControlMapsSuperDirtNames) {
  SynthParams p;
  EXPECT_TRUE(synth_set_control(p, "voice", 0.3));
  EXPECT_EQ(p.voice, 0.3);
  EXPECT_TRUE(synth_set_control(p, "rate", 2.0));
  EXPECT_EQ(p.lfo_rate, 2.0);
  EXPECT_TRUE(synth_set_control(p, "lpq", 0.6));
  EXPECT_EQ(p.resonance, 0.6);
  EXPECT_TRUE(synth_set_control(p, "detune", 0.5));
  EXPECT_EQ(p.detune, 0.5);
  EXPECT_TRUE(synth_set_control(p, "detune3", 1.5));
  EXPECT_EQ(p.fm.detune[2], 1.5f);
  EXPECT_TRUE(synth_set_control(p, "amp2", 0.5));
  EXPECT_EQ(p.fm.amp[1], 0.5f);
  EXPECT_TRUE(synth_set_control(p, "ratio6", 3.0));
  EXPECT_EQ(p.fm.ratio[5], 3.0f);
  EXPECT_TRUE(synth_set_control(p, "ratio", 2.0));  // cyclo's ratio (no operator digit)
  EXPECT_EQ(p.ratio, 2.0);
  EXPECT_TRUE(synth_set_control(p, "mod12", 4.0));
  EXPECT_EQ(p.fm.mod[0][1], 4.0f);
  EXPECT_TRUE(synth_set_control(p, "eglevel34", 0.25));
  EXPECT_EQ(p.fm.eglevel[2][3], 0.25f);
  EXPECT_TRUE(synth_set_control(p, "egrate61", 0.1));
  EXPECT_EQ(p.fm.egrate[5][0], 0.1f);
  EXPECT_TRUE(synth_set_control(p, "feedback", 2.0));
  EXPECT_EQ(p.fm.feedback, 2.0f);
  for (const char* bad : {"amp", "amp7", "amp0", "mod17", "mod1", "eglevel15", "egrate7", "gain", "sustain", "n",
                          "note", "legato", "cutoff", "eglevel1"}) {
    SynthParams q;
    EXPECT_FALSE(synth_set_control(q, bad, 1.0)) << bad;
  }
}

TEST(SynthControls, SquareVoiceIsPulseWidth) {
  // voice 0 or 1: no sound (SuperDirt); 0.5 vs 0.1 changes the spectrum (narrow pulse: strong 2nd harmonic).
  const double f = note_freq(0);
  const int n = static_cast<int>(0.5 * kRate);
  SynthParams p = params(f);
  p.voice = 0.0;
  EXPECT_LT(rms(render(SynthId::SuperSquare, p, n), 0, n), 1e-4);
  p.voice = 1.0;
  EXPECT_LT(rms(render(SynthId::SuperSquare, p, n), 0, n), 1e-4);
  p.semitone = 0.0;  // both oscillators at f
  p.voice = 0.5;
  std::vector<float> sq = render(SynthId::SuperSquare, p, n);
  p.voice = 0.25;
  std::vector<float> narrow = render(SynthId::SuperSquare, p, n);
  const int a = static_cast<int>(0.1 * kRate), b = static_cast<int>(0.4 * kRate);
  const double sq_ratio = dft_mag(sq, a, b, 2 * f) / dft_mag(sq, a, b, f);
  const double narrow_ratio = dft_mag(narrow, a, b, 2 * f) / dft_mag(narrow, a, b, f);
  EXPECT_LT(sq_ratio, 0.1);
  EXPECT_GT(narrow_ratio, 0.3);
}

TEST(SynthControls, SawFilterFollowsPitch1) {
  // pitch1 scales the Moog cutoff: a lower cutoff leaves less energy at the 8th harmonic.
  const double f = note_freq(-12);
  const int n = static_cast<int>(0.5 * kRate);
  SynthParams p = params(f);
  std::vector<float> bright = render(SynthId::SuperSaw, p, n);
  p.pitch1 = 0.2;
  std::vector<float> dark = render(SynthId::SuperSaw, p, n);
  const int a = static_cast<int>(0.1 * kRate), b = static_cast<int>(0.4 * kRate);
  EXPECT_GT(dft_mag(bright, a, b, 8 * f) / dft_mag(bright, a, b, f),
            5.0 * dft_mag(dark, a, b, 8 * f) / dft_mag(dark, a, b, f));
}

TEST(SynthControls, DecayLowersTheAnalogSustainLevel) {
  SynthParams p = params(note_freq(0));
  const int n = static_cast<int>(kRate);
  std::vector<float> flat = render(SynthId::SuperSaw, p, n);
  p.decay = 0.8;
  std::vector<float> decayed = render(SynthId::SuperSaw, p, n);
  const int a = static_cast<int>(0.5 * kRate), b = static_cast<int>(0.9 * kRate);
  EXPECT_LT(rms(decayed, a, b), 0.5 * rms(flat, a, b));
}

TEST(SynthControls, PianoVelocityAndStereo) {
  const int n = static_cast<int>(0.5 * kRate);
  SynthParams p = params(note_freq(0));
  std::vector<float> r;
  std::vector<float> loud = render(SynthId::SuperPiano, p, n, &r);
  // Stereo 0.2: channels differ; stereo 0: identical.
  double diff = 0.0;
  for (int i = 0; i < n; ++i) diff = std::max(diff, static_cast<double>(std::fabs(loud[i] - r[i])));
  EXPECT_GT(diff, 1e-3);
  p.stereo = 0.0;
  std::vector<float> r0;
  std::vector<float> mono = render(SynthId::SuperPiano, p, n, &r0);
  for (int i = 0; i < n; ++i) ASSERT_NEAR(mono[i], r0[i], 1e-6);
  p.stereo = 0.2;
  p.velocity = 0.3;
  std::vector<float> soft = render(SynthId::SuperPiano, p, n);
  EXPECT_LT(rms(soft, 0, n), 0.7 * rms(loud, 0, n));
  // A piano note decays: the end of a long note is quieter than its start.
  std::vector<float> long_note = render(SynthId::SuperPiano, params(note_freq(12), 3.0), static_cast<int>(3 * kRate));
  EXPECT_LT(rms(long_note, static_cast<int>(2.5 * kRate), static_cast<int>(2.9 * kRate)),
            0.3 * rms(long_note, 0, static_cast<int>(0.4 * kRate)));
}

TEST(SynthControls, HatAndSnareFollowTheNoteLikeSuperDirt) {
  // (n/5 + 1).wrap(0.5, 2): n = 4 moves the hat's band from 2-6 kHz up to 3.6-10.8 kHz; n = 5 wraps to 0.5
  // (1-3 kHz); n = 0 and n = 60 are the same.
  const int n = static_cast<int>(0.25 * kRate);
  auto band_energy = [&](const std::vector<float>& x, double lo, double hi) {
    double e = 0.0;
    for (double f = lo; f <= hi; f *= 1.05) e += dft_mag(x, 0, n, f);
    return e;
  };
  std::vector<float> h0 = render(SynthId::SuperHat, params(note_freq(0), 0.5), n);
  std::vector<float> h4 = render(SynthId::SuperHat, params(note_freq(4), 0.5), n);
  std::vector<float> h5 = render(SynthId::SuperHat, params(note_freq(5), 0.5), n);
  EXPECT_GT(band_energy(h4, 8000, 11000) / band_energy(h4, 1500, 2500),
            3.0 * band_energy(h0, 8000, 11000) / band_energy(h0, 1500, 2500));
  EXPECT_GT(band_energy(h5, 1000, 1500) / band_energy(h5, 4000, 6000),
            3.0 * band_energy(h0, 1000, 1500) / band_energy(h0, 4000, 6000));
  SynthParams s0 = params(note_freq(0), 0.5), s60 = params(note_freq(60), 0.5);
  s60.seed = s0.seed;
  std::vector<float> a = render(SynthId::SuperSnare, s0, n), b = render(SynthId::SuperSnare, s60, n);
  for (int i = 0; i < n; ++i) ASSERT_NEAR(a[i], b[i], 1e-3) << i;
}

TEST(SynthControls, SuperFmModulationAddsHarmonics) {
  const double f = note_freq(0);
  const int n = static_cast<int>(0.5 * kRate);
  SynthParams p = params(f);
  std::vector<float> sine = render(SynthId::SuperFM, p, n);
  const int a = static_cast<int>(0.1 * kRate), b = static_cast<int>(0.4 * kRate);
  EXPECT_LT(dft_mag(sine, a, b, 2 * f) / dft_mag(sine, a, b, f), 0.01);  // SuperDirt default: a sine
  ASSERT_TRUE(synth_set_control(p, "mod12", 2.0));
  ASSERT_TRUE(synth_set_control(p, "ratio2", 2.0));
  for (const char* amp : {"amp2", "amp3", "amp4", "amp5", "amp6"}) ASSERT_TRUE(synth_set_control(p, amp, 0.0));
  std::vector<float> fm = render(SynthId::SuperFM, p, n);
  EXPECT_GT(dft_mag(fm, a, b, 3 * f) / dft_mag(fm, a, b, f), 0.2);
  // Presets sound and differ from each other.
  std::vector<std::vector<float>> presets;
  for (int v = 1; v <= 5; ++v) {
    SynthParams q = params(f);
    q.voice = v;
    presets.push_back(render(SynthId::SuperFM, q, n));
    EXPECT_GT(rms(presets.back(), 0, n), 0.05) << "voice " << v;
  }
  for (int i = 0; i < 5; ++i)
    for (int j = i + 1; j < 5; ++j) EXPECT_NE(presets[i], presets[j]) << i << " " << j;
}

TEST(SynthControls, SuperFmEnvelopeStagesRunFromTheOnsetScaledBySustain) {
  // SuperDirt: stage K of operator I reaches eglevelIK in 0.1 / egrateIK * sustain seconds, one after another.
  SynthParams p = params(note_freq(0), 1.0);
  for (const char* amp : {"amp2", "amp3", "amp4", "amp5", "amp6"}) ASSERT_TRUE(synth_set_control(p, amp, 0.0));
  ASSERT_TRUE(synth_set_control(p, "egrate11", 10.0));  // 0.01 s
  ASSERT_TRUE(synth_set_control(p, "egrate12", 1.0));   // 0.1 s
  ASSERT_TRUE(synth_set_control(p, "egrate13", 1.0));   // 0.1 s
  ASSERT_TRUE(synth_set_control(p, "egrate14", 0.5));   // 0.2 s, down to 0
  ASSERT_TRUE(synth_set_control(p, "eglevel14", 0.0));
  std::vector<float> x = render(SynthId::SuperFM, p, static_cast<int>(kRate));
  auto at = [&](double t) { return rms(x, static_cast<int>(t * kRate), static_cast<int>((t + 0.02) * kRate)); };
  const double held = at(0.15);
  ASSERT_GT(held, 0.01);
  EXPECT_NEAR(at(0.30) / held, 0.5, 0.1);  // halfway through stage 4 (0.21 .. 0.41 s)
  EXPECT_LT(at(0.5), 0.01 * held);
}

}  // namespace
}  // namespace phonon
