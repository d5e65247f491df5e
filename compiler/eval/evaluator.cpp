#include "compiler/eval/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "compiler/diagnostics.hpp"
#include "compiler/eval/callables.hpp"
#include "compiler/numbers.hpp"
#include "compiler/parser.hpp"
#include "compiler/pattern/ops.hpp"

namespace phonon::eval {

mini::ElemType elem_type_for(ElemKind k) {
  switch (k) {
    case ElemKind::Number: return mini::ElemType::Number;
    case ElemKind::String: return mini::ElemType::String;
    case ElemKind::Bool: return mini::ElemType::Bool;
    case ElemKind::Control: return mini::ElemType::String;
  }
  return mini::ElemType::String;
}

// "did you mean" with transpositions counted as one edit (Damerau / optimal string alignment): `fsat` -> `fast`.
static std::string suggest(const std::string& word, const std::vector<std::string>& names) {
  std::string best;
  size_t best_d = static_cast<size_t>(-1);
  for (const auto& c : names) {
    const size_t n = word.size(), m = c.size();
    if ((n > m ? n - m : m - n) > 2) continue;
    std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
    for (size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (size_t i = 1; i <= n; ++i)
      for (size_t j = 1; j <= m; ++j) {
        size_t cost = word[i - 1] == c[j - 1] ? 0 : 1;
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
        if (i > 1 && j > 1 && word[i - 1] == c[j - 2] && word[i - 2] == c[j - 1])
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    if (d[n][m] < best_d) best_d = d[n][m], best = c;
  }
  size_t limit = word.size() <= 3 ? 1 : (word.size() <= 6 ? 2 : 3);
  return best_d <= limit ? best : std::string();
}

std::string tidal_name_hint(const std::string& name) {
  static const std::map<std::string, std::string> hints = {
      {"setcps", "set the tempo with a statement: `cps: 0.54` (cycles per second) or `bpm: 130`"},
      {"setbpm", "set the tempo with a statement: `bpm: 130`"},
      {"midinote", "use `note`, which counts from middle C: `note (x - 60)` plays midinote x (`note 0` = midinote 60)"},
      {"overgain", "use `gain` (1 = unchanged) or `amp`"},
      {"lag", "there is no pitch lag; for a glide use `accelerate`"},
      {"rolled", "strum the chord with `off`: `off 0.0625 (|+ n 12)` or `arp \"up\"`"},
      {"squeeze", "not supported; choose between patterns with `fit`, `every` or `whenmod`"},
      {"ur", "not supported; sequence the parts with `cat [...]`, `every` or `whenmod`"},
      {"once", "not supported: Phonon plays outputs continuously"},
      {"xfade", "not supported: outputs change at the next reload"},
  };
  auto it = hints.find(name);
  return it == hints.end() ? std::string() : it->second;
}

std::string suggest_name(const std::string& word, const std::vector<std::string>& names) {
  return suggest(word, names);
}

void Evaluator::warn(const SourceSpan& span, const std::string& message, const std::string& hint) const {
  if (options_.warn) options_.warn(span, message, hint);
}

Evaluator::Evaluator(std::shared_ptr<const Registry> registry, EvalOptions options, ScopePtr scope)
    : registry_(std::move(registry)), options_(std::move(options)), scope_(std::move(scope)) {}

Evaluator Evaluator::with_scope(ScopePtr scope) const { return Evaluator(registry_, options_, std::move(scope)); }

const Scope* Scope::find(const std::string& n) const {
  for (const Scope* s = this; s; s = s->parent.get())
    if (s->name == n) return s;
  return nullptr;
}

static std::shared_ptr<Scope> scope_node(ScopePtr parent, std::string name, SourceSpan span) {
  auto s = std::make_shared<Scope>();
  s->parent = std::move(parent);
  s->name = std::move(name);
  s->span = std::move(span);
  return s;
}

ScopePtr Scope::value_def(ScopePtr parent, std::string name, Term value, SourceSpan span) {
  auto s = scope_node(std::move(parent), std::move(name), std::move(span));
  s->value = std::move(value);
  return s;
}

ScopePtr Scope::function_def(ScopePtr parent, const Binding& b) {
  auto s = scope_node(std::move(parent), b.name, b.name_span);
  s->params = b.params;
  s->body = b.body;
  return s;
}

ScopePtr Scope::failed_def(ScopePtr parent, const Binding& b) {
  auto s = scope_node(std::move(parent), b.name, b.name_span);
  s->failed = true;
  return s;
}

// Definitions are evaluated in order: a value sees the definitions before it, a function also itself (it is
// evaluated when called). A name used before its definition in the same block is an unknown name.
ScopePtr Evaluator::define(const std::vector<Binding>& bindings) const {
  ScopePtr s = scope_;
  for (const auto& b : bindings) {
    if (!b.params.empty()) {
      s = Scope::function_def(s, b);
      continue;
    }
    Term v = with_scope(s).eval(b.body);
    s = Scope::value_def(s, b.name, std::move(v), b.name_span);
  }
  return s;
}

Term Evaluator::lookup(const std::string& name, const SourceSpan& span) const {
  if (scope_) {
    if (const Scope* d = scope_->find(name)) {
      if (d->failed) throw_error(span, "`" + name + "` has no value: its definition has errors (reported above)");
      if (d->params.empty()) return d->value;
      // The closure holds the definition's own node, so a function may call itself.
      ScopePtr self(scope_, d);  // aliasing: keeps the whole chain (and so `d`) alive
      return Term::make_function(make_lambda(d->params, d->body, self, d->name), span);
    }
  }
  Expr e;
  e.kind = ExprKind::Ident;
  e.span = span;
  e.text = name;
  return eval_ident(e);
}

Term Evaluator::eval(const ExprPtr& ep) const {
  const Expr& e = *ep;
  switch (e.kind) {
    case ExprKind::Number: return Term::make_number(e.number, e.span);
    case ExprKind::String: return Term::make_string(e.text, e.span, e.content_span());
    case ExprKind::Ident: return lookup(e.text, e.span);
    case ExprKind::BusRef: {
      if (!options_.resolve_bus)
        throw_error(e.span, "unknown bus `~" + e.text + "`", "buses are defined with `~" + e.text + ": ...`");
      Term t = options_.resolve_bus(e.text, e.span);
      return t;
    }
    case ExprKind::App: return eval_app(e);
    case ExprKind::BinOp: return eval_binop(e);
    case ExprKind::SectionL: return Term::make_function(make_section(e.text, eval(e.items.at(0)), true), e.span);
    case ExprKind::SectionR: return Term::make_function(make_section(e.text, eval(e.items.at(0)), false), e.span);
    case ExprKind::OpRef: {
      auto b = registry_->find_shared(e.text);
      if (b) return Term::make_function(make_builtin_fn(b), e.span);
      return Term::make_function(make_operator_fn(e.text), e.span);
    }
    case ExprKind::List: {
      std::vector<Term> items;
      for (const auto& i : e.items) items.push_back(eval(i));
      return Term::make_list(std::move(items), e.span);
    }
    case ExprKind::Tuple: {
      std::vector<Term> items;
      for (const auto& i : e.items) items.push_back(eval(i));
      return Term::make_tuple(std::move(items), e.span);
    }
    case ExprKind::KeywordArg: throw_error(e.span, "keyword argument `:" + e.text + "` outside a function application");
    case ExprKind::Lambda: return Term::make_function(make_lambda(e.params, e.items.at(0), scope_, ""), e.span);
    case ExprKind::Let: return eval_let(e);
    case ExprKind::If: return eval_if(e);
    case ExprKind::Range: return eval_range(e);
    case ExprKind::Annot: return eval_annotation(e);
  }
  throw_error(e.span, "unsupported expression");
}

Term Evaluator::eval_ident(const Expr& e) const {
  auto b = registry_->find_shared(e.text);
  if (!b) {
    std::string hint;
    std::string tidal = tidal_name_hint(e.text);
    if (!tidal.empty()) throw_error(e.span, "`" + e.text + "` (Tidal/SuperDirt) is not available in Phonon", tidal);
    std::string m = suggest(e.text, registry_->names());
    if (!m.empty()) hint = "did you mean `" + m + "`?";
    throw_error(e.span, "unknown function `" + e.text + "`", hint);
  }
  if (b->params.empty()) return invoke_builtin(*this, *b, {}, e.span);
  if (b->bare) {
    std::vector<Term> none;
    CallContext ctx{*this, e.span, {}, mini::ElemType::String, ElemKind::String};
    Term t = b->bare(ctx, none);
    if (!t.span.valid()) t.span = e.span;
    return t;
  }
  return Term::make_function(make_builtin_fn(b), e.span);
}

Term Evaluator::eval_app(const Expr& e) const {
  const ExprPtr& head = e.items.at(0);
  Term f;
  // A builtin named directly takes defaults and keyword arguments; a user definition of the name hides it.
  const bool user_defined = head->kind == ExprKind::Ident && scope_ && scope_->find(head->text);
  if (head->kind == ExprKind::Ident && !user_defined) {
    auto hb = registry_->find_shared(head->text);
    if (hb && !hb->params.empty()) f = Term::make_function(make_builtin_fn(hb), head->span);
  }
  if (!f.is_function()) f = eval(head);
  std::vector<Term> args;
  std::vector<const Expr*> keywords;
  for (size_t i = 1; i < e.items.size(); ++i) {
    if (e.items[i]->kind == ExprKind::KeywordArg) keywords.push_back(e.items[i].get());
    else if (!keywords.empty()) throw_error(e.items[i]->span, "positional argument after a keyword argument");
    else args.push_back(eval(e.items[i]));
  }
  // Defaults and keyword arguments apply to a directly named builtin.
  std::shared_ptr<const Builtin> b;
  if (head->kind == ExprKind::Ident && !user_defined) b = registry_->find_shared(head->text);
  if (b && !b->params.empty()) {
    if (!keywords.empty()) {
      std::vector<std::optional<Term>> slots(b->params.size());
      if (args.size() > slots.size()) throw_error(args[slots.size()].span, "too many arguments for `" + b->name + "`");
      for (size_t i = 0; i < args.size(); ++i) slots[i] = args[i];
      for (const Expr* k : keywords) {
        size_t idx = b->params.size();
        for (size_t i = 0; i < b->params.size(); ++i)
          if (b->params[i].name == k->text) idx = i;
        if (idx == b->params.size()) {
          std::vector<std::string> names;
          for (const auto& p : b->params) names.push_back(p.name);
          std::string m = closest_match(k->text, names);
          throw_error(k->span, "`" + b->name + "` has no parameter `" + k->text + "`",
                      m.empty() ? std::string() : "did you mean `:" + m + "`?");
        }
        if (slots[idx]) throw_error(k->span, "parameter `" + k->text + "` of `" + b->name + "` given twice");
        slots[idx] = eval(k->items.at(0));
      }
      args.clear();
      for (size_t i = 0; i < slots.size(); ++i) {
        if (slots[i]) args.push_back(*slots[i]);
        else if (b->params[i].default_value) args.push_back(*b->params[i].default_value);
        else throw_error(e.span, "missing argument `" + b->params[i].name + "` of `" + b->name + "`");
      }
    } else if (args.size() < b->params.size()) {
      bool all_default = true;
      for (size_t i = args.size(); i < b->params.size(); ++i)
        if (!b->params[i].default_value) all_default = false;
      if (all_default)
        for (size_t i = args.size(); i < b->params.size(); ++i) args.push_back(*b->params[i].default_value);
    }
  } else if (!keywords.empty()) {
    throw_error(keywords[0]->span, "keyword arguments need a named function");
  }
  return apply(f, std::move(args), e.span);
}

Term Evaluator::apply(const Term& f, std::vector<Term> args, const SourceSpan& span) const {
  Term cur = f;
  size_t i = 0;
  std::string last_fn;
  size_t last_arity = 0;
  while (i < args.size()) {
    if (!cur.is_function() && !last_fn.empty()) {
      throw_error(args[i].span.valid() ? args[i].span : span,
                  "too many arguments: `" + last_fn + "` takes " + std::to_string(last_arity) + " argument" +
                      (last_arity == 1 ? "" : "s") + " and its result is " + cur.describe(),
                  "did you forget `#`, `$` or parentheses?");
    }
    if (!cur.is_function()) {
      throw_error(cur.span.valid() ? cur.span : span,
                  "this is " + cur.describe() + ", not a function: it cannot be applied to an argument",
                  "did you forget `#`, `$` or parentheses?");
    }
    auto a = static_cast<size_t>(cur.fn->arity());
    size_t remaining = args.size() - i;
    if (remaining < a) {
      std::vector<Term> bound(args.begin() + static_cast<long>(i), args.end());
      return Term::make_function(make_partial(cur.fn, std::move(bound)), span);
    }
    std::vector<Term> now(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i + a));
    last_fn = cur.fn->name();
    last_arity = a;
    cur = cur.fn->call(*this, std::move(now), span);
    if (!cur.span.valid()) cur.span = span;
    i += a;
  }
  return cur;
}

Term Evaluator::call_builtin(const std::string& name, std::vector<Term> args, const SourceSpan& span) const {
  auto b = registry_->find_shared(name);
  if (!b) throw_error(span, "unknown function `" + name + "`");
  return apply(Term::make_function(make_builtin_fn(b), span), std::move(args), span);
}

Term Evaluator::eval_binop(const Expr& e) const {
  const std::string& op = e.text;
  if (op == "<*>") {
    // Tidal's Applicative on patterns, in the one form that needs no pattern of functions: `f <$> a <*> b`.
    const ExprPtr& lhs = e.items.at(0);
    if (lhs->kind != ExprKind::BinOp || lhs->text != "<$>")
      throw_error(
          e.span,
          "`<*>` is supported in the form `f <$> a <*> b` only (a pattern of functions needs Haskell's Applicative)",
          "`f <$> a <*> b` is `liftA2 f a b`: f of the values of both, structure from both sides");
    return call_builtin("liftA2", {eval(lhs->items.at(0)), eval(lhs->items.at(1)), eval(e.items.at(1))}, e.span);
  }
  Term a = eval(e.items.at(0));
  Term b = eval(e.items.at(1));
  if (op == "$") {
    if (a.is_function()) {
      if (b.is_function()) {
        ParamType next = next_param_type(*a.fn);
        if (next != ParamType::Function && next != ParamType::Any)
          return Term::make_function(make_compose(b, a), e.span);  // pipe: x -> b (a x)
      }
      return apply(a, {b}, e.span);
    }
    if (b.is_function()) return apply(b, {a}, e.span);  // pipe style: x $ f
    // The usual cause: the left side already has all its arguments (`fast 2 3 $ s "bd"`).
    const ExprPtr& lhs = e.items.at(0);
    if (lhs->kind == ExprKind::App && lhs->items.at(0)->kind == ExprKind::Ident &&
        !(scope_ && scope_->find(lhs->items[0]->text))) {
      auto fb = registry_->find_shared(lhs->items[0]->text);
      if (fb && !fb->params.empty() && lhs->items.size() - 1 >= fb->params.size()) {
        std::string names;
        for (const auto& p : fb->params) names += (names.empty() ? "" : ", ") + p.name;
        const size_t n = fb->params.size();
        throw_error(lhs->items[n]->span,
                    "`" + fb->name + "` takes " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") + " (" + names +
                        ") and this is its last one, so nothing is left for `$` to pass",
                    "the left side of `$` is " + a.describe() + ", not a function; remove this argument or the `$`");
      }
    }
    throw_error(e.span, "`$` needs a function on one side, but got " + a.describe() + " and " + b.describe());
  }
  return apply_operator(op, a, b, e.span);
}

Term Evaluator::apply_operator(const std::string& op, const Term& a, const Term& b, const SourceSpan& span) const {
  if (op == "$") return apply(a, {b}, span);
  if (op == ".") {
    if (!a.is_function()) throw_error(a.span, "`.` composes functions, but this is " + a.describe());
    if (!b.is_function())
      throw_error(b.span, "`.` composes functions, but this is " + b.describe(),
                  "to apply a function to a pattern use `$`");
    return Term::make_function(make_compose(a, b), span);
  }
  if (op.size() >= 3 && op.front() == '`') {  // a `div` b
    Term f = lookup(op.substr(1, op.size() - 2), span);
    return apply(f, {a, b}, span);
  }
  // The Prelude's operators (`++`, `!!`, `<$>`, `==`, ...) are builtins of that name.
  if (!is_pattern_operator(op) && op != "<~" && op != "~>" && !(op.size() == 2 && op[0] == '~') && registry_->find(op))
    return call_builtin(op, {a, b}, span);
  return binary_operator(*this, op, a, b, span);
}

Term Evaluator::eval_let(const Expr& e) const { return with_scope(define(e.bindings)).eval(e.items.at(0)); }

Term Evaluator::eval_if(const Expr& e) const {
  Term c = eval(e.items.at(0));
  if (c.kind != TermKind::Number)
    throw_error(c.span.valid() ? c.span : e.items[0]->span,
                "the condition of `if` must be a plain truth value (`True`, `x > 2`), not " + c.describe(),
                "to choose between patterns by a pattern of booleans use `while`, `sometimesBy` or `struct`");
  return eval(e.items.at(c.number != 0.0 ? 1 : 2));
}

// Haskell's enumFromTo / enumFromThenTo. For fractional bounds Haskell goes on while x <= last + step/2
// (`[0, 0.3 .. 1]` ends with 0.9 and `[1 .. 2.5]` with 3); for whole numbers that is the same as x <= last.
Term Evaluator::eval_range(const Expr& e) const {
  std::vector<double> v;
  for (const auto& item : e.items) v.push_back(to_number(eval(item), "a bound of the range"));
  const double first = v.front(), last = v.back();
  const double step = v.size() == 3 ? v[1] - first : 1.0;
  if (step == 0) throw_error(e.span, "a range with a step of 0 never ends", "give two different first values");
  const double limit = last + step / 2;
  constexpr size_t kMaxRange = 100000;
  std::vector<Term> items;
  for (size_t i = 0;; ++i) {
    double x = first + static_cast<double>(i) * step;
    if (step > 0 ? x > limit : x < limit) break;
    if (items.size() >= kMaxRange)
      throw_error(e.span, "this range has more than " + std::to_string(kMaxRange) + " values");
    items.push_back(Term::make_number(x, e.span));
  }
  return Term::make_list(std::move(items), e.span);
}

// `(e :: T)`: the annotation fixes the type of a string or polymorphic pattern (`"0 1" :: Pattern Double`); other
// annotations are checked against the kind of value.
Term Evaluator::eval_annotation(const Expr& e) const {
  Term t = eval(e.items.at(0));
  const std::string& ty = e.text;
  auto pattern_of = [&](mini::ElemType et) {
    return Term::make_pattern(to_pattern(t, et, "the annotated expression"), elem_kind_of(et), e.span);
  };
  if (ty == "Pattern String") return pattern_of(mini::ElemType::String);
  if (ty == "Pattern Double" || ty == "Pattern Float") return pattern_of(mini::ElemType::Number);
  if (ty == "Pattern Note") return pattern_of(mini::ElemType::Note);
  if (ty == "Pattern Int" || ty == "Pattern Integer") return pattern_of(mini::ElemType::Int);
  if (ty == "Pattern Time" || ty == "Pattern Rational") return pattern_of(mini::ElemType::Time);
  if (ty == "Pattern Bool") return pattern_of(mini::ElemType::Bool);
  if (ty == "ControlPattern" || ty == "Pattern ValueMap")
    return Term::make_pattern(to_control_pattern(t, "the annotated expression"), ElemKind::Control, e.span);
  if (ty == "Double" || ty == "Float" || ty == "Int" || ty == "Integer" || ty == "Time" || ty == "Rational" ||
      ty == "Note")
    return Term::make_number(to_number(t, "the annotated expression"), t.span);
  if (ty == "String") {
    if (t.kind != TermKind::String) throw_error(t.span, "this is " + t.describe() + ", not a String");
    return t;
  }
  if (ty.find("->") != std::string::npos) {
    if (!t.is_function()) throw_error(t.span, "this is " + t.describe() + ", not a function (`" + ty + "`)");
    return t;
  }
  if (!ty.empty() && ty.front() == '[') {
    if (t.kind != TermKind::List) throw_error(t.span, "this is " + t.describe() + ", not a list (`" + ty + "`)");
    return t;
  }
  throw_error(e.span, "the type annotation `" + ty + "` is not supported",
              "annotations Phonon reads: Pattern String / Double / Note / Int / Time / Bool, ControlPattern, "
              "number types, String, lists and function types");
}

Pattern Evaluator::to_pattern(const Term& t, mini::ElemType type, const std::string& what) const {
  ElemKind want = elem_kind_of(type);
  switch (t.kind) {
    case TermKind::Number:
      if (type == mini::ElemType::String)
        throw_error(t.span, what + " must be a pattern of strings, not a number", "write it as a string: \"...\"");
      if (type == mini::ElemType::Bool) return pure(Value::boolean(t.number != 0.0));
      return pure(Value::number(t.number));
    case TermKind::String: {
      if (!options_.warn) return mini::parse_pattern(t.text, t.content_span, type);
      mini::MiniNodePtr tree = mini::parse(t.text, t.content_span, type);
      double n = mini::events_per_cycle_estimate(tree);
      if (n > kDenseEventsPerCycle) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f", n);
        options_.warn(t.span, std::string("dense pattern: about ") + buf + " events per cycle",
                      "the engine plays at most 4096 voices at once unless `--max-voices` says otherwise, and one "
                      "cycle may hold at most " +
                          std::to_string(kMaxEventsPerQuery) + " events");
      }
      try {
        return mini::to_pattern(tree, type);
      } catch (const CompileError&) {
        throw;
      } catch (const std::exception& e) {
        // A combinator that rejects one of the notation's values (a limit, a number that does not fit).
        throw_error(t.span, what + ": " + e.what());
      }
    }
    case TermKind::Pattern:
      if (t.elem != want)
        throw_error(t.span, what + " must be a pattern of " + elem_kind_name(want) + ", not " + t.describe());
      return t.pattern;
    case TermKind::Poly: return (*t.poly)(type);
    case TermKind::Function:
      throw_error(t.span, what + " must be a pattern of " + std::string(elem_kind_name(want)) + ", not " + t.describe(),
                  "is an argument missing?");
    case TermKind::Signal:
      // Pattern functions and controls take patterns (values per event); a signal has a value per sample.
      throw_error(t.span, what + " must be a pattern, not " + t.describe(),
                  "pattern functions work on patterns: apply them inside the signal (`sine (fast 2 \"440 550\")`), or "
                  "sample a 0..1 pattern instead of an LFO (`segment 16 $ range 200 2000 sine`, `sine` without a "
                  "frequency)");
    default:
      throw_error(t.span,
                  what + " must be a pattern of " + std::string(elem_kind_name(want)) + ", not " + t.describe());
  }
}

// Tidal's IsString instance of ControlPattern: a bare string where controls are expected is a pattern of sounds,
// every word an `s` (`"bd*2 sn:3" # n 1`, `"0*4" # s "tick"`).
static std::optional<Pattern> string_as_control(const Evaluator& ev, const Term& t) {
  if (t.kind != TermKind::String && t.kind != TermKind::Poly) return std::nullopt;
  Term words = t;
  if (t.kind == TermKind::Poly) words = Term::make_pattern((*t.poly)(mini::ElemType::String), ElemKind::String, t.span);
  Term r = ev.call_builtin("s", {words}, t.span);
  if (r.kind == TermKind::Pattern && r.elem == ElemKind::Control) return r.pattern;
  return std::nullopt;
}

std::optional<Pattern> Evaluator::sounds_of_string(const Term& t) const {
  if (t.kind != TermKind::String && t.kind != TermKind::Poly) return std::nullopt;
  try {
    (void)to_pattern(t, mini::ElemType::Note, "a string");
    return std::nullopt;  // numbers
  } catch (const CompileError&) {
  }
  return string_as_control(*this, t);
}

Pattern Evaluator::to_control_pattern(const Term& t, const std::string& what) const {
  if (t.kind == TermKind::Pattern && t.elem == ElemKind::Control) return t.pattern;
  if (auto p = string_as_control(*this, t)) return *p;
  std::string hint;
  if (t.kind == TermKind::String) hint = "a string is not a control pattern; did you mean `s \"" + t.text + "\"`?";
  else if (t.kind == TermKind::Function) hint = "is an argument missing?";
  else if (t.kind == TermKind::Signal)
    hint =
        "this function works on events (`s \"bd sn\"`, `n \"0 3\"`), not on audio; a signal is panned with "
        "`# pan 0.3` and layered with `+`";
  throw_error(t.span, what + " must be a control pattern (like `s \"bd\"` or `n 1`), not " + t.describe(), hint);
}

Transform Evaluator::to_transform(const Term& t, ElemKind kind, const std::string& what) const {
  if (!t.is_function()) throw_error(t.span, what + " must be a function, not " + t.describe());
  auto reg = registry_;
  return [reg, t, kind, what](const Pattern& p) {
    Evaluator e(reg);
    Term r = e.apply(t, {Term::make_pattern(p, kind, t.span)}, t.span);
    if (kind == ElemKind::Control) return e.to_control_pattern(r, "the result of " + what);
    return e.to_pattern(r, elem_type_for(kind), "the result of " + what);
  };
}

Value Evaluator::to_value(const Term& t, mini::ElemType type, const std::string& what) const {
  if (t.kind == TermKind::Number) {
    if (type == mini::ElemType::String) throw_error(t.span, what + " must be a string, not a number");
    if (type == mini::ElemType::Bool) return Value::boolean(t.number != 0.0);
    return Value::number(t.number);
  }
  if (t.kind == TermKind::String) {
    if (type == mini::ElemType::String) return Value::string(t.text);
    if (type == mini::ElemType::Bool) {
      if (t.text == "t" || t.text == "true" || t.text == "1") return Value::boolean(true);
      if (t.text == "f" || t.text == "false" || t.text == "0") return Value::boolean(false);
      throw_error(t.content_span, what + " must be a boolean, not `" + t.text + "`");
    }
    if (auto x = number_in_string(t.text)) return Value::number(*x);
    double n = 0;
    if (mini::parse_note_name(t.text, n)) return Value::number(n);
    throw_error(t.content_span, what + " must be a number or a note name, not `" + t.text + "`");
  }
  throw_error(t.span, what + " must be a plain value (a number or a string), not " + t.describe());
}

double Evaluator::to_number(const Term& t, const std::string& what) const {
  if (t.kind == TermKind::Number) return t.number;
  if (t.kind == TermKind::String) {
    if (auto x = number_in_string(t.text)) return *x;
  }
  throw_error(t.span, what + " must be a number, not " + t.describe());
}

Term Evaluator::resolve_default(const Term& t) const {
  switch (t.kind) {
    case TermKind::Pattern: return t;
    case TermKind::Number: return Term::make_pattern(pure(Value::number(t.number)), ElemKind::Number, t.span);
    case TermKind::String:
    case TermKind::Poly:
      // Numbers if the text reads as numbers, else strings.
      try {
        return Term::make_pattern(to_pattern(t, mini::ElemType::Note, "the expression"), ElemKind::Number, t.span);
      } catch (const CompileError&) {
        return Term::make_pattern(to_pattern(t, mini::ElemType::String, "the expression"), ElemKind::String, t.span);
      }
    default: return t;
  }
}

// ---------------------------------------------------------------------------------------------------------------

namespace {
struct OpInfo {
  NumOp op;
  Structure s;
};
const std::map<std::string, OpInfo>& op_table() {
  static const std::map<std::string, OpInfo> t = [] {
    std::map<std::string, OpInfo> m;
    const std::pair<const char*, NumOp> ops[] = {{"+", NumOp::Add},      {"-", NumOp::Sub}, {"*", NumOp::Mul},
                                                 {"/", NumOp::Div},      {"%", NumOp::Mod}, {"<", NumOp::KeepLeft},
                                                 {">", NumOp::KeepRight}};
    for (auto [sym, op] : ops) {
      std::string s = sym;
      m["|" + s + "|"] = {op, Structure::Both};
      m["|" + s] = {op, Structure::Left};
      m[s + "|"] = {op, Structure::Right};
    }
    m["+"] = {NumOp::Add, Structure::Both};
    m["-"] = {NumOp::Sub, Structure::Both};
    m["*"] = {NumOp::Mul, Structure::Both};
    m["/"] = {NumOp::Div, Structure::Both};
    m["#"] = {NumOp::KeepRight, Structure::Left};
    return m;
  }();
  return t;
}
}  // namespace

bool is_pattern_operator(const std::string& op) { return op_table().count(op) > 0; }

// Tidal's `instance Num ValueMap` / `instance Fractional ValueMap`: a number literal where a control pattern is
// expected is `fromInteger i = {n: i}` or `fromRational r = {speed: r}` (so `n "0 3" + 12` transposes and
// `speed "1 2" * 1.5` scales; `s "bd" # 3` sets n). A literal is fractional if it is not a whole number or is
// written with a decimal point or exponent (`12.0` -> speed, as in Haskell).
Pattern number_as_control(const Term& t) {
  bool integral = std::floor(t.number) == t.number && std::fabs(t.number) < 1e15;
  if (integral && t.span.valid() && t.span.end <= t.span.file->text.size()) {
    std::string_view text(t.span.file->text);
    text = text.substr(t.span.begin, t.span.end - t.span.begin);
    if (text.find_first_of(".eE") != std::string_view::npos) integral = false;
  }
  return pure(control(integral ? "n" : "speed", Value::number(t.number)));
}

static Pattern control_operand(const Evaluator& e, const Term& t, const std::string& op) {
  if (t.kind == TermKind::Number) return number_as_control(t);
  if (t.kind == TermKind::Poly) {
    // `silence` has every element type (Tidal's `Pattern a`): `s "bd" # silence` is silence.
    Pattern p = (*t.poly)(mini::ElemType::String);
    if (p.is_silence()) return p;
  }
  return e.to_control_pattern(t, "operand of `" + op + "`");
}

// `x # f` where f is a function of one pattern (LANGUAGE.md §7: `n "0 3 5" # scale "minor"`, `saw 110 # lpf 800`):
// f applies to x itself, or, when x is a control pattern, to the numbers of its `n` and `note` controls.
static Term hash_with_function(const Evaluator& ev, const Term& a, const Term& f, const SourceSpan& span) {
  // A function given none of its arguments (`n "0" # s`) is a missing argument, not a transform.
  if (a.kind != TermKind::Signal && f.fn && is_builtin_callable(*f.fn)) {
    const Builtin* b = ev.registry().find(f.fn->name());
    if (b && static_cast<int>(b->params.size()) == f.fn->arity())
      throw_error(f.span, "operator `#` needs numbers or patterns, not " + f.describe(), "is an argument missing?");
  }
  if (a.kind != TermKind::Pattern || a.elem != ElemKind::Control) return ev.apply(f, {a}, span);
  // A control pattern with events but neither `n` nor `note` in its first cycles is a mistake worth naming.
  std::vector<Event> probe;
  try {
    a.pattern.query(Arc(Rational(0), Rational(8)), probe);
  } catch (...) {
    probe.clear();
  }
  bool pitched = probe.empty();
  for (size_t i = 0; i < probe.size() && i < 4096 && !pitched; ++i) {
    const Value& v = probe[i].value;
    pitched = v.is_map() && (v.as_map().find("n") != nullptr || v.as_map().find("note") != nullptr);
  }
  if (!pitched)
    throw_error(span, "`#` with a function needs numbers or a control pattern with `n` or `note` on its left",
                "e.g. `n \"0 2 4\" # scale \"major\"`");
  Transform apply_f = [&ev, &f, span](const Pattern& values) {
    Term r = ev.apply(f, {Term::make_pattern(values, ElemKind::Number, span)}, span);
    return ev.to_pattern(r, mini::ElemType::Number, "the result of the function after `#`");
  };
  Pattern out = map_control_numbers(map_control_numbers(a.pattern, "n", apply_f), "note", apply_f);
  return Term::make_pattern(out, ElemKind::Control, span);
}

Term binary_operator(const Evaluator& ev, const std::string& op, const Term& a, const Term& b, const SourceSpan& span) {
  const Registry& reg = ev.registry();
  if (op == "#" && b.is_function()) return hash_with_function(ev, a, b, span);
  if (a.kind == TermKind::Signal || b.kind == TermKind::Signal || (op.size() == 2 && op[0] == '~' && op != "~>")) {
    Term out;
    if (reg.signal_binop && reg.signal_binop(ev, op, a, b, span, out)) return out;
    throw_error(span, "operator `" + op + "` on audio signals is not available",
                "signal arithmetic needs the signal module");
  }
  if (op == "<~" || op == "~>") return ev.call_builtin(op, {a, b}, span);
  auto it = op_table().find(op);
  if (it == op_table().end()) throw_error(span, "unknown operator `" + op + "`");
  OpInfo info = it->second;
  for (const Term* t : {&a, &b}) {
    if (!t->is_patternish())
      throw_error(t->span, "operator `" + op + "` needs numbers or patterns, not " + t->describe(),
                  t->is_function() ? "is an argument missing?" : "");
  }
  if (a.kind == TermKind::Number && b.kind == TermKind::Number) {
    Value r = apply_num_op(info.op, Value::number(a.number), Value::number(b.number));
    return Term::make_number(r.as_number(), span);
  }
  std::optional<ElemKind> k;
  for (const Term* t : {&a, &b}) {
    if (t->kind != TermKind::Pattern) continue;
    if (k && *k != t->elem)
      throw_error(span, "operator `" + op + "` combines a pattern of " + elem_kind_name(*k) + " with a pattern of " +
                            elem_kind_name(t->elem));
    k = t->elem;
  }
  auto combine = [op, info](const Evaluator& e, const Term& x, const Term& y, ElemKind kind, mini::ElemType et) {
    Pattern px, py;
    std::string what = "operand of `" + op + "`";
    if (kind == ElemKind::Control) {
      px = control_operand(e, x, op);
      py = control_operand(e, y, op);
    } else {
      px = e.to_pattern(x, et, what);
      py = e.to_pattern(y, et, what);
    }
    return op_pattern(info.op, info.s, px, py);
  };
  if (k) return Term::make_pattern(combine(ev, a, b, *k, elem_type_for(*k)), *k, span);
  auto reg_ptr = ev.registry_ptr();
  return Term::make_poly(
      [reg_ptr, a, b, combine](mini::ElemType et) {
        Evaluator e(reg_ptr);
        return combine(e, a, b, elem_kind_of(et), et);
      },
      span);
}

Term evaluate_expression_text(const std::string& text, std::shared_ptr<const Registry> registry) {
  if (!registry) registry = make_standard_registry();
  auto file = std::make_shared<const SourceFile>("<expr>", text);
  Diagnostics diags;
  ExprPtr e = parse_expression(file, diags);
  if (!e || diags.has_errors()) {
    for (const auto& d : diags.items())
      if (d.severity == Severity::Error) throw CompileError(d);
    throw_error(SourceSpan{file, 0, 0}, "could not parse the expression");
  }
  Evaluator ev(registry);
  return ev.eval(e);
}

}  // namespace phonon::eval
