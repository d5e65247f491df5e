// Continuous patterns (Tidal's Core.hs): sampled at the midpoint of the query arc.
#include <cmath>

#include "compiler/pattern/ops.hpp"

namespace phonon {

Pattern sine() {
  return sig([](const Rational& t) { return Value::number((std::sin(M_PI * 2.0 * t.to_double()) + 1.0) / 2.0); });
}
Pattern cosine() { return rot_r(Rational(1, 4), sine()); }
Pattern saw() {
  return sig([](const Rational& t) { return Value::number(t.cycle_pos().to_double()); });
}
Pattern isaw() {
  return fmap(saw(), [](const Value& v) { return Value::number(1.0 - v.as_number()); });
}
Pattern tri() { return fastcat({saw(), isaw()}); }
Pattern square() {
  return sig([](const Rational& t) {
    double x = t.to_double();
    double m = x - std::floor(x);
    return Value::number(std::floor(m * 2.0));
  });
}
Pattern env_l() {
  return sig([](const Rational& t) { return Value::number(std::max(0.0, std::min(t.to_double(), 1.0))); });
}
Pattern env_r() {
  return fmap(env_l(), [](const Value& v) { return Value::number(1.0 - v.as_number()); });
}
// Equal-power envelopes for gain cross-fades (the `xfade` transitions): envEq falls from 1 to 0 over the first
// cycle and envEqR rises, so that envEq^2 + envEqR^2 = 1 throughout, as in Tidal.
Pattern env_eq() {
  return sig([](const Rational& t) {
    const double x = std::max(0.0, std::min(1.0 - t.to_double(), 1.0));
    return Value::number(std::sqrt(std::sin(M_PI / 2.0 * x)));
  });
}
Pattern env_eq_r() {
  return sig([](const Rational& t) {
    const double x = std::max(0.0, std::min(1.0 - t.to_double(), 1.0));
    return Value::number(std::sqrt(std::cos(M_PI / 2.0 * x)));
  });
}

}  // namespace phonon
