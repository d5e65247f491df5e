// Core pattern algebra against hand-computed Tidal results, plus property tests of pattern laws on random
// mini-notation patterns.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "compiler/diagnostics.hpp"
#include "compiler/pattern/core.hpp"
#include "compiler/pattern/ops.hpp"
#include "pattern_test_util.hpp"

using namespace phonon;
using phonon::testutil::onsets;
using phonon::testutil::query;
using phonon::testutil::shows;

namespace {
Pattern num(double x) { return pure(Value::number(x)); }
Pattern seq(std::initializer_list<double> xs) {
  std::vector<Value> vs;
  for (double x : xs) vs.push_back(Value::number(x));
  return fast_from_list(vs);
}
std::vector<std::string> q(const Pattern& p, Rational b, Rational e) { return query(p, b, e); }
}  // namespace

TEST(PatternCore, PureSplitsAtCycles) {
  EXPECT_EQ(q(num(1), Rational(1, 2), Rational(3, 2)),
            (std::vector<std::string>{"0/1-1/1|1/2-1/1|1.0", "1/1-2/1|1/1-3/2|1.0"}));
  // zero-width query returns the event containing that instant
  EXPECT_EQ(q(num(1), Rational(1, 3), Rational(1, 3)), (std::vector<std::string>{"0/1-1/1|1/3-1/3|1.0"}));
  EXPECT_TRUE(silence().query(Arc(Rational(0), Rational(4))).empty());
}

TEST(PatternCore, FastSlowAndZero) {
  EXPECT_EQ(q(fast(Rational(2), num(1)), Rational(0), Rational(1)),
            (std::vector<std::string>{"0/1-1/2|0/1-1/2|1.0", "1/2-1/1|1/2-1/1|1.0"}));
  EXPECT_EQ(q(slow(Rational(2), num(1)), Rational(0), Rational(1)), (std::vector<std::string>{"0/1-2/1|0/1-1/1|1.0"}));
  EXPECT_TRUE(fast(Rational(0), num(1)).query(Arc(Rational(0), Rational(1))).empty());
  EXPECT_TRUE(slow(Rational(0), num(1)).query(Arc(Rational(0), Rational(1))).empty());
}

TEST(PatternCore, SlowcatOffsetsCycles) {
  Pattern p = slowcat({seq({1, 2}), num(3)});
  EXPECT_EQ(onsets(p, 3),
            (std::vector<std::string>{"0/1-1/2 1.0", "1/1-2/1 3.0", "1/2-1/1 2.0", "2/1-5/2 1.0", "5/2-3/1 2.0"}));
}

TEST(PatternCore, TimecatWeights) {
  Pattern p = timecat({{Rational(1), num(1)}, {Rational(3), num(2)}});
  EXPECT_EQ(onsets(p), (std::vector<std::string>{"0/1-1/4 1.0", "1/4-1/1 2.0"}));
}

TEST(PatternCore, RevMirrorsWithinCycle) {
  EXPECT_EQ(onsets(rev(seq({1, 2, 3}))), (std::vector<std::string>{"0/1-1/3 3.0", "1/3-2/3 2.0", "2/3-1/1 1.0"}));
}

TEST(PatternCore, CompressZoomFastGap) {
  EXPECT_EQ(onsets(compress(Rational(1, 4), Rational(3, 4), seq({1, 2}))),
            (std::vector<std::string>{"1/2-3/4 2.0", "1/4-1/2 1.0"}));
  EXPECT_EQ(onsets(zoom(Rational(1, 4), Rational(3, 4), seq({1, 2, 3, 4}))),
            (std::vector<std::string>{"0/1-1/2 2.0", "1/2-1/1 3.0"}));
  EXPECT_EQ(onsets(fast_gap(Rational(2), seq({1, 2}))), (std::vector<std::string>{"0/1-1/4 1.0", "1/4-1/2 2.0"}));
  EXPECT_TRUE(compress(Rational(1, 2), Rational(2), num(1)).query(Arc(Rational(0), Rational(1))).empty());
}

TEST(PatternCore, ApplicativeStructure) {
  Pattern a = seq({1, 2});
  Pattern b = seq({10, 20, 30});
  auto add = [](const Value& x, const Value& y) { return Value::number(x.as_number() + y.as_number()); };
  // structure from both: wholes are intersections
  EXPECT_EQ(q(app_both(a, b, add), Rational(0), Rational(1)),
            (std::vector<std::string>{"0/1-1/3|0/1-1/3|11.0", "1/2-2/3|1/2-2/3|22.0", "1/3-1/2|1/3-1/2|21.0",
                                      "2/3-1/1|2/3-1/1|32.0"}));
  // structure from the left: the left's wholes, fragments where the right changes
  EXPECT_EQ(q(app_left(a, b, add), Rational(0), Rational(1)),
            (std::vector<std::string>{"0/1-1/2|0/1-1/3|11.0", "0/1-1/2|1/3-1/2|21.0", "1/2-1/1|1/2-2/3|22.0",
                                      "1/2-1/1|2/3-1/1|32.0"}));
  EXPECT_EQ(q(app_right(a, b, add), Rational(0), Rational(1)),
            (std::vector<std::string>{"0/1-1/3|0/1-1/3|11.0", "1/3-2/3|1/2-2/3|22.0", "1/3-2/3|1/3-1/2|21.0",
                                      "2/3-1/1|2/3-1/1|32.0"}));
}

TEST(PatternCore, JoinsKeepTheRightStructure) {
  Pattern outer = seq({1, 2});
  auto f = [](const Value& v) { return fast(Rational(static_cast<int64_t>(v.as_number())), pure(v)); };
  EXPECT_EQ(q(inner_bind(outer, f), Rational(0), Rational(1)),
            (std::vector<std::string>{"0/1-1/1|0/1-1/2|1.0", "1/2-1/1|1/2-1/1|2.0"}));
  EXPECT_EQ(q(squeeze_bind(outer, f), Rational(0), Rational(1)),
            (std::vector<std::string>{"0/1-1/2|0/1-1/2|1.0", "1/2-3/4|1/2-3/4|2.0", "3/4-1/1|3/4-1/1|2.0"}));
  EXPECT_EQ(q(bind(outer, f), Rational(0), Rational(1)),
            (std::vector<std::string>{"0/1-1/2|0/1-1/2|1.0", "1/2-1/1|1/2-1/1|2.0"}));
  EXPECT_EQ(q(outer_bind(outer, f), Rational(0), Rational(1)),
            (std::vector<std::string>{"0/1-1/2|0/1-1/2|1.0", "1/2-1/1|1/2-1/1|2.0"}));
}

TEST(PatternCore, EventStormsAreLimitedNotHung) {
  Pattern storm = fast(Rational(1000000000), num(1));
  EXPECT_THROW(storm.query(Arc(Rational(0), Rational(1))), PatternLimitError);
  // plain-number Euclid arguments are checked when parsed; patterned ones when queried
  EXPECT_THROW(testutil::pat("s \"bd(100000,200000)\""), CompileError);
  EXPECT_THROW(testutil::pat("euclid 3 \"<8 200000>\" $ s \"bd\"").query(Arc(Rational(0), Rational(2))),
               PatternLimitError);
  // iterating over too many (empty) cycles is a storm too
  Pattern empty = filter_values(num(1), [](const Value&) { return false; });
  EXPECT_THROW(fast(Rational(1000000000), rev(empty)).query(Arc(Rational(0), Rational(1))), PatternLimitError);
  EXPECT_THROW(fast(Rational(1000000000), rev(num(1))).query(Arc(Rational(0), Rational(1))), PatternLimitError);
  // a big but bounded storm works
  EXPECT_EQ(testutil::pat("s \"bd*100000\"").query(Arc(Rational(0), Rational(1))).size(), 100000u);
}

// Found by tests/fuzz/query_fuzz.cpp: the list algorithm was O(n^2 / k) (`bd(3,65536)` took 25 s); the grouped one
// gives the same sequences (checked against the list algorithm for all n <= 300) in O(n log n).
TEST(PatternCore, BjorklundIsFastForLongSequences) {
  auto bits = bjorklund(3, 65536);
  ASSERT_EQ(bits.size(), 65536u);
  EXPECT_EQ(std::count(bits.begin(), bits.end(), true), 3);
  EXPECT_TRUE(bits[0] && bits[21845] && bits[43690]);
  EXPECT_EQ(std::count(bits.begin(), bits.end(), true), 3);
  auto many = bjorklund(65535, 65536);
  EXPECT_EQ(std::count(many.begin(), many.end(), false), 1);
}

TEST(PatternCore, BjorklundMatchesTidal) {
  auto str = [](std::vector<bool> v) {
    std::string s;
    for (bool b : v) s += b ? 'x' : '.';
    return s;
  };
  EXPECT_EQ(str(bjorklund(3, 8)), "x..x..x.");
  EXPECT_EQ(str(bjorklund(5, 8)), "x.xx.xx.");
  EXPECT_EQ(str(bjorklund(7, 16)), "x..x.x.x..x.x.x.");
  EXPECT_EQ(str(bjorklund(0, 4)), "....");
  EXPECT_EQ(str(bjorklund(4, 4)), "xxxx");
}

TEST(PatternCore, TimeToRandIsTidals) {
  // Values from Tidal 1.7.10 (golden `rand_gain`: gain rand sampled at the middle of each hh*4 event).
  EXPECT_EQ(time_to_rand(Rational(0)), 0.0);
  EXPECT_DOUBLE_EQ(time_to_rand(Rational(1, 8)), 0.3147844299674034);
  EXPECT_DOUBLE_EQ(time_to_rand(Rational(3, 8)), 0.6004995740950108);
  EXPECT_DOUBLE_EQ(time_to_rand(Rational(5, 8)), 0.1394200474023819);
  auto rs = time_to_rands(Rational(3), 4);
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_EQ(rs[0], time_to_rand(Rational(3)));
  for (double r : rs) EXPECT_TRUE(r >= 0.0 && r < 1.0);
}

// ---- property tests ---------------------------------------------------------------------------------------------

namespace {
std::string random_mini(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> len(1, 4), kind(0, 9), digit(0, 9);
  std::string s;
  int n = len(rng);
  for (int i = 0; i < n; ++i) {
    if (i) s += ' ';
    int k = depth > 2 ? 0 : kind(rng);
    if (k <= 4) s += std::to_string(digit(rng));
    else if (k == 5) s += "~";
    else if (k == 6) s += "[" + random_mini(rng, depth + 1) + "]";
    else if (k == 7) s += "<" + random_mini(rng, depth + 1) + ">";
    else if (k == 8) s += std::to_string(digit(rng)) + "*" + std::to_string(1 + digit(rng) % 3);
    else s += "[" + random_mini(rng, depth + 1) + ", " + random_mini(rng, depth + 1) + "]";
  }
  return s;
}

std::vector<Pattern> random_patterns(int count) {
  std::mt19937 rng(12345);
  std::vector<Pattern> out;
  for (int i = 0; i < count; ++i) out.push_back(testutil::pat("n \"" + random_mini(rng, 0) + "\""));
  return out;
}
}  // namespace

TEST(PatternLaws, RevRevIsIdentity) {
  for (const Pattern& p : random_patterns(60))
    EXPECT_EQ(q(rev(rev(p)), Rational(0), Rational(4)), q(p, Rational(0), Rational(4)));
}

TEST(PatternLaws, FastSlowCancel) {
  for (const Pattern& p : random_patterns(60)) {
    for (Rational r : {Rational(2), Rational(3), Rational(3, 2), Rational(1, 4)}) {
      EXPECT_EQ(q(fast(r, slow(r, p)), Rational(0), Rational(3)), q(p, Rational(0), Rational(3)));
    }
  }
}

TEST(PatternLaws, ShiftsCancel) {
  for (const Pattern& p : random_patterns(60)) {
    Pattern back = rot_l(Rational(1, 4), rot_r(Rational(1, 4), p));
    EXPECT_EQ(q(back, Rational(0), Rational(3)), q(p, Rational(0), Rational(3)));
    Pattern back2 = early(num(0.25), late(num(0.25), p));
    // the patterned form goes through innerJoin, which fragments events at (shifted) cycle boundaries
    EXPECT_EQ(testutil::defragged(back2, 3), testutil::defragged(p, 3));
  }
}

TEST(PatternLaws, StackAndCatIdentities) {
  for (const Pattern& p : random_patterns(40)) {
    auto base = q(p, Rational(0), Rational(3));
    EXPECT_EQ(q(stack({p, silence()}), Rational(0), Rational(3)), base);
    EXPECT_EQ(q(slowcat({p}), Rational(0), Rational(3)), base);
    EXPECT_EQ(q(fastcat({p}), Rational(0), Rational(3)), base);
    auto twice = q(stack({p, p}), Rational(0), Rational(1));
    EXPECT_EQ(twice.size(), 2 * q(p, Rational(0), Rational(1)).size());
    // querying in pieces gives the same events as one query, up to fragmentation at the cut
    auto whole_query = p.query(Arc(Rational(0), Rational(2)));
    auto a = p.query(Arc(Rational(0), Rational(1)));
    auto b = p.query(Arc(Rational(1), Rational(2)));
    size_t onsets_whole = 0, onsets_pieces = 0;
    for (auto& e : whole_query) onsets_whole += e.has_onset();
    for (auto& e : a) onsets_pieces += e.has_onset();
    for (auto& e : b) onsets_pieces += e.has_onset();
    EXPECT_EQ(onsets_whole, onsets_pieces);
  }
}

TEST(PatternCore, PrintsLikeTidal) {
  auto es = testutil::pat("rotR 0.25 $ s \"a b\"").query_sorted(Arc(Rational(0), Rational(1)));
  ASSERT_EQ(es.size(), 3u);
  EXPECT_EQ(es[0].to_string(), "-¼-(0>¼)|s: \"b\"");
  EXPECT_EQ(es[1].to_string(), "(¼>¾)|s: \"a\"");
  EXPECT_EQ(es[2].to_string(), "(¾>1)-1¼|s: \"b\"");
  auto sig = sine().query(Arc(Rational(0), Rational(1, 2)));
  ASSERT_EQ(sig.size(), 1u);
  EXPECT_EQ(sig[0].to_string(), "~0>½~|1.0");
}
