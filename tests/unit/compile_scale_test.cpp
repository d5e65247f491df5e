// Programs whose size is hostile (issue #18): compile and render must not recurse in proportion to the program,
// and compile time must grow linearly with the number of statements. The programs are generated here.
//  - Chains of 10,000 buses, defined in reading order or in reverse, and a feedback loop through 5,000 buses,
//    compile on a thread with a 1 MB stack (a recursion per bus overflows it) and render;
//  - a loop without a delay through 5,000 buses is a located error naming the loop, not a crash;
//  - doubling the number of unused buses costs less than three times the compile time (a quadratic pass
//    costs four times);
//  - a file over the size limit (4 MiB) is a located "file too large" error.
#include <gtest/gtest.h>
#include <pthread.h>

#include <algorithm>
#include <ctime>
#include <functional>
#include <string>

#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "tests/render/audio_checks.hpp"

namespace phonon {
namespace {

// Runs `f` on a thread with a small stack: recursion per bus shows up as a crash here, whatever the main
// thread's stack limit is.
void on_small_stack(const std::function<void()>& f, size_t bytes = 1u << 20) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, bytes);
  pthread_t t;
  auto* fn = new std::function<void()>(f);
  ASSERT_EQ(pthread_create(
                &t, &attr,
                [](void* p) -> void* {
                  auto* g = static_cast<std::function<void()>*>(p);
                  (*g)();
                  delete g;
                  return nullptr;
                },
                fn),
            0);
  pthread_join(t, nullptr);
  pthread_attr_destroy(&attr);
}

CompileResult compile_text(const std::string& code, const CompileOptions& o = {}) {
  return compile_source(std::make_shared<SourceFile>("scale.ph", code), o);
}

// ~b0 is a sine; ~b1 .. ~b{n-1} each scale the one before; out plays the last.
std::string bus_chain(int n, bool reverse) {
  std::vector<std::string> lines;
  lines.push_back("~b0: sine 220");
  for (int i = 1; i < n; ++i) lines.push_back("~b" + std::to_string(i) + ": ~b" + std::to_string(i - 1) + " * 1");
  lines.push_back("out: ~b" + std::to_string(n - 1) + " * 0.5");
  if (reverse) std::reverse(lines.begin(), lines.end());
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

// ~b0 feeds back through ~b1 .. ~b{n-1} into itself, through a delay on ~b0 (or none).
std::string feedback_ring(int n, bool with_delay) {
  std::string s = "~src: sine 220 * 0.5\n";
  s += "~b0: " +
       std::string(with_delay ? "(~src + ~b" + std::to_string(n - 1) + " * 0.5) # delay 0.01 0 1"
                              : "~src + ~b" + std::to_string(n - 1) + " * 0.5") +
       "\n";
  for (int i = 1; i < n; ++i) s += "~b" + std::to_string(i) + ": ~b" + std::to_string(i - 1) + "\n";
  return s + "out: ~b0\n";
}

int count_steps(const Plan& p, std::string_view kernel) {
  return static_cast<int>(std::count_if(p.steps.begin(), p.steps.end(), [&](const PlanStep& s) {
    return s.op == StepOp::Kernel && s.kernel && s.kernel->name == kernel;
  }));
}

void expect_chain_plays(bool reverse) {
  CompileResult r;
  on_small_stack([&] { r = compile_text(bus_chain(10000, reverse)); });
  ASSERT_TRUE(r.ok()) << r.diagnostics.render_all();
  // `* 1` folds away: the chain is the sine times 0.5.
  EXPECT_EQ(count_steps(*r.plan, "osc.sine"), 1);
  audio_checks::RenderOptions o;
  o.seconds = 0.1;
  auto audio = audio_checks::render_plan(r.plan, o);
  EXPECT_NEAR(audio_checks::peak(audio.l, 0, audio.frames()), 0.5, 0.01);
}

TEST(CompileScale, ChainOfTenThousandBusesInReadingOrderNeedsNoDeepStack) { expect_chain_plays(false); }

TEST(CompileScale, ChainOfTenThousandBusesInReverseOrderNeedsNoDeepStack) { expect_chain_plays(true); }

TEST(CompileScale, FeedbackLoopThroughFiveThousandBusesNeedsNoDeepStack) {
  CompileResult r;
  on_small_stack([&] { r = compile_text(feedback_ring(5000, true)); });
  ASSERT_TRUE(r.ok()) << r.diagnostics.render_all();
  EXPECT_EQ(count_steps(*r.plan, "fx.delay_read"), 1);
  EXPECT_EQ(count_steps(*r.plan, "fx.delay_write"), 1);
  audio_checks::RenderOptions o;
  o.seconds = 0.1;
  auto audio = audio_checks::render_plan(r.plan, o);
  EXPECT_TRUE(audio_checks::all_finite(audio.l));
  EXPECT_GT(audio_checks::rms(audio.l, 0, audio.frames()), 0.1);
}

TEST(CompileScale, LoopWithoutDelayThroughFiveThousandBusesIsALocatedError) {
  CompileResult r;
  on_small_stack([&] { r = compile_text(feedback_ring(5000, false)); });
  ASSERT_FALSE(r.ok());
  const std::string text = r.diagnostics.render_all();
  EXPECT_NE(text.find("scale.ph:"), std::string::npos) << text.substr(0, 400);
  EXPECT_NE(text.find("feedback loop without a delay"), std::string::npos) << text.substr(0, 400);
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Best of two CPU times (of this thread: other work on a busy machine does not count) of compiling `code`.
double compile_seconds(const std::string& code) {
  double best = 1e9;
  for (int i = 0; i < 2; ++i) {
    const double t0 = thread_cpu_seconds();
    CompileResult r = compile_text(code);
    const double t1 = thread_cpu_seconds();
    EXPECT_TRUE(r.ok()) << r.diagnostics.render_all().substr(0, 400);
    best = std::min(best, t1 - t0);
  }
  return best;
}

std::string unused_buses(int n) {
  std::string s = "out: sine 440 * 0.1\n";
  for (int i = 0; i < n; ++i) s += "~u" + std::to_string(i) + ": sine " + std::to_string(100 + i % 500) + "\n";
  return s;
}

TEST(CompileScale, CompileTimeOfUnusedBusesGrowsLinearly) {
  const double t1 = compile_seconds(unused_buses(40000));
  const double t2 = compile_seconds(unused_buses(80000));
  // Linear: about 2x; quadratic: about 4x. 3x leaves room for a noisy machine.
  EXPECT_LT(t2, 3.0 * t1) << "40000 buses: " << t1 << " s, 80000 buses: " << t2 << " s of CPU";
}

TEST(CompileScale, FileOverFourMebibytesIsALocatedErrorNotASlowCompile) {
  std::string code;
  while (code.size() <= (4u << 20)) code += "~u" + std::to_string(code.size()) + ": sine 220\n";
  CompileResult r = compile_text(code);
  ASSERT_FALSE(r.ok());
  const std::string text = r.diagnostics.render_all();
  EXPECT_EQ(text.rfind("scale.ph:", 0), 0u) << text.substr(0, 300);
  EXPECT_NE(text.find("file too large"), std::string::npos) << text.substr(0, 300);
}

}  // namespace
}  // namespace phonon
