// Value arithmetic and the `|op|` operator family (Tidal's Core.hs operators and Num ValueMap instance).
#include <cmath>

#include "compiler/pattern/ops.hpp"

namespace phonon {

static double num_op(NumOp op, double a, double b) {
  switch (op) {
    case NumOp::Add: return a + b;
    case NumOp::Sub: return a - b;
    case NumOp::Mul: return a * b;
    case NumOp::Div: return a / b;
    case NumOp::Mod: return b == 0.0 ? a : a - b * std::floor(a / b);  // Haskell mod'
    case NumOp::Pow: return std::pow(a, b);
    case NumOp::KeepLeft: return a;
    case NumOp::KeepRight: return b;
  }
  return a;
}

Value apply_num_op(NumOp op, const Value& a, const Value& b) {
  if (op == NumOp::KeepLeft && !(a.is_map() && b.is_map())) return a;
  if (op == NumOp::KeepRight && !(a.is_map() && b.is_map())) return b;
  if ((a.is_number() || a.is_bool()) && (b.is_number() || b.is_bool()))
    return Value::number(num_op(op, a.as_number(), b.as_number()));
  if (a.is_string() && b.is_string()) {
    if (op == NumOp::Add) return Value::string(a.as_string() + b.as_string());
    return a;
  }
  if (a.is_map() && b.is_map()) {
    const auto& ea = a.as_map().entries();
    const auto& eb = b.as_map().entries();
    if (eb.empty()) return a;
    if (ea.empty() && op != NumOp::Sub && op != NumOp::Div) return b;
    auto m = std::make_shared<ControlMap>();
    std::vector<ControlMap::Entry> out;
    out.reserve(ea.size() + eb.size());
    size_t i = 0, j = 0;
    while (i < ea.size() || j < eb.size()) {
      if (j >= eb.size() || (i < ea.size() && ea[i].first < eb[j].first)) {
        out.push_back(ea[i++]);
      } else if (i >= ea.size() || eb[j].first < ea[i].first) {
        // Tidal has no (-) or (/) for ValueMap: x - y = x + negate y and x / y = x * recip y, so a number found
        // only on the right is negated / inverted (strings are kept).
        const Value& y = eb[j].second;
        if ((op == NumOp::Sub || op == NumOp::Div) && y.is_number())
          out.emplace_back(eb[j].first, Value::number(op == NumOp::Sub ? -y.as_number() : 1.0 / y.as_number()));
        else out.push_back(eb[j]);
        ++j;
      } else {
        out.emplace_back(ea[i].first, apply_num_op(op, ea[i].second, eb[j].second));
        ++i, ++j;
      }
    }
    return Value::map(std::make_shared<const ControlMap>(std::move(out)));
  }
  return a;
}

Pattern op_pattern(NumOp op, Structure s, const Pattern& a, const Pattern& b) {
  auto f = [op](const Value& x, const Value& y) { return apply_num_op(op, x, y); };
  switch (s) {
    case Structure::Both: return app_both(a, b, f);
    case Structure::Left: return app_left(a, b, f);
    case Structure::Right: return app_right(a, b, f);
  }
  return a;
}

}  // namespace phonon
