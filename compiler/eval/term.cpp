#include "compiler/eval/term.hpp"

#include "compiler/eval/registry.hpp"

namespace phonon::eval {

const char* elem_kind_name(ElemKind k) {
  switch (k) {
    case ElemKind::Number: return "numbers";
    case ElemKind::String: return "strings";
    case ElemKind::Bool: return "booleans";
    case ElemKind::Control: return "controls";
  }
  return "?";
}

ElemKind elem_kind_of(mini::ElemType t) {
  switch (t) {
    case mini::ElemType::String: return ElemKind::String;
    case mini::ElemType::Bool: return ElemKind::Bool;
    default: return ElemKind::Number;
  }
}

const char* term_kind_name(TermKind k) {
  switch (k) {
    case TermKind::Number: return "a number";
    case TermKind::String: return "a string";
    case TermKind::Pattern: return "a pattern";
    case TermKind::Poly: return "a pattern";
    case TermKind::Function: return "a function";
    case TermKind::List: return "a list";
    case TermKind::Tuple: return "a tuple";
    case TermKind::Signal: return "an audio signal";
  }
  return "?";
}

Term Term::make_number(double x, SourceSpan span) {
  Term t;
  t.kind = TermKind::Number;
  t.number = x;
  t.span = std::move(span);
  return t;
}
Term Term::make_string(std::string text, SourceSpan span, SourceSpan content_span) {
  Term t;
  t.kind = TermKind::String;
  t.text = std::move(text);
  t.span = std::move(span);
  t.content_span = std::move(content_span);
  return t;
}
Term Term::make_pattern(Pattern p, ElemKind k, SourceSpan span) {
  Term t;
  t.kind = TermKind::Pattern;
  t.pattern = std::move(p);
  t.elem = k;
  t.span = std::move(span);
  return t;
}
Term Term::make_poly(PolyFn f, SourceSpan span) {
  Term t;
  t.kind = TermKind::Poly;
  t.poly = std::make_shared<const PolyFn>(std::move(f));
  t.span = std::move(span);
  return t;
}
Term Term::make_function(std::shared_ptr<const Callable> f, SourceSpan span) {
  Term t;
  t.kind = TermKind::Function;
  t.fn = std::move(f);
  t.span = std::move(span);
  return t;
}
Term Term::make_list(std::vector<Term> items, SourceSpan span) {
  Term t;
  t.kind = TermKind::List;
  t.items = std::move(items);
  t.span = std::move(span);
  return t;
}
Term Term::make_tuple(std::vector<Term> items, SourceSpan span) {
  Term t;
  t.kind = TermKind::Tuple;
  t.items = std::move(items);
  t.span = std::move(span);
  return t;
}
Term Term::make_signal(std::shared_ptr<const SignalExpr> s, SourceSpan span) {
  Term t;
  t.kind = TermKind::Signal;
  t.signal = std::move(s);
  t.span = std::move(span);
  return t;
}

std::string Term::describe() const {
  switch (kind) {
    case TermKind::Pattern: return std::string("a pattern of ") + elem_kind_name(elem);
    case TermKind::Poly: return "a pattern";
    case TermKind::Function: return "a function (" + (fn ? fn->name() : std::string("?")) + ")";
    default: return term_kind_name(kind);
  }
}

}  // namespace phonon::eval
