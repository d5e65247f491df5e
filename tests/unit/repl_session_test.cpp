// The REPL's text layer: how input is cut into blocks and statements, and how each block changes only the
// slots it names in the composed program.
#include "runtime/live/repl_session.hpp"

#include <gtest/gtest.h>

#include "runtime/live/repl_blocks.hpp"

namespace phonon {
namespace {

std::vector<ReplBlock> read_all(const std::string& input, size_t chunk = 3) {
  ReplBlockReader r;
  for (size_t i = 0; i < input.size(); i += chunk) r.feed(std::string_view(input).substr(i, chunk));
  r.finish();
  std::vector<ReplBlock> out;
  ReplBlock b;
  while (r.next(&b)) out.push_back(b);
  return out;
}

ReplBlock block(const std::string& text, int line = 1) { return ReplBlock{text, line, false, ""}; }

// Evaluates and accepts (as if the program compiled); returns the outcome.
ReplOutcome run(ReplSession& s, const std::string& text, int line = 1) {
  ReplOutcome o = s.evaluate(block(text, line));
  if (o.kind == ReplOutcome::Kind::Program) s.accept();
  return o;
}

TEST(ReplBlocks, BlankLinesSeparateBlocksAndRecordTheirFirstLine) {
  auto b = read_all("d1 $ s \"bd\"\n\n\nd2 $ s \"hh*2\"\n  # gain 0.8\n");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].text, "d1 $ s \"bd\"\n");
  EXPECT_EQ(b[0].first_line, 1);
  EXPECT_EQ(b[1].text, "d2 $ s \"hh*2\"\n  # gain 0.8\n");
  EXPECT_EQ(b[1].first_line, 4);
}

TEST(ReplBlocks, GhciFramesKeepBlankLinesInsideAndDropTheFrame) {
  auto b = read_all(":{\nd1 $ s \"bd\"\n\n  # n 1\n:}\r\nd2 $ s \"sn\"\n");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].text, "d1 $ s \"bd\"\n\n  # n 1\n");
  EXPECT_TRUE(b[0].framed);
  EXPECT_EQ(b[0].first_line, 2);
  EXPECT_EQ(b[1].text, "d2 $ s \"sn\"\n");
}

TEST(ReplBlocks, AGhciCommandLineIsABlockOfItsOwn) {
  auto b = read_all("d1 $ s \"bd\"\n:set prompt \"\"\nd2 $ s \"sn\"\n");
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[1].text, ":set prompt \"\"\n");
  EXPECT_EQ(b[1].first_line, 2);
}

TEST(ReplBlocks, EndOfInputFinishesAnOpenBlock) {
  auto b = read_all("hush");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].text, "hush\n");
}

TEST(ReplBlocks, APauseAfterAWholeLineEndsTheBlockButNotAFrame) {
  ReplBlockReader r;
  ReplBlock b;
  r.feed("d1 $ s \"bd\"\n");
  r.pause();
  ASSERT_TRUE(r.next(&b));
  EXPECT_EQ(b.text, "d1 $ s \"bd\"\n");
  r.feed(":{\nd2 $ s \"hh\"\n");
  r.pause();
  EXPECT_FALSE(r.next(&b)) << "a frame waits for :}";
  r.feed(":}\nd3 $ s");
  r.pause();
  ASSERT_TRUE(r.next(&b));
  EXPECT_EQ(b.first_line, 3);
  EXPECT_FALSE(r.next(&b)) << "half a line waits for its end";
}

TEST(ReplStatements, ContinuationLinesBelongToTheStatementAbove) {
  auto st = split_repl_statements("d1 $ s \"bd\"\n  # n 1\nd2 $ s \"hh\"\n");
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].text, "d1 $ s \"bd\"\n  # n 1");
  EXPECT_EQ(st[1].line, 2);
}

TEST(ReplStatements, DoBlocksStandForTheirStatementsInBothLayouts) {
  auto a = split_repl_statements("do\n  d1 $ s \"bd\"\n    # n 1\n  d2 $ s \"hh\"\n");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].text, "d1 $ s \"bd\"\n    # n 1");
  EXPECT_EQ(a[1].line, 3);
  EXPECT_EQ(a[1].col, 3);
  auto b = split_repl_statements("do { d1 $ s \"bd;sn\"; d2 $ s \"hh\" }\n");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].text, "d1 $ s \"bd;sn\"");
  EXPECT_EQ(b[1].text, "d2 $ s \"hh\"");
  EXPECT_EQ(b[1].col, 22);
  auto c = split_repl_statements("do d1 $ s \"bd\"\n   d2 $ s \"hh\"\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].text, "d2 $ s \"hh\"");
}

TEST(ReplSession, EvaluatingD2KeepsD1InTheProgram) {
  ReplSession s;
  run(s, "d1 $ s \"bd*4\"\n");
  run(s, "d2 $ s \"hh*8\"\n");
  const std::string p = s.program();
  EXPECT_NE(p.find("o1:  s \"bd*4\""), std::string::npos) << p;
  EXPECT_NE(p.find("o2:  s \"hh*8\""), std::string::npos) << p;
}

TEST(ReplSession, ReEvaluatingASlotReplacesOnlyThatSlot) {
  ReplSession s;
  run(s, "d1 $ s \"bd*4\"\n");
  run(s, "d2 $ s \"hh*8\"\n");
  run(s, "d1 $ s \"cp\"\n");
  const std::string p = s.program();
  EXPECT_EQ(p.find("bd*4"), std::string::npos) << p;
  EXPECT_NE(p.find("cp"), std::string::npos);
  EXPECT_NE(p.find("hh*8"), std::string::npos);
}

TEST(ReplSession, SilenceAndHushRemoveSlots) {
  ReplSession s;
  run(s, "d1 $ s \"bd\"\nd2 $ s \"hh\"\n");
  run(s, "d1 silence\n");
  EXPECT_EQ(s.program().find("bd"), std::string::npos);
  EXPECT_NE(s.program().find("hh"), std::string::npos);
  run(s, "d2 $ silence\n");
  EXPECT_EQ(s.program(), "hush\n");
  run(s, "d3 $ s \"cp\"\n~pad: saw 110\n");
  run(s, "hush\n");
  EXPECT_EQ(s.program().find("cp"), std::string::npos);
  EXPECT_NE(s.program().find("~pad"), std::string::npos) << "hush stops the outputs, buses stay defined";
  EXPECT_NE(s.program().find("hush"), std::string::npos);
}

TEST(ReplSession, MuteAndSoloLeaveSlotsOutUntilUndone) {
  ReplSession s;
  run(s, "d1 $ s \"bd\"\nd2 $ s \"hh\"\nd3 $ s \"cp\"\n");
  run(s, "mute 2\n");
  EXPECT_EQ(s.program().find("hh"), std::string::npos);
  run(s, "solo 3\n");
  EXPECT_EQ(s.program().find("bd"), std::string::npos);
  EXPECT_NE(s.program().find("cp"), std::string::npos);
  run(s, "unsoloAll\n");
  EXPECT_NE(s.program().find("bd"), std::string::npos);
  EXPECT_EQ(s.program().find("hh"), std::string::npos);
  run(s, "unmute 2\n");
  EXPECT_NE(s.program().find("hh"), std::string::npos);
}

TEST(ReplSession, NamedSlotsGetTheirOwnOutputs) {
  ReplSession s;
  run(s, "p \"drums\" $ s \"bd\"\np 3 $ s \"hh\"\n");
  EXPECT_NE(s.program().find("o17:  s \"bd\""), std::string::npos) << s.program();
  EXPECT_NE(s.program().find("o3:  s \"hh\""), std::string::npos) << s.program();
  run(s, "mute \"drums\"\n");
  EXPECT_EQ(s.program().find("bd"), std::string::npos);
}

TEST(ReplSession, AllWrapsEveryOutputAndIdRemovesIt) {
  ReplSession s;
  run(s, "d1 $ s \"bd\"\nd2 $ s \"hh\"\n");
  run(s, "all $ (# speed 2)\n");
  const std::string p = s.program();
  EXPECT_NE(p.find("o1: ((# speed 2)) $ ( s \"bd\""), std::string::npos) << p;
  EXPECT_NE(p.find("o2: ((# speed 2)) $ ( s \"hh\""), std::string::npos) << p;
  run(s, "all id\n");
  EXPECT_EQ(s.program().find("speed"), std::string::npos);
}

TEST(ReplSession, TempoCommandsBecomeTheTempoStatement) {
  ReplSession s;
  run(s, "d1 $ s \"bd\"\n");
  run(s, "setcps (130/60/4)\n");
  EXPECT_NE(s.program().find("cps: (130/60/4)"), std::string::npos) << s.program();
  run(s, "setbpm 120\n");
  EXPECT_NE(s.program().find("bpm: 120"), std::string::npos);
  EXPECT_EQ(s.program().find("cps:"), std::string::npos);
}

TEST(ReplSession, DefinitionsStayAndARedefinitionReplacesTheOld) {
  ReplSession s;
  run(s, "let pat = \"bd sn\"\n");
  run(s, "d1 $ s pat\n");
  run(s, "let pat = \"hh\"\n");
  const std::string p = s.program();
  EXPECT_EQ(p.find("bd sn"), std::string::npos) << p;
  EXPECT_LT(p.find("let pat = \"hh\""), p.find("o1:")) << p;
}

TEST(ReplSession, BootTidalLinesAreNoOpsWithANote) {
  ReplSession s;
  const char* boot =
      "import Sound.Tidal.Context\n"
      "import System.IO (hSetEncoding, stdout, utf8)\n"
      "hSetEncoding stdout utf8\n"
      "tidal <- startTidal (superdirtTarget {oLatency = 0.1, oAddress = \"127.0.0.1\", oPort = 57120}) (defaultConfig "
      "{cVerbose = True, cFrameTimespan = 1/20})\n"
      "let p = streamReplace tidal\n"
      "let d1 = p 1 . (|< orbit 0)\n"
      "let setI = streamSetI tidal\n"
      "    setF = streamSetF tidal\n";
  ReplOutcome o = s.evaluate(block(boot));
  EXPECT_EQ(o.kind, ReplOutcome::Kind::NoChange);
  EXPECT_EQ(o.notes.size(), 7u);
  EXPECT_EQ(s.evaluate(block(":set prompt \"tidal> \"\n")).kind, ReplOutcome::Kind::NoChange);
}

TEST(ReplSession, OnlyHushesEverythingThenRunsItsStatement) {
  ReplSession s;
  run(s, "d1 $ s \"bd\"\nd2 $ s \"hh\"\n~pad: saw 110\n");
  run(s, "only $ d3 $ s \"cp\"\n");
  const std::string p = s.program();
  EXPECT_EQ(p.find("bd"), std::string::npos) << p;
  EXPECT_EQ(p.find("hh"), std::string::npos) << p;
  EXPECT_NE(p.find("o3:  s \"cp\""), std::string::npos) << p;
  EXPECT_NE(p.find("~pad"), std::string::npos) << "as with hush, buses stay defined";
  // An error in the statement after `only` points into it, and changes nothing.
  ReplOutcome o = s.evaluate(block("only $ mute x\n", 3));
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(o.message.find("<stdin>:3:13: error:"), std::string::npos) << o.message;
  EXPECT_NE(s.program().find("cp"), std::string::npos);
}

TEST(ReplSession, NudgeAllShiftsEveryTidalSlotAndZeroUndoesIt) {
  ReplSession s;
  run(s, "d1 $ s \"bd\" # nudge 0.05\no2: saw 110\n");
  run(s, "nudgeAll 0.1\n");
  std::string p = s.program();
  EXPECT_NE(p.find("o1: (|+ nudge 0.1) $ ( s \"bd\" # nudge 0.05"), std::string::npos) << p;
  EXPECT_NE(p.find("o2:  saw 110"), std::string::npos) << "an `o2:` output may be a signal: not shifted\n" << p;
  run(s, "once $ s \"cp\"\n");
  EXPECT_NE(s.program().find("(|+ nudge 0.1) $ (s \"cp\""), std::string::npos) << s.program();
  run(s, "nudgeAll 0\n");
  EXPECT_EQ(s.program().find("nudge 0.1"), std::string::npos) << s.program();
  ReplOutcome o = s.evaluate(block("nudgeAll soon\n"));
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(o.message.find("<stdin>:1:10: error: `nudgeAll` needs a number of seconds"), std::string::npos)
      << o.message;
}

TEST(ReplSession, ABadStatementIsALocatedErrorAndChangesNothing) {
  ReplSession s;
  run(s, "d1 $ s \"bd\"\n");
  ReplOutcome o = s.evaluate(block("d2 $ s \"hh\"\nmute x\n", 7));
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(o.message.find("<stdin>:8:6: error:"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("^"), std::string::npos);
  EXPECT_NE(o.message.find("hint:"), std::string::npos);
  EXPECT_EQ(s.program().find("hh"), std::string::npos) << "a block with an error changes nothing";
}

TEST(ReplSession, ARejectedProgramLeavesTheStateAsItWas) {
  ReplSession s;
  run(s, "d1 $ s \"bd\"\n");
  ReplOutcome o = s.evaluate(block("d1 $ s \"bd\" # nosuch 1\n"));
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Program);
  // not accepted: the compiler refused it
  ReplOutcome next = s.evaluate(block("d2 $ s \"hh\"\n"));
  EXPECT_EQ(next.program.find("nosuch"), std::string::npos) << next.program;
}

TEST(ReplSession, CompilerMessagesPointAtTheBlockLineAndColumn) {
  ReplSession s;
  run(s, "d1 $ s \"bd\"\n", 1);
  ReplOutcome o = s.evaluate(block("d2 $ s \"hh\"\n  # nosuch 1\n", 5));
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Program);
  // Find where the composed program put `nosuch` and fake the compiler's message about it.
  size_t at = o.program.find("nosuch");
  int line = 1, col = 1;
  for (size_t i = 0; i < at; ++i) {
    if (o.program[i] == '\n') ++line, col = 1;
    else ++col;
  }
  const std::string msg = std::string(ReplSession::kProgramName) + ":" + std::to_string(line) + ":" +
                          std::to_string(col) + ": error: unknown function `nosuch`\n";
  EXPECT_EQ(s.map_messages(msg), "<stdin>:6:5: error: unknown function `nosuch`\n");
}

TEST(ReplSession, TransitionsAndUnknownStatementsAreClearErrors) {
  ReplSession s;
  ReplOutcome a = s.evaluate(block("wash 1 8 $ s \"bd\"\n"));
  ASSERT_EQ(a.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(a.message.find("<stdin>:1:8: error: `wash` needs a function here"), std::string::npos) << a.message;
  ReplOutcome b = s.evaluate(block("s \"bd\"\n"));
  ASSERT_EQ(b.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(b.message.find("d1 $ s \"bd\""), std::string::npos) << b.message;
}

TEST(ReplSession, OncePlaysOneCycleFromTheNextBoundaryThenLeaves) {
  ReplSession s;
  run(s, "d1 $ s \"bd\"\n");
  ReplOutcome o = s.evaluate(block("once $ s \"cp*2\"\n"), 6.3);
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Program);
  s.accept();
  EXPECT_NE(s.program().find("playFor 7 8 $ rotR ("), std::string::npos) << s.program();
  EXPECT_NE(s.program().find("s \"cp*2\""), std::string::npos);
  ReplOutcome first = s.evaluate(block("first $ s \"<a b>\"\n"), 6.9);
  s.accept();
  EXPECT_NE(first.program.find("playFor 7 8 $ rotR (7) $ "), std::string::npos) << first.program;
  // After cycle 8 both have played: the next block leaves them out.
  run(s, "d2 $ s \"hh\"\n");
  EXPECT_NE(s.program().find("playFor"), std::string::npos) << "not yet: run() evaluates at cycle 0";
  ReplOutcome later = s.evaluate(block("d3 $ s \"sn\"\n"), 8.2);
  EXPECT_EQ(later.program.find("playFor"), std::string::npos) << later.program;
}

TEST(ReplSession, TypeQueriesComposeTheExpressionAsABusAfterTheDefinitions) {
  ReplSession s;
  run(s, "let pat = \"bd sn\"\nd1 $ s pat\n");
  ReplOutcome o = s.evaluate(block(":t s pat # n 1\n"));
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Type);
  EXPECT_EQ(o.expression, "s pat # n 1");
  EXPECT_NE(o.program.find("let pat"), std::string::npos) << o.program;
  EXPECT_NE(o.program.find("~it: s pat # n 1"), std::string::npos) << o.program;
  EXPECT_EQ(o.program.find("o1:"), std::string::npos) << "a type query plays nothing";
  EXPECT_NE(s.program().find("o1:"), std::string::npos) << "and changes nothing";
  EXPECT_EQ(ReplSession::tidal_type("a pattern of controls"), "ControlPattern");
  EXPECT_EQ(ReplSession::tidal_type("a pattern of numbers"), "Pattern Double");
}

TEST(ReplSession, JumpReplacesTheSlotAndAsksForAnImmediateSwitch) {
  ReplSession s;
  ReplOutcome o = run(s, "jump 2 $ s \"cp\"\n");
  EXPECT_TRUE(o.swap_now);
  EXPECT_NE(s.program().find("o2:  s \"cp\""), std::string::npos);
}

}  // namespace
}  // namespace phonon
