// Mini-notation bad input and edge cases: carets inside the string, storm limits at parse time, and Phonon's
// `~name` words (a bus played as an instrument) next to Tidal's `~` rests.
#include <gtest/gtest.h>

#include "compiler/diagnostics.hpp"
#include "compiler/mini/mini.hpp"
#include "pattern_test_util.hpp"

using namespace phonon;
using phonon::testutil::onsets;
using V = std::vector<std::string>;

namespace {
Pattern mini_pat(const std::string& text, mini::ElemType t = mini::ElemType::String) {
  auto file = std::make_shared<const SourceFile>("<test>", "\"" + text + "\"");
  SourceSpan content{file, 1, static_cast<uint32_t>(1 + text.size())};
  return mini::parse_pattern(text, content, t);
}
// "col-col: message" of parsing `text` (columns within the quoted literal; the quote is column 1), or "no error".
std::string mini_error(const std::string& text, mini::ElemType t = mini::ElemType::String) {
  auto file = std::make_shared<const SourceFile>("<test>", "\"" + text + "\"");
  SourceSpan content{file, 1, static_cast<uint32_t>(1 + text.size())};
  try {
    mini::parse_pattern(text, content, t);
  } catch (const CompileError& e) {
    return std::to_string(file->col_of(e.diag.span.begin)) + "-" + std::to_string(file->col_of(e.diag.span.end)) +
           ": " + e.diag.message;
  }
  return "no error";
}
double estimate(const std::string& text, mini::ElemType t = mini::ElemType::String) {
  auto file = std::make_shared<const SourceFile>("<test>", "\"" + text + "\"");
  SourceSpan content{file, 1, static_cast<uint32_t>(1 + text.size())};
  return mini::events_per_cycle_estimate(mini::parse(text, content, t));
}
}  // namespace

TEST(MiniErrors, TildeWordIsABusNameInStringPatterns) {
  // `~name` (no space) is one word: a bus used as an instrument
  EXPECT_EQ(onsets(mini_pat("~pad*2 ~")), (V{"0/1-1/4 \"~pad\"", "1/4-1/2 \"~pad\""}));
  EXPECT_EQ(onsets(mini_pat("~synth ~ bd")), (V{"0/1-1/3 \"~synth\"", "2/3-1/1 \"bd\""}));
  // a lone `~` stays a rest, also before brackets and in other element types
  EXPECT_EQ(onsets(mini_pat("~ [~ bd]")), (V{"3/4-1/1 \"bd\""}));
  EXPECT_EQ(onsets(mini_pat("0 ~ 2", mini::ElemType::Number)), (V{"0/1-1/3 0.0", "2/3-1/1 2.0"}));
  EXPECT_EQ(onsets(mini_pat("t ~ t", mini::ElemType::Bool)).size(), 2u);
  // in a number pattern `~x` is a rest followed by a word, which is an error there
  EXPECT_EQ(mini_error("0 ~zz", mini::ElemType::Number), "5-7: expected a number but found `zz`");
}

TEST(MiniErrors, CaretsPointAtTheProblem) {
  EXPECT_EQ(mini_error("bd [sn"), "5-6: unclosed `[`");
  EXPECT_EQ(mini_error("bd <sn [hh>"), "12-13: expected `]` to close the `[` but found `>`");
  EXPECT_EQ(mini_error("bd sn)"), "7-8: unbalanced `)`: no matching opening bracket");
  EXPECT_EQ(mini_error("bd(3 8)"), "8-9: expected `,` in Euclidean rhythm `(k,n)`");
  EXPECT_EQ(mini_error("bd(,8)"), "4-8: empty argument in Euclidean rhythm");
  EXPECT_EQ(mini_error("bd*"), "4-5: expected a number after `*`");
  EXPECT_EQ(mini_error("c'nope", mini::ElemType::Note), "4-8: unknown chord `nope`");
  EXPECT_EQ(mini_error("1..", mini::ElemType::Number), "5-6: unexpected end of mini-notation");
  EXPECT_EQ(mini_error("bd:3 $"), "7-8: unexpected `$` in mini-notation");
}

TEST(MiniErrors, NumberWords) {
  using mini::ElemType;
  EXPECT_EQ(mini_error("xa", ElemType::Time), "2-4: expected a time but found `xa`");
  EXPECT_EQ(mini_error("1 foo", ElemType::Time), "4-7: expected a time but found `foo`");
  EXPECT_EQ(mini_error("1 qq", ElemType::Number), "4-6: expected a number but found `qq`");
  EXPECT_EQ(mini_error("1 zz", ElemType::Int), "4-6: expected an integer but found `zz`");
  EXPECT_EQ(mini_error("1.5", ElemType::Int), "2-5: expected an integer but found `1.5`");
  // found by tests/fuzz/query_fuzz.cpp: a huge octave overflowed (UB); octaves have at most 3 digits
  EXPECT_EQ(mini_error("b7777777777777777777", ElemType::Note),
            "2-22: expected a note but found `b7777777777777777777`");
  EXPECT_EQ(onsets(mini_pat("c10", ElemType::Note)), (V{"0/1-1/1 60.0"}));
  // what stays valid: numbers, note names, Tidal's ratio suffixes after a number in time patterns
  EXPECT_EQ(mini_error("0 -1 2.5 1e3", ElemType::Number), "no error");
  EXPECT_EQ(mini_error("c a4 cs5 ef3", ElemType::Number), "no error");
  EXPECT_EQ(mini_error("3q 1%3 0.5", ElemType::Time), "no error");
  EXPECT_EQ(mini_error("x e 3q -e", ElemType::Time), "no error");
  EXPECT_EQ(mini_error("x e 3q -e", ElemType::Number), "no error");
}

TEST(MiniErrors, StormLimitsAtParseTime) {
  EXPECT_EQ(mini_error("bd*10000000"),
            "2-13: event storm: this makes about 10000000 events per cycle, more than the limit of 1048576");
  EXPECT_EQ(mini_error("[bd [sn*2000]]*1000"),
            "3-21: event storm: this makes about 2001000 events per cycle, more than the limit of 1048576");
  EXPECT_EQ(mini_error("bd(3,100000)"), "7-13: Euclidean rhythm with 100000 steps: the limit is 65536");
  // found by tests/fuzz/query_fuzz.cpp: a huge patterned count was converted to an integer (UB); integers in
  // mini-notation are now bounded where they are written
  EXPECT_EQ(mini_error("bd(5<" + std::string(60, '7') + " 5>,8)"), "7-67: integer too large");
  EXPECT_EQ(mini_error("0 .. 2000000", mini::ElemType::Number),
            "2-14: event storm: this makes about 2000001 events per cycle, more than the limit of 1048576");
  // the estimate: structure per cycle, patterned factors at their largest value
  EXPECT_DOUBLE_EQ(estimate("bd*4 [sn hh]"), 6);
  EXPECT_DOUBLE_EQ(estimate("bd*<2 8>"), 8);
  EXPECT_DOUBLE_EQ(estimate("bd(3,8) ~"), 8);
  EXPECT_DOUBLE_EQ(estimate("{bd sn, hh hh hh}"), 4);
  EXPECT_DOUBLE_EQ(estimate("bd!3 sn, hh"), 5);
  // slow and zero factors are not storms
  EXPECT_EQ(mini_error("bd/1000000000"), "no error");
  EXPECT_EQ(mini_error("bd*0"), "no error");
}
