// Feedback through a delay (issue #4): a `delay` whose input depends on its own output is split into
// fx.delay_read / fx.delay_write sharing one line, and the engine runs the loop's stripe in sub-blocks no
// longer than the delay. Checked here:
//  - the kernels: read then write over sub-blocks of at most the delay equal fx.delay (mix 1) sample by
//  sample,
//    on every architecture;
//  - the compiler: the split in --dump=graph/plan, and the errors (loop without a delay names the buses, a
//  loop
//    through the dry signal, through the delay time, a non-constant time, a delay shorter than a frame);
//  - the engine: a loop `(~src + ~e * g) # delay T 0 1` equals `~src # delay T g 1` (the same recursion
//  inside
//    one kernel) at block sizes 1, 64, 512 and blocks longer than the delay; stereo voices and pattern
//    signals inside the loop;
//  - goldens of examples/feedback_echo.ph's graph and plan (PHONON_UPDATE_GOLDEN=1 rewrites them).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "kernels/kernel.hpp"
#include "tests/render/audio_checks.hpp"
#include "tests/unit/kernel_archs.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;
using namespace audio_checks;
using kern::KernelArgs;
using kern::KernelSpec;

constexpr float kRate = 44100.0f;

// ---- kernels
// ------------------------------------------------------------------------------------------------

// Runs fx.delay (mix 1) over `in` with constant time and feedback: the specification of the split pair.
std::vector<float> whole_delay(const std::vector<float>& in, float time, float fb) {
  const KernelSpec* d = kern::find_kernel("fx.delay");
  const float params[1] = {2.0f};
  std::vector<float> state(kern::state_floats_for(*d, params, kRate), 0.0f);
  const size_t n = in.size();
  std::vector<float> t(n, time), f(n, fb), mix(n, 1.0f), out(n);
  const float* ins[4] = {in.data(), t.data(), f.data(), mix.data()};
  float* outs[1] = {out.data()};
  d->reference(KernelArgs{ins, outs, state.data(), params, static_cast<int>(n), kRate});
  return out;
}

class FeedbackKernelArch : public ::testing::TestWithParam<std::string> {};

TEST_P(FeedbackKernelArch, ReadThenWriteInSubBlocksEqualsDelay) {
  const KernelSpec* rd = kern::find_kernel("fx.delay_read");
  const KernelSpec* wr = kern::find_kernel("fx.delay_write");
  ASSERT_NE(rd, nullptr);
  ASSERT_NE(wr, nullptr);
  const kern::KernelFn read = kern::process_for_arch(*rd, GetParam());
  const kern::KernelFn write = kern::process_for_arch(*wr, GetParam());
  ASSERT_NE(read, nullptr);
  ASSERT_NE(write, nullptr);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  const int n = 20000;
  std::vector<float> in(n);
  for (auto& x : in) x = u(rng);
  for (float frames : {37.3f, 64.0f, 1.0f, 200.0f}) {
    const float time = frames / kRate, fb = 0.7f;
    const std::vector<float> want = whole_delay(in, time, fb);
    const float rp[3] = {2.0f, time, 0.0f}, wp[1] = {2.0f};
    std::vector<float> state(kern::state_floats_for(*rd, rp, kRate), 0.0f);
    ASSERT_EQ(state.size(), kern::state_floats_for(*wr, wp, kRate));
    std::vector<float> wet(n), line(n), fbs(n, fb);
    const int longest = static_cast<int>(std::floor(frames));
    std::uniform_int_distribution<int> len(1, longest);
    for (int off = 0; off < n;) {
      const int m = std::min(len(rng), n - off);
      float* rout[1] = {wet.data() + off};
      read(KernelArgs{nullptr, rout, state.data(), rp, m, kRate});
      const float* win[3] = {in.data() + off, wet.data() + off, fbs.data() + off};
      float* wout[1] = {line.data() + off};
      write(KernelArgs{win, wout, state.data(), wp, m, kRate});
      off += m;
    }
    for (int i = 0; i < n; ++i) {
      ASSERT_NEAR(wet[i], want[i], 1e-6f * std::max(1.0f, std::fabs(want[i]))) << "delay " << frames << " i=" << i;
      ASSERT_NEAR(line[i], in[i] + fb * wet[i], 1e-6f) << i;  // (FMA may fuse the multiply-add)
    }
  }
}

INSTANTIATE_TEST_SUITE_P(KernelArchs, FeedbackKernelArch, ::testing::ValuesIn(kern::test_archs::archs_under_test()),
                         kern::test_archs::ArchTestName());

// ---- compiler
// -----------------------------------------------------------------------------------------------

CompileResult compile_text(const std::string& code, const std::string& dump = {}) {
  CompileOptions o;
  o.dump = dump;
  return compile_source(std::make_shared<SourceFile>("fb.ph", code), o);
}

// The first error's rendered text (message, file:line:col, caret, hint).
std::string first_error(const std::string& code) {
  CompileResult r = compile_text(code);
  EXPECT_FALSE(r.ok()) << code;
  return r.diagnostics.render_all();
}

const char* kEcho = "~src: s \"bd*2 sn\"\n~echo: (~src + ~echo * 0.6) # delay 0.3 0 1\nout: ~echo\n";

TEST(FeedbackCompile, DelayInALoopIsSplitIntoReadAndWrite) {
  CompileResult g = compile_text(kEcho, "graph");
  ASSERT_TRUE(g.ok()) << g.diagnostics.render_all();
  EXPECT_NE(g.dump.find("fx.delay_read [2, 0.3, 0]"), std::string::npos) << g.dump;
  EXPECT_NE(g.dump.find("feedback: writes the line"), std::string::npos) << g.dump;
  EXPECT_EQ(g.dump.find("fx.delay "), std::string::npos) << g.dump;
  CompileResult p = compile_text(kEcho);
  ASSERT_TRUE(p.ok());
  const Plan& plan = *p.plan;
  int reads = 0, writes = 0;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& s = plan.steps[i];
    if (s.op != StepOp::Kernel) continue;
    if (s.kernel->name == "fx.delay_read") {
      ++reads;
      EXPECT_EQ(s.state_of, -1);
    }
    if (s.kernel->name == "fx.delay_write") {
      ++writes;
      ASSERT_GE(s.state_of, 0);
      ASSERT_LT(static_cast<size_t>(s.state_of), i);  // the read runs first
      EXPECT_EQ(plan.steps[s.state_of].kernel->name, "fx.delay_read");
      EXPECT_EQ(plan.steps[s.state_of].stripe, s.stripe);
      EXPECT_EQ(s.in[1], plan.steps[s.state_of].out[0]);  // feeds back the wet of its own read
    }
  }
  EXPECT_EQ(reads, 2);  // the voices are stereo: one line per channel
  EXPECT_EQ(writes, 2);
  CompileResult d = compile_text(kEcho, "plan");
  EXPECT_NE(d.dump.find("feedback loop: sub-blocks of at most 0.3 s"), std::string::npos) << d.dump;
  EXPECT_NE(d.dump.find("(state of step"), std::string::npos) << d.dump;
}

TEST(FeedbackCompile, DelayOutsideALoopIsTheOrdinaryKernel) {
  CompileResult g = compile_text("out: s \"bd\" # delay 0.3 0.5 0.5\n", "graph");
  ASSERT_TRUE(g.ok());
  EXPECT_NE(g.dump.find("fx.delay "), std::string::npos);
  EXPECT_EQ(g.dump.find("fx.delay_read"), std::string::npos);
}

TEST(FeedbackCompile, LoopWithoutADelayNamesTheBuses) {
  const std::string e = first_error("~a: ~b + sine 3\n~b: ~a * 0.5\nout: ~a\n");
  EXPECT_NE(e.find("feedback loop without a delay: ~a -> ~b -> ~a"), std::string::npos) << e;
  EXPECT_NE(e.find("fb.ph:2:5"), std::string::npos) << e;
  EXPECT_NE(e.find("^~"), std::string::npos) << e;
  EXPECT_NE(e.find("hint:"), std::string::npos) << e;
}

TEST(FeedbackCompile, LoopThroughTheDrySignalIsAnError) {
  // mix 0.5: half of this sample's input goes straight out and back in.
  const std::string e = first_error("~s: sine 3\n~e: (~s + ~e * 0.5) # delay 0.3 0.2\nout: ~e\n");
  EXPECT_NE(e.find("feedback loop through the dry signal of a delay: ~e -> ~e"), std::string::npos) << e;
  EXPECT_NE(e.find("mix 1"), std::string::npos) << e;
  // ... but a dry path whose input comes through another delay of the loop is fine.
  CompileResult ok =
      compile_text("~s: sine 3\n~a: ~b # delay 0.1 0 0.5\n~b: (~s + ~a * 0.5) # delay 0.2 0 1\nout: ~a\n");
  EXPECT_TRUE(ok.ok()) << ok.diagnostics.render_all();
}

TEST(FeedbackCompile, LoopThroughTheDelayTimeIsAnError) {
  const std::string e = first_error("~s: sine 3\n~e: ~s # delay (~e * 0.1) 0 1\nout: ~e\n");
  EXPECT_NE(e.find("feedback loop through the time, feedback or mix of a delay: ~e -> ~e"), std::string::npos) << e;
}

TEST(FeedbackCompile, DelayTimeInALoopMustBeAConstant) {
  // The caret points at the time argument (column 29: the pattern string; 30: inside the parentheses).
  for (auto [t, at] : {std::pair{"\"0.1 0.2\"", "fb.ph:2:29"}, std::pair{"(range 0.1 0.2 sine)", "fb.ph:2:30"}}) {
    const std::string e = first_error(std::string("~s: sine 3\n~e: (~s + ~e * 0.5) # delay ") + t + " 0 1\nout: ~e\n");
    EXPECT_NE(e.find("the time of a delay inside a feedback loop must be a constant"), std::string::npos) << e;
    EXPECT_NE(e.find(at), std::string::npos) << e;
  }
}

TEST(FeedbackCompile, DelayInALoopMustBeAtLeastAFrame) {
  const std::string e = first_error("~s: sine 3\n~e: (~s + ~e * 0.5) # delay 0.0001 0 1\nout: ~e\n");
  EXPECT_NE(e.find("at least one frame long"), std::string::npos) << e;
  EXPECT_TRUE(compile_text("~s: sine 3\n~e: (~s + ~e * 0.5) # delay 0.000125 0 1\nout: ~e\n").ok());
}

TEST(FeedbackCompile, InstrumentWithAFeedbackLoopIsAnErrorForNow) {
  const std::string e =
      first_error("~pad: (saw 220 + ~pad * 0.5) # delay 0.01 0 1\nout: s \"~pad*2\" # note \"c e\"\n");
  EXPECT_NE(e.find("cannot be played as an instrument yet"), std::string::npos) << e;
  EXPECT_NE(e.find("fb.ph:2:"), std::string::npos) << e;
}

// ---- engine
// -------------------------------------------------------------------------------------------------

Stereo render(const std::string& code, int block, double seconds = 1.0) {
  RenderOptions o;
  o.seconds = seconds;
  o.block = block;
  return render_source(code, o);
}

TEST(FeedbackRender, LoopEqualsTheDelaysOwnFeedbackAtEveryBlockSize) {
  // A stereo source (voices), a patterned gain in the loop and a delay (220.5 frames) shorter than the
  // blocks.
  const std::string loop =
      "~src: s \"bd*2 [sn cp]\" # pan sine\n~e: (~src + ~e * \"0.7 0.4\") # delay 0.005 0 1\nout: ~e\n";
  const std::string inner = "~src: s \"bd*2 [sn cp]\" # pan sine\nout: ~src # delay 0.005 \"0.7 0.4\" 1\n";
  const Stereo want = render(inner, 512);
  ASSERT_GT(rms(want.l, 0, want.frames()), 1e-3);
  for (int block : {512, 64, 1, 221, 220, 97}) {
    const Stereo got = render(loop, block);
    ASSERT_EQ(got.frames(), want.frames());
    EXPECT_LE(max_abs_diff(got.l, want.l), 1e-6) << "block " << block;
    EXPECT_LE(max_abs_diff(got.r, want.r), 1e-6) << "block " << block;
  }
}

TEST(FeedbackRender, EchoesDecayByTheLoopGain) {
  // A 5 ms blip through a 0.1 s loop with gain 0.5.
  const Stereo s =
      render("~b: sine \"880 ~!399\" # ar 0.001 0.001\n~e: (~b + ~e * 0.5) # delay 0.1 0 1\nout: ~e\n", 64, 0.8);
  auto at = [&](int k) { return rms(s.l, static_cast<size_t>(4410 * k), static_cast<size_t>(4410 * k + 300)); };
  EXPECT_LT(at(0), 1e-9);  // the loop's output starts one delay late
  ASSERT_GT(at(1), 0.05);
  for (int k = 1; k < 6; ++k) EXPECT_NEAR(at(k + 1) / at(k), 0.5, 1e-3) << "echo " << k;
}

// ---- goldens
// ------------------------------------------------------------------------------------------------

TEST(FeedbackGolden, EchoExampleGraphAndPlan) {
  for (const char* stage : {"graph", "plan"}) {
    CompileOptions o;
    o.dump = stage;
    CompileResult r = compile_file(std::string(PHONON_SOURCE_DIR) + "/examples/feedback_echo.ph", o);
    ASSERT_TRUE(r.ok()) << r.diagnostics.render_all();
    const fs::path golden = fs::path(PHONON_SOURCE_DIR) / "tests/golden/plan" / (std::string("feedback_echo.") + stage);
    const char* update = std::getenv("PHONON_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
      std::ofstream(golden) << r.dump;
      continue;
    }
    std::ifstream in(golden);
    ASSERT_TRUE(in) << "no golden " << golden << " (run with PHONON_UPDATE_GOLDEN=1)";
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(r.dump, ss.str()) << stage
                                << " of feedback_echo.ph changed; if intended, rerun with PHONON_UPDATE_GOLDEN=1";
  }
}

}  // namespace
}  // namespace phonon
