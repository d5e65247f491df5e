// Internal helpers for writing builtins (shared by builtins_*.cpp).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/eval/evaluator.hpp"
#include "compiler/pattern/ops.hpp"

namespace phonon {
// The names `scale` knows, sorted (defined in compiler/pattern/ops_music.cpp next to the table).
std::vector<std::string> scale_names();
}  // namespace phonon

namespace phonon::eval::bi {

// Whether Tidal's Params declares the control key an integer (`cut`, `orbit`, `channel`, …): Tidal floors such
// controls where it blends numbers (interpolate). Defined next to the control table in builtins_params.cpp.
bool integer_control(const std::string& key);

inline Param p(std::string name, ParamType t) { return Param{std::move(name), t, std::nullopt}; }
// A List or Tuple parameter whose items have type `item`.
inline Param p(std::string name, ParamType t, ParamType item) { return Param{std::move(name), t, std::nullopt, item}; }

inline void def(Registry& r, std::string name, std::vector<Param> params, BuiltinImpl impl, ReturnType ret,
                ParamType result, std::string doc) {
  Builtin b;
  b.name = std::move(name);
  b.params = std::move(params);
  b.impl = std::move(impl);
  b.returns = ret;
  b.result = result;
  b.doc = std::move(doc);
  r.add(std::move(b));
}

inline void def(Registry& r, std::string name, std::vector<Param> params, BuiltinImpl impl,
                ReturnType ret = ReturnType::Fixed, std::string doc = {}) {
  def(r, std::move(name), std::move(params), std::move(impl), ret, ParamType::Any, std::move(doc));
}

// A builtin with a Fixed result of the declared type `result` (a control pattern, a pattern of numbers, ...).
inline void def(Registry& r, std::string name, std::vector<Param> params, BuiltinImpl impl, ParamType result,
                std::string doc = {}) {
  def(r, std::move(name), std::move(params), std::move(impl), ReturnType::Fixed, result, std::move(doc));
}

inline Term same(const CallContext& ctx, Pattern pat) {
  return Term::make_pattern(std::move(pat), ctx.elem_kind, ctx.span);
}
inline Term numbers(const CallContext& ctx, Pattern pat) {
  return Term::make_pattern(std::move(pat), ElemKind::Number, ctx.span);
}
inline Term controls(const CallContext& ctx, Pattern pat) {
  return Term::make_pattern(std::move(pat), ElemKind::Control, ctx.span);
}

inline Transform fn(const CallContext& ctx, const Term& t, const std::string& what) {
  return ctx.ev.to_transform(t, ctx.elem_kind, what);
}

// A pattern of the call's element type from a term (list items etc.).
inline Pattern pat_of(const CallContext& ctx, const Term& t, const std::string& what) {
  if (ctx.elem_kind == ElemKind::Control) return ctx.ev.to_control_pattern(t, what);
  return ctx.ev.to_pattern(t, ctx.elem_type, what);
}

inline const std::vector<Term>& tuple_items(const Term& t, size_t n, const std::string& what) {
  if (t.kind != TermKind::Tuple || t.items.size() != n)
    throw_error(t.span, what + " must be a tuple of " + std::to_string(n) + " values, not " + t.describe());
  return t.items;
}

inline Rational time_of(const CallContext& ctx, const Term& t, const std::string& what) {
  double x = ctx.ev.to_number(t, what);
  try {
    return Rational::from_double(x);
  } catch (const std::exception& e) {
    throw_error(t.span, what + ": " + e.what());
  }
}

}  // namespace phonon::eval::bi
