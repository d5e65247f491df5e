// fx.squiz (SuperDirt's `squiz`, sc3-plugins' Squiz): every available architecture against the scalar reference
// on musical input at several block sizes, plus the algorithm's observable behaviour: ratio 1 is a one-frame
// delay, ratio r replays each zero-crossing chunk r times faster (the pitch goes up), and once the read head has
// passed what was written it outputs silence until the next chunk.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "kernels/kernel.hpp"

namespace phonon::kern {
namespace {

constexpr float kRate = 44100.0f;

const KernelSpec& squiz() {
  const KernelSpec* k = find_kernel("fx.squiz");
  EXPECT_NE(k, nullptr);
  return *k;
}

// Runs `in` through fx.squiz with a constant ratio, in blocks of `block` frames.
std::vector<float> run(KernelFn fn, const std::vector<float>& in, float ratio, int block,
                       std::vector<float> params = {1.0f, 0.1f}) {
  const KernelSpec& k = squiz();
  std::vector<float> state(state_floats_for(k, params.data(), kRate), 0.0f);
  std::vector<float> r(in.size(), ratio), out(in.size(), 0.0f);
  for (size_t off = 0; off < in.size(); off += static_cast<size_t>(block)) {
    const int n = static_cast<int>(std::min<size_t>(static_cast<size_t>(block), in.size() - off));
    const float* ins[2] = {in.data() + off, r.data() + off};
    float* outs[1] = {out.data() + off};
    fn(KernelArgs{ins, outs, state.data(), params.data(), n, kRate});
  }
  return out;
}

// A decaying harmonic tone with some noise (several zero crossings per period at times).
std::vector<float> tone(int frames, double freq, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> noise(-0.02f, 0.02f);
  std::vector<float> x(static_cast<size_t>(frames));
  for (int i = 0; i < frames; ++i) {
    const double t = i / static_cast<double>(kRate);
    x[static_cast<size_t>(i)] = static_cast<float>(
        std::exp(-3.0 * t) * (0.6 * std::sin(2 * M_PI * freq * t) + 0.3 * std::sin(2 * M_PI * 3 * freq * t + 1.0)) +
        noise(rng));
  }
  return x;
}

class VoiceFxSquizKernelArch : public ::testing::TestWithParam<std::string> {};

TEST_P(VoiceFxSquizKernelArch, MatchesReferenceAtEveryBlockSize) {
  const KernelSpec& k = squiz();
  const KernelFn fn = process_for_arch(k, GetParam());
  ASSERT_NE(fn, nullptr);
  const std::vector<float> in = tone(20000, 180.0, 7);
  for (float ratio : {1.0f, 1.5f, 2.0f, 4.0f, 11.0f}) {
    const std::vector<float> want = run(k.reference, in, ratio, 20000);
    for (int block : {1, 7, 64, 512}) {
      const std::vector<float> got = run(fn, in, ratio, block);
      for (size_t i = 0; i < in.size(); ++i)
        ASSERT_EQ(got[i], want[i]) << "ratio " << ratio << " block " << block << " frame " << i;
    }
  }
  // A short memory (buffer full before the next crossing) and two crossings per chunk.
  const std::vector<float> slow = tone(20000, 20.0, 8);
  for (std::vector<float> params : {std::vector<float>{1.0f, 0.01f}, std::vector<float>{2.0f, 0.1f}}) {
    const std::vector<float> want = run(k.reference, slow, 3.0f, 20000, params);
    const std::vector<float> got = run(fn, slow, 3.0f, 64, params);
    for (size_t i = 0; i < slow.size(); ++i) ASSERT_EQ(got[i], want[i]) << "frame " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Archs, VoiceFxSquizKernelArch, ::testing::ValuesIn([] {
                           std::vector<std::string> a;
                           for (auto s : available_archs()) a.emplace_back(s);
                           return a;
                         }()),
                         [](const auto& info) { return std::string(info.param == "sse4.2" ? "sse42" : info.param); });

TEST(VoiceFxSquizKernel, RatioOneIsAOneFrameDelay) {
  const std::vector<float> in = tone(5000, 300.0, 1);
  const std::vector<float> out = run(squiz().reference, in, 1.0f, 64);
  EXPECT_EQ(out[0], 0.0f);
  for (size_t i = 1; i < in.size(); ++i) ASSERT_EQ(out[i], in[i - 1]) << i;
}

TEST(VoiceFxSquizKernel, RatioTwoReplaysEachPeriodAnOctaveUpThenIsSilent) {
  // A sine with an exact 100-frame period starting at a rising crossing: each chunk is one period. In steady
  // state the first half of each period replays the previous period twice as fast (one full cycle in 50 frames),
  // and the second half reads beyond anything written (the buffer's unwritten tail): silence.
  constexpr int kP = 100;
  std::vector<float> in(40 * kP);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(std::sin(2 * M_PI * (i % kP) / kP + 1e-3));
  const std::vector<float> out = run(squiz().reference, in, 2.0f, 512);
  for (int period = 10; period < 39; ++period) {
    const size_t p0 = static_cast<size_t>(period) * kP;
    double err = 0, tail = 0;
    for (int k = 0; k < kP / 2; ++k)  // frame p0 + 1 + k reads the previous period at 2k
      err = std::max(
          err, double(std::fabs(out[p0 + 1 + static_cast<size_t>(k)] - in[p0 - kP + 2 * static_cast<size_t>(k)])));
    // Frame p0 + 51 reads the frame written last by the very first chunk (buffer index 100); beyond it, nothing.
    for (int k = kP / 2 + 2; k < kP; ++k) tail = std::max(tail, std::fabs(double(out[p0 + static_cast<size_t>(k)])));
    EXPECT_LT(err, 1e-6) << "period " << period;
    EXPECT_EQ(tail, 0.0) << "period " << period;
  }
}

TEST(VoiceFxSquizKernel, PitchGoesUpWithTheRatio) {
  // Sign changes per sounding (non-zero) frame rise with the ratio: a pitch measure that skips the silences.
  std::vector<float> in(44100);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * 150.0 * i / kRate));
  auto crossings_per_sounding_frame = [](const std::vector<float>& y) {
    size_t changes = 0, sounding = 0;
    float last = 0.0f;
    for (float v : y) {
      if (v == 0.0f) continue;
      ++sounding;
      if (last != 0.0f && (v < 0.0f) != (last < 0.0f)) ++changes;
      last = v;
    }
    return static_cast<double>(changes) / static_cast<double>(sounding);
  };
  const double base = crossings_per_sounding_frame(run(squiz().reference, in, 1.0f, 512));
  const double two = crossings_per_sounding_frame(run(squiz().reference, in, 2.0f, 512));
  const double four = crossings_per_sounding_frame(run(squiz().reference, in, 4.0f, 512));
  EXPECT_NEAR(base * kRate / 2, 150.0, 2.0);
  EXPECT_NEAR(two * kRate / 2, 300.0, 30.0);
  EXPECT_NEAR(four * kRate / 2, 600.0, 60.0);
}

}  // namespace
}  // namespace phonon::kern
