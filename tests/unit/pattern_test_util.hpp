// Helpers shared by the Pattern*/Mini*/Eval* tests: evaluate expressions, render events compactly, compare
// event multisets.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "compiler/eval/evaluator.hpp"
#include "compiler/pattern/pattern.hpp"

namespace phonon::testutil {

inline Pattern pat(const std::string& expr) {
  auto reg = eval::make_standard_registry();
  eval::Evaluator ev(reg);
  eval::Term t = ev.resolve_default(eval::evaluate_expression_text(expr, reg));
  return t.pattern;
}

// "whole|part|value" with exact rationals, e.g. "0/1-1/2|0/1-1/2|s: \"bd\"" ("~" for no whole).
inline std::string show(const Event& e) {
  std::string w = e.whole ? e.whole->begin.to_string() + "-" + e.whole->end.to_string() : "~";
  return w + "|" + e.part.begin.to_string() + "-" + e.part.end.to_string() + "|" + e.value.to_string();
}

inline std::vector<std::string> shows(const std::vector<Event>& es) {
  std::vector<std::string> out;
  for (const auto& e : es) out.push_back(show(e));
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> query(const Pattern& p, Rational b, Rational e) { return shows(p.query(Arc(b, e))); }
inline std::vector<std::string> query(const std::string& expr, int64_t cycles = 1) {
  return query(pat(expr), Rational(0), Rational(cycles));
}

// Onset events only, as "begin-end value" (wholes), sorted: handy for mini-notation structure tests.
inline std::vector<std::string> onsets(const Pattern& p, int64_t cycles = 1) {
  std::vector<std::string> out;
  for (const auto& e : p.query(Arc(Rational(0), Rational(cycles))))
    if (e.has_onset())
      out.push_back(e.whole->begin.to_string() + "-" + e.whole->end.to_string() + " " + e.value.to_string());
  std::sort(out.begin(), out.end());
  return out;
}

// Events of [0, cycles) with fragments of one event (same whole and value, touching parts) merged.
inline std::vector<std::string> defragged(const Pattern& p, int64_t cycles) {
  std::vector<Event> es = p.query(Arc(Rational(0), Rational(cycles)));
  bool merged = true;
  while (merged) {
    merged = false;
    for (size_t i = 0; i < es.size() && !merged; ++i)
      for (size_t j = 0; j < es.size() && !merged; ++j) {
        if (i == j || !(es[i].whole == es[j].whole) || !(es[i].value == es[j].value)) continue;
        if (es[i].part.end == es[j].part.begin) {
          es[i].part.end = es[j].part.end;
          es.erase(es.begin() + static_cast<long>(j));
          merged = true;
        }
      }
  }
  return shows(es);
}

}  // namespace phonon::testutil
