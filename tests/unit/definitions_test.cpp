// Tidal code as users write it: definitions (`let`, `where`, functions with parameters), lambdas, `if`, `do`
// blocks, the Prelude, list ranges and Unicode spaces, in expressions and whole programs (query and render paths).
#include <gtest/gtest.h>

#include "compiler/compile.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/eval/program.hpp"
#include "compiler/parser.hpp"
#include "pattern_test_util.hpp"

using namespace phonon;
using phonon::testutil::query;
using V = std::vector<std::string>;

namespace {

struct ProgramResult {
  eval::ProgramValue value;
  std::string messages;  // short forms of the diagnostics, one per line
};

ProgramResult run_program(const std::string& text) {
  auto file = std::make_shared<const SourceFile>("t.ph", text);
  Diagnostics diags;
  Program prog = parse_program(file, diags);
  ProgramResult r;
  r.value = eval::evaluate_program(prog, eval::make_standard_registry(), diags);
  for (const auto& d : diags.items()) r.messages += d.short_form() + "\n";
  return r;
}

// Events of output `idx` over `cycles`, as testutil::query shows them.
V output(const ProgramResult& r, int idx, int64_t cycles = 1) {
  auto it = r.value.outputs.find(idx);
  if (it == r.value.outputs.end()) return {"no output " + std::to_string(idx) + ": " + r.messages};
  eval::Evaluator ev(eval::make_standard_registry());
  return testutil::query(ev.resolve_default(it->second).pattern, Rational(0), Rational(cycles));
}

std::string expr_error(const std::string& text) {
  try {
    eval::Term t = eval::evaluate_expression_text(text);
    return "ok: " + t.describe();
  } catch (const CompileError& e) {
    return e.diag.short_form();
  }
}

std::string compile_messages(const std::string& text) {
  CompileResult r = compile_source(std::make_shared<const SourceFile>("t.ph", text));
  std::string out;
  for (const auto& d : r.diagnostics.items()) out += d.short_form() + "\n";
  return out;
}

}  // namespace

TEST(Definitions, StringDefinitionTakesItsTypeAtEachUse) {
  ProgramResult r = run_program(
      "let pat = \"0 2\"\n"
      "d1 $ s pat\n"
      "d2 $ n (\"10 20\" + pat)\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1), query("s \"0 2\""));
  EXPECT_EQ(output(r, 2), query("n \"10 22\""));
}

TEST(Definitions, FunctionsWithParametersAndSections) {
  ProgramResult r = run_program(
      "let f p = every 2 (fast 2) p\n"
      "let g = (# speed 2)\n"
      "d1 $ f $ s \"bd sn\"\n"
      "d2 $ g . (0.25 <~) $ s \"bd sn\"\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1, 2), query("every 2 (fast 2) $ s \"bd sn\"", 2));
  EXPECT_EQ(output(r, 2), query("(0.25 <~) (s \"bd sn\") # speed 2"));
}

TEST(Definitions, LetBlockByIndentationAndBraces) {
  ProgramResult r = run_program(
      "let a = \"bd\"\n"
      "    b = a ++ \" sn\"\n"
      "    twice x = fast 2 x\n"
      "d1 $ twice $ s b\n"
      "let { c = 3; d = c + 1 }\n"
      "d2 $ n (pure d)\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1), query("s \"[bd sn]*2\""));
  EXPECT_EQ(output(r, 2), query("n 4"));
}

TEST(Definitions, ContinuationLinesOfALetStatement) {
  // A top-level `let` statement continues on every indented line (even left of the name's column).
  ProgramResult r = run_program(
      "let drums = s \"bd*2\"\n"
      "  # speed 2\n"
      "d1 $ drums\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1), query("s \"bd*2\" # speed 2"));
}

TEST(Definitions, LaterDefinitionsShadowEarlierOnesAndStatementsSeeOnlyTheAbove) {
  ProgramResult r = run_program(
      "let x = \"1\"\n"
      "d1 $ n x\n"
      "let x = \"2\"\n"
      "d2 $ n x\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1), query("n 1"));
  EXPECT_EQ(output(r, 2), query("n 2"));
  ProgramResult early = run_program("d1 $ n y\nlet y = \"1\"\n");
  EXPECT_EQ(early.messages, "1:8: error: unknown function `y`\n");
}

TEST(Definitions, DefinitionWithoutLetAsInGhci) {
  ProgramResult r = run_program("melody = \"0 3\"\nd1 $ n melody\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1), query("n \"0 3\""));
}

TEST(Definitions, AFailedDefinitionIsReportedOnceAndItsUsesSaySo) {
  ProgramResult r = run_program("let p = fast \"xx\" $ s \"bd\"\nd1 $ s \"hh\" # n 1\nd2 $ p\n");
  EXPECT_NE(r.messages.find("1:15: error:"), std::string::npos) << r.messages;
  EXPECT_NE(r.messages.find("3:6: error: `p` has no value: its definition has errors (reported above)"),
            std::string::npos)
      << r.messages;
  EXPECT_EQ(output(r, 1), query("s \"hh\" # n 1"));
}

TEST(Definitions, RecursiveFunction) {
  EXPECT_EQ(query("let go k p = if k == 0 then p else go (k - 1) (fast 2 p) in go 2 $ s \"bd\""), query("s \"bd*4\""));
}

TEST(Definitions, WhereAfterAStatementAndAfterADefinition) {
  ProgramResult r = run_program(
      "d1 $ n (pat + 1)\n"
      "  where pat = \"0 2\"\n"
      "let f p = fast k p\n"
      "      where k = 2\n"
      "d2 $ f $ s \"bd\"\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1), query("n \"1 3\""));
  EXPECT_EQ(output(r, 2), query("s \"bd*2\""));
}

TEST(Definitions, LambdasIfAndOperatorSections) {
  EXPECT_EQ(query("every 2 (\\p -> fast 2 p) $ s \"bd\"", 2), query("every 2 (fast 2) $ s \"bd\"", 2));
  EXPECT_EQ(query("(\\x y -> x # y) (s \"bd\") (n 3)"), query("s \"bd\" # n 3"));
  EXPECT_EQ(query("if 2 > 1 && not False then s \"a\" else s \"b\""), query("s \"a\""));
  EXPECT_EQ(query("(|+ n 12) $ n \"0 1\""), query("n \"12 13\""));
  EXPECT_EQ(query("n (pure (10 `div` 3))"), query("n 3"));
  EXPECT_EQ(query("n (pure ((`div` 3) 10))"), query("n 3"));
  EXPECT_EQ(query("n (pure ((10 -) 4))"), query("n 6"));
  EXPECT_EQ(query("(. fast 2) (# speed 2) $ s \"bd\""), query("fast 2 $ s \"bd\" # speed 2"));
}

TEST(Definitions, DoBlocksInLayoutAndBraces) {
  ProgramResult r = run_program(
      "do\n"
      "  let p = \"bd sn\"\n"
      "  d1 $ s p\n"
      "  d2 $ s \"hh*2\"\n"
      "do { d3 $ n 1; hush d2 }\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1), query("s \"bd sn\""));
  EXPECT_EQ(output(r, 3), query("n 1"));
  EXPECT_TRUE(r.value.hushed.count(2));
}

TEST(Definitions, SetcpsIsTheTempoStatement) {
  ProgramResult r = run_program("setcps (135/60/4)\nd1 $ s \"bd\"\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_DOUBLE_EQ(r.value.cps, 135.0 / 60 / 4);
}

TEST(Definitions, TypeSignaturesAreSkippedAndAnnotationsFixTheType) {
  ProgramResult r = run_program(
      "let f :: Pattern String -> ControlPattern\n"
      "    f p = s p\n"
      "d1 $ f \"bd\"\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1), query("s \"bd\""));
  EXPECT_EQ(query("n (\"0 1\" :: Pattern Note)"), query("n \"0 1\""));
  EXPECT_EQ(expr_error("(\"bd\" :: Pattern Double)"), "1:3: error: expected a number but found `bd`");
}

TEST(Prelude, ListFunctions) {
  EXPECT_EQ(query("n (fastcat $ map pure [1 .. 4])"), query("n \"1 2 3 4\""));
  EXPECT_EQ(query("n (fastcat $ map pure [0, 0.25 .. 1])"), query("n \"0 0.25 0.5 0.75 1\""));
  EXPECT_EQ(query("n (fastcat $ fmap pure $ reverse $ take 2 $ drop 1 [1, 2, 3, 4])"), query("n \"3 2\""));
  EXPECT_EQ(query("n (fastcat $ map pure (concat [[1], [2, 3]] ++ replicate 2 9))"), query("n \"1 2 3 9 9\""));
  EXPECT_EQ(query("n (pure (foldr (-) 0 [10, 4]))"), query("n 6"));
  EXPECT_EQ(query("n (pure (foldl (-) 0 [10, 4]))"), query("n (-14)"));
  EXPECT_EQ(query("n (pure ([10, 20, 30] !! 2 + fromIntegral (length [1, 2])))"), query("n 32"));
  EXPECT_EQ(query("stack $ zipWith (\\p x -> x # pan p) [0, 1] [s \"a\", s \"b\"]"),
            query("stack [s \"a\" # pan 0, s \"b\" # pan 1]"));
  EXPECT_EQ(query("n (fastcat $ map (pure . fst) (zip [5, 6] [7]))"), query("n 5"));
  EXPECT_EQ(query("n (pure (flip (-) 1 10))"), query("n 9"));
  EXPECT_EQ(query("every 2 (const $ s \"sn\") $ s \"bd\"", 2), query("s \"<sn bd>\"", 2));
}

TEST(Prelude, NumbersFollowHaskell) {
  EXPECT_EQ(query("n (pure (7 `mod` (-2)))"), query("n (-1)"));
  EXPECT_EQ(query("n (pure ((-7) `div` 2))"), query("n (-4)"));
  EXPECT_EQ(query("n (pure (round 2.5 + round 3.5))"), query("n 6"));  // halves go to the even neighbour
  EXPECT_EQ(query("n (pure (floor 2.7 + max 1 (min 5 3)))"), query("n 5"));
  EXPECT_EQ(query("n (floor <$> \"1.5 2.5\")"), query("n \"1 2\""));
  EXPECT_EQ(query("n ((+ 1) <$> \"0 1\")"), query("n \"1 2\""));
}

TEST(Prelude, ErrorsNameTheConstruct) {
  EXPECT_EQ(expr_error("[1, 2] !! 5"), "1:11: error: index 5 is outside the list (it has 2 items, counted from 0)");
  EXPECT_EQ(expr_error("length \"bd sn\""),
            "1:8: error: argument `xs` of `length` must be a list `[...]`, not a string");
  EXPECT_EQ(expr_error("case x of"), "1:1: error: `case` expressions are not supported");
  EXPECT_EQ(expr_error("let x = 1"),
            "1:10: error: expected `in` after the definitions of `let`, found end of statement");
  EXPECT_EQ(expr_error("fmap (+ 1) (n \"0\")"), "1:13: error: `fmap` over a control pattern is not supported");
  EXPECT_EQ(expr_error("[1 ..]"), "1:1: error: an endless range `[a ..]` cannot be used");
  EXPECT_EQ(compile_messages("import Sound.Tidal.Context\nd1 $ s \"bd\"\n"),
            "1:1: error: `import`: modules are not supported\n");
  EXPECT_EQ(compile_messages("let f 0 = s \"bd\"\nd1 $ f 0\n"), "1:7: error: a parameter must be a name\n");
  EXPECT_EQ(compile_messages("let f x | x > 1 = s \"bd\"\n"),
            "1:9: error: guards (`| condition = ...`) are not supported\n");
}

TEST(UnicodeSpaces, CountAsSpacesInCodeAndMiniNotation) {
  const std::string nbsp = "\xC2\xA0", em = "\xE2\x80\x83", bom = "\xEF\xBB\xBF";
  EXPECT_EQ(query("s" + nbsp + "\"bd" + nbsp + "sn\"" + em + "#" + nbsp + "n 1"), query("s \"bd sn\" # n 1"));
  ProgramResult r = run_program(bom + "d1 $ s \"bd\"\n" + nbsp + nbsp + "# n 2\n");
  EXPECT_EQ(r.messages, "");
  EXPECT_EQ(output(r, 1), query("s \"bd\" # n 2"));
  EXPECT_NE(expr_error(nbsp + "nosuch 1").find("error: unknown function `nosuch`"), std::string::npos);
}

TEST(OneEvaluationPath, RenderAcceptsWhatQueryAccepts) {
  // Tidal: `lpf 300 * 2` is ValueMap arithmetic ({cutoff: 300} * {n: 2}).
  EXPECT_EQ(compile_messages("d1 $ s \"bd\" # lpf 300 * 2\n"), "");
  EXPECT_EQ(compile_messages("let g = (# speed 2)\nd1 $ g $ s \"bd\"\n"), "");
  EXPECT_EQ(compile_messages("d1 $ \"bd*2\" # n 1\n"), "");
}
