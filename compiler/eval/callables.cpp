#include "compiler/eval/callables.hpp"

#include <optional>
#include <stdexcept>

#include "compiler/diagnostics.hpp"

namespace phonon::eval {

namespace {

class BuiltinFn final : public Callable {
 public:
  explicit BuiltinFn(std::shared_ptr<const Builtin> b) : b_(std::move(b)) {}
  int arity() const override { return static_cast<int>(b_->params.size()); }
  std::string name() const override { return b_->name; }
  Term call(const Evaluator& ev, std::vector<Term> args, const SourceSpan& span) const override {
    return invoke_builtin(ev, *b_, std::move(args), span);
  }
  const Builtin& builtin() const { return *b_; }

 private:
  std::shared_ptr<const Builtin> b_;
};

class PartialFn final : public Callable {
 public:
  PartialFn(std::shared_ptr<const Callable> base, std::vector<Term> bound)
      : base_(std::move(base)), bound_(std::move(bound)) {}
  int arity() const override { return base_->arity() - static_cast<int>(bound_.size()); }
  std::string name() const override { return base_->name(); }
  Term call(const Evaluator& ev, std::vector<Term> args, const SourceSpan& span) const override {
    std::vector<Term> all = bound_;
    for (auto& a : args) all.push_back(std::move(a));
    return base_->call(ev, std::move(all), span);
  }
  const Callable& base() const { return *base_; }
  size_t bound() const { return bound_.size(); }

 private:
  std::shared_ptr<const Callable> base_;
  std::vector<Term> bound_;
};

class ComposeFn final : public Callable {
 public:
  ComposeFn(Term f, Term g) : f_(std::move(f)), g_(std::move(g)) {}
  int arity() const override { return 1; }
  std::string name() const override { return "(.)"; }
  Term call(const Evaluator& ev, std::vector<Term> args, const SourceSpan& span) const override {
    Term inner = ev.apply(g_, std::move(args), span);
    return ev.apply(f_, {std::move(inner)}, span);
  }

 private:
  Term f_, g_;
};

class SectionFn final : public Callable {
 public:
  SectionFn(std::string op, Term operand, bool left) : op_(std::move(op)), operand_(std::move(operand)), left_(left) {}
  int arity() const override { return 1; }
  std::string name() const override { return left_ ? "(x " + op_ + ")" : "(" + op_ + " x)"; }
  Term call(const Evaluator& ev, std::vector<Term> args, const SourceSpan& span) const override {
    Term x = std::move(args[0]);
    Term a = left_ ? operand_ : x;
    Term b = left_ ? x : operand_;
    return ev.apply_operator(op_, a, b, span);
  }

 private:
  std::string op_;
  Term operand_;
  bool left_;
};

class OperatorFn final : public Callable {
 public:
  explicit OperatorFn(std::string op) : op_(std::move(op)) {}
  int arity() const override { return 2; }
  std::string name() const override { return "(" + op_ + ")"; }
  Term call(const Evaluator& ev, std::vector<Term> args, const SourceSpan& span) const override {
    return ev.apply_operator(op_, args[0], args[1], span);
  }

 private:
  std::string op_;
};

constexpr int kMaxCallDepth = 256;

class LambdaFn final : public Callable {
 public:
  LambdaFn(std::vector<std::string> params, ExprPtr body, ScopePtr env, std::string name)
      : params_(std::move(params)), body_(std::move(body)), env_(std::move(env)), name_(std::move(name)) {}
  int arity() const override { return static_cast<int>(params_.size()); }
  std::string name() const override {
    if (!name_.empty()) return name_;
    std::string out = "\\";
    for (const auto& p : params_) out += p + " ";
    return out + "-> ...";
  }
  Term call(const Evaluator& ev, std::vector<Term> args, const SourceSpan& span) const override {
    // A function that calls itself without end would exhaust the stack: stop at a depth no music needs.
    struct DepthGuard {
      int& depth;
      explicit DepthGuard(int& d) : depth(d) { ++depth; }
      ~DepthGuard() { --depth; }
    };
    static thread_local int depth = 0;
    DepthGuard guard(depth);
    if (depth > kMaxCallDepth)
      throw_error(span, "`" + name() + "` calls itself more than " + std::to_string(kMaxCallDepth) + " times deep",
                  "a recursive definition needs a case that stops: `if k == 0 then p else ...`");
    ScopePtr s = env_;
    for (size_t i = 0; i < params_.size(); ++i)
      if (params_[i] != "_") s = Scope::value_def(s, params_[i], std::move(args[i]), body_->span);
    return ev.with_scope(std::move(s)).eval(body_);
  }

 private:
  std::vector<std::string> params_;
  ExprPtr body_;
  ScopePtr env_;
  std::string name_;
};

class IdentityFn final : public Callable {
 public:
  int arity() const override { return 1; }
  std::string name() const override { return "id"; }
  Term call(const Evaluator&, std::vector<Term> args, const SourceSpan&) const override { return std::move(args[0]); }
};

void check_elem(std::optional<ElemKind>& concrete, ElemKind k, const Term& t, const Builtin& b) {
  if (concrete && *concrete != k)
    throw_error(t.span,
                "`" + b.name + "` combines a pattern of " + elem_kind_name(*concrete) + " with a pattern of " +
                    elem_kind_name(k),
                "all pattern arguments of `" + b.name + "` must have the same element type");
  concrete = k;
}

void inspect(const Term& t, std::optional<ElemKind>& concrete, bool& poly, bool& number, const Builtin& b) {
  switch (t.kind) {
    case TermKind::Pattern: check_elem(concrete, t.elem, t, b); break;
    case TermKind::Poly:
    case TermKind::String: poly = true; break;
    case TermKind::Number: number = true; break;
    case TermKind::List:
    case TermKind::Tuple:
      for (const auto& i : t.items) inspect(i, concrete, poly, number, b);
      break;
    default: break;
  }
}

std::string arg_name(const Builtin& b, size_t i) { return "argument `" + b.params[i].name + "` of `" + b.name + "`"; }

Term coerce(const Evaluator& ev, const Builtin& b, size_t i, const Term& t, const CallContext& ctx) {
  const Param& p = b.params[i];
  std::string what = arg_name(b, i);
  auto expect = [&](const char* desc) -> Term {
    throw_error(t.span, what + " must be " + desc + ", not " + t.describe());
  };
  switch (p.type) {
    case ParamType::Any: return t;
    case ParamType::Number: return Term::make_number(ev.to_number(t, what), t.span);
    case ParamType::PatNumber:
      return Term::make_pattern(ev.to_pattern(t, mini::ElemType::Number, what), ElemKind::Number, t.span);
    case ParamType::PatNote:
      return Term::make_pattern(ev.to_pattern(t, mini::ElemType::Note, what), ElemKind::Number, t.span);
    case ParamType::PatInt:
      return Term::make_pattern(ev.to_pattern(t, mini::ElemType::Int, what), ElemKind::Number, t.span);
    case ParamType::PatTime:
      return Term::make_pattern(ev.to_pattern(t, mini::ElemType::Time, what), ElemKind::Number, t.span);
    case ParamType::PatString:
      return Term::make_pattern(ev.to_pattern(t, mini::ElemType::String, what), ElemKind::String, t.span);
    case ParamType::PatBool:
      return Term::make_pattern(ev.to_pattern(t, mini::ElemType::Bool, what), ElemKind::Bool, t.span);
    case ParamType::PatControl: return Term::make_pattern(ev.to_control_pattern(t, what), ElemKind::Control, t.span);
    case ParamType::PatAny:
      if (ctx.elem_kind == ElemKind::Control)
        return Term::make_pattern(ev.to_control_pattern(t, what), ElemKind::Control, t.span);
      return Term::make_pattern(ev.to_pattern(t, ctx.elem_type, what), ctx.elem_kind, t.span);
    case ParamType::Function:
      if (!t.is_function()) expect("a function");
      return t;
    case ParamType::List:
      if (t.kind != TermKind::List) expect("a list `[...]`");
      return t;
    case ParamType::Tuple:
      if (t.kind != TermKind::Tuple) expect("a tuple `(a, b)`");
      return t;
  }
  return t;
}

Term run_impl(const Evaluator& ev, const Builtin& b, const std::vector<Term>& raw, const SourceSpan& span,
              mini::ElemType et, ElemKind ek) {
  CallContext ctx{ev, span, {}, et, ek};
  std::vector<Term> args;
  args.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    ctx.arg_spans.push_back(raw[i].span);
    args.push_back(coerce(ev, b, i, raw[i], ctx));
  }
  try {
    Term r = b.impl(ctx, args);
    if (!r.span.valid()) r.span = span;
    return r;
  } catch (const CompileError&) {
    throw;
  } catch (const PatternLimitError& e) {
    std::string what = e.what();
    if (what.rfind(b.name + ": ", 0) == 0) what = what.substr(b.name.size() + 2);  // the limit names it already
    throw_error(span, std::string("`") + b.name + "`: " + what, "see \"Limits\" in docs/language.md");
  } catch (const std::exception& e) {
    throw_error(span, std::string("`") + b.name + "`: " + e.what());
  }
}

}  // namespace

ParamType next_param_type(const Callable& c) {
  if (auto* bf = dynamic_cast<const BuiltinFn*>(&c)) {
    return bf->builtin().params.empty() ? ParamType::Any : bf->builtin().params[0].type;
  }
  if (auto* pf = dynamic_cast<const PartialFn*>(&c)) {
    if (auto* base = dynamic_cast<const BuiltinFn*>(&pf->base())) {
      size_t i = pf->bound();
      if (i < base->builtin().params.size()) return base->builtin().params[i].type;
    }
    return ParamType::Any;
  }
  // A user function's parameters have no declared type: `f $ g` applies f to g, as in Haskell.
  if (dynamic_cast<const LambdaFn*>(&c)) return ParamType::Any;
  return ParamType::PatAny;
}

bool is_builtin_callable(const Callable& c) {
  if (dynamic_cast<const BuiltinFn*>(&c)) return true;
  auto* pf = dynamic_cast<const PartialFn*>(&c);
  return pf && dynamic_cast<const BuiltinFn*>(&pf->base());
}

std::shared_ptr<const Callable> make_builtin_fn(std::shared_ptr<const Builtin> b) {
  return std::make_shared<const BuiltinFn>(std::move(b));
}
std::shared_ptr<const Callable> make_partial(std::shared_ptr<const Callable> base, std::vector<Term> bound) {
  return std::make_shared<const PartialFn>(std::move(base), std::move(bound));
}
std::shared_ptr<const Callable> make_compose(Term f, Term g) {
  return std::make_shared<const ComposeFn>(std::move(f), std::move(g));
}
std::shared_ptr<const Callable> make_section(std::string op, Term operand, bool operand_is_left) {
  return std::make_shared<const SectionFn>(std::move(op), std::move(operand), operand_is_left);
}
std::shared_ptr<const Callable> make_identity() { return std::make_shared<const IdentityFn>(); }
std::shared_ptr<const Callable> make_lambda(std::vector<std::string> params, ExprPtr body, ScopePtr env,
                                            std::string name) {
  return std::make_shared<const LambdaFn>(std::move(params), std::move(body), std::move(env), std::move(name));
}
std::shared_ptr<const Callable> make_operator_fn(std::string op) {
  return std::make_shared<const OperatorFn>(std::move(op));
}

Term invoke_builtin(const Evaluator& ev, const Builtin& b, std::vector<Term> args, const SourceSpan& span) {
  std::optional<ElemKind> concrete;
  bool poly = false, number = false, has_any = false;
  for (size_t i = 0; i < args.size() && i < b.params.size(); ++i) {
    ParamType t = b.params[i].type;
    if (t == ParamType::PatAny) {
      has_any = true;
      inspect(args[i], concrete, poly, number, b);
    } else if ((t == ParamType::List || t == ParamType::Tuple) && b.returns == ReturnType::PatSame) {
      has_any = true;
      inspect(args[i], concrete, poly, number, b);
    }
  }
  if (has_any && !concrete && poly && b.returns == ReturnType::PatSame) {
    // The element type is decided later by the consumer of the result.
    auto keep = ev.registry_ptr();
    auto bp = std::make_shared<const Builtin>(b);
    return Term::make_poly(
        [keep, bp, args, span](mini::ElemType et) {
          Evaluator e2(keep);
          Term r = run_impl(e2, *bp, args, span, et, elem_kind_of(et));
          if (r.kind == TermKind::Pattern) return r.pattern;
          if (r.kind == TermKind::Poly) return (*r.poly)(et);
          return e2.to_pattern(r, et, "result of `" + bp->name + "`");
        },
        span);
  }
  ElemKind ek = concrete ? *concrete : (poly ? ElemKind::String : ElemKind::Number);
  mini::ElemType et = concrete ? elem_type_for(*concrete) : (poly ? mini::ElemType::String : mini::ElemType::Number);
  return run_impl(ev, b, args, span, et, ek);
}

}  // namespace phonon::eval
