// Every example renders the same at block sizes 1, 64 and 512.
//
// Tolerance: 1e-4 absolute (-80 dBFS) per sample, against the 512-frame render. The engine's contract is
// sample-accurate onsets and kernels whose coefficient updates count frames from the instance start (every 16
// frames), so most programs are bit-identical; the test also reports how many examples were not, so a
// regression from "identical" to "within tolerance" is visible in the log. Envelopes and ramps evaluated per
// block may differ by float rounding, which the tolerance absorbs.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/render/audio_checks.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;
using namespace audio_checks;

std::vector<std::string> all_examples() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(fs::path(PHONON_SOURCE_DIR) / "examples"))
    if (e.is_regular_file() && e.path().extension() == ".ph") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Max absolute difference allowed per sample: float rounding of block-wise vector code (the per-voice biquads
// evaluate W frames at once in state-space form, measured up to ~1.3e-5 on ctl_cutoff).
constexpr double kTolerance = 1e-4;

// Examples that currently depend on the block size because of engine bugs (see the examples helper's report).
// Each still runs: it is skipped while the difference persists and fails once it is gone.
const std::vector<std::pair<std::string, const char*>> kKnownIssues = {};

class ExampleBlockSize : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleBlockSize, SameAudioAtBlockSizes1And64And512) {
  const std::string name = GetParam();
  const std::string code = read_text((fs::path(PHONON_SOURCE_DIR) / "examples" / (name + ".ph")).string());
  auto render_at = [&](int block) {
    RenderOptions o;
    o.seconds = 1.5;
    o.block = block;
    o.limiter = true;
    if (name == "m") o.sample_roots = {std::string(PHONON_TEST_SAMPLES)};
    return render_source(code, o, name + ".ph");
  };
  const char* known = nullptr;
  for (const auto& [n, why] : kKnownIssues)
    if (name == n) known = why;
  double worst = 0.0;
  Stereo ref = render_at(512);
  ASSERT_GT(ref.frames(), 0u);
  for (int block : {64, 1}) {
    Stereo s = render_at(block);
    ASSERT_EQ(s.frames(), ref.frames());
    double d = std::max(max_abs_diff(s.l, ref.l), max_abs_diff(s.r, ref.r));
    worst = std::max(worst, d);
    if (!known) {
      EXPECT_LE(d, kTolerance) << name << ": block " << block << " differs from block 512 by " << d;
    }
    if (d > 0 && d <= kTolerance)
      std::printf("[ info ] %s: block %d differs from 512 by %.3g (within tolerance)\n", name.c_str(), block, d);
  }
  if (known) {
    // A known issue: still there (skip, visibly), or fixed (then this list must be updated).
    if (worst > kTolerance) GTEST_SKIP() << "known block-size dependence (" << worst << "): " << known;
    ADD_FAILURE() << name << " now renders the same at every block size: remove it from kKnownIssues";
  }
}

INSTANTIATE_TEST_SUITE_P(ExamplesBlockSize, ExampleBlockSize, ::testing::ValuesIn(all_examples()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string s = info.param;
                           for (char& c : s)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return s;
                         });

}  // namespace
}  // namespace phonon
