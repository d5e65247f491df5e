// The per-voice effect kernels of SuperDirt's default-effects-extra (kernels/fx/: tremolo, ring, triode, krush,
// octer, djf, dirt_distort, dirt_phaser, fshift) against their formulas on known inputs. (Every architecture against
// the scalar reference: KernelGraphArch.EveryKernelMatchesReference.)
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kernels/kernel.hpp"

namespace phonon::kern {
namespace {

constexpr float kRate = 44100.0f;

// Runs kernel `name` (one input, constant params) over `in` in blocks of 64 frames with fresh state.
std::vector<float> run(const std::string& name, const std::vector<float>& in, std::vector<float> params) {
  const KernelSpec* k = find_kernel(name);
  EXPECT_NE(k, nullptr) << name;
  if (!k) return {};
  std::vector<float> state(state_floats_for(*k, params.data(), kRate), 0.0f), out(in.size());
  for (size_t off = 0; off < in.size(); off += 64) {
    const int n = static_cast<int>(std::min<size_t>(64, in.size() - off));
    const float* ins[1] = {in.data() + off};
    float* outs[1] = {out.data() + off};
    k->reference(KernelArgs{ins, outs, state.data(), params.data(), n, kRate});
  }
  return out;
}

std::vector<float> sine(int n, double freq, double amp) {
  std::vector<float> x(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    x[static_cast<size_t>(i)] = static_cast<float>(amp * std::sin(2 * M_PI * freq * i / kRate));
  return x;
}

double rms(const std::vector<float>& x, size_t from = 0) {
  double e = 0;
  for (size_t i = from; i < x.size(); ++i) e += double(x[i]) * x[i];
  return std::sqrt(e / static_cast<double>(x.size() - from));
}

// Amplitude of the `freq` component of x over its second half.
double tone_amp(const std::vector<float>& x, double freq) {
  double c = 0, s = 0;
  const size_t from = x.size() / 2;
  for (size_t i = from; i < x.size(); ++i)
    c += x[i] * std::cos(2 * M_PI * freq * i / kRate), s += x[i] * std::sin(2 * M_PI * freq * i / kRate);
  return 2 * std::hypot(c, s) / static_cast<double>(x.size() - from);
}

// Gain of the kernel at `freq` (the sine's own component, after a settling time), in dB.
double gain_db(const std::string& name, double freq, std::vector<float> params) {
  const auto x = sine(44100, freq, 0.5);
  const auto y = run(name, x, std::move(params));
  return 20 * std::log10(tone_amp(y, freq) / tone_amp(x, freq));
}

TEST(VoiceFxKernels, TremoloSwingsTheLevelAtItsRateFromFullToOneMinusDepth) {
  const std::vector<float> ones(44100, 1.0f);
  const auto y = run("fx.tremolo", ones, {4.0f, 0.6f});  // d = 0.3: between 0.4 and 1
  EXPECT_NEAR(y[0], 1.0f, 1e-6f);                        // cos starts at its top
  EXPECT_NEAR(y[5512], 0.4f, 1e-3f);                     // half a period of 4 Hz later
  EXPECT_NEAR(y[11025], 1.0f, 1e-3f);
  for (float v : y) ASSERT_GE(v, 0.4f - 1e-5f);
}

TEST(VoiceFxKernels, RingAddsSidebandsAtTheModulatorFrequency) {
  const std::vector<float> ones(44100, 1.0f);
  const auto y = run("fx.ring", ones, {0.5f, 300.0f, 0.0f});
  for (int i = 0; i < 44100; i += 97)
    ASSERT_NEAR(y[static_cast<size_t>(i)], 1.0 + 0.5 * std::sin(2 * M_PI * 300.0 * i / kRate), 2e-3) << i;
  // A glide: ringf 100 + ringdf 300 reaches 400 Hz after 1 s (zero crossings of y - 1 count it).
  const std::vector<float> two(88200, 1.0f);
  const auto g = run("fx.ring", two, {1.0f, 100.0f, 300.0f});
  int zc = 0;
  for (size_t i = 44101; i < 88200; ++i) zc += (g[i - 1] - 1.0f < 0) != (g[i] - 1.0f < 0);
  EXPECT_NEAR(zc / 2.0, 400.0, 3.0);
}

TEST(VoiceFxKernels, TriodePassesThePositiveHalfAndFlattensTheNegativeOne) {
  const auto x = sine(44100, 1000, 0.8);
  const auto y = run("fx.triode", x, {1.0f});
  // Before the DC blocker the positive peak stays 0.8 and the negative one is tanh(-8)/10 ~ -0.1; the blocker
  // (a high-pass near 35 Hz) then removes its mean without changing the 1 kHz wave's shape: peak-to-peak 0.9.
  float lo = 0, hi = 0;
  for (size_t i = 22050; i < y.size(); ++i) lo = std::min(lo, y[i]), hi = std::max(hi, y[i]);
  EXPECT_NEAR(hi - lo, 0.9f, 0.05f);
  double mean = 0;
  for (size_t i = 22050; i < y.size(); ++i) mean += y[i];
  EXPECT_NEAR(mean / 22050, 0.0, 0.01);  // the blocker removed the rectified wave's DC (~0.2)
}

TEST(VoiceFxKernels, KrushZeroIsDryAndKrushLowPassesAtKcutoff) {
  const auto x = sine(4410, 440, 0.5);
  const auto y = run("fx.krush", x, {0.0f, 0.0f});
  for (size_t i = 0; i < x.size(); ++i) ASSERT_FLOAT_EQ(y[i], x[i]);
  // krush 1, kcutoff 500: a 5 kHz tone is filtered out (12 dB/octave above 500 Hz), a 100 Hz one passes.
  EXPECT_LT(gain_db("fx.krush", 5000, {1.0f, 500.0f}), -30);
  EXPECT_GT(gain_db("fx.krush", 100, {1.0f, 500.0f}), -6);
}

TEST(VoiceFxKernels, OcterSubHalvesTheFrequency) {
  const auto x = sine(44100, 200, 0.5);
  const auto y = run("fx.octer", x, {0.0f, 1.0f, 0.0f});
  // out = in + t1 * sub: t1 flips every period, so a 100 Hz component appears.
  double c = 0, s = 0;
  for (size_t i = 4410; i < y.size(); ++i) {
    c += y[i] * std::cos(2 * M_PI * 100 * i / kRate);
    s += y[i] * std::sin(2 * M_PI * 100 * i / kRate);
  }
  EXPECT_GT(2 * std::hypot(c, s) / (y.size() - 4410), 0.05);
  // octer 1 alone: 2 |x| (DC-blocked): the 200 Hz fundamental is gone, 400 Hz dominates.
  const auto u = run("fx.octer", x, {1.0f, 0.0f, 0.0f});
  auto amp = [&](double f) {
    double cc = 0, ss = 0;
    for (size_t i = 4410; i < u.size(); ++i)
      cc += u[i] * std::cos(2 * M_PI * f * i / kRate), ss += u[i] * std::sin(2 * M_PI * f * i / kRate);
    return 2 * std::hypot(cc, ss) / (u.size() - 4410);
  };
  EXPECT_LT(amp(200), 0.01);
  EXPECT_GT(amp(400), 0.3);
}

TEST(VoiceFxKernels, DjfLowPassesBelowHalfAndHighPassesAbove) {
  EXPECT_NEAR(gain_db("fx.djf", 1000, {0.5f}), 0.0, 1.0);  // both corners out of the way
  EXPECT_LT(gain_db("fx.djf", 2000, {0.2f}), -20);         // low-pass at 20 * 500^0.4 = 240 Hz
  EXPECT_GT(gain_db("fx.djf", 100, {0.2f}), -3);
  EXPECT_LT(gain_db("fx.djf", 200, {0.8f}), -20);  // high-pass at 20 * 500^0.6 = 833 Hz
  EXPECT_GT(gain_db("fx.djf", 5000, {0.8f}), -3);
}

TEST(VoiceFxKernels, DistortZeroIsDryAndOneIsTheCrunchedSignal) {
  const auto x = sine(4410, 220, 0.5);
  const auto y0 = run("fx.dirt_distort", x, {0.0f});
  for (size_t i = 0; i < x.size(); ++i) ASSERT_FLOAT_EQ(y0[i], x[i]);
  const auto y1 = run("fx.dirt_distort", x, {1.0f});
  // distort 1: softclip(8 c^3) / 2 of the crossover-distorted input, bounded by 0.5. At input 0 CrossoverDistortion
  // gives (0 - 0.2) * (1 + (0 - 0.2) * 500) * 0.01 = 0.198 (its curve is meant for the last 0.002 below amp).
  for (size_t i = 0; i < y1.size(); ++i) ASSERT_LE(std::fabs(y1[i]), 0.5f + 1e-6f);
  EXPECT_NEAR(y1[0], 0.5 * 8 * std::pow(0.198, 3), 1e-5);
  EXPECT_GT(rms(y1), 0.1);
}

TEST(VoiceFxKernels, DirtPhaserAddsACopyDelayedByTenMsAtTheLfoTopAndNearNineAtItsBottom) {
  // rate 0: the LFO stays at its top, 10 ms = 441 frames; an impulse comes back scaled by depth.
  std::vector<float> x(2000, 0.0f);
  x[0] = 1.0f;
  const auto y = run("fx.dirt_phaser", x, {0.0f, 0.8f});
  EXPECT_FLOAT_EQ(y[0], 1.0f);
  EXPECT_NEAR(y[441], 0.8f, 1e-6f);
  double rest = 0;
  for (size_t i = 1; i < y.size(); ++i)
    if (i != 441) rest += std::fabs(y[i]);
  EXPECT_LT(rest, 1e-6);
  // rate 2 Hz: half a cycle (0.25 s) later the parabola is at its bottom, 8.8 ms = 388.08 frames; 388 frames
  // after that the LFO has moved on a little (388.2 frames), and the echo is split between frames 388 and 389.
  std::vector<float> z(16000, 0.0f);
  z[11025] = 1.0f;
  const auto w = run("fx.dirt_phaser", z, {2.0f, 1.0f});
  EXPECT_NEAR(w[11025 + 388] + w[11025 + 389], 1.0f, 2e-3f);
  EXPECT_NEAR(w[11025 + 388], 0.8f, 0.05f);
  EXPECT_NEAR(w[11025 + 441], 0.0f, 1e-6f);
  // depth is clamped to [0, 1].
  const auto big = run("fx.dirt_phaser", x, {0.0f, 3.0f});
  EXPECT_NEAR(big[441], 1.0f, 1e-6f);
}

TEST(VoiceFxKernels, FshiftMovesEveryPartialByTheShiftWithoutAMirrorImage) {
  const auto x = sine(44100, 1000, 0.5);
  const auto up = run("fx.fshift", x, {200.0f, 0.0f});
  EXPECT_NEAR(tone_amp(up, 1200), 0.5, 0.02);
  EXPECT_LT(tone_amp(up, 800), 0.01);   // the other sideband, suppressed
  EXPECT_LT(tone_amp(up, 1000), 0.01);  // no carrier left
  const auto down = run("fx.fshift", x, {-300.0f, 0.0f});
  EXPECT_NEAR(tone_amp(down, 700), 0.5, 0.02);
  EXPECT_LT(tone_amp(down, 1300), 0.01);
  // shift 0: the level stays (both paths are allpass); the phase turns the output between them.
  const auto p0 = run("fx.fshift", x, {0.0f, 0.0f});
  const auto p90 = run("fx.fshift", x, {0.0f, static_cast<float>(M_PI / 2)});
  EXPECT_NEAR(tone_amp(p0, 1000), 0.5, 0.01);
  EXPECT_NEAR(tone_amp(p90, 1000), 0.5, 0.01);
  double diff = 0;
  for (size_t i = 22050; i < x.size(); ++i) diff += std::fabs(p0[i] - p90[i]);
  EXPECT_GT(diff / 22050, 0.2);
}

}  // namespace
}  // namespace phonon::kern
