// Control patterns as numbers (Tidal's `instance Num ValueMap` / `instance Fractional ValueMap`):
//  - a number literal where a control pattern is expected is fromInteger i = {n: i} or fromRational r = {speed: r};
//  - + * % combine key by key (unionWith), keys present on one side are kept;
//  - there is no (-) or (/) for ValueMap in Tidal: x - y = x + negate y, x / y = x * recip y, so a number present
//    only on the right is negated / inverted.
// Phonon has one number type, so `n "0" + 12` transposes (Tidal's fNum2 has no Note+Int case and would keep the
// left note; see docs/language.md).
#include <gtest/gtest.h>

#include "compiler/compile.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/eval/program.hpp"
#include "compiler/parser.hpp"
#include "pattern_test_util.hpp"

using namespace phonon;
using phonon::testutil::onsets;
using phonon::testutil::pat;
using phonon::testutil::query;
using V = std::vector<std::string>;

TEST(EvalControlArith, IntegerLiteralIsN) {
  EXPECT_EQ(onsets(pat("n \"0 3 5\" + 33")), (V{"0/1-1/3 n: 33.0", "1/3-2/3 n: 36.0", "2/3-1/1 n: 38.0"}));
  EXPECT_EQ(onsets(pat("33 + n \"0 3\"")), (V{"0/1-1/2 n: 33.0", "1/2-1/1 n: 36.0"}));
  EXPECT_EQ(query("n \"0 3\" |+ 12"), query("n \"12 15\""));
  EXPECT_EQ(query("n \"0 3\" |+| 12"), query("n \"12 15\""));
  // structure from the right (one event per cycle), fragmented by the left's values
  EXPECT_EQ(query("n \"0 3\" +| 12"), (V{"0/1-1/1|0/1-1/2|n: 12.0", "0/1-1/1|1/2-1/1|n: 15.0"}));
  EXPECT_EQ(onsets(pat("n \"1 2\" * 3")), (V{"0/1-1/2 n: 3.0", "1/2-1/1 n: 6.0"}));
  EXPECT_EQ(onsets(pat("n \"7\" |% 4")), (V{"0/1-1/1 n: 3.0"}));
  // a map without n gains n (Map.unionWith keeps keys of one side)
  EXPECT_EQ(onsets(pat("s \"bd\" + 2")), (V{"0/1-1/1 n: 2.0, s: \"bd\""}));
  EXPECT_EQ(onsets(pat("s \"bd\" # 3")), (V{"0/1-1/1 n: 3.0, s: \"bd\""}));
}

TEST(EvalControlArith, FractionalLiteralIsSpeed) {
  EXPECT_EQ(onsets(pat("speed \"1 2\" * 1.5")), (V{"0/1-1/2 speed: 1.5", "1/2-1/1 speed: 3.0"}));
  EXPECT_EQ(onsets(pat("speed \"1\" + 0.5")), (V{"0/1-1/1 speed: 1.5"}));
  // written with a decimal point: fromRational even though it is whole
  EXPECT_EQ(onsets(pat("n \"1\" + 2.0")), (V{"0/1-1/1 n: 1.0, speed: 2.0"}));
  // (1/8) folds to 0.125, fractional
  EXPECT_EQ(onsets(pat("speed 1 * (1/8)")), (V{"0/1-1/1 speed: 0.125"}));
}

TEST(EvalControlArith, SubtractionAndDivisionNegateAndInvertTheRightOnlyKeys) {
  EXPECT_EQ(onsets(pat("n \"40\" - 33")), (V{"0/1-1/1 n: 7.0"}));
  EXPECT_EQ(onsets(pat("s \"bd\" - 2")), (V{"0/1-1/1 n: -2.0, s: \"bd\""}));
  EXPECT_EQ(onsets(pat("s \"bd\" |- n 1")), (V{"0/1-1/1 n: -1.0, s: \"bd\""}));
  EXPECT_EQ(onsets(pat("n \"5\" - n \"3\" # s \"x\"")), (V{"0/1-1/1 n: 2.0, s: \"x\""}));
  EXPECT_EQ(onsets(pat("speed \"3\" / 1.5")), (V{"0/1-1/1 speed: 2.0"}));
  EXPECT_EQ(onsets(pat("s \"bd\" / speed 4")), (V{"0/1-1/1 s: \"bd\", speed: 0.25"}));
  // keys on the left only are kept as they are
  EXPECT_EQ(onsets(pat("(n 1 # speed 2) - n 3")), (V{"0/1-1/1 n: -2.0, speed: 2.0"}));
  // fixity: `#` (infixl 1) binds looser than `-` (infixl 6)
  EXPECT_EQ(onsets(pat("n 1 # speed 2 - n 3")), (V{"0/1-1/1 n: -3.0, speed: 2.0"}));
}

TEST(EvalControlArith, PatternedControlsCombine) {
  EXPECT_EQ(query("n \"0\" + n \"<12 7>\"", 2), query("n \"<12 7>\"", 2));
  EXPECT_EQ(query("n \"0 1\" + n \"<12 7>\"", 2), query("n \"<[12 13] [7 8]>\"", 2));
  EXPECT_EQ(query("(+ 12) $ n \"0 1\""), query("n \"12 13\""));
  EXPECT_EQ(query("(|* 2) $ n \"1 2\""), query("n \"2 4\""));
}

TEST(EvalControlArith, BareStringsAreSoundPatternsAsInTidal) {
  // Tidal's IsString ControlPattern reads every word as `s` (Tidal 1.7.10: `n "0" + "1"` is {n: 0, s: "1"}).
  EXPECT_EQ(query("n \"0\" + \"1\""), query("n \"0\" # s \"1\""));
  EXPECT_EQ(query("\"0*4\" # s \"tick\""), query("s \"tick*4\""));
  EXPECT_EQ(query("\"bd sn:3\" # n 1"), query("s \"bd sn\" # n 1"));
}

TEST(EvalControlArith, BusOfControlsPlusNumber) {
  Diagnostics diags;
  auto file = std::make_shared<const SourceFile>("t.ph", "~degrees: n \"0 3 5\"\nout: ~degrees + 33\n");
  Program prog = parse_program(file, diags);
  auto pv = eval::evaluate_program(prog, eval::make_standard_registry(), diags);
  ASSERT_FALSE(diags.has_errors()) << diags.render_all();
  EXPECT_EQ(onsets(pv.outputs.at(0).pattern), (V{"0/1-1/3 n: 33.0", "1/3-2/3 n: 36.0", "2/3-1/1 n: 38.0"}));
}

// The test program that needs `~degrees + 33` (a bus of `n ... # scale "minor"`) compiles to a plan.
TEST(EvalControlArith, Wave2IntegrationProgramCompiles) {
  CompileResult r = compile_file(std::string(PHONON_TEST_PROGRAMS) + "/wave2_integration.ph");
  EXPECT_FALSE(r.diagnostics.has_errors()) << r.diagnostics.render_all();
  EXPECT_NE(r.plan, nullptr);
}

// `x # f` with a one-pattern function applies f anywhere, not only at the top of a statement: to numbers, or to
// the n/note values of a control pattern (other events and controls unchanged).
TEST(EvalControlArith, HashWithFunctionAnywhere) {
  const V major = {"0/1-1/3 n: 0.0", "1/3-2/3 n: 4.0", "2/3-1/1 n: 7.0"};
  EXPECT_EQ(onsets(pat("n \"0 2 4\" # scale \"major\"")), major);
  EXPECT_EQ(onsets(pat("n (\"0 2 4\" # scale \"major\")")), major);
  EXPECT_EQ(onsets(pat("fast 1 (n \"0 2 4\" # scale \"major\")")), major);
  EXPECT_EQ(onsets(pat("n \"0 2 4\" # scale \"major\" # s \"x\"")),
            (V{"0/1-1/3 n: 0.0, s: \"x\"", "1/3-2/3 n: 4.0, s: \"x\"", "2/3-1/1 n: 7.0, s: \"x\""}));
  EXPECT_EQ(onsets(pat("s \"x*3\" # (n \"0 2 4\" # scale \"minor\")")),
            (V{"0/1-1/3 n: 0.0, s: \"x\"", "1/3-2/3 n: 3.0, s: \"x\"", "2/3-1/1 n: 7.0, s: \"x\""}));
  // note is mapped too; an event without n/note passes through
  EXPECT_EQ(onsets(pat("stack [note \"1\", s \"bd\"] # scale \"major\"")),
            (V{"0/1-1/1 note: 2.0", "0/1-1/1 s: \"bd\""}));
  // patterned scale names follow the left's structure
  EXPECT_EQ(onsets(pat("n \"2 2\" # scale \"<major minor>\"")), (V{"0/1-1/2 n: 4.0", "1/2-1/1 n: 4.0"}));
}

TEST(EvalControlArith, HashWithFunctionNeedsPitches) {
  try {
    pat("s \"bd sn\" # scale \"major\"");
    FAIL() << "expected an error";
  } catch (const CompileError& e) {
    EXPECT_NE(std::string(e.what()).find("needs numbers or a control pattern with `n` or `note`"), std::string::npos)
        << e.what();
  }
}
