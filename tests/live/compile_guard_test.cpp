// The compile guard of `phonon live` (checking children are the built phonon binary): whatever the compiler does with a
// version (errors, exception, crash, stack overflow, runaway allocation, endless loop), the calling process survives
// and gets a clear outcome. Faults are injected with the documented PHONON_DEBUG_COMPILE_FAULTS hook, so the tests do
// not depend on a real compiler bug.
#include "runtime/live/compile_guard.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace phonon {
namespace {

class CompileGuard : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv("PHONON_DEBUG_COMPILE_FAULTS", "1", 1); }
  void TearDown() override { ::unsetenv("PHONON_DEBUG_COMPILE_FAULTS"); }

  static CompileCheck check(const std::string& text, double timeout = 10.0) {
    CompileGuardOptions o;
    o.timeout_seconds = timeout;
    o.executable = PHONON_BINARY;
    return check_compile_isolated("song.ph", text, o);
  }
};

TEST_F(CompileGuard, AcceptsAValidProgram) {
  const CompileCheck c = check("o1: s \"bd sn\"\n");
  EXPECT_EQ(c.outcome, CheckOutcome::Accepted) << c.messages;
}

TEST_F(CompileGuard, RejectsErrorsWithTheirLocatedDiagnostics) {
  const CompileCheck c = check("o1: s \"bd sn\"\no2: nosuchfunction 3\n");
  EXPECT_EQ(c.outcome, CheckOutcome::Rejected);
  EXPECT_NE(c.messages.find("song.ph:2:"), std::string::npos) << c.messages;
}

TEST_F(CompileGuard, AnExceptionInTheCompilerIsAnInternalError) {
  const CompileCheck c = check("-- phonon-debug-fault:throw\no1: s \"bd\"\n");
  EXPECT_EQ(c.outcome, CheckOutcome::Failed);
  EXPECT_NE(c.messages.find("song.ph: error: internal compiler error: stoi"), std::string::npos) << c.messages;
}

TEST_F(CompileGuard, ASegfaultInTheCompilerIsContained) {
  const CompileCheck c = check("-- phonon-debug-fault:crash\n");
  EXPECT_EQ(c.outcome, CheckOutcome::Failed);
  // "crashed (Segmentation fault ...)", or under AddressSanitizer, which reports the SEGV and exits with 1,
  // "stopped with status 1".
  EXPECT_NE(c.messages.find("song.ph: error: the compiler"), std::string::npos) << c.messages;
}

TEST_F(CompileGuard, AnAbortInTheCompilerIsContained) {
  const CompileCheck c = check("-- phonon-debug-fault:abort\n");
  EXPECT_EQ(c.outcome, CheckOutcome::Failed);
  EXPECT_NE(c.messages.find("song.ph: error: the compiler"), std::string::npos) << c.messages;
}

TEST_F(CompileGuard, AStackOverflowInTheCompilerIsContained) {
  const CompileCheck c = check("-- phonon-debug-fault:overflow\n");
  EXPECT_EQ(c.outcome, CheckOutcome::Failed);
  EXPECT_NE(c.messages.find("song.ph: error: the compiler"), std::string::npos) << c.messages;
}

TEST_F(CompileGuard, RunawayAllocationIsBoundedAndReported) {
  const CompileCheck c = check("-- phonon-debug-fault:oom\n");
  EXPECT_EQ(c.outcome, CheckOutcome::Failed);
  EXPECT_NE(c.messages.find("song.ph: error:"), std::string::npos) << c.messages;
}

TEST_F(CompileGuard, AHangIsAbandonedAtTheTimeout) {
  const auto t0 = std::chrono::steady_clock::now();
  const CompileCheck c = check("-- phonon-debug-fault:hang\n", 0.3);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(c.outcome, CheckOutcome::TimedOut);
  EXPECT_NE(c.messages.find("song.ph: error: compiling took longer than 0.3 s"), std::string::npos) << c.messages;
  EXPECT_LT(s, 3.5);  // the bound is CPU time: a busy machine stretches it, by at most 10 times
}

TEST_F(CompileGuard, CancellingStopsTheCheckPromptly) {
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel.store(true);
  });
  CompileGuardOptions o;
  o.timeout_seconds = 30.0;
  o.executable = PHONON_BINARY;
  const auto t0 = std::chrono::steady_clock::now();
  const CompileCheck c = check_compile_isolated("song.ph", "-- phonon-debug-fault:hang\n", o, &cancel);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  canceller.join();
  EXPECT_EQ(c.outcome, CheckOutcome::Cancelled);
  EXPECT_LT(s, 2.0);
}

TEST_F(CompileGuard, TheFaultHookIsOffWithoutTheEnvironmentVariable) {
  ::unsetenv("PHONON_DEBUG_COMPILE_FAULTS");
  const CompileCheck c = check("-- phonon-debug-fault:crash\no1: s \"bd\"\n");
  EXPECT_EQ(c.outcome, CheckOutcome::Accepted) << c.messages;
}

TEST_F(CompileGuard, AMissingCheckerIsUnavailableNotAnError) {
  CompileGuardOptions o;
  o.executable = "/nonexistent/phonon";
  const CompileCheck c = check_compile_isolated("song.ph", "o1: s \"bd\"\n", o);
  EXPECT_EQ(c.outcome, CheckOutcome::Unavailable);
}

}  // namespace
}  // namespace phonon
