// Block-rate specialisation (LANGUAGE.md §7): a sine at a constant sub-audio frequency runs as osc.sine_ramp
// (grid values joined by linear ramps). It must stay within the stated error of the exact sine, be independent of
// the block size, and not be used where it would not be accurate enough (audio-rate or non-constant frequency).
#include <gtest/gtest.h>

#include <cmath>

#include "compiler/compile.hpp"
#include "kernels/osc/sine_ramp.hpp"
#include "tests/render/audio_checks.hpp"

using namespace phonon;
using namespace phonon::audio_checks;

namespace {
std::string graph_of(const std::string& code) {
  CompileOptions opts;
  opts.dump = "graph";
  CompileResult r = compile_source(std::make_shared<SourceFile>("t.ph", code), opts);
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  return r.dump;
}
}  // namespace

TEST(BlockRate, LfoSineIsBlockRateOthersAreNot) {
  EXPECT_NE(graph_of("~lfo: sine 0.25\nout: saw 110 # lpf (~lfo * 500 + 1000)\n").find("osc.sine_ramp (n"),
            std::string::npos);
  EXPECT_NE(graph_of("out: sine 3 * 0.5\n").find("rate=block"), std::string::npos);
  // audio-rate and patterned frequencies keep the exact oscillator
  EXPECT_EQ(graph_of("out: sine 440 * 0.5\n").find("sine_ramp"), std::string::npos);
  EXPECT_EQ(graph_of("out: sine \"2 3\" * 0.5\n").find("sine_ramp"), std::string::npos);
  // the LFO is ramped, the sine it modulates is not
  const std::string g = graph_of("~f: sine 0.5 * 2\nout: sine ~f * 0.5\n");
  const size_t first = g.find("sine_ramp");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(g.find("sine_ramp", first + 1), std::string::npos) << g;
}

// The ramped LFO is within 1e-4 (plus float rounding) of sin(2 pi f t) and the same (within float rounding) at
// block sizes 1, 64, 512.
TEST(BlockRate, RampedSineMatchesTheExactSine) {
  for (double f : {0.25, 3.0, 19.0}) {
    const std::string code = "out: sine " + std::to_string(f) + " * 0.5\n";
    RenderOptions o;
    o.seconds = 1.5;
    Stereo ref;
    for (int block : {512, 64, 1}) {
      o.block = block;
      Stereo s = render_source(code, o);
      ASSERT_EQ(s.frames(), o.seconds * o.rate);
      double worst = 0;
      for (size_t i = 0; i < s.frames(); ++i) {
        const double want = 0.5 * std::sin(2.0 * M_PI * f * static_cast<double>(i) / o.rate);
        worst = std::max(worst, std::fabs(s.l[i] - want));
      }
      EXPECT_LE(worst, 0.5 * kern::OscSineRamp::kMaxError + 2e-6) << "f=" << f << " block " << block;
      if (block == 512) ref = s;
      // Within float rounding: a sanitizer or another optimisation level may round the vector body and the
      // scalar tail of a block differently (the optimised build is exact).
      else EXPECT_LE(max_abs_diff(ref.l, s.l), 1e-6) << "f=" << f << " block " << block;
    }
  }
}

TEST(BlockRate, GridShrinksWithFrequency) {
  EXPECT_EQ(kern::OscSineRamp::grid(0.25, 44100), 64);
  EXPECT_LT(kern::OscSineRamp::grid(19.0, 44100), 64);
  EXPECT_GE(kern::OscSineRamp::grid(19.0, 44100), 4);
  EXPECT_EQ(kern::OscSineRamp::grid(20000.0, 44100), 1);
  for (double f : {0.1, 1.0, 5.0, 19.0, 200.0}) {
    const int g = kern::OscSineRamp::grid(f, 44100);
    const double w = 2 * M_PI * f * g / 44100;
    if (g > 1) {
      EXPECT_LE(w * w / 8, kern::OscSineRamp::kMaxError) << f;
    }
  }
}
