// sample_read_fixed (32.32 fixed-point positions): every architecture against the reference, exact position
// arithmetic (a read split into calls at any points gives the same bits as one call), and the double entry point
// as a conversion of the fixed one.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#if defined(__unix__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "kernels/arch/arch_table.hpp"
#include "kernels/kernel.hpp"
#include "kernels/sample/sample_read.hpp"
#include "tests/unit/kernel_archs.hpp"

namespace phonon::kern {
namespace {

using test_archs::archs_under_test;

struct Source {
  std::vector<float> buf;
  explicit Source(int n, unsigned seed) : buf(n + 8, 0.0f) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (int i = 0; i < n; ++i) buf[4 + i] = d(rng);
  }
  const float* data() const { return buf.data() + 4; }
};

constexpr int64_t kOne = int64_t{1} << 32;

class LanesKernelSampleRead : public ::testing::TestWithParam<std::string> {};

// Random windows, positions and speeds in fixed point (including fractional window edges and positions that are
// not representable as short decimals): same count, frames within 2e-6 (FMA contraction of the interpolation).
TEST_P(LanesKernelSampleRead, FixedMatchesReference) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  const Source l(6000, 3), r(6000, 4);
  std::mt19937_64 rng(17);
  for (int iter = 0; iter < 3000; ++iter) {
    const int frames = 1 + static_cast<int>(rng() % 700);
    int64_t begin = static_cast<int64_t>(rng() % 3000) * kOne, end = begin + static_cast<int64_t>(rng() % 3000) * kOne;
    if (iter % 3 == 0) begin += static_cast<int64_t>(rng() % kOne), end -= static_cast<int64_t>(rng() % kOne);
    if (end < begin) end = begin;
    const int64_t pos =
        begin - 40 * kOne + static_cast<int64_t>(rng() % static_cast<uint64_t>(end - begin + 80 * kOne));
    const int64_t speeds[] = {kOne,
                              -kOne,
                              0,
                              kOne / 4,
                              5 * kOne / 2,
                              -(7 * kOne / 10),
                              static_cast<int64_t>(rng() % (8 * kOne)) - 4 * kOne,
                              9 * kOne / 10,
                              kOne + 1};
    const int64_t inc = speeds[iter % 9];
    const float* ch1 = iter % 2 ? r.data() : nullptr;
    std::vector<float> a0(frames, 5.f), a1(frames, 5.f), b0(frames, 6.f), b1(frames, 6.f);
    const int na = fns->sample_read_fixed(l.data(), ch1, begin, end, pos, inc, a0.data(), a1.data(), frames);
    const int nb = sample_read_fixed_reference(l.data(), ch1, begin, end, pos, inc, b0.data(), b1.data(), frames);
    ASSERT_EQ(na, nb) << GetParam() << " iter " << iter;
    for (int i = 0; i < frames; ++i) {
      ASSERT_NEAR(a0[i], b0[i], 2e-6) << GetParam() << " iter " << iter << " i " << i;
      ASSERT_NEAR(a1[i], b1[i], 2e-6) << GetParam() << " iter " << iter << " i " << i;
    }
  }
}

// One read of 2000 frames, or the same read in calls of 1, 13, 16, 64 and 500 frames (each call starting at
// pos + done * inc): bit-identical, for speeds that take every path (1, window permutes, gathers, reverse).
TEST_P(LanesKernelSampleRead, SplitIntoCallsIsExact) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  const Source l(9000, 8);
  const int frames = 2000;
  for (int64_t inc : {kOne, 9 * kOne / 10 + 12345, -(3 * kOne / 2), 3 * kOne + 7, kOne / 3}) {
    const int64_t pos = inc > 0 ? 10 * kOne + 987654321 : 8990 * kOne + 12345;
    std::vector<float> whole(frames);
    const int n_whole =
        fns->sample_read_fixed(l.data(), nullptr, 0, 9000 * kOne, pos, inc, whole.data(), nullptr, frames);
    for (int chunk : {1, 13, 16, 64, 500}) {
      std::vector<float> split(frames);
      int n_split = 0;
      bool leading = true;
      for (int i = 0; i < frames; i += chunk) {
        const int m = std::min(chunk, frames - i);
        const int got =
            fns->sample_read_fixed(l.data(), nullptr, 0, 9000 * kOne, pos + i * inc, inc, split.data() + i, nullptr, m);
        if (leading) n_split += got;
        leading = leading && got == m;
      }
      ASSERT_EQ(n_whole, n_split) << GetParam();
      ASSERT_EQ(std::memcmp(whole.data(), split.data(), sizeof(float) * frames), 0)
          << GetParam() << " inc " << inc << " chunk " << chunk;
    }
  }
}

// A source whose last readable float (the guard's last, data()[len + 3]) ends a page and whose next page is
// inaccessible, so a read past the guard crashes the test; 4 readable guard frames before data()[0].
class GuardedSource {
 public:
  GuardedSource(int len, unsigned seed) {
#if defined(__unix__)
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t need = sizeof(float) * static_cast<size_t>(len + 8);
    bytes_ = (need + page_ - 1) / page_ * page_ + page_;
    void* m = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return;
    map_ = static_cast<char*>(m);
    if (mprotect(map_ + bytes_ - page_, page_, PROT_NONE) != 0) return;
    float* buf = reinterpret_cast<float*>(map_ + bytes_ - page_ - need);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (int i = 0; i < len + 8; ++i) buf[i] = (i >= 4 && i < len + 4) ? d(rng) : 0.0f;
    data_ = buf + 4;
#else
    (void)len, (void)seed;
#endif
  }
  ~GuardedSource() {
#if defined(__unix__)
    if (map_) munmap(map_, bytes_);
#endif
  }
  GuardedSource(const GuardedSource&) = delete;
  GuardedSource& operator=(const GuardedSource&) = delete;
  const float* data() const { return data_; }

 private:
  char* map_ = nullptr;
  size_t page_ = 0, bytes_ = 0;
  const float* data_ = nullptr;
};

// Speeds around the vector paths' window limits (AVX2: span of 8 lanes' integer positions <= 15, i.e. |inc|
// near 2 and 15/7; AVX-512: 16 lanes <= 28, |inc| near 28/15), forwards and backwards, reading up to and past the
// window's edges at both ends of a source that ends at a page boundary: same count as the reference, frames
// within 2e-6 of it, and the same bits whatever the call split (so batches on the permute path, the gather path
// and the partial-batch path agree exactly).
TEST_P(LanesKernelSampleRead, WindowLimitsAndEdges) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  constexpr int len = 2000;
  const GuardedSource l(len, 21), r(len, 22);
  if (!l.data() || !r.data()) GTEST_SKIP() << "no guarded pages on this platform";
  const int64_t mags[] = {kOne + 1,      kOne + 12345,       6 * kOne / 5,      11 * kOne / 8,     3 * kOne / 2,
                          11 * kOne / 7, 11 * kOne / 7 + 1,  12 * kOne / 7 - 1, 12 * kOne / 7 + 1, 17 * kOne / 10,
                          7 * kOne / 4,  28 * kOne / 15 + 3, 9 * kOne / 10 + 7, kOne - 1,          2 * kOne - 1,
                          2 * kOne + 1,  15 * kOne / 7 - 1,  15 * kOne / 7 + 1, 16 * kOne / 7,     5 * kOne / 2};
  const int64_t ends[] = {static_cast<int64_t>(len) * kOne, static_cast<int64_t>(len) * kOne - kOne / 3};
  int case_no = 0;
  for (int64_t mag : mags) {
    for (int sign : {1, -1}) {
      for (int64_t end : ends) {
        for (int phase : {0, 1, 2}) {
          ++case_no;
          const int64_t inc = sign * mag;
          const int64_t begin = (phase == 2 ? kOne : 0) + kOne / 7;
          // Forwards: from ~300 frames before the end to past it; backwards: from just below the end to past the
          // beginning.
          const int64_t pos = sign > 0 ? end - 300 * kOne + phase * 987654321 : end - 1 - phase * 123456789;
          const int n = sign > 0 ? 400 : static_cast<int>((pos - begin) / mag) + 20;
          const float* ch1 = case_no % 2 ? r.data() : nullptr;
          std::vector<float> a0(n, 5.f), a1(n, 5.f), b0(n, 6.f), b1(n, 6.f);
          const int na = fns->sample_read_fixed(l.data(), ch1, begin, end, pos, inc, a0.data(), a1.data(), n);
          const int nb = sample_read_fixed_reference(l.data(), ch1, begin, end, pos, inc, b0.data(), b1.data(), n);
          ASSERT_EQ(na, nb) << GetParam() << " inc " << inc;
          for (int i = 0; i < n; ++i) {
            ASSERT_NEAR(a0[i], b0[i], 2e-6) << GetParam() << " inc " << inc << " end " << end << " i " << i;
            ASSERT_NEAR(a1[i], b1[i], 2e-6) << GetParam() << " inc " << inc << " end " << end << " i " << i;
          }
          for (int chunk : {1, 3, 7, 9, 17, 40}) {
            std::vector<float> s0(n, 7.f), s1(n, 7.f);
            for (int i = 0; i < n; i += chunk) {
              const int m = std::min(chunk, n - i);
              fns->sample_read_fixed(l.data(), ch1, begin, end, pos + i * inc, inc, s0.data() + i, s1.data() + i, m);
            }
            ASSERT_EQ(std::memcmp(a0.data(), s0.data(), sizeof(float) * n), 0)
                << GetParam() << " inc " << inc << " end " << end << " chunk " << chunk;
            ASSERT_EQ(std::memcmp(a1.data(), s1.data(), sizeof(float) * n), 0)
                << GetParam() << " inc " << inc << " end " << end << " chunk " << chunk;
          }
        }
      }
    }
  }
}

// The double entry point reads exactly what the fixed one reads at the converted position and speed.
TEST_P(LanesKernelSampleRead, DoubleEntryPointIsTheFixedOne) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  const Source l(3000, 2);
  for (double inc : {1.0, 0.9, -1.3, 2.7}) {
    const double pos = inc > 0 ? 100.3 : 2900.6;
    std::vector<float> a(700), b(700);
    const int na = fns->sample_read(l.data(), nullptr, 0.0, 3000.0, pos, inc, a.data(), nullptr, 700);
    const int nb = fns->sample_read_fixed(l.data(), nullptr, 0, 3000 * kOne, sample_pos_fixed(pos),
                                          sample_inc_fixed(inc), b.data(), nullptr, 700);
    ASSERT_EQ(na, nb);
    ASSERT_EQ(std::memcmp(a.data(), b.data(), sizeof(float) * 700), 0) << GetParam() << " inc " << inc;
  }
  EXPECT_EQ(sample_pos_fixed(1.5), 3 * kOne / 2);
  EXPECT_EQ(sample_inc_fixed(-0.25), -kOne / 4);
  EXPECT_EQ(sample_pos_fixed(1e30), static_cast<int64_t>(268435456.0 * 4294967296.0));  // clamped to 2^28 frames
  EXPECT_EQ(sample_pos_fixed(std::nan("")), -static_cast<int64_t>(268435456.0 * 4294967296.0));
}

// Exact positions: at speed 0.9 the source position of output frame i is start + i * 0.9 to within one 2^-32
// step of the speed per frame, so 10^6 frames in stay within 3e-4 frames of the exact value (pitch accuracy);
// the fraction the reader uses is the position's low 32 bits truncated to 24.
TEST(LanesKernelSampleReadPitch, FixedPositionsStayOnPitch) {
  const int64_t inc = sample_inc_fixed(0.9);
  const double err_per_frame = std::fabs(static_cast<double>(inc) / 4294967296.0 - 0.9);
  EXPECT_LE(err_per_frame, 0.5 / 4294967296.0);
  EXPECT_LT(err_per_frame * 1e6, 3e-4);
}

// A zero fraction reads the frame itself, bit for bit, on every architecture and the reference: at speed 1 (the
// copy path) and at other speeds where a lane lands on a whole frame -- also for -0.0 and next to a NaN, where the
// Hermite sum would differ (sign of zero) or be NaN.
TEST_P(LanesKernelSampleRead, ZeroFractionReadsTheFrameExactly) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  Source l(400, 9);
  for (int k = 20; k < 380; k += 7) l.buf[4 + k] = -0.0f;
  l.buf[4 + 101] = std::nanf("");
  const int frames = 300;
  const int64_t begin = 0, end = 400 * kOne;
  for (const int64_t inc : {kOne, 2 * kOne, -kOne, kOne / 2}) {
    const int64_t pos = inc > 0 ? 3 * kOne : 390 * kOne;
    std::vector<float> a0(frames), a1(frames), b0(frames), b1(frames);
    fns->sample_read_fixed(l.data(), nullptr, begin, end, pos, inc, a0.data(), a1.data(), frames);
    sample_read_fixed_reference(l.data(), nullptr, begin, end, pos, inc, b0.data(), b1.data(), frames);
    for (int i = 0; i < frames; ++i) {
      const int64_t p = pos + i * inc;
      if (p < begin || p >= end || (p & 0xffffffff) != 0) continue;
      const float want = l.data()[p >> 32];
      ASSERT_EQ(std::memcmp(&a0[i], &want, sizeof(float)), 0) << GetParam() << " inc " << inc << " i " << i;
      ASSERT_EQ(std::memcmp(&b0[i], &want, sizeof(float)), 0) << "reference, inc " << inc << " i " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Archs, LanesKernelSampleRead, ::testing::ValuesIn(archs_under_test()),
                         test_archs::ArchTestName());

}  // namespace
}  // namespace phonon::kern
