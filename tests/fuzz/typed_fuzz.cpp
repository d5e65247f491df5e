// libFuzzer target for well-typed Tidal: the fuzzer's bytes drive the typed expression generator
// (tests/expr_gen/typed_expr_gen.hpp, built from the registry's signatures), so every input is an expression
// a Tidal user could write; it is parsed, evaluated with the standard registry and queried over whole,
// fractional, zero-width and negative arcs. Where the byte-level fuzzers (parser_fuzz, query_fuzz) mostly
// meet syntax and type errors, this one spends its time deep inside the pattern functions. Allowed outcomes
// besides success: a CompileError pointing inside the expression, the documented pattern limits
// (PatternLimitError) and overflow of exact time (std::overflow_error / std::domain_error). Any crash,
// sanitizer report, hang (-timeout), unbounded memory (-rss_limit_mb) or broken invariant (__builtin_trap) is
// a bug. The GoogleTest tests/unit/typed_expr_fuzz_test.cpp renders generated expressions too and checks more
// invariants. Build and run: tests/fuzz/build_and_run_typed.sh.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "compiler/diagnostics.hpp"
#include "compiler/eval/evaluator.hpp"
#include "compiler/parser.hpp"
#include "tests/expr_gen/typed_expr_gen.hpp"
#include "tests/fuzz/query_checks.hpp"

namespace {

bool documented_limit(const std::exception& e) {
  return dynamic_cast<const phonon::PatternLimitError*>(&e) || dynamic_cast<const std::overflow_error*>(&e) ||
         dynamic_cast<const std::domain_error*>(&e);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const phonon::eval::Registry> registry = phonon::eval::make_standard_registry();
  static phonon::expr_gen::TypedExprGen gen(registry);
  phonon::expr_gen::ByteChoices choices(data, size);
  const std::string text = gen.control_pattern(choices);
  auto file = std::make_shared<const phonon::SourceFile>("<typed>", text);
  phonon::Diagnostics diags;
  phonon::ExprPtr e = phonon::parse_expression(file, diags);
  if (!e || diags.has_errors()) __builtin_trap();  // the generator wrote something that does not parse
  phonon::Pattern p;
  try {
    phonon::eval::Evaluator ev(registry);
    phonon::eval::Term t = ev.eval(e);
    // A control pattern, or `silence` (a pattern of every type).
    p = ev.to_control_pattern(t, "the expression");
  } catch (const phonon::CompileError& err) {
    const phonon::SourceSpan& s = err.diag.span;
    if (!s.valid() || s.begin > s.end || s.end > text.size()) __builtin_trap();
    (void)err.diag.render();
    return 0;
  } catch (const std::exception& err) {
    if (!documented_limit(err)) throw;
    return 0;
  }
  phonon::fuzz::query_corner_arcs(p);
  return 0;
}
