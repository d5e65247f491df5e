// The NaN/Inf guard (LANGUAGE.md §8): a voice or signal that produces NaN or Inf is silenced and counted in
// EngineStats::nan_voices; the output never carries a non-finite sample.
//  - through the language: a control that divides by zero (`speed ("1" / "0")` is Inf, as in Tidal) and a
//    signal whose frequency pattern divides by zero (`sine (1 / "0 1")`);
//  - with a hand-modified Plan: a constant slot set to NaN, so a kernel step outputs NaN every frame.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "tests/render/audio_checks.hpp"

namespace phonon {
namespace {

using namespace audio_checks;
constexpr double kRate = 44100.0;
size_t F(double s) { return static_cast<size_t>(std::llround(s * kRate)); }

RenderOptions two_seconds() {
  RenderOptions o;
  o.seconds = 2.0;
  return o;
}

TEST(ExamplesNanGuard, VoiceWithInfiniteControlIsDroppedAndCountedWhileTheRestPlays) {
  Stereo s = render_source("o1: s \"arpy*4\" # speed (\"1\" / \"0\")\no2: sine 440 * 0.3\n", two_seconds());
  Stereo alone = render_source("o2: sine 440 * 0.3\n", two_seconds());
  EXPECT_EQ(s.stats.nan_voices, 4u);  // four events, each dropped once
  EXPECT_TRUE(all_finite(s.l) && all_finite(s.r));
  EXPECT_EQ(max_abs_diff(s.l, alone.l), 0.0);  // the sine plays on, untouched
  EXPECT_NEAR(dft_mag(s.l, F(0.1), F(1.9), 440, kRate), 0.3, 0.01);
}

// Compiles `code`, then sets every constant slot holding `value` to NaN.
std::shared_ptr<const Plan> plan_with_nan_constant(const std::string& code, float value) {
  CompileResult r = compile_source(std::make_shared<SourceFile>("nan.ph", code));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  if (!r.ok()) return nullptr;
  auto plan = std::make_shared<Plan>(*r.plan);
  int changed = 0;
  for (auto& c : plan->constants)
    if (c.value == value) {
      c.value = std::numeric_limits<float>::quiet_NaN();
      ++changed;
    }
  EXPECT_GT(changed, 0) << "no constant " << value << " in the plan:\n" << print_plan(*plan);
  return plan;
}

TEST(ExamplesNanGuard, NanKernelOutputNeverReachesTheOutputAndIsCounted) {
  auto plan = plan_with_nan_constant("out: sine 440 * 0.25\n", 0.25f);
  ASSERT_TRUE(plan);
  Stereo s = render_plan(plan, two_seconds());
  EXPECT_TRUE(all_finite(s.l) && all_finite(s.r));
  EXPECT_EQ(peak(s.l, 0, s.frames()), 0.0);
  EXPECT_GT(s.stats.nan_voices, 0u);
}

TEST(ExamplesNanGuard, InfiniteFrequencyFromThePatternLanguageIsSilenced) {
  Stereo s = render_source("out: sine (1 / \"0 1\")\n", two_seconds());
  EXPECT_TRUE(all_finite(s.l) && all_finite(s.r));
  EXPECT_GT(s.stats.nan_voices, 0u);
}

// LANGUAGE.md §8: "a voice that produces NaN or Inf is silenced and reported, the rest plays on". For signal
// outputs the engine checks each output per block: a non-finite output is silenced (from that block on) and
// counted once, the other outputs keep playing. (An oscillator whose phase became non-finite stays so, so the
// failing output stays silent.)
TEST(ExamplesNanGuard, RestPlaysOnWhenOneSignalOutputIsNan) {
  for (const char* code :
       {"o1: s \"superkick*4\"\no2: sine 440 * 0.25\n", "o1: s \"superkick*4\"\no2: sine (1 / \"0 1\")\n"}) {
    std::shared_ptr<const Plan> plan;
    if (std::string(code).find("0.25") != std::string::npos) {
      plan = plan_with_nan_constant(code, 0.25f);
    } else {
      CompileResult r = compile_source(std::make_shared<SourceFile>("nan.ph", code));
      ASSERT_TRUE(r.ok()) << r.diagnostics.render_all();
      plan = r.plan;
    }
    ASSERT_TRUE(plan);
    Stereo s = render_plan(plan, two_seconds());
    Stereo kicks = render_source("o1: s \"superkick*4\"\n", two_seconds());
    EXPECT_TRUE(all_finite(s.l) && all_finite(s.r));
    EXPECT_GT(s.stats.nan_voices, 0u);
    EXPECT_NEAR(rms(s.l, 0, s.frames()), rms(kicks.l, 0, kicks.frames()), 1e-3) << code;
  }
}

}  // namespace
}  // namespace phonon
