#include "compiler/pattern/rational.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace phonon {

namespace {
using i128 = __int128;

i128 gcd128(i128 a, i128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Binary gcd. Times are mostly a large numerator over a small denominator, and denominators are often powers of
// two (1/8, 3/4) or odd (block arcs k/11025): after the factors of two are split off, one of the odd parts is then
// usually 1, or one Euclid step brings both operands to the size of the smaller.
inline uint64_t gcd64(uint64_t a, uint64_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  const int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
  b >>= __builtin_ctzll(b);
  if (a == 1 || b == 1) return uint64_t{1} << shift;
  if (a > b) std::swap(a, b);
  if ((b >> 8) > a) {
    b %= a;
    if (b == 0) return a << shift;
    b >>= __builtin_ctzll(b);  // a is odd: factors of two of b do not matter
    if (b == 1) return uint64_t{1} << shift;
  }
  while (a != b) {
    if (a > b) std::swap(a, b);
    b -= a;
    b >>= __builtin_ctzll(b);
  }
  return a << shift;
}

Rational make(i128 n, i128 d) {
  if (d == 0) throw std::domain_error("rational division by zero");
  if (d < 0) n = -n, d = -d;
  constexpr i128 lim = INT64_MAX;
  if (n <= lim && n >= -lim && d <= lim) {
    uint64_t an = static_cast<uint64_t>(n < 0 ? -n : n);
    uint64_t g = gcd64(an, static_cast<uint64_t>(d));
    auto gi = static_cast<int64_t>(g);
    if (gi == 1) return Rational::make_normalised(static_cast<int64_t>(n), static_cast<int64_t>(d));
    return Rational::make_normalised(static_cast<int64_t>(n) / gi, static_cast<int64_t>(d) / gi);
  }
  i128 g = gcd128(n, d);
  if (g > 1) n /= g, d /= g;
  constexpr i128 lo = INT64_MIN, hi = INT64_MAX;
  if (n < lo || n > hi || d > hi) throw std::overflow_error("rational time overflow");
  return Rational::make_normalised(static_cast<int64_t>(n), static_cast<int64_t>(d));
}
}  // namespace

Rational::Rational(int64_t n, int64_t d) {
  if (d == 0) throw std::domain_error("rational division by zero");
  if (d == 1) {
    num_ = n;
    den_ = 1;
    return;
  }
  if (d > 0 && n > INT64_MIN) {
    auto g = static_cast<int64_t>(gcd64(static_cast<uint64_t>(n < 0 ? -n : n), static_cast<uint64_t>(d)));
    num_ = g == 1 ? n : n / g;
    den_ = g == 1 ? d : d / g;
    return;
  }
  i128 nn = n, dd = d;
  if (dd < 0) nn = -nn, dd = -dd;
  i128 g = gcd128(nn, dd);
  if (g > 1) nn /= g, dd /= g;
  if (nn < INT64_MIN || nn > INT64_MAX || dd > INT64_MAX) throw std::overflow_error("rational time overflow");
  num_ = static_cast<int64_t>(nn);
  den_ = static_cast<int64_t>(dd);
}

// Knuth's algorithms (TAOCP 4.5.1): reduce with small gcds so that results come out normalised without a final
// large gcd; fall back to 128-bit arithmetic when 64 bits would overflow.
Rational Rational::add_general(const Rational& o) const {
  if (den_ == 1 && o.den_ == 1) {
    int64_t r;
    if (__builtin_add_overflow(num_, o.num_, &r)) throw std::overflow_error("rational time overflow");
    return Rational(r);
  }
  if (num_ == 0) return o;
  if (o.num_ == 0) return *this;
  if (den_ == o.den_) {
    // Same denominator (successive block arcs, fragments of one grid): only the sum can share a factor with it.
    int64_t t;
    if (!__builtin_add_overflow(num_, o.num_, &t)) {
      if (t == 0) return Rational(0);
      auto g2 = static_cast<int64_t>(gcd64(static_cast<uint64_t>(t < 0 ? -t : t), static_cast<uint64_t>(den_)));
      return make_normalised(t / g2, den_ / g2);
    }
  }
  auto g = static_cast<int64_t>(gcd64(static_cast<uint64_t>(den_), static_cast<uint64_t>(o.den_)));
  // (Divisions are skipped when the divisor is 1: a 64-bit idiv costs tens of cycles even then.)
  int64_t d1 = g == 1 ? den_ : den_ / g, d2 = g == 1 ? o.den_ : o.den_ / g;
  int64_t a, b, t;
  if (!__builtin_mul_overflow(num_, d2, &a) && !__builtin_mul_overflow(o.num_, d1, &b) &&
      !__builtin_add_overflow(a, b, &t)) {
    if (g == 1) {
      int64_t den;
      if (!__builtin_mul_overflow(den_, o.den_, &den)) return make_normalised(t, den);
    } else {
      auto g2 = static_cast<int64_t>(gcd64(static_cast<uint64_t>(t < 0 ? -t : t), static_cast<uint64_t>(g)));
      int64_t den;
      if (g2 == 1) {
        if (!__builtin_mul_overflow(d1, o.den_, &den)) return make_normalised(t, den);
      } else if (!__builtin_mul_overflow(d1, o.den_ / g2, &den)) {
        return make_normalised(t / g2, den);
      }
    }
  }
  return make(static_cast<i128>(num_) * o.den_ + static_cast<i128>(o.num_) * den_, static_cast<i128>(den_) * o.den_);
}
Rational Rational::sub_general(const Rational& o) const {
  if (o.num_ == INT64_MIN)
    return make(static_cast<i128>(num_) * o.den_ - static_cast<i128>(o.num_) * den_, static_cast<i128>(den_) * o.den_);
  return *this + make_normalised(-o.num_, o.den_);
}
Rational Rational::operator*(const Rational& o) const {
  if (den_ == 1 && o.den_ == 1) {
    int64_t r;
    if (__builtin_mul_overflow(num_, o.num_, &r)) throw std::overflow_error("rational time overflow");
    return Rational(r);
  }
  if (num_ == 0 || o.num_ == 0) return Rational(0);
  auto abs64 = [](int64_t x) { return static_cast<uint64_t>(x < 0 ? -x : x); };
  if (num_ != INT64_MIN && o.num_ != INT64_MIN) {
    auto g1 = static_cast<int64_t>(gcd64(abs64(num_), static_cast<uint64_t>(o.den_)));
    auto g2 = static_cast<int64_t>(gcd64(abs64(o.num_), static_cast<uint64_t>(den_)));
    auto div = [](int64_t x, int64_t g) { return g == 1 ? x : x / g; };  // skip idiv by 1
    int64_t n, d;
    if (!__builtin_mul_overflow(div(num_, g1), div(o.num_, g2), &n) &&
        !__builtin_mul_overflow(div(den_, g2), div(o.den_, g1), &d))
      return make_normalised(n, d);
  }
  return make(static_cast<i128>(num_) * o.num_, static_cast<i128>(den_) * o.den_);
}
Rational Rational::operator/(const Rational& o) const {
  if (o.num_ == 0) throw std::domain_error("rational division by zero");
  if (o.num_ == INT64_MIN) return make(static_cast<i128>(num_) * o.den_, static_cast<i128>(den_) * o.num_);
  Rational inv = o.num_ < 0 ? make_normalised(-o.den_, -o.num_) : make_normalised(o.den_, o.num_);
  return *this * inv;
}
Rational Rational::operator-() const {
  if (num_ == INT64_MIN) throw std::overflow_error("rational time overflow");
  Rational r;
  r.num_ = -num_;
  r.den_ = den_;
  return r;
}

int64_t Rational::ceil() const {
  if (den_ == 1) return num_;
  return floor() + 1;
}

Rational Rational::from_double(double x, int64_t max_den) {
  if (!std::isfinite(x)) throw std::domain_error("cannot convert a non-finite number to time");
  // Exact path: dyadic values with a small enough exponent.
  int exp = 0;
  double m = std::frexp(x, &exp);  // x = m * 2^exp, 0.5 <= |m| < 1
  // m has 53 significant bits: mantissa integer = m * 2^53, x = mi * 2^(exp-53)
  int64_t mi = static_cast<int64_t>(std::ldexp(m, 53));
  int e = exp - 53;
  while (e < 0 && (mi % 2) == 0 && mi != 0) mi /= 2, ++e;
  if (mi == 0) return Rational(0);
  if (e >= 0) {
    if (e > 62) throw std::overflow_error("number too large for rational time");
    i128 v = static_cast<i128>(mi) << e;
    if (v > INT64_MAX || v < INT64_MIN) throw std::overflow_error("number too large for rational time");
    return Rational(static_cast<int64_t>(v));
  }
  if (-e <= 62) {
    int64_t den = int64_t(1) << (-e);
    if (den <= max_den * 1024 || -e <= 30) return Rational(mi, den);
  }
  // Continued fraction best approximation with denominator <= max_den.
  double ax = std::fabs(x);
  int64_t p0 = 0, q0 = 1, p1 = 1, q1 = 0;
  double r = ax;
  for (int i = 0; i < 64; ++i) {
    double a = std::floor(r);
    if (a > 9.2e18) break;
    int64_t ai = static_cast<int64_t>(a);
    i128 p2 = static_cast<i128>(ai) * p1 + p0, q2 = static_cast<i128>(ai) * q1 + q0;
    if (q2 > max_den || p2 > INT64_MAX) break;
    p0 = p1, q0 = q1, p1 = static_cast<int64_t>(p2), q1 = static_cast<int64_t>(q2);
    double frac = r - a;
    if (frac < 1e-15) break;
    r = 1.0 / frac;
    if (std::fabs(static_cast<double>(p1) / static_cast<double>(q1) - ax) <= 1e-15 * ax) break;
  }
  if (q1 == 0) throw std::overflow_error("number too large for rational time");
  return Rational(x < 0 ? -p1 : p1, q1);
}

std::string Rational::to_string() const { return std::to_string(num_) + "/" + std::to_string(den_); }

}  // namespace phonon
