// Shared by the libFuzzer targets that query patterns (query_fuzz.cpp, typed_fuzz.cpp): a query over the arcs
// that reach the corner cases (whole cycles, a fractional arc, a zero-width arc, a negative-time arc) and the
// invariants every result keeps. Allowed failures of a query: the documented limits (PatternLimitError,
// std::overflow_error / std::domain_error / std::invalid_argument from exact time arithmetic) and a
// CompileError from a patterned argument read at query time. A broken invariant traps (__builtin_trap).
#pragma once
#include <stdexcept>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/pattern/pattern.hpp"

namespace phonon::fuzz {

// Invariant of a query result: well-formed arcs. (Parts are usually inside the queried arc and inside their
// wholes, but Tidal 1.7 breaks both in corner cases that Phonon reproduces exactly: `zoom (0, 2)` returns
// parts outside the query, and `fastGap` maps a whole that spans cycles relative to its own start cycle, so
// `s "drum*t"` (a slowed step) has parts outside their whole.)
inline void check_events(const std::vector<Event>& es) {
  for (const Event& e : es) {
    if (e.part.begin > e.part.end) __builtin_trap();
    if (e.whole && e.whole->begin > e.whole->end) __builtin_trap();
  }
}

inline void query_arc(const Pattern& p, const Arc& a) {
  try {
    QueryBudget budget(1u << 20);  // bounds quadratic combinations (see QueryBudget)
    std::vector<Event> es;
    p.query(a, es);
    if (es.size() > kMaxEventsPerQuery + kMaxEventsPerQuery / 2) __builtin_trap();
    check_events(es);
    for (const Event& e : es) (void)e.value.to_string();
  } catch (const PatternLimitError&) {
  } catch (const std::overflow_error&) {
  } catch (const std::domain_error&) {
  } catch (const std::invalid_argument&) {
  } catch (const CompileError&) {
    // patterned arguments read at query time (e.g. a bad mini-notation string inside a transform)
  }
}

inline void query_corner_arcs(const Pattern& p) {
  query_arc(p, Arc(Rational(0), Rational(1)));
  query_arc(p, Arc(Rational(1), Rational(3)));
  query_arc(p, Arc(Rational(1, 3), Rational(7, 4)));
  query_arc(p, Arc(Rational(5, 2), Rational(5, 2)));
  query_arc(p, Arc(Rational(-3, 2), Rational(-1, 3)));
}

}  // namespace phonon::fuzz
