// Mini-notation: structure of every construct of LANGUAGE.md §3, element types, and error carets.
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
// The error of parsing `text`, as "col: message" (column within the quoted literal; the quote is column 1).
std::string mini_error(const std::string& text, mini::ElemType t = mini::ElemType::String) {
  auto file = std::make_shared<const SourceFile>("<test>", "\"" + text + "\"");
  SourceSpan content{file, 1, static_cast<uint32_t>(1 + text.size())};
  try {
    mini::parse_pattern(text, content, t);
  } catch (const CompileError& e) {
    return std::to_string(file->col_of(e.diag.span.begin)) + ": " + e.diag.message;
  }
  return "no error";
}
}  // namespace

TEST(MiniNotation, SequencesGroupsRests) {
  EXPECT_EQ(onsets(mini_pat("bd ~ [sn sn]")), (V{"0/1-1/3 \"bd\"", "2/3-5/6 \"sn\"", "5/6-1/1 \"sn\""}));
  EXPECT_EQ(onsets(mini_pat("bd . sn sn")), (V{"0/1-1/2 \"bd\"", "1/2-3/4 \"sn\"", "3/4-1/1 \"sn\""}));
  EXPECT_EQ(onsets(mini_pat("bd _ _ sn")), (V{"0/1-3/4 \"bd\"", "3/4-1/1 \"sn\""}));
  EXPECT_EQ(onsets(mini_pat("bd@3 sn")), (V{"0/1-3/4 \"bd\"", "3/4-1/1 \"sn\""}));
  EXPECT_EQ(onsets(mini_pat("bd!3 sn")), (V{"0/1-1/4 \"bd\"", "1/2-3/4 \"bd\"", "1/4-1/2 \"bd\"", "3/4-1/1 \"sn\""}));
  EXPECT_EQ(onsets(mini_pat("bd ! sn")), (V{"0/1-1/3 \"bd\"", "1/3-2/3 \"bd\"", "2/3-1/1 \"sn\""}));
  EXPECT_TRUE(mini_pat("").query(Arc(Rational(0), Rational(1))).empty());
  EXPECT_TRUE(mini_pat("~ ~").query(Arc(Rational(0), Rational(1))).empty());
}

TEST(MiniNotation, AlternationPolymeterSpeed) {
  EXPECT_EQ(onsets(mini_pat("<bd <sn cp>>"), 4),
            (V{"0/1-1/1 \"bd\"", "1/1-2/1 \"sn\"", "2/1-3/1 \"bd\"", "3/1-4/1 \"cp\""}));
  EXPECT_EQ(onsets(mini_pat("{bd sn, hh hh hh}")),
            (V{"0/1-1/2 \"bd\"", "0/1-1/2 \"hh\"", "1/2-1/1 \"hh\"", "1/2-1/1 \"sn\""}));
  EXPECT_EQ(onsets(mini_pat("{bd sn hh}%4")),
            (V{"0/1-1/4 \"bd\"", "1/2-3/4 \"hh\"", "1/4-1/2 \"sn\"", "3/4-1/1 \"bd\""}));
  EXPECT_EQ(onsets(mini_pat("bd*<2 3>"), 2).size(), 5u);
  EXPECT_EQ(onsets(mini_pat("[bd sn]/2"), 2), (V{"0/1-1/1 \"bd\"", "1/1-2/1 \"sn\""}));
  EXPECT_TRUE(mini_pat("bd/0").query(Arc(Rational(0), Rational(2))).empty());
  EXPECT_TRUE(mini_pat("bd*0").query(Arc(Rational(0), Rational(2))).empty());
}

TEST(MiniNotation, EuclidStackChoiceDegrade) {
  EXPECT_EQ(onsets(mini_pat("bd(3,8)")), (V{"0/1-1/8 \"bd\"", "3/4-7/8 \"bd\"", "3/8-1/2 \"bd\""}));
  // rotation rotates left (Tidal)
  EXPECT_EQ(onsets(mini_pat("bd(3,8,2)")), (V{"1/2-5/8 \"bd\"", "1/8-1/4 \"bd\"", "3/4-7/8 \"bd\""}));
  // negative k inverts
  EXPECT_EQ(onsets(mini_pat("bd(-3,8)")).size(), 5u);
  EXPECT_EQ(onsets(mini_pat("bd, hh hh")), (V{"0/1-1/1 \"bd\"", "0/1-1/2 \"hh\"", "1/2-1/1 \"hh\""}));
  // random choice picks exactly one per cycle; degrade removes some of 16
  for (int c = 0; c < 8; ++c) {
    auto es = mini_pat("[bd | sn | hh]").query(Arc(Rational(c), Rational(c + 1)));
    EXPECT_EQ(es.size(), 1u);
  }
  size_t kept = mini_pat("hh*16?").query(Arc(Rational(0), Rational(4))).size();
  EXPECT_GT(kept, 10u);
  EXPECT_LT(kept, 54u);
  EXPECT_EQ(mini_pat("hh*16?0").query(Arc(Rational(0), Rational(1))).size(), 16u);
  // each `?` has its own seed: two degrades of the same events differ
  auto a = testutil::shows(mini_pat("hh*16?").query(Arc(Rational(0), Rational(2))));
  auto b = testutil::shows(mini_pat("[hh*16?, hh*16?]").query(Arc(Rational(0), Rational(2))));
  EXPECT_NE(b.size(), 2 * a.size());
}

TEST(MiniNotation, NumbersNotesChordsRanges) {
  using mini::ElemType;
  EXPECT_EQ(onsets(mini_pat("0 -1 2.5", ElemType::Number)), (V{"0/1-1/3 0.0", "1/3-2/3 -1.0", "2/3-1/1 2.5"}));
  EXPECT_EQ(onsets(mini_pat("c a4 cs5 ef", ElemType::Note)),
            (V{"0/1-1/4 0.0", "1/2-3/4 1.0", "1/4-1/2 -3.0", "3/4-1/1 3.0"}));
  EXPECT_EQ(onsets(mini_pat("c'maj", ElemType::Note)), (V{"0/1-1/1 0.0", "0/1-1/1 4.0", "0/1-1/1 7.0"}));
  EXPECT_EQ(onsets(mini_pat("e3'min'ii", ElemType::Note)), (V{"0/1-1/1 -13.0", "0/1-1/1 -5.0", "0/1-1/1 -8.0"}));
  EXPECT_EQ(onsets(mini_pat("0 .. 3", ElemType::Number)),
            (V{"0/1-1/4 0.0", "1/2-3/4 2.0", "1/4-1/2 1.0", "3/4-1/1 3.0"}));
  EXPECT_EQ(onsets(mini_pat("t f 1 0 true false", ElemType::Bool)).size(), 6u);
  EXPECT_EQ(onsets(mini_pat("808bd bd:3 superpiano")),
            (V{"0/1-1/3 \"808bd\"", "1/3-2/3 \"bd:3\"", "2/3-1/1 \"superpiano\""}));
}

TEST(MiniNotation, ErrorsPointInsideTheString) {
  EXPECT_EQ(mini_error("bd [sn"), "5: unclosed `[`");
  EXPECT_EQ(mini_error("bd sn]"), "7: unbalanced `]`: no matching opening bracket");
  EXPECT_EQ(mini_error("<bd sn"), "2: unclosed `<`");
  EXPECT_EQ(mini_error("bd(3,8"), "4: unclosed `(`");
  EXPECT_EQ(mini_error("bd*"), "4: expected a number after `*`");
  EXPECT_EQ(mini_error("0 1 zz", mini::ElemType::Number), "6: expected a number but found `zz`");
  // Tidal's ratio letters (x = 1/6, e = 1/8) are numbers, before note names in a pattern of numbers; `e` and `f`
  // are notes in a pattern of notes
  EXPECT_EQ(onsets(mini_pat("x e", mini::ElemType::Number)), (V{"0/1-1/2 0.1666666667", "1/2-1/1 0.125"}));
  EXPECT_EQ(onsets(mini_pat("e x", mini::ElemType::Note)), (V{"0/1-1/2 4.0", "1/2-1/1 0.1666666667"}));
  EXPECT_EQ(mini_error("c'foo", mini::ElemType::Note), "4: unknown chord `foo`");
  EXPECT_EQ(mini_error("t maybe", mini::ElemType::Bool),
            "4: expected a boolean (t, f, 1, 0, true or false) but found `maybe`");
}
