// Exact rational time for the pattern layer.
// Contract: a Rational is always normalised (gcd(num, den) == 1, den > 0; zero is 0/1). All arithmetic is exact,
// computed with 128-bit intermediates; a result that does not fit in int64 throws std::overflow_error (never
// silently wraps). Division by zero throws std::domain_error. Cheap to copy (two int64).
#pragma once
#include <cstdint>
#include <string>

namespace phonon {

class Rational {
 public:
  constexpr Rational() = default;
  constexpr Rational(int64_t n) : num_(n), den_(1) {}  // NOLINT: implicit from integers is intended
  Rational(int64_t n, int64_t d);                      // normalises; d == 0 throws std::domain_error

  // For already normalised (gcd 1, d > 0) values only; no checks.
  static Rational make_normalised(int64_t n, int64_t d) {
    Rational r;
    r.num_ = n;
    r.den_ = d;
    return r;
  }

  int64_t num() const { return num_; }
  int64_t den() const { return den_; }

  // Inline fast paths for an integer operand (no gcd needed); everything else goes to the general routines.
  __attribute__((always_inline)) Rational operator+(const Rational& o) const {
    int64_t m, r;
    if (o.den_ == 1 && !__builtin_mul_overflow(o.num_, den_, &m) && !__builtin_add_overflow(num_, m, &r))
      return make_normalised(r, den_);
    if (den_ == 1 && !__builtin_mul_overflow(num_, o.den_, &m) && !__builtin_add_overflow(o.num_, m, &r))
      return make_normalised(r, o.den_);
    return add_general(o);
  }
  __attribute__((always_inline)) Rational operator-(const Rational& o) const {
    int64_t m, r;
    if (o.den_ == 1 && !__builtin_mul_overflow(o.num_, den_, &m) && !__builtin_sub_overflow(num_, m, &r))
      return make_normalised(r, den_);
    if (den_ == 1 && !__builtin_mul_overflow(num_, o.den_, &m) && !__builtin_sub_overflow(m, o.num_, &r))
      return make_normalised(r, o.den_);
    return sub_general(o);
  }
  Rational operator*(const Rational& o) const;
  Rational operator/(const Rational& o) const;
  Rational operator-() const;
  Rational& operator+=(const Rational& o) { return *this = *this + o; }
  Rational& operator-=(const Rational& o) { return *this = *this - o; }
  Rational& operator*=(const Rational& o) { return *this = *this * o; }
  Rational& operator/=(const Rational& o) { return *this = *this / o; }

  bool operator==(const Rational& o) const { return num_ == o.num_ && den_ == o.den_; }
  bool operator!=(const Rational& o) const { return !(*this == o); }
  bool operator<(const Rational& o) const {
    if (den_ == o.den_) return num_ < o.num_;
    return static_cast<__int128>(num_) * o.den_ < static_cast<__int128>(o.num_) * den_;
  }
  bool operator<=(const Rational& o) const { return !(o < *this); }
  bool operator>(const Rational& o) const { return o < *this; }
  bool operator>=(const Rational& o) const { return !(*this < o); }

  int64_t floor() const {  // largest integer <= this
    if (den_ == 1) return num_;
    int64_t q = num_ / den_;
    return (num_ % den_ != 0 && num_ < 0) ? q - 1 : q;
  }
  int64_t ceil() const;                               // smallest integer >= this
  Rational sam() const { return Rational(floor()); }  // start of the cycle containing this
  Rational next_sam() const { return Rational(floor() + 1); }
  Rational cycle_pos() const { return *this - sam(); }  // position within the cycle, in [0, 1)
  bool is_integer() const { return den_ == 1; }
  double to_double() const { return static_cast<double>(num_) / static_cast<double>(den_); }

  // Exact for every double whose value is k/2^e with a representable result (0.125, 1.5, 1e-3 is NOT dyadic);
  // otherwise the best continued-fraction approximation with denominator <= max_den (default 1e9, exact enough
  // for Haskell-style `toRational` use of decimals like 0.3). NaN/Inf throw std::domain_error.
  static Rational from_double(double x, int64_t max_den = 1000000000);

  std::string to_string() const;  // "n/d" (always with the denominator, e.g. "1/1")

 private:
  Rational add_general(const Rational& o) const;
  Rational sub_general(const Rational& o) const;
  int64_t num_ = 0;
  int64_t den_ = 1;
};

inline Rational min(const Rational& a, const Rational& b) { return b < a ? b : a; }
inline Rational max(const Rational& a, const Rational& b) { return a < b ? b : a; }

}  // namespace phonon
