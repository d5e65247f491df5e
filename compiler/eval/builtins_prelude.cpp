// The Haskell Prelude functions and operators that Tidal code uses (`const`, `flip`, `map`/`fmap`/`<$>`,
// `foldr`, `zip`, `!!`, `++`, `div`, comparisons, ...), on the evaluator's values: numbers, strings, lists, tuples,
// functions and patterns. Mapping a function over a pattern (`fmap`, `<$>`, `floor <$> p`) applies it to the value
// of every event, as Haskell's Functor instance of Pattern does.
#include <algorithm>
#include <cmath>

#include "compiler/eval/builtin_helpers.hpp"
#include "compiler/eval/callables.hpp"

namespace phonon::eval {
// The registrations below are a table (one `def` per name, its lambda inline): clang-format 14 would break every
// call whose lambda is not its last argument, so they are left out of scripts/check-format.sh.
// clang-format off

using namespace bi;
using PT = ParamType;

namespace {

// Longest list a Prelude function builds (`replicate`, `take` of a range): a guard against a typo such as
// `replicate 1e9 x`, which would otherwise exhaust memory.
constexpr double kMaxListLength = 100000;

const std::vector<Term>& list_arg(const CallContext& c, const Term& t, const std::string& fn, const char* param) {
  if (t.kind != TermKind::List)
    throw_error(t.span.valid() ? t.span : c.span,
                "argument `" + std::string(param) + "` of `" + fn + "` must be a list `[...]`, not " + t.describe(),
                t.is_patternish() ? "Prelude list functions work on lists; Tidal's pattern functions have their own "
                                    "names (`rev` reverses a pattern, `fastcat` joins patterns)"
                                  : "");
  return t.items;
}

double number_arg(const CallContext& c, const Term& t, const std::string& fn, const char* param) {
  if (t.kind == TermKind::Number) return t.number;
  throw_error(t.span.valid() ? t.span : c.span,
              "argument `" + std::string(param) + "` of `" + fn + "` must be a number, not " + t.describe(),
              t.is_patternish() ? "to apply it to every value of a pattern, map it: `fmap (" + fn + " 2) pat` or `(" +
                                      fn + " 2) <$> pat`"
                                : "");
}

size_t count_arg(const CallContext& c, const Term& t, const std::string& fn, const char* param) {
  double n = number_arg(c, t, fn, param);
  if (!(n >= 0)) return 0;
  if (n > kMaxListLength)
    throw_error(t.span, "`" + fn + "`: " + std::to_string(static_cast<long long>(n)) + " is too many",
                "lists built here have at most 100000 items");
  return static_cast<size_t>(n);
}

Term bool_term(bool b, const SourceSpan& span) { return Term::make_number(b ? 1.0 : 0.0, span); }

// Haskell's Integral division: `div`/`mod` round towards minus infinity, `quot`/`rem` towards zero.
double integral_arg(const CallContext& c, const Term& t, const std::string& fn, const char* param) {
  double x = number_arg(c, t, fn, param);
  if (x != std::floor(x))
    throw_error(t.span, "argument `" + std::string(param) + "` of `" + fn + "` must be a whole number, not " + t.describe(),
                "for fractional numbers use `/`");
  return x;
}

// A plain value as a term and back, for mapping over the values of a pattern.
Term value_term(const Value& v, const SourceSpan& span) {
  if (v.is_string()) return Term::make_string(v.as_string(), span, span);
  if (v.is_number() || v.is_bool()) return Term::make_number(v.as_number(), span);
  throw_error(span, "this function works on numbers and strings, not on control maps",
              "to change a control of a control pattern use an operator: `# speed 2`, `|+ n 12`");
}

Value term_value(const Term& t, const SourceSpan& span, const std::string& fn) {
  if (t.kind == TermKind::Number) return Value::number(t.number);
  if (t.kind == TermKind::String) return Value::string(t.text);
  throw_error(span, "the function given to `" + fn + "` must return a number or a string for each value, not " +
                        t.describe());
}

// `fmap f p` on a pattern: f applied to the value of every event (at query time). The element kind of the result
// is that of f's result for a value of the input's kind.
Term map_pattern(const CallContext& c, const Term& f, const Term& x, const std::string& fn) {
  Term pat = x.kind == TermKind::Pattern ? x : c.ev.resolve_default(x);
  if (pat.kind != TermKind::Pattern) throw_error(x.span, "`" + fn + "` needs a pattern or a list, not " + x.describe());
  if (pat.elem == ElemKind::Control)
    throw_error(x.span, "`" + fn + "` over a control pattern is not supported",
                "functions of whole control maps need Haskell's Map library; change a control with an operator: "
                "`# speed 2`, `|* gain 0.9`, `|+ n 12`");
  ElemKind out = pat.elem == ElemKind::String ? ElemKind::String : ElemKind::Number;
  try {
    Term probe = c.ev.apply(f, {pat.elem == ElemKind::String ? Term::make_string("", c.span, c.span)
                                                             : Term::make_number(0, c.span)},
                            c.span);
    if (probe.kind == TermKind::String) out = ElemKind::String;
    if (probe.kind == TermKind::Number) out = ElemKind::Number;
  } catch (const CompileError&) {
    // The probe value may be outside f's domain (a division by it, an index); the events decide.
  }
  auto reg = c.ev.registry_ptr();
  SourceSpan span = c.span;
  Pattern mapped = fmap(pat.pattern, [reg, f, span, fn](const Value& v) {
    Evaluator e(reg);
    return term_value(e.apply(f, {value_term(v, span)}, span), span, fn);
  });
  return Term::make_pattern(std::move(mapped), out, c.span);
}

Term map_any(CallContext& c, const Term& f, const Term& x, const std::string& fn) {
  if (!f.is_function()) throw_error(f.span, "the first argument of `" + fn + "` must be a function, not " + f.describe());
  switch (x.kind) {
    case TermKind::List: {
      std::vector<Term> out;
      out.reserve(x.items.size());
      for (const auto& item : x.items) out.push_back(c.ev.apply(f, {item}, c.span));
      return Term::make_list(std::move(out), c.span);
    }
    case TermKind::Number: return c.ev.apply(f, {x}, c.span);
    case TermKind::Function: return Term::make_function(make_compose(f, x), c.span);  // fmap on functions is (.)
    case TermKind::Tuple:
      if (x.items.size() == 2) {  // the Functor of pairs maps the second item
        Term second = c.ev.apply(f, {x.items[1]}, c.span);
        return Term::make_tuple({x.items[0], second}, c.span);
      }
      break;
    default:
      if (x.is_patternish()) return map_pattern(c, f, x, fn);
      break;
  }
  throw_error(x.span, "`" + fn + "` cannot map over " + x.describe());
}

// A numeric function of one argument: on a number it is the number; on a pattern it maps every value.
void def_numeric(Registry& r, const std::string& name, double (*f)(double), const std::string& doc) {
  def(r, name, {p("x", PT::Any)},
      [name, f](CallContext& c, std::vector<Term>& a) -> Term {
        if (a[0].kind == TermKind::Number) return Term::make_number(f(a[0].number), c.span);
        auto fn_impl = std::make_shared<Builtin>();
        fn_impl->name = name;
        fn_impl->params = {p("x", PT::Number)};
        fn_impl->impl = [f](CallContext& cc, std::vector<Term>& aa) { return Term::make_number(f(aa[0].number), cc.span); };
        return map_any(c, Term::make_function(make_builtin_fn(fn_impl), c.span), a[0], name);
      },
      ReturnType::Fixed, doc);
}

double round_half_even(double x) {
  // Haskell's round goes to the even neighbour at .5 (round 2.5 == 2), which nearbyint does in the default mode.
  return std::nearbyint(x);
}

bool equal_terms(const CallContext& c, const Term& a, const Term& b, const std::string& op) {
  if (a.kind == TermKind::Number && b.kind == TermKind::Number) return a.number == b.number;
  if (a.kind == TermKind::String && b.kind == TermKind::String) return a.text == b.text;
  if ((a.kind == TermKind::List && b.kind == TermKind::List) || (a.kind == TermKind::Tuple && b.kind == TermKind::Tuple)) {
    if (a.items.size() != b.items.size()) return false;
    for (size_t i = 0; i < a.items.size(); ++i)
      if (!equal_terms(c, a.items[i], b.items[i], op)) return false;
    return true;
  }
  throw_error(c.span, "`" + op + "` compares numbers, strings, lists or tuples, not " + a.describe() + " and " +
                          b.describe(),
              a.is_patternish() || b.is_patternish()
                  ? "to compare every value of a pattern, map the comparison: `fmap (== 3) pat`"
                  : "");
}

double compare_terms(const CallContext& c, const Term& a, const Term& b, const std::string& op) {
  if (a.kind == TermKind::Number && b.kind == TermKind::Number) return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
  if (a.kind == TermKind::String && b.kind == TermKind::String) return a.text.compare(b.text);
  throw_error(c.span, "`" + op + "` orders numbers or strings, not " + a.describe() + " and " + b.describe(),
              a.is_patternish() || b.is_patternish()
                  ? "to compare every value of a pattern, map the comparison: `fmap (> 3) pat`"
                  : "");
}

void def_comparison(Registry& r, const std::string& op, bool (*test)(double)) {
  def(r, op, {p("a", PT::Any), p("b", PT::Any)}, [op, test](CallContext& c, std::vector<Term>& a) {
    return bool_term(test(compare_terms(c, a[0], a[1], op)), c.span);
  });
}

bool truth(const CallContext& c, const Term& t, const std::string& fn) {
  if (t.kind != TermKind::Number)
    throw_error(t.span.valid() ? t.span : c.span, "`" + fn + "` needs a truth value (`True`, `x > 2`), not " + t.describe());
  return t.number != 0.0;
}

Term concat_two(const CallContext& c, const Term& a, const Term& b, const std::string& op) {
  if (a.kind == TermKind::List && b.kind == TermKind::List) {
    std::vector<Term> out = a.items;
    out.insert(out.end(), b.items.begin(), b.items.end());
    return Term::make_list(std::move(out), c.span);
  }
  if (a.kind == TermKind::String && b.kind == TermKind::String)
    return Term::make_string(a.text + b.text, c.span, c.span);
  throw_error(c.span, "`" + op + "` joins two lists or two strings, not " + a.describe() + " and " + b.describe(),
              "to play patterns one after the other use `fastcat [a, b]` or `cat [a, b]`");
}

}  // namespace

void register_prelude_builtins(Registry& r) {
  def(r, "True", {}, [](CallContext& c, std::vector<Term>&) { return bool_term(true, c.span); });
  def(r, "False", {}, [](CallContext& c, std::vector<Term>&) { return bool_term(false, c.span); });
  def(r, "otherwise", {}, [](CallContext& c, std::vector<Term>&) { return bool_term(true, c.span); });
  def(r, "pi", {}, [](CallContext& c, std::vector<Term>&) { return Term::make_number(M_PI, c.span); });

  // Applicative's pure: one event per cycle holding the value itself (a string is not mini-notation here).
  def(r, "pure", {p("x", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    if (a[0].kind == TermKind::Number) return Term::make_pattern(phonon::pure(Value::number(a[0].number)), ElemKind::Number, c.span);
    if (a[0].kind == TermKind::String) return Term::make_pattern(phonon::pure(Value::string(a[0].text)), ElemKind::String, c.span);
    if (a[0].kind == TermKind::Pattern || a[0].kind == TermKind::Poly)
      throw_error(a[0].span, "`pure` of a pattern (a pattern of patterns) is not supported", "the pattern itself is what plays");
    throw_error(a[0].span, "`pure` needs a number or a string, not " + a[0].describe());
  });
  def(r, "const", {p("x", PT::Any), p("ignored", PT::Any)}, [](CallContext&, std::vector<Term>& a) { return a[0]; },
      ReturnType::Fixed, "const x y = x");
  def(r, "flip", {p("f", PT::Function), p("a", PT::Any), p("b", PT::Any)},
      [](CallContext& c, std::vector<Term>& a) { return c.ev.apply(a[0], {a[2], a[1]}, c.span); });
  for (const char* name : {"map", "fmap", "<$>"})
    def(r, name, {p("f", PT::Any), p("xs", PT::Any)},
        [name](CallContext& c, std::vector<Term>& a) { return map_any(c, a[0], a[1], name); });
  // Haskell's liftA2 on patterns (Tidal's `<*>`: structure from both sides): `f <$> a <*> b`. `const` keeps a's
  // values whatever they are (control maps too); other functions take numbers and strings. A bare string is read
  // as booleans when it is one (`const <$> p <*> filterValues id "t f"`, Tidal's usual gate), else by default.
  def(r, "liftA2", {p("f", PT::Function), p("a", PT::Any), p("b", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    auto as_pattern = [&c](const Term& t) {
      if (t.kind == TermKind::Number) return Term::make_pattern(phonon::pure(Value::number(t.number)), ElemKind::Number, t.span);
      if (t.kind == TermKind::Poly) {
        try {
          return Term::make_pattern((*t.poly)(mini::ElemType::Bool), ElemKind::Bool, t.span);
        } catch (const CompileError&) {
          // not booleans: the default reading below
        }
      }
      Term r = t.kind == TermKind::Pattern ? t : c.ev.resolve_default(t);
      if (r.kind != TermKind::Pattern) throw_error(t.span, "`liftA2` (`<*>`) combines patterns, not " + t.describe());
      return r;
    };
    const Term x = as_pattern(a[1]), y = as_pattern(a[2]);
    if (a[0].fn && a[0].fn->name() == "const" && a[0].fn->arity() == 2)
      return Term::make_pattern(app_both(x.pattern, y.pattern, [](const Value& v, const Value&) { return v; }), x.elem, c.span);
    if (x.elem == ElemKind::Control || y.elem == ElemKind::Control)
      throw_error(c.span, "`liftA2` (`<*>`) of a function other than `const` over control patterns is not supported",
                  "functions of whole control maps need Haskell's Map library; combine controls with `#`, `|+|`, …");
    auto reg = c.ev.registry_ptr();
    const SourceSpan span = c.span;
    const Term f = a[0];
    Pattern out = app_both(x.pattern, y.pattern, [reg, f, span](const Value& v, const Value& w) {
      Evaluator e(reg);
      return term_value(e.apply(f, {value_term(v, span), value_term(w, span)}, span), span, "liftA2");
    });
    return Term::make_pattern(std::move(out), x.elem == ElemKind::String ? ElemKind::String : ElemKind::Number, c.span);
  });
  // Tidal's filterValues: the events whose value satisfies the test.
  def(r, "filterValues", {p("test", PT::Function), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    if (a[1].elem == ElemKind::Control)
      throw_error(a[1].span, "`filterValues` over a control pattern is not supported",
                  "a test of whole control maps needs Haskell's Map library; `fix`/`contrast` select events by controls");
    auto reg = c.ev.registry_ptr();
    const SourceSpan span = c.span;
    const Term f = a[0];
    Pattern kept = filter_values(a[1].pattern, [reg, f, span](const Value& v) {
      Evaluator e(reg);
      const Term t = e.apply(f, {value_term(v, span)}, span);
      if (t.kind != TermKind::Number || (t.number != 0.0 && t.number != 1.0))
        throw_error(span, "the test given to `filterValues` must give a truth value (as `(> 2)` does), not " +
                              (t.kind == TermKind::Number ? Value::number(t.number).to_string() : t.describe()));
      return t.number != 0.0;
    });
    return Term::make_pattern(std::move(kept), a[1].elem, c.span);
  }, ReturnType::PatSame);
  def(r, "foldr", {p("f", PT::Function), p("z", PT::Any), p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& xs = list_arg(c, a[2], "foldr", "xs");
    Term acc = a[1];
    for (auto it = xs.rbegin(); it != xs.rend(); ++it) acc = c.ev.apply(a[0], {*it, acc}, c.span);
    return acc;
  });
  def(r, "foldl", {p("f", PT::Function), p("z", PT::Any), p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    Term acc = a[1];
    for (const auto& x : list_arg(c, a[2], "foldl", "xs")) acc = c.ev.apply(a[0], {acc, x}, c.span);
    return acc;
  });
  def(r, "zip", {p("xs", PT::Any), p("ys", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& xs = list_arg(c, a[0], "zip", "xs");
    const auto& ys = list_arg(c, a[1], "zip", "ys");
    std::vector<Term> out;
    for (size_t i = 0; i < std::min(xs.size(), ys.size()); ++i) out.push_back(Term::make_tuple({xs[i], ys[i]}, c.span));
    return Term::make_list(std::move(out), c.span);
  });
  def(r, "zipWith", {p("f", PT::Function), p("xs", PT::Any), p("ys", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& xs = list_arg(c, a[1], "zipWith", "xs");
    const auto& ys = list_arg(c, a[2], "zipWith", "ys");
    std::vector<Term> out;
    for (size_t i = 0; i < std::min(xs.size(), ys.size()); ++i) out.push_back(c.ev.apply(a[0], {xs[i], ys[i]}, c.span));
    return Term::make_list(std::move(out), c.span);
  });
  def(r, "replicate", {p("n", PT::Any), p("x", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    return Term::make_list(std::vector<Term>(count_arg(c, a[0], "replicate", "n"), a[1]), c.span);
  });
  def(r, "take", {p("n", PT::Any), p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& xs = list_arg(c, a[1], "take", "xs");
    size_t n = std::min(count_arg(c, a[0], "take", "n"), xs.size());
    return Term::make_list(std::vector<Term>(xs.begin(), xs.begin() + static_cast<long>(n)), c.span);
  });
  def(r, "drop", {p("n", PT::Any), p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& xs = list_arg(c, a[1], "drop", "xs");
    size_t n = std::min(count_arg(c, a[0], "drop", "n"), xs.size());
    return Term::make_list(std::vector<Term>(xs.begin() + static_cast<long>(n), xs.end()), c.span);
  });
  def(r, "reverse", {p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Term> out = list_arg(c, a[0], "reverse", "xs");
    std::reverse(out.begin(), out.end());
    return Term::make_list(std::move(out), c.span);
  });
  def(r, "concat", {p("xss", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& xss = list_arg(c, a[0], "concat", "xss");
    if (xss.empty()) return Term::make_list({}, c.span);
    Term acc = xss[0];
    if (acc.kind != TermKind::List && acc.kind != TermKind::String)
      throw_error(acc.span, "`concat` joins a list of lists (or of strings), but an item is " + acc.describe());
    for (size_t i = 1; i < xss.size(); ++i) acc = concat_two(c, acc, xss[i], "concat");
    return acc;
  });
  def(r, "!!", {p("xs", PT::Any), p("i", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& xs = list_arg(c, a[0], "!!", "xs");
    double i = integral_arg(c, a[1], "!!", "i");
    if (i < 0 || i >= static_cast<double>(xs.size()))
      throw_error(a[1].span.valid() ? a[1].span : c.span,
                  "index " + std::to_string(static_cast<long long>(i)) + " is outside the list (it has " +
                      std::to_string(xs.size()) + " item" + (xs.size() == 1 ? "" : "s") + ", counted from 0)");
    return xs[static_cast<size_t>(i)];
  });
  def(r, "length", {p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    return Term::make_number(static_cast<double>(list_arg(c, a[0], "length", "xs").size()), c.span);
  });
  def(r, "head", {p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& xs = list_arg(c, a[0], "head", "xs");
    if (xs.empty()) throw_error(a[0].span, "`head` of an empty list");
    return xs.front();
  });
  def(r, "last", {p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& xs = list_arg(c, a[0], "last", "xs");
    if (xs.empty()) throw_error(a[0].span, "`last` of an empty list");
    return xs.back();
  });
  def(r, "fst", {p("pair", PT::Tuple)}, [](CallContext&, std::vector<Term>& a) { return tuple_items(a[0], 2, "`fst`")[0]; });
  def(r, "snd", {p("pair", PT::Tuple)}, [](CallContext&, std::vector<Term>& a) { return tuple_items(a[0], 2, "`snd`")[1]; });
  def(r, "filter", {p("f", PT::Function), p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Term> out;
    for (const auto& x : list_arg(c, a[1], "filter", "xs"))
      if (truth(c, c.ev.apply(a[0], {x}, c.span), "filter")) out.push_back(x);
    return Term::make_list(std::move(out), c.span);
  });
  def(r, "elem", {p("x", PT::Any), p("xs", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    for (const auto& x : list_arg(c, a[1], "elem", "xs"))
      if (equal_terms(c, a[0], x, "elem")) return bool_term(true, c.span);
    return bool_term(false, c.span);
  });
  for (const char* name : {"sum", "product"}) {
    const bool is_sum = std::string(name) == "sum";
    def(r, name, {p("xs", PT::Any)}, [name, is_sum](CallContext& c, std::vector<Term>& a) {
      double acc = is_sum ? 0.0 : 1.0;
      for (const auto& x : list_arg(c, a[0], name, "xs")) acc = is_sum ? acc + number_arg(c, x, name, "xs") : acc * number_arg(c, x, name, "xs");
      return Term::make_number(acc, c.span);
    });
  }
  for (const char* name : {"minimum", "maximum"}) {
    const bool is_min = std::string(name) == "minimum";
    def(r, name, {p("xs", PT::Any)}, [name, is_min](CallContext& c, std::vector<Term>& a) {
      const auto& xs = list_arg(c, a[0], name, "xs");
      if (xs.empty()) throw_error(a[0].span, std::string("`") + name + "` of an empty list");
      Term best = xs[0];
      for (const auto& x : xs) {
        double cmp = compare_terms(c, x, best, name);
        if (is_min ? cmp < 0 : cmp > 0) best = x;
      }
      return best;
    });
  }
  for (const char* name : {"min", "max"}) {
    const bool is_min = std::string(name) == "min";
    def(r, name, {p("a", PT::Any), p("b", PT::Any)}, [name, is_min](CallContext& c, std::vector<Term>& a) {
      double cmp = compare_terms(c, a[0], a[1], name);
      return (is_min ? cmp <= 0 : cmp >= 0) ? a[0] : a[1];
    });
  }

  // Conversions between Haskell's number types change nothing here: every number is a double or a rational.
  for (const char* name : {"fromIntegral", "realToFrac", "toRational", "fromRational", "toInteger", "fromInteger"})
    def(r, name, {p("x", PT::Any)}, [](CallContext&, std::vector<Term>& a) { return a[0]; });
  def_numeric(r, "floor", [](double x) { return std::floor(x); }, "largest whole number <= x");
  def_numeric(r, "ceiling", [](double x) { return std::ceil(x); }, "smallest whole number >= x");
  def_numeric(r, "truncate", [](double x) { return std::trunc(x); }, "x without its fraction");
  def_numeric(r, "round", round_half_even, "nearest whole number (halves to the even one, as in Haskell)");
  def_numeric(r, "negate", [](double x) { return -x; }, "-x");
  def_numeric(r, "abs", [](double x) { return std::fabs(x); }, "absolute value");
  def_numeric(r, "sqrt", [](double x) { return std::sqrt(x); }, "square root");
  def(r, "subtract", {p("a", PT::Any), p("b", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    return c.ev.apply_operator("-", a[1], a[0], c.span);
  });
  def(r, "even", {p("x", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    return bool_term(std::fmod(integral_arg(c, a[0], "even", "x"), 2.0) == 0.0, c.span);
  });
  def(r, "odd", {p("x", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    return bool_term(std::fmod(integral_arg(c, a[0], "odd", "x"), 2.0) != 0.0, c.span);
  });
  for (const char* name : {"div", "mod", "quot", "rem"}) {
    const std::string n = name;
    def(r, name, {p("a", PT::Any), p("b", PT::Any)}, [n](CallContext& c, std::vector<Term>& a) {
      double x = integral_arg(c, a[0], n, "a");
      double y = integral_arg(c, a[1], n, "b");
      if (y == 0) throw_error(a[1].span.valid() ? a[1].span : c.span, "`" + n + "` by zero");
      double q = n == "div" || n == "mod" ? std::floor(x / y) : std::trunc(x / y);
      return Term::make_number(n == "div" || n == "quot" ? q : x - q * y, c.span);
    });
  }

  def(r, "++", {p("a", PT::Any), p("b", PT::Any)},
      [](CallContext& c, std::vector<Term>& a) { return concat_two(c, a[0], a[1], "++"); });
  // Tidal's Semigroup instance of Pattern: `a <> b` plays both (overlay); on lists and strings it joins them.
  def(r, "<>", {p("a", PT::Any), p("b", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    if (a[0].kind == TermKind::List || a[1].kind == TermKind::List) return concat_two(c, a[0], a[1], "<>");
    return c.ev.call_builtin("overlay", {a[0], a[1]}, c.span);
  });
  def(r, "==", {p("a", PT::Any), p("b", PT::Any)},
      [](CallContext& c, std::vector<Term>& a) { return bool_term(equal_terms(c, a[0], a[1], "=="), c.span); });
  def(r, "/=", {p("a", PT::Any), p("b", PT::Any)},
      [](CallContext& c, std::vector<Term>& a) { return bool_term(!equal_terms(c, a[0], a[1], "/="), c.span); });
  def_comparison(r, "<", [](double d) { return d < 0; });
  def_comparison(r, "<=", [](double d) { return d <= 0; });
  def_comparison(r, ">", [](double d) { return d > 0; });
  def_comparison(r, ">=", [](double d) { return d >= 0; });
  def(r, "&&", {p("a", PT::Any), p("b", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    return bool_term(truth(c, a[0], "&&") && truth(c, a[1], "&&"), c.span);
  });
  def(r, "||", {p("a", PT::Any), p("b", PT::Any)}, [](CallContext& c, std::vector<Term>& a) {
    return bool_term(truth(c, a[0], "||") || truth(c, a[1], "||"), c.span);
  });
  def(r, "not", {p("x", PT::Any)}, [](CallContext& c, std::vector<Term>& a) { return bool_term(!truth(c, a[0], "not"), c.span); });
  for (const char* name : {"^", "**"}) {
    const std::string n = name;
    def(r, name, {p("a", PT::Any), p("b", PT::Any)}, [n](CallContext& c, std::vector<Term>& a) {
      return Term::make_number(std::pow(number_arg(c, a[0], n, "a"), number_arg(c, a[1], n, "b")), c.span);
    });
  }
}

// clang-format on
}  // namespace phonon::eval
