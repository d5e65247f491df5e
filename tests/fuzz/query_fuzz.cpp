// libFuzzer target for pattern queries: arbitrary bytes are parsed as one expression, evaluated with the standard
// registry (pattern functions, operators, controls) and the resulting pattern is queried over a few arcs (whole
// cycles, a fractional arc, a zero-width arc, a negative-time arc). User errors (CompileError) and the documented
// query limits (PatternLimitError, std::overflow_error / std::domain_error from exact time arithmetic) are fine;
// any crash, sanitizer report, hang (libFuzzer -timeout), unbounded memory (-rss_limit_mb) or broken invariant
// (checked with __builtin_trap) is a bug. Build and run: tests/fuzz/build_and_run_query.sh.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "compiler/diagnostics.hpp"
#include "compiler/eval/evaluator.hpp"
#include "compiler/parser.hpp"

namespace {

using phonon::Arc;
using phonon::Event;
using phonon::Rational;

// Invariant of a query result: well-formed arcs. (Parts are usually inside the queried arc and inside their
// wholes, but Tidal 1.7 breaks both in corner cases that Phonon reproduces exactly: `zoom (0, 2)` returns parts
// outside the query, and `fastGap` maps a whole that spans cycles relative to its own start cycle, so
// `s "drum*t"` (a slowed step) has parts outside their whole.)
void check_events(const std::vector<Event>& es, const Arc&) {
  for (const Event& e : es) {
    if (e.part.begin > e.part.end) __builtin_trap();
    if (e.whole && e.whole->begin > e.whole->end) __builtin_trap();
  }
}

void query_arc(const phonon::Pattern& p, const Arc& a) {
  try {
    phonon::QueryBudget budget(1u << 20);  // bounds quadratic combinations (see QueryBudget)
    std::vector<Event> es;
    p.query(a, es);
    if (es.size() > phonon::kMaxEventsPerQuery + phonon::kMaxEventsPerQuery / 2) __builtin_trap();
    check_events(es, a);
    for (const Event& e : es) (void)e.value.to_string();
  } catch (const phonon::PatternLimitError&) {
  } catch (const std::overflow_error&) {
  } catch (const std::domain_error&) {
  } catch (const std::invalid_argument&) {
  } catch (const phonon::CompileError&) {
    // patterned arguments read at query time (e.g. a bad mini-notation string inside a transform)
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 2048) return 0;
  static const std::shared_ptr<const phonon::eval::Registry> registry = phonon::eval::make_standard_registry();
  std::string text(reinterpret_cast<const char*>(data), size);
  auto file = std::make_shared<const phonon::SourceFile>("<fuzz>", text);
  phonon::Diagnostics diags;
  phonon::ExprPtr e = phonon::parse_expression(file, diags);
  if (!e || diags.has_errors()) return 0;
  phonon::Pattern p;
  try {
    phonon::eval::Evaluator ev(registry);
    phonon::eval::Term t = ev.resolve_default(ev.eval(e));
    if (t.kind != phonon::eval::TermKind::Pattern) return 0;
    p = t.pattern;
  } catch (const phonon::CompileError& err) {
    // every diagnostic must render and point inside the source
    if (err.diag.span.valid() && (err.diag.span.begin > err.diag.span.end || err.diag.span.end > text.size()))
      __builtin_trap();
    (void)err.diag.render();
    return 0;
  } catch (const phonon::PatternLimitError&) {
    return 0;
  } catch (const std::overflow_error&) {
    return 0;
  } catch (const std::domain_error&) {
    return 0;
  }
  query_arc(p, Arc(Rational(0), Rational(1)));
  query_arc(p, Arc(Rational(1), Rational(3)));
  query_arc(p, Arc(Rational(1, 3), Rational(7, 4)));
  query_arc(p, Arc(Rational(5, 2), Rational(5, 2)));
  query_arc(p, Arc(Rational(-3, 2), Rational(-1, 3)));
  return 0;
}
