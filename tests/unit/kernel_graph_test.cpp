// Every registered graph kernel, on every available architecture, against its scalar reference.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "kernels/kernel.hpp"
#include "tests/unit/kernel_archs.hpp"

namespace phonon::kern {
namespace {

constexpr int kBlockSizes[] = {1, 7, 64, 512};
constexpr float kRate = 44100.0f;
constexpr int kTotal = 2048;  // frames per comparison run (state carried across blocks)

// Relative tolerance per kernel: |process - reference| <= tol * max(1, |reference|). Stateless vectorised kernels
// differ from their references only by xsimd's transcendental approximations (sin, exp2, tanh: < 4 ulp) and FMA
// contraction; kernels whose recursive core is shared with the reference are bit-identical except where the
// compiler contracts a*b+c into FMA in the -mfma arch builds: in chorus/flanger that moves the fractional read
// position by ~1e-5 samples, which on white-noise input (slope up to 2 per sample) gives up to ~6e-5. The
// RBJ-response filters run their reference (a double-precision state-variable filter) everywhere except
// constant-coefficient blocks, which use a float block state-space form with double matrices and state:
// measured < 3e-7.
double tolerance_for(std::string_view name) {
  static const std::map<std::string, double, std::less<>> tol = {
      {"osc.fm", 2e-5},      {"math.mtof", 2e-6},      {"fx.distort", 2e-6}, {"mix.pan", 2e-6},
      {"filter.lpf", 2e-6},  {"filter.hpf", 2e-6},     {"filter.bpf", 2e-6}, {"filter.notch", 2e-6},
      {"filter.rlpf", 2e-6}, {"filter.rhpf", 2e-6},    {"fx.chorus", 2e-4},  {"fx.flanger", 2e-4},
      {"fx.phaser", 1e-5},   {"fx.dirt_reverb", 1e-5},  // a feedback loop: FMA contraction differs
  };
  auto it = tol.find(name);
  return it == tol.end() ? 1e-6 : it->second;
}

// Plausible input signals by port name (the compiler's conventions for units).
std::vector<float> make_input(std::string_view port, std::mt19937& rng) {
  std::vector<float> v(kTotal);
  auto uni = [&](float lo, float hi) {
    std::uniform_real_distribution<float> d(lo, hi);
    return d(rng);
  };
  // Piecewise-constant segments with occasional per-sample variation, to exercise both code paths.
  auto segments = [&](float lo, float hi) {
    int i = 0;
    while (i < kTotal) {
      const int len = 1 + static_cast<int>(uni(0, 700));
      const bool varying = uni(0, 1) < 0.3f;
      const float c = uni(lo, hi);
      for (int k = 0; k < len && i < kTotal; ++k, ++i) v[i] = varying ? uni(lo, hi) : c;
    }
  };
  if (port == "freq" || port == "carrier" || port == "modulator") segments(20, 2000);
  else if (port == "width") segments(0, 1);
  else if (port == "index") segments(0, 5);
  else if (port == "midi") segments(0, 127);
  else if (port == "cutoff") segments(30, 15000);
  else if (port == "q") segments(0.1f, 10);
  else if (port == "res") segments(0, 1);
  else if (port == "gate") {
    segments(0, 1);
    for (float& x : v) x = x > 0.5f ? 1.0f : 0.0f;
  } else if (port == "time") segments(0.0005f, 0.5f);
  else if (port == "feedback") segments(0, 0.95f);
  else if (port == "mix" || port == "room" || port == "damping" || port == "pan" || port == "depth") segments(0, 1);
  else if (port == "rate") segments(0.05f, 5);
  else if (port == "drive") segments(0, 4);
  else if (port == "bits") segments(1, 16);
  else if (port == "downsample") segments(1, 8);
  else if (port == "shape") segments(0, 1);
  else if (port == "crush") segments(1, 16);
  else if (port == "coarse") segments(1, 10);
  else if (port == "gain") segments(0, 2);
  else if (port == "b") {
    segments(-2, 2);
    for (int i = 0; i < kTotal; i += 5) v[i] = 0.0f;  // division by zero must give 0
  } else {
    for (float& x : v) x = uni(-1, 1);
  }
  return v;
}

struct Instance {
  const KernelSpec& spec;
  std::vector<float> params, state;
  explicit Instance(const KernelSpec& s) : spec(s) {
    params = s.param_defaults;
    params.resize(s.params.size(), 0.0f);
    state.assign(state_floats_for(s, params.data(), kRate), 0.0f);
    if (s.init) s.init(state.data(), params.data(), kRate);
  }
  // Runs kTotal frames through `fn` in blocks of `block` frames.
  std::vector<std::vector<float>> run(KernelFn fn, const std::vector<std::vector<float>>& inputs, int block) {
    std::vector<std::vector<float>> outs(spec.outputs.size(), std::vector<float>(kTotal, 0.0f));
    std::vector<const float*> in(inputs.size());
    std::vector<float*> out(outs.size());
    for (int off = 0; off < kTotal; off += block) {
      const int n = std::min(block, kTotal - off);
      for (std::size_t k = 0; k < inputs.size(); ++k) in[k] = inputs[k].data() + off;
      for (std::size_t k = 0; k < outs.size(); ++k) out[k] = outs[k].data() + off;
      const KernelArgs args{in.data(), out.data(), state.data(), params.data(), n, kRate};
      fn(args);
    }
    return outs;
  }
};

class KernelGraphArch : public ::testing::TestWithParam<std::string> {};

TEST_P(KernelGraphArch, EveryKernelMatchesReference) {
  const std::string arch = GetParam();
  for (const KernelSpec* spec : all_kernels()) {
    const KernelFn fn = process_for_arch(*spec, arch);
    ASSERT_NE(fn, nullptr) << spec->name;
    std::mt19937 rng(1234);
    std::vector<std::vector<float>> inputs;
    for (auto port : spec->inputs) inputs.push_back(make_input(port, rng));
    const double tol = tolerance_for(spec->name);
    for (int block : kBlockSizes) {
      Instance a(*spec), b(*spec);
      const auto got = a.run(fn, inputs, block);
      const auto want = b.run(spec->reference, inputs, block);
      for (std::size_t o = 0; o < got.size(); ++o) {
        double worst = 0;
        int worst_i = 0;
        for (int i = 0; i < kTotal; ++i) {
          ASSERT_TRUE(std::isfinite(got[o][i])) << spec->name << " " << arch << " i=" << i;
          const double err = std::fabs(got[o][i] - want[o][i]) / std::max(1.0, std::fabs(double(want[o][i])));
          if (err > worst) worst = err, worst_i = i;
        }
        EXPECT_LE(worst, tol) << spec->name << " output " << spec->outputs[o] << " arch " << arch << " block " << block
                              << " at frame " << worst_i << ": " << got[o][worst_i] << " vs " << want[o][worst_i];
      }
    }
  }
}

// Block size must not change the result of the dispatched kernels beyond rounding (1 vs 512 frames).
TEST(KernelGraph, BlockSizeInvariance) {
  for (const KernelSpec* spec : all_kernels()) {
    std::mt19937 rng(99);
    std::vector<std::vector<float>> inputs;
    for (auto port : spec->inputs) inputs.push_back(make_input(port, rng));
    Instance a(*spec), b(*spec);
    const auto x = a.run(spec->process, inputs, 1);
    const auto y = b.run(spec->process, inputs, 512);
    for (std::size_t o = 0; o < x.size(); ++o) {
      for (int i = 0; i < kTotal; ++i) {
        ASSERT_NEAR(x[o][i], y[o][i], 2 * tolerance_for(spec->name) * std::max(1.0f, std::fabs(y[o][i])))
            << spec->name << " i=" << i;
      }
    }
  }
}

using test_archs::archs_under_test;

INSTANTIATE_TEST_SUITE_P(KernelArchs, KernelGraphArch, ::testing::ValuesIn(archs_under_test()),
                         test_archs::ArchTestName());

}  // namespace
}  // namespace phonon::kern
