// Voice kernels (sample_read, ramp, pan_mix_add, biquad): every available architecture against the scalar
// reference, plus sound checks.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>
#include <string>
#include <vector>

#include "kernels/arch/arch_table.hpp"
#include "kernels/env/ramp.hpp"
#include "kernels/filter/biquad_voice.hpp"
#include "kernels/kernel.hpp"
#include "kernels/mix/pan_mix.hpp"
#include "kernels/sample/sample_read.hpp"
#include "tests/unit/kernel_archs.hpp"

namespace phonon::kern {
namespace {

constexpr int kBlockSizes[] = {1, 7, 64, 512};

using test_archs::archs_under_test;

// A planar source with 4 zero guard frames on each side, as the runtime's sample bank provides.
struct Source {
  std::vector<float> buf;
  int len;
  explicit Source(int n, unsigned seed) : buf(n + 8, 0.0f), len(n) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (int i = 0; i < n; ++i) buf[4 + i] = d(rng);
  }
  const float* data() const { return buf.data() + 4; }
};

class KernelVoiceArch : public ::testing::TestWithParam<std::string> {};

// Tolerance: 2e-6 absolute (sources in [-1,1]; differences come only from FMA contraction and the inc==1 fast path
// computing the fraction once per block).
TEST_P(KernelVoiceArch, SampleReadMatchesReference) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  const Source l(3000, 1), r(3000, 2);
  struct Case {
    double begin, end, pos, inc;
  };
  const Case cases[] = {{0, 3000, 0.0, 1.0},
                        {0, 3000, 10.25, 1.0},
                        {100, 2000, 100.5, 0.5},
                        {0, 3000, 3.3, 1.7},
                        {0, 3000, 2999.0, -1.0},
                        {500, 2500, 2400.9, -0.73},
                        {0, 700, 650.125, 1.0},
                        {0, 3000, 2990.5, 2.0},
                        {200, 300, 150.0, 1.0},
                        {0, 3000, 1234.0, 0.0},
                        // The window-permute path (|inc| <= ~1.87) and its edges: the last batches before `end`
                        // (fractional and integer ends), the span limit, reverse reads.
                        {0, 3000, 17.3, 0.9},
                        {0, 2500.5, 2100.7, 0.9},
                        {0, 3000, 2600.2, 1.85},
                        {0, 3000, 5.0, 1.875},
                        {0, 3000, 2.0, 1.9},
                        {10, 3000, 2999.5, -1.5},
                        {0, 1000, 990.0, -1.87},
                        {0, 3000, 0.0, 0.3}};
  for (int frames : kBlockSizes) {
    for (const Case& c : cases) {
      for (int stereo = 0; stereo < 2; ++stereo) {
        std::vector<float> a0(frames, 9.f), a1(frames, 9.f), b0(frames, 7.f), b1(frames, 7.f);
        const float* ch1 = stereo ? r.data() : nullptr;
        const int na = fns->sample_read(l.data(), ch1, c.begin, c.end, c.pos, c.inc, a0.data(), a1.data(), frames);
        const int nb = sample_read_reference(l.data(), ch1, c.begin, c.end, c.pos, c.inc, b0.data(), b1.data(), frames);
        ASSERT_EQ(na, nb) << GetParam() << " frames=" << frames << " pos=" << c.pos << " inc=" << c.inc;
        for (int i = 0; i < frames; ++i) {
          ASSERT_NEAR(a0[i], b0[i], 2e-6) << GetParam() << " i=" << i << " pos=" << c.pos << " inc=" << c.inc;
          ASSERT_NEAR(a1[i], b1[i], 2e-6) << GetParam() << " i=" << i;
        }
      }
    }
  }
}

// Random positions, speeds and windows (including starts outside [begin, end), reverse and zero speed): the
// returned count and every frame must match the reference. Tolerance as above.
TEST_P(KernelVoiceArch, SampleReadRandomWindows) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  const Source l(5000, 11), r(5000, 12);
  std::mt19937 rng(77);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int iter = 0; iter < 3000; ++iter) {
    const int frames = 1 + static_cast<int>(u(rng) * 300);
    double begin = std::floor(u(rng) * 2500), end = begin + std::floor(u(rng) * 2500);
    if (iter % 3 == 0) begin += u(rng), end -= u(rng);  // fractional window edges
    if (end < begin) end = begin;
    const double pos = begin - 50 + u(rng) * (end - begin + 100);
    const double speeds[] = {1.0, -1.0, 0.0, 0.25, 2.5, -0.7, u(rng) * 8 - 4};
    const double inc = speeds[iter % 7];
    const float* ch1 = iter % 2 ? r.data() : nullptr;
    std::vector<float> a0(frames), a1(frames), b0(frames), b1(frames);
    const int na = fns->sample_read(l.data(), ch1, begin, end, pos, inc, a0.data(), a1.data(), frames);
    const int nb = sample_read_reference(l.data(), ch1, begin, end, pos, inc, b0.data(), b1.data(), frames);
    ASSERT_EQ(na, nb) << "iter " << iter << " pos " << pos << " inc " << inc << " [" << begin << "," << end << ")";
    for (int i = 0; i < frames; ++i) {
      ASSERT_NEAR(a0[i], b0[i], 2e-6) << "iter " << iter << " i " << i;
      ASSERT_NEAR(a1[i], b1[i], 2e-6) << "iter " << iter << " i " << i;
    }
  }
}

// Mono sources with out1 == nullptr: out0 as with an out1 buffer, nothing written through out1 (tolerance 2e-6
// against the reference, as above).
TEST_P(KernelVoiceArch, SampleReadMonoWithoutSecondOutput) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  const Source l(4000, 5);
  for (double inc : {0.9, -0.9, 1.0, 1.6, 3.1}) {
    for (int frames : kBlockSizes) {
      std::vector<float> a0(frames), b0(frames), b1(frames);
      const double pos = inc > 0 ? 100.25 : 3900.75;
      const int na = fns->sample_read(l.data(), nullptr, 0, 4000, pos, inc, a0.data(), nullptr, frames);
      const int nb = sample_read_reference(l.data(), nullptr, 0, 4000, pos, inc, b0.data(), b1.data(), frames);
      ASSERT_EQ(na, nb) << GetParam() << " inc " << inc;
      for (int i = 0; i < frames; ++i) ASSERT_NEAR(a0[i], b0[i], 2e-6) << GetParam() << " inc " << inc << " i " << i;
    }
  }
}

// Tolerance: relative 1e-6 of the largest magnitude in the ramp.
TEST_P(KernelVoiceArch, RampMatchesReference) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  for (int frames : kBlockSizes) {
    for (float start : {0.0f, 1.0f, -0.3f}) {
      for (float step : {0.0f, 1e-3f, -2.5e-4f}) {
        std::vector<float> a(frames), b(frames);
        fns->ramp(a.data(), start, step, frames);
        ramp_reference(b.data(), start, step, frames);
        const float mag = std::fabs(start) + std::fabs(step) * frames + 1e-6f;
        for (int i = 0; i < frames; ++i) ASSERT_NEAR(a[i], b[i], 1e-6f * mag) << i;
        EXPECT_EQ(b[0], start);
      }
    }
  }
}

// Tolerance: 1e-6 absolute (inputs in [-1,1], gains <= 1, accumulators start in [-1,1]).
TEST_P(KernelVoiceArch, PanMixAddMatchesReference) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  for (int frames : kBlockSizes) {
    for (int use_env = 0; use_env < 2; ++use_env) {
      std::vector<float> in0(frames), in1(frames), env(frames), al(frames), ar(frames);
      for (int i = 0; i < frames; ++i) {
        in0[i] = d(rng), in1[i] = d(rng), env[i] = 0.5f + 0.5f * d(rng), al[i] = d(rng), ar[i] = d(rng);
      }
      std::vector<float> bl = al, br = ar;
      const float* e = use_env ? env.data() : nullptr;
      fns->pan_mix_add(in0.data(), in1.data(), e, 0.6f, 0.8f, al.data(), ar.data(), frames);
      pan_mix_add_reference(in0.data(), in1.data(), e, 0.6f, 0.8f, bl.data(), br.data(), frames);
      for (int i = 0; i < frames; ++i) {
        ASSERT_NEAR(al[i], bl[i], 1e-6f);
        ASSERT_NEAR(ar[i], br[i], 1e-6f);
      }
    }
  }
}

// The envelope-segment form: env[i] = e0 + i * de generated in the kernel. Tolerance 1e-6 absolute (|values| <= ~3;
// FMA contraction only). Also checked against the two-step form the runtime used before (ramp into a buffer, then
// pan_mix_add), with the same tolerance.
TEST_P(KernelVoiceArch, PanMixAddRampMatchesReference) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  const float ramps[][2] = {{0.0f, 1.0f / 441}, {1.0f, 0.0f}, {0.97f, -1.0f / 43659}, {0.3f, -1e-3f}};
  for (int frames : kBlockSizes) {
    for (const auto& rp : ramps) {
      std::vector<float> in0(frames), in1(frames), env(frames), al(frames), ar(frames);
      for (int i = 0; i < frames; ++i) in0[i] = d(rng), in1[i] = d(rng), al[i] = d(rng), ar[i] = d(rng);
      std::vector<float> bl = al, br = ar, cl = al, cr = ar;
      fns->pan_mix_add_ramp(in0.data(), in1.data(), rp[0], rp[1], 0.6f, 0.8f, al.data(), ar.data(), frames);
      pan_mix_add_ramp_reference(in0.data(), in1.data(), rp[0], rp[1], 0.6f, 0.8f, bl.data(), br.data(), frames);
      ramp_reference(env.data(), rp[0], rp[1], frames);
      pan_mix_add_reference(in0.data(), in1.data(), env.data(), 0.6f, 0.8f, cl.data(), cr.data(), frames);
      for (int i = 0; i < frames; ++i) {
        ASSERT_NEAR(al[i], bl[i], 1e-6f) << GetParam() << " frames " << frames << " i " << i;
        ASSERT_NEAR(ar[i], br[i], 1e-6f) << GetParam() << " frames " << frames << " i " << i;
        ASSERT_NEAR(bl[i], cl[i], 1e-6f) << i;
        ASSERT_NEAR(br[i], cr[i], 1e-6f) << i;
      }
    }
  }
}

// Runs 2048 frames through consecutive blocks (state carried). The block state-space form sums the same terms in a
// different order, so both are compared with a double-precision recursion. The block form multiplies the state by
// A^k (k < W), which amplifies rounding by up to ~W for poles near z = 1 (low cutoff, high Q): measured worst case
// is 2.4x the scalar reference's error at 60 Hz, Q 8 (2.7e-4 absolute, about -85 dB below the peak). Tolerance:
// max error <= 16x the scalar float reference's own max error + 1e-6.
TEST_P(KernelVoiceArch, BiquadMatchesReference) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  const BiquadCoefs coefs[] = {biquad_lowpass(800, 0.707f, 44100), biquad_lowpass(60, 8.0f, 44100),
                               biquad_highpass(3000, 2.0f, 48000), biquad_bandpass(1000, 5.0f, 44100),
                               biquad_lowpass(20000, 0.5f, 44100), biquad_notch(440, 1.0f, 44100)};
  for (int frames : kBlockSizes) {
    for (const BiquadCoefs& c : coefs) {
      const int total = 2048;
      std::vector<float> a(total), b(total);
      std::vector<double> exact(total);
      for (int i = 0; i < total; ++i) a[i] = b[i] = d(rng);
      double z1 = 0, z2 = 0;
      for (int i = 0; i < total; ++i) {
        const double x = a[i], y = c.b0 * x + z1;
        z1 = c.b1 * x - c.a1 * y + z2;
        z2 = c.b2 * x - c.a2 * y;
        exact[i] = y;
      }
      float za[2] = {0, 0}, zb[2] = {0, 0};
      for (int off = 0; off < total; off += frames) {
        const int n = std::min(frames, total - off);
        fns->biquad_process(c, za, a.data() + off, n);
        biquad_process_reference(c, zb, b.data() + off, n);
      }
      double err_a = 0, err_b = 0;
      for (int i = 0; i < total; ++i) {
        err_a = std::max(err_a, std::fabs(a[i] - exact[i]));
        err_b = std::max(err_b, std::fabs(b[i] - exact[i]));
      }
      EXPECT_LE(err_a, 16 * err_b + 1e-6) << GetParam() << " frames=" << frames << " b0=" << c.b0;
    }
  }
}

// Lanes across voices: 0..37 voices with different coefficients, consecutive blocks, against the per-voice
// reference. Same operations per lane as the reference, so the only differences come from FMA contraction in the
// -mfma builds: tolerance 1e-5 * (1 + peak).
TEST_P(KernelVoiceArch, BiquadLanesMatchesReference) {
  const VoiceFns* fns = voice_fns_for_arch(GetParam());
  ASSERT_NE(fns, nullptr);
  std::mt19937 rng(21);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  for (int count : {0, 1, 3, 16, 37}) {
    for (int frames : kBlockSizes) {
      std::vector<BiquadCoefs> c;
      for (int v = 0; v < count; ++v) {
        const float f = 50.0f + 8000.0f * (0.5f + 0.5f * d(rng)), q = 0.5f + 4.0f * (0.5f + 0.5f * d(rng));
        c.push_back(v % 3 == 0   ? biquad_lowpass(f, q, 44100)
                    : v % 3 == 1 ? biquad_highpass(f, q, 44100)
                                 : biquad_bandpass(f, q, 44100));
      }
      std::vector<std::vector<float>> a(count, std::vector<float>(frames)), b;
      std::vector<float> za(2 * count, 0.0f), zb(2 * count, 0.0f);
      for (int block = 0; block < 4; ++block) {
        for (auto& v : a)
          for (float& x : v) x = d(rng);
        b = a;
        std::vector<float*> pa, pb;
        for (auto& v : a) pa.push_back(v.data());
        for (auto& v : b) pb.push_back(v.data());
        fns->biquad_process_lanes(c.data(), za.data(), pa.data(), count, frames);
        biquad_process_lanes_reference(c.data(), zb.data(), pb.data(), count, frames);
        for (int v = 0; v < count; ++v) {
          float peak = 0;
          for (float y : b[v]) peak = std::max(peak, std::fabs(y));
          for (int i = 0; i < frames; ++i) {
            ASSERT_NEAR(a[v][i], b[v][i], 1e-5f * (1 + peak)) << GetParam() << " voice " << v << " i " << i;
          }
          ASSERT_NEAR(za[2 * v], zb[2 * v], 1e-5f * (1 + peak));
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(KernelArchs, KernelVoiceArch, ::testing::ValuesIn(archs_under_test()),
                         test_archs::ArchTestName());

TEST(KernelSampleRead, IntegerPositionsReproduceTheSource) {
  const Source s(100, 3);
  std::vector<float> o0(64), o1(64);
  const int n = sample_read(s.data(), nullptr, 0, 100, 10.0, 1.0, o0.data(), o1.data(), 64);
  EXPECT_EQ(n, 64);
  for (int i = 0; i < 64; ++i) {
    EXPECT_FLOAT_EQ(o0[i], s.data()[10 + i]);
    EXPECT_FLOAT_EQ(o1[i], o0[i]);  // mono copies
  }
}

TEST(KernelSampleRead, EndsAtEndAndInterpolatesSmoothly) {
  // A slow sine read at half speed: Hermite interpolation error is tiny for smooth signals.
  const int len = 1000;
  std::vector<float> buf(len + 8, 0.0f);
  for (int i = 0; i < len; ++i) buf[4 + i] = std::sin(2 * M_PI * i / 50.0);
  std::vector<float> o0(512), o1(512);
  const int n = sample_read(buf.data() + 4, nullptr, 0, len, 800.0, 0.5, o0.data(), o1.data(), 512);
  EXPECT_EQ(n, 400);  // positions 800 .. 999.5 are inside, 1000 is not
  // (the last 4 frames interpolate towards the zero guard frames, so the comparison stops before them)
  for (int i = 0; i < 396; ++i) EXPECT_NEAR(o0[i], std::sin(2 * M_PI * (800 + 0.5 * i) / 50.0), 2e-4) << i;
  for (int i = 400; i < 512; ++i) EXPECT_EQ(o0[i], 0.0f);
  // Reverse: from 5 backwards, positions 5,4,..,0 inside, -1 outside.
  EXPECT_EQ(sample_read(buf.data() + 4, nullptr, 0, len, 5.0, -1.0, o0.data(), o1.data(), 16), 6);
}

// Magnitude response of the RBJ low-pass measured with steady-state sine bursts vs the analytic |H(e^jw)|, within
// 0.5 dB for frequencies up to the cutoff.
TEST(KernelBiquad, LowpassMagnitudeMatchesAnalyticCurve) {
  const float rate = 44100, fc = 1000, q = 0.707f;
  const BiquadCoefs c = biquad_lowpass(fc, q, rate);
  for (double f : {50.0, 100.0, 200.0, 400.0, 700.0, 1000.0, 2000.0, 5000.0}) {
    const int n = 44100;
    std::vector<float> x(n);
    for (int i = 0; i < n; ++i) x[i] = static_cast<float>(std::sin(2 * M_PI * f * i / rate));
    float z[2] = {0, 0};
    for (int off = 0; off < n; off += 512) biquad_process(c, z, x.data() + off, std::min(512, n - off));
    double e = 0;
    for (int i = n / 2; i < n; ++i) e += double(x[i]) * x[i];
    const double measured_db = 10 * std::log10(e / (n / 2) / 0.5);
    const std::complex<double> zi = std::polar(1.0, -2 * M_PI * f / rate);
    const std::complex<double> h = (double(c.b0) + double(c.b1) * zi + double(c.b2) * zi * zi) /
                                   (1.0 + double(c.a1) * zi + double(c.a2) * zi * zi);
    const double analytic_db = 20 * std::log10(std::abs(h));
    // Independent check of the design: RBJ LPF at Q=0.707 is -3 dB at the cutoff.
    if (f == fc) {
      EXPECT_NEAR(analytic_db, -3.0, 0.05);
    }
    if (f <= 100) {
      EXPECT_NEAR(analytic_db, 0.0, 0.01);
    }
    EXPECT_NEAR(measured_db, analytic_db, f <= fc ? 0.5 : 1.0) << f;
  }
}

TEST(KernelBiquad, StateFlushesToZeroAfterImpulse) {
  const BiquadCoefs c = biquad_lowpass(200, 4.0f, 44100);
  float z[2] = {0, 0};
  std::vector<float> buf(512, 0.0f);
  buf[0] = 1.0f;
  biquad_process(c, z, buf.data(), 512);
  EXPECT_NE(z[0], 0.0f);
  for (int b = 0; b < 2000; ++b) {
    std::fill(buf.begin(), buf.end(), 0.0f);
    biquad_process(c, z, buf.data(), 512);
  }
  EXPECT_EQ(z[0], 0.0f);
  EXPECT_EQ(z[1], 0.0f);
  EXPECT_EQ(buf[511], 0.0f);
}

TEST(KernelBiquad, CoefficientsAreClampedToStableFilters) {
  for (float f : {-5.0f, 0.0f, 1e6f, std::nanf("")}) {
    for (float q : {0.0f, -1.0f, 0.01f, 100.0f}) {
      const BiquadCoefs c = biquad_lowpass(f, q, 44100);
      // Stability triangle: |a2| < 1 and |a1| < 1 + a2.
      EXPECT_LT(std::fabs(c.a2), 1.0f);
      EXPECT_LT(std::fabs(c.a1), 1.0f + c.a2);
      EXPECT_TRUE(std::isfinite(c.b0));
    }
  }
}

}  // namespace
}  // namespace phonon::kern
