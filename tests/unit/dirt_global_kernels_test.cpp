// The kernels of SuperDirt's global effects and output stage: fx.lookahead_limiter (SuperCollider's Limiter) and
// fx.dirt_reverb (SuperDirt's orbit reverb). Run through the registry's dispatched `process`.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kernels/kernel.hpp"

namespace phonon::kern {
namespace {

constexpr float kRate = 44100.0f;

// One instance of `name` over the whole input, in blocks of `block` frames; every output, frame by frame.
std::vector<std::vector<float>> run_blocks(std::string_view name, const std::vector<std::vector<float>>& inputs,
                                           int block, std::vector<float> params = {}) {
  const KernelSpec* spec = find_kernel(name);
  if (!spec) {
    ADD_FAILURE() << name << " is not registered";
    return {};
  }
  if (params.empty()) params = spec->param_defaults;
  std::vector<float> state(state_floats_for(*spec, params.data(), kRate), 0.0f);
  if (spec->init) spec->init(state.data(), params.data(), kRate);
  const int frames = static_cast<int>(inputs[0].size());
  std::vector<std::vector<float>> outs(spec->outputs.size(), std::vector<float>(static_cast<size_t>(frames)));
  for (int off = 0; off < frames; off += block) {
    const int n = std::min(block, frames - off);
    std::vector<const float*> in;
    std::vector<float*> out;
    for (const auto& v : inputs) in.push_back(v.data() + off);
    for (auto& v : outs) out.push_back(v.data() + off);
    spec->process(KernelArgs{in.data(), out.data(), state.data(), params.data(), n, kRate});
  }
  return outs;
}

// ---- fx.lookahead_limiter ----------------------------------------------------------------------------------

constexpr int kWindow = 441;  // ceil(0.01 s * 44100)

TEST(LookaheadLimiter, BelowTheLevelItIsADelayOfTwoWindows) {
  std::vector<float> x(8000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = 0.9f * static_cast<float>(std::sin(0.01 * double(i)));
  const auto y = run_blocks("fx.lookahead_limiter", {x}, 512)[0];
  for (int i = 0; i < 2 * kWindow; ++i) ASSERT_EQ(y[static_cast<size_t>(i)], 0.0f) << i;
  for (size_t i = 2 * kWindow; i < x.size(); ++i) ASSERT_FLOAT_EQ(y[i], x[i - 2 * kWindow]) << i;
}

TEST(LookaheadLimiter, NeverExceedsTheLevelAndScalesALoudSoundToIt) {
  // A 3x too loud burst between quiet parts: the output peak is the level, reached without clipping (the
  // waveform's shape is kept: the output is the input times a gain that changes slowly).
  std::vector<float> x(20000);
  for (size_t i = 0; i < x.size(); ++i) {
    const float a = (i >= 5000 && i < 12000) ? 3.0f : 0.3f;
    x[i] = a * static_cast<float>(std::sin(2 * M_PI * 220.0 * double(i) / kRate));
  }
  const auto y = run_blocks("fx.lookahead_limiter", {x}, 512)[0];
  float peak = 0.0f;
  for (size_t i = 2 * kWindow; i < y.size(); ++i) {
    ASSERT_LE(std::fabs(y[i]), 1.0f + 1e-5f) << i;
    peak = std::max(peak, std::fabs(y[i]));
  }
  EXPECT_GT(peak, 0.99f);
  // Inside the burst the gain settles at 1/3 (level / peak).
  for (size_t i = 8000; i < 11000; ++i) {
    const float in = x[i - 2 * kWindow];
    if (std::fabs(in) > 1.0f) {
      EXPECT_NEAR(y[i] / in, 1.0f / 3.0f, 1e-3f) << i;
    }
  }
  // Long after the burst the gain is back to 1.
  for (size_t i = 15000; i < y.size(); ++i) ASSERT_NEAR(y[i], x[i - 2 * kWindow], 1e-5f) << i;
}

TEST(LookaheadLimiter, GainMovesInStraightLinesWithoutJumps) {
  // A step from 0.5 to 4 (DC): out / in is the gain, which must change by at most (1 - 1/4) / window per frame.
  std::vector<float> x(6000, 0.5f);
  for (size_t i = 3000; i < x.size(); ++i) x[i] = 4.0f;
  const auto y = run_blocks("fx.lookahead_limiter", {x}, 512)[0];
  float prev = y[2 * kWindow] / x[0];
  for (size_t i = 2 * kWindow + 1; i < x.size(); ++i) {
    const float g = y[i] / x[i - 2 * kWindow];
    ASSERT_LE(std::fabs(g - prev), 0.75f / kWindow + 1e-5f) << i;
    prev = g;
  }
  EXPECT_NEAR(prev, 0.25f, 1e-4f);
}

TEST(LookaheadLimiter, SameOutputAtEveryBlockSize) {
  std::vector<float> x(9000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = 2.5f * static_cast<float>(std::sin(0.003 * double(i * i % 7919)));
  const auto a = run_blocks("fx.lookahead_limiter", {x}, 512)[0];
  for (int block : {1, 7, 64}) EXPECT_EQ(run_blocks("fx.lookahead_limiter", {x}, block)[0], a) << block;
}

// ---- fx.dirt_reverb ----------------------------------------------------------------------------------------

// Energy (L + R) per 10 ms window, in dB.
std::vector<double> envelope_db(const std::vector<std::vector<float>>& lr) {
  std::vector<double> e;
  const size_t w = 441;
  for (size_t s = 0; s + w <= lr[0].size(); s += w) {
    double sum = 0;
    for (size_t i = s; i < s + w; ++i) sum += double(lr[0][i]) * lr[0][i] + double(lr[1][i]) * lr[1][i];
    e.push_back(10 * std::log10(sum / w + 1e-30));
  }
  return e;
}

// Decay rate in dB per second between two times (s), from the envelope.
double decay_db_per_s(const std::vector<double>& env, double t0, double t1) {
  double a = 0, b = 0;
  const int k0 = static_cast<int>(t0 * 100), k1 = static_cast<int>(t1 * 100);
  for (int k = k0; k < k0 + 20; ++k) a += env[static_cast<size_t>(k)];
  for (int k = k1; k < k1 + 20; ++k) b += env[static_cast<size_t>(k)];
  return (a - b) / 20 / (t1 - t0);
}

TEST(DirtReverb, LargerSizeDecaysSlower) {
  // The loop gain per pass is 0.01 * 98^size + 0.025 (SuperDirt's linexp of size plus its random extra's mean).
  // The allpasses keep part of the energy for a while, so the decay is slower than the loop gain alone says;
  // the render tests compare the T60 with SuperDirt's (tests/render/superdirt_global_test.cpp).
  const int n = static_cast<int>(3.5 * kRate);
  std::vector<float> imp(static_cast<size_t>(n), 0.0f);
  imp[0] = 1.0f;
  double prev = 1e9;
  for (float size : {0.3f, 0.6f, 0.8f, 0.95f}) {
    const auto out = run_blocks("fx.dirt_reverb", {imp, std::vector<float>(static_cast<size_t>(n), size)}, 512);
    const double rate = decay_db_per_s(envelope_db(out), 1.0, 3.0);
    EXPECT_GT(rate, 0.0) << size;
    EXPECT_LT(rate, prev) << size;
    prev = rate;
  }
}

TEST(DirtReverb, WetOnlyStereoAndSilentWithoutInput) {
  const int n = 30000;
  std::vector<float> imp(n, 0.0f), size(n, 0.8f);
  imp[0] = 1.0f;
  const auto out = run_blocks("fx.dirt_reverb", {imp, size}, 512);
  // Wet only: the impulse itself does not come through (the first frame is the 4 input allpasses' -g^4).
  EXPECT_LT(std::fabs(out[0][0]), 0.9f);
  EXPECT_GT(std::fabs(out[0][0]), 0.5f);
  // Two channels with different delays: they are not the same signal.
  double diff = 0;
  for (int i = 0; i < n; ++i) diff += std::fabs(out[0][i] - out[1][i]);
  EXPECT_GT(diff, 1.0);
  const auto quiet = run_blocks("fx.dirt_reverb", {std::vector<float>(n, 0.0f), size}, 512);
  for (int c = 0; c < 2; ++c)
    for (float v : quiet[c]) ASSERT_EQ(v, 0.0f);
}

TEST(DirtReverb, SameOutputAtEveryBlockSize) {
  const int n = 20000;
  std::vector<float> x(n), size(n, 0.7f);
  for (int i = 0; i < n; ++i) x[i] = i < 2000 ? static_cast<float>(std::sin(0.05 * i)) : 0.0f;
  const auto a = run_blocks("fx.dirt_reverb", {x, size}, 512);
  for (int block : {1, 64, 100}) EXPECT_EQ(run_blocks("fx.dirt_reverb", {x, size}, block), a) << block;
}

}  // namespace
}  // namespace phonon::kern
