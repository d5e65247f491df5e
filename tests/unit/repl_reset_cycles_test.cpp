// `resetCycles` and `setCycle N` in the REPL's text layer: it changes no slot (the caller restarts the engine's count),
// and it must be a block of its own, so that the session log can replay it as one.
#include <gtest/gtest.h>

#include "runtime/live/repl_session.hpp"

namespace phonon {
namespace {

ReplBlock block(const std::string& text, int line = 1) { return ReplBlock{text, line, false, ""}; }

TEST(ReplResetCycles, AloneItAsksForARestartAndChangesNoSlot) {
  ReplSession s;
  ReplOutcome o = s.evaluate(block("d1 $ s \"bd*4\"\n"));
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Program);
  s.accept();
  const std::string before = s.program();
  o = s.evaluate(block("resetCycles\n", 3), 7.5);
  EXPECT_EQ(o.kind, ReplOutcome::Kind::NoChange);
  EXPECT_TRUE(o.reset_cycles);
  EXPECT_EQ(s.program(), before);
  EXPECT_FALSE(s.evaluate(block("d2 $ s \"hh\"\n")).reset_cycles) << "only the block that says it";
}

TEST(ReplResetCycles, WithOtherStatementsInItsBlockItIsALocatedError) {
  ReplSession s;
  ReplOutcome o = s.evaluate(block("d1 $ s \"bd\"\nresetCycles\n", 5));
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(o.message.find("<stdin>:6:1: error: `resetCycles` must be a block of its own"), std::string::npos)
      << o.message;
  EXPECT_EQ(s.program(), ReplSession().program()) << "an error changes nothing";
}

TEST(ReplResetCycles, AnArgumentIsNotAccepted) {
  ReplSession s;
  ReplOutcome o = s.evaluate(block("resetCycles 4\n"));
  EXPECT_EQ(o.kind, ReplOutcome::Kind::Error);
  EXPECT_FALSE(o.reset_cycles);
}

TEST(ReplResetCycles, SetCycleAsksForTheCountToContinueFromItsCycle) {
  ReplSession s;
  ReplOutcome o = s.evaluate(block("setCycle 16\n"), 3.5);
  EXPECT_EQ(o.kind, ReplOutcome::Kind::NoChange);
  EXPECT_TRUE(o.reset_cycles);
  EXPECT_EQ(o.cycle_to, 16.0);
  EXPECT_EQ(s.evaluate(block("resetCycles\n")).cycle_to, 0.0);
  ReplOutcome bad = s.evaluate(block("setCycle soon\n", 2));
  ASSERT_EQ(bad.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(bad.message.find("<stdin>:2:10: error: `setCycle` needs the cycle to continue from"), std::string::npos)
      << bad.message;
  ReplOutcome mixed = s.evaluate(block("setCycle 4\nd1 $ s \"bd\"\n"));
  ASSERT_EQ(mixed.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(mixed.message.find("`setCycle` must be a block of its own"), std::string::npos) << mixed.message;
}

}  // namespace
}  // namespace phonon
