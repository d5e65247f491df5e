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
#include "tests/fuzz/query_checks.hpp"

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
  phonon::fuzz::query_corner_arcs(p);
  return 0;
}
