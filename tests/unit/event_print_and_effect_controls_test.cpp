// Two findings of the typed fuzzer: Tidal's printer glued a whole number to a fraction without a glyph (1 + 1/18
// printed as `11/18`), and an effect-named control on its own (`gain 0.25`) was queried as an audio signal.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "compiler/pattern/event.hpp"
#include "compiler/pattern/value.hpp"

namespace phonon {
namespace {

std::string query_cli(const std::string& expr) {
  std::string cmd = std::string(PHONON_BINARY) + " query -e '" + expr + "' --cycles 1 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(EventPrint, AMixedNumberWithoutAGlyphKeepsItsWholePartApart) {
  Event e(Arc(Rational(19, 18), Rational(2)), Arc(Rational(19, 18), Rational(2)), Value::number(1));
  EXPECT_EQ(e.to_string(), "(1 1/18>2)|1.0");
  Event neg(Arc(Rational(-19, 18), Rational(-1, 3)), Arc(Rational(-19, 18), Rational(-1, 3)), Value::number(1));
  EXPECT_EQ(neg.to_string(), "(-1 1/18>-⅓)|1.0");
  // glyphs and plain fractions as before
  Event g(Arc(Rational(5, 4), Rational(25, 18)), Arc(Rational(5, 4), Rational(25, 18)), Value::number(1));
  EXPECT_EQ(g.to_string(), "(1¼>1 7/18)|1.0");
  Event f(Arc(Rational(0), Rational(7, 18)), Arc(Rational(0), Rational(7, 18)), Value::number(1));
  EXPECT_EQ(f.to_string(), "(0>7/18)|1.0");
}

TEST(EffectControls, AnEffectNamedControlAloneIsAControlPattern) {
  EXPECT_EQ(query_cli("gain 0.25"), "(0>1)|gain: 0.25\n");
  EXPECT_EQ(query_cli("lpf \"300 600\""), "(0>½)|cutoff: 300.0\n(½>1)|cutoff: 600.0\n");
  EXPECT_EQ(query_cli("gain \"1 0.5\" # s \"bd\""), "(0>½)|gain: 1.0, s: \"bd\"\n(½>1)|gain: 0.5, s: \"bd\"\n");
}

}  // namespace
}  // namespace phonon
