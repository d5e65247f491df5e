// libFuzzer target for the .ph front end: arbitrary bytes are lexed and parsed as a program and as a single
// expression, and every AST produced is printed and every diagnostic rendered. Any crash, sanitizer report,
// hang or broken invariant (checked with __builtin_trap) is a bug. Build and run:
// tests/fuzz/build_and_run.sh.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "compiler/ast_print.hpp"
#include "compiler/parser.hpp"

namespace {

// Spans must lie inside the file; Expr invariants from compiler/ast.hpp must hold.
void check_span(const phonon::SourceSpan& s, const phonon::SourceFile& file) {
  if (!s.valid()) return;
  if (s.begin > s.end || s.end > file.text.size()) __builtin_trap();
}

void check_expr(const phonon::Expr& e, const phonon::SourceFile& file, int depth) {
  using phonon::ExprKind;
  if (depth > phonon::kMaxExprDepth + 1) __builtin_trap();
  check_span(e.span, file);
  if (!e.span.valid()) __builtin_trap();
  switch (e.kind) {
    case ExprKind::App:
      if (e.items.size() < 2) __builtin_trap();
      break;
    case ExprKind::BinOp:
      if (e.items.size() != 2) __builtin_trap();
      break;
    case ExprKind::Tuple:
      if (e.items.size() < 2) __builtin_trap();
      break;
    case ExprKind::SectionL:
    case ExprKind::SectionR:
    case ExprKind::KeywordArg:
      if (e.items.size() != 1) __builtin_trap();
      break;
    case ExprKind::String:
      check_span(e.content_span(), file);
      if (file.text.compare(e.content_span().begin, e.text.size(), e.text) != 0) __builtin_trap();
      break;
    default: break;
  }
  for (const auto& item : e.items) {
    if (!item) __builtin_trap();
    check_expr(*item, file, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto file = std::make_shared<phonon::SourceFile>("fuzz.ph", text);
  {
    phonon::Diagnostics diags;
    phonon::Program program = phonon::parse_program(file, diags);
    std::string printed = phonon::print_ast(program);
    for (const auto& st : program.statements) {
      check_span(st.span, *file);
      check_span(st.name_span, *file);
      // A definition (`let x = 1`, or `x = 1` as GHCi takes it) holds its bindings instead of an expression.
      if (st.kind == phonon::StmtKind::Let) {
        if (st.bindings.empty()) __builtin_trap();
        for (const auto& b : st.bindings) {
          check_span(b.span, *file);
          check_span(b.name_span, *file);
          if (!b.body) __builtin_trap();
          check_expr(*b.body, *file, 1);
        }
      } else if (st.kind != phonon::StmtKind::Hush && !st.expr) {
        __builtin_trap();
      }
      if (st.expr) check_expr(*st.expr, *file, 1);
      if (st.expr2) check_expr(*st.expr2, *file, 1);
    }
    for (const auto& d : diags.items()) check_span(d.span, *file);
    std::string rendered = diags.render_all();
    // A statement that parsed without error, printed, must not be empty.
    if (!program.statements.empty() && printed.empty()) __builtin_trap();
  }
  {
    phonon::Diagnostics diags;
    phonon::ExprPtr e = phonon::parse_expression(file, diags);
    if (e) {
      check_expr(*e, *file, 1);
      std::string printed = phonon::print_expr(*e);
      if (diags.has_errors()) __builtin_trap();
    } else if (!diags.has_errors()) {
      __builtin_trap();  // a failed parse must say why
    }
    std::string rendered = diags.render_all();
  }
  return 0;
}
