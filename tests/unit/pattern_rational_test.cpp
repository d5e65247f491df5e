// Exact rational time: normalisation, arithmetic, floor/sam, overflow detection, conversion from doubles.
#include <gtest/gtest.h>

#include <stdexcept>

#include "compiler/pattern/rational.hpp"

using phonon::Rational;

TEST(PatternRational, Normalises) {
  Rational r(6, -8);
  EXPECT_EQ(r.num(), -3);
  EXPECT_EQ(r.den(), 4);
  EXPECT_EQ(Rational(0, 5).den(), 1);
  EXPECT_EQ(Rational(1, 3) + Rational(1, 6), Rational(1, 2));
  EXPECT_EQ(Rational(1, 3) - Rational(1, 2), Rational(-1, 6));
  EXPECT_EQ(Rational(2, 3) * Rational(3, 4), Rational(1, 2));
  EXPECT_EQ(Rational(2, 3) / Rational(4, 3), Rational(1, 2));
  EXPECT_EQ(Rational(7, 2).to_string(), "7/2");
}

TEST(PatternRational, FloorSamCyclePos) {
  EXPECT_EQ(Rational(-1, 3).floor(), -1);
  EXPECT_EQ(Rational(-1, 3).ceil(), 0);
  EXPECT_EQ(Rational(5, 2).sam(), Rational(2));
  EXPECT_EQ(Rational(5, 2).next_sam(), Rational(3));
  EXPECT_EQ(Rational(-5, 2).cycle_pos(), Rational(1, 2));
  EXPECT_EQ(Rational(3).floor(), 3);
  EXPECT_LT(Rational(1, 3), Rational(1, 2));
  EXPECT_GT(Rational(-1, 3), Rational(-1, 2));
}

TEST(PatternRational, OverflowThrows) {
  Rational big(INT64_MAX / 2 + 1);
  EXPECT_THROW(big + big, std::overflow_error);
  EXPECT_THROW(big * Rational(3), std::overflow_error);
  Rational tiny(1, INT64_MAX / 3);
  EXPECT_THROW(tiny * Rational(1, 5), std::overflow_error);
  EXPECT_THROW(Rational(1) / Rational(0), std::domain_error);
  // Large intermediates that reduce back into range are fine.
  Rational a(INT64_MAX / 4, 3), b(3, INT64_MAX / 4);
  EXPECT_EQ(a * b, Rational(1));
}

TEST(PatternRational, FromDouble) {
  EXPECT_EQ(Rational::from_double(0.125), Rational(1, 8));
  EXPECT_EQ(Rational::from_double(1.0 / 8.0), Rational(1, 8));
  EXPECT_EQ(Rational::from_double(-2.75), Rational(-11, 4));
  EXPECT_EQ(Rational::from_double(1.0 / 3.0), Rational(1, 3));
  EXPECT_EQ(Rational::from_double(1.0 / 6.0), Rational(1, 6));
  EXPECT_EQ(Rational::from_double(0.1), Rational(1, 10));
  EXPECT_EQ(Rational::from_double(3.0), Rational(3));
  EXPECT_THROW(Rational::from_double(1.0 / 0.0), std::domain_error);
}
