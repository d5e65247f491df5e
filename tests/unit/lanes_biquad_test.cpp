// biquad_process_lanes (voices in SIMD lanes, register transposes): on every compiled architecture the result is
// bit-identical to the scalar reference run voice by voice, whatever the voice count (full and partial lane
// groups) and frame count (full and partial transposed chunks), and splitting the frames into calls differently
// does not change a bit.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/arch/arch_table.hpp"
#include "kernels/filter/biquad_voice.hpp"
#include "kernels/kernel.hpp"
#include "tests/unit/kernel_archs.hpp"

namespace phonon::kern {
namespace {

using test_archs::archs_under_test;

std::vector<BiquadCoefs> random_coefs(int count, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<BiquadCoefs> c;
  for (int v = 0; v < count; ++v) {
    const float f = 30.0f + 15000.0f * u(rng), q = 0.3f + 20.0f * u(rng);
    c.push_back(v % 4 == 0   ? biquad_lowpass(f, q, 44100)
                : v % 4 == 1 ? biquad_highpass(f, q, 48000)
                : v % 4 == 2 ? biquad_bandpass(f, q, 44100)
                             : biquad_notch(f, q, 44100));
  }
  return c;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

class LanesKernelBiquad : public ::testing::TestWithParam<std::string> {};

TEST_P(LanesKernelBiquad, BitIdenticalToReference) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  for (int count : {1, 3, 8, 15, 16, 17, 32, 41}) {
    for (int frames : {1, 5, 16, 17, 64, 100, 512}) {
      const std::vector<BiquadCoefs> c = random_coefs(count, rng);
      std::vector<std::vector<float>> a(count, std::vector<float>(frames)), b;
      std::vector<float> za(2 * count, 0.0f), zb(2 * count, 0.0f);
      for (int block = 0; block < 3; ++block) {
        for (auto& v : a)
          for (float& x : v) x = d(rng);
        b = a;
        std::vector<float*> pa, pb;
        for (auto& v : a) pa.push_back(v.data());
        for (auto& v : b) pb.push_back(v.data());
        fns->biquad_process_lanes(c.data(), za.data(), pa.data(), count, frames);
        biquad_process_lanes_reference(c.data(), zb.data(), pb.data(), count, frames);
        for (int v = 0; v < count; ++v) {
          for (int i = 0; i < frames; ++i)
            ASSERT_TRUE(same_bits(a[v][i], b[v][i]))
                << GetParam() << " count " << count << " frames " << frames << " voice " << v << " i " << i << ": "
                << a[v][i] << " vs " << b[v][i];
          ASSERT_TRUE(same_bits(za[2 * v], zb[2 * v]) && same_bits(za[2 * v + 1], zb[2 * v + 1])) << "voice " << v;
        }
      }
    }
  }
}

// Non-zero start states, and the same 600 frames in one call or in calls of 1, 7, 16 and 100 frames.
TEST_P(LanesKernelBiquad, SplitIntoCallsChangesNothing) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  const int count = 19, frames = 600;
  const std::vector<BiquadCoefs> c = random_coefs(count, rng);
  std::vector<std::vector<float>> in(count, std::vector<float>(frames));
  for (auto& v : in)
    for (float& x : v) x = d(rng);
  std::vector<float> z0(2 * count);
  for (float& z : z0) z = 0.1f * d(rng);
  auto run = [&](int chunk) {
    std::vector<std::vector<float>> io = in;
    std::vector<float> z = z0;
    for (int i = 0; i < frames; i += chunk) {
      std::vector<float*> p;
      for (auto& v : io) p.push_back(v.data() + i);
      fns->biquad_process_lanes(c.data(), z.data(), p.data(), count, std::min(chunk, frames - i));
    }
    return io;
  };
  const auto whole = run(frames);
  for (int chunk : {1, 7, 16, 100}) {
    const auto split = run(chunk);
    for (int v = 0; v < count; ++v)
      for (int i = 0; i < frames; ++i)
        ASSERT_TRUE(same_bits(whole[v][i], split[v][i])) << GetParam() << " chunk " << chunk << " voice " << v;
  }
}

INSTANTIATE_TEST_SUITE_P(Archs, LanesKernelBiquad, ::testing::ValuesIn(archs_under_test()), test_archs::ArchTestName());

}  // namespace
}  // namespace phonon::kern
