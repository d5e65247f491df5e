// The slicing and matching functions of Tidal's library (chop, gap, contrastBy, markovPat): their results on
// small cases, and the bounds that keep a costly argument from turning into a long wait (docs/language.md,
// "Limits"). Tidal's own results for them are in tests/conformance/library_cases.json.
#include <gtest/gtest.h>

#include <stdexcept>

#include "compiler/pattern/limits.hpp"
#include "compiler/pattern/ops.hpp"
#include "pattern_test_util.hpp"

using namespace phonon;
using phonon::testutil::pat;
using phonon::testutil::query;

TEST(PatternSlices, ChopQueryOfAFewPiecesReturnsExactlyThosePieces) {
  const Pattern p = pat("chop 4096 $ s \"bev\"");
  EXPECT_EQ(p.query(Arc(Rational(0), Rational(1, 4096))).size(), 1u);
  EXPECT_EQ(p.query(Arc(Rational(1, 4096), Rational(3, 4096))).size(), 2u);
  EXPECT_EQ(p.query(Arc(Rational(1, 8192), Rational(3, 8192))).size(), 2u);  // two fragments
  EXPECT_EQ(
      query(p, Rational(5, 4096), Rational(5, 4096)),
      (std::vector<std::string>{"5/4096-3/2048|5/4096-5/4096|begin: 0.001220703125, end: 0.00146484375, s: \"bev\""}));
  EXPECT_EQ(p.query(Arc(Rational(0), Rational(1))).size(), 4096u);
}

TEST(PatternSlices, GapPlaysEveryOtherChoppedPart) {
  EXPECT_EQ(query("gap 4 $ s \"bev\""),
            (std::vector<std::string>{"0/1-1/4|0/1-1/4|begin: 0.0, end: 0.25, n: 1.0, s: \"bev\"",
                                      "1/2-3/4|1/2-3/4|begin: 0.5, end: 0.75, n: 1.0, s: \"bev\""}));
  // An event's own n is kept (Tidal's `|>|` with the `{n: 1}` gate).
  EXPECT_EQ(query("gap 2 $ s \"bev\" # n 3"),
            (std::vector<std::string>{"0/1-1/2|0/1-1/2|begin: 0.0, end: 0.5, n: 3.0, s: \"bev\""}));
  EXPECT_TRUE(pat("gap 0 $ s \"bev\"").query(Arc(Rational(0), Rational(1))).empty());
}

TEST(PatternSlices, GapOverItsPartLimitIsAPatternLimitError) {
  const Pattern p = pat("gap \"<2 5000>\" $ s \"bev\"");
  EXPECT_EQ(p.query(Arc(Rational(0), Rational(1))).size(), 1u);
  EXPECT_THROW(p.query(Arc(Rational(1), Rational(2))), PatternLimitError);
}

TEST(PatternSlices, ContrastByChargesEachReferenceQueryToTheBudget) {
  const Pattern plain = pat("n (run 256)");
  const Pattern p = pat("contrastBy (>=) id id (n 0) $ n (run 256)");
  EXPECT_EQ(p.query(Arc(Rational(0), Rational(1))).size(), 256u);
  uint64_t plain_cost = 0, contrast_cost = 0;
  {
    QueryBudget budget(1u << 20);
    plain.query(Arc(Rational(0), Rational(1)));
    plain_cost = budget.used();
  }
  {
    QueryBudget budget(1u << 20);
    p.query(Arc(Rational(0), Rational(1)));
    contrast_cost = budget.used();
  }
  // Both halves (matched, unmatched) query `pat` and `ref` once per event of `pat`.
  EXPECT_GE(contrast_cost, 2 * plain_cost + 2 * 256);
  QueryBudget small(contrast_cost / 2);
  EXPECT_THROW(p.query(Arc(Rational(0), Rational(1))), PatternLimitError);
}

TEST(PatternSlices, MarkovPatStartWithoutARowIsAnErrorNotACrash) {
  // Constant arguments are read when the pattern is made, patterned ones when it is queried.
  EXPECT_THROW(markov_pat(pure(Value::number(4)), pure(Value::number(2)), {{1, 1}, {1, 1}}), std::domain_error);
  const Pattern later = markov_pat(pure(Value::number(4)), pat("\"<1 2>\""), {{1, 1}, {1, 1}});
  EXPECT_EQ(later.query(Arc(Rational(0), Rational(1))).size(), 4u);
  EXPECT_THROW(later.query(Arc(Rational(1), Rational(2))), std::domain_error);
  const Pattern ok = markov_pat(pure(Value::number(4)), pure(Value::number(1)), {{1, 1}, {0, 1}});
  EXPECT_EQ(query(ok, Rational(0), Rational(1)),
            (std::vector<std::string>{"0/1-1/4|0/1-1/4|1.0", "1/2-3/4|1/2-3/4|1.0", "1/4-1/2|1/4-1/2|1.0",
                                      "3/4-1/1|3/4-1/1|1.0"}));
}
