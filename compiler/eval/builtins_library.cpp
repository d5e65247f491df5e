// The rest of Tidal 1.7's pattern library as builtins (Sound.Tidal.UI / Core / Control): spread and friends,
// seqP, ur, squeeze, foldEvery, ghost, spin, jux', weave, randslice, scan, perlinWith, ... with Tidal's names,
// argument order and semantics. docs/language.md ("More of Tidal's library") lists them and what is still missing.
#include <cmath>
#include <functional>
#include <optional>
#include <tuple>

#include "compiler/eval/builtin_helpers.hpp"

namespace phonon::eval {
// The registrations below are a table (one `def` per name, its lambda inline): clang-format 14 would break every
// call whose lambda is not its last argument, so they are left out of scripts/check-format.sh.
// clang-format off

using namespace bi;
using PT = ParamType;
static constexpr ReturnType Same = ReturnType::PatSame;

namespace {

std::vector<Transform> transforms(const CallContext& c, const Term& list, const std::string& fname) {
  std::vector<Transform> fs;
  for (const auto& t : list.items) fs.push_back(fn(c, t, "an element of the list of `" + fname + "`"));
  return fs;
}

std::vector<Transform> control_transforms(const CallContext& c, const Term& list, const std::string& fname) {
  std::vector<Transform> fs;
  for (const auto& t : list.items)
    fs.push_back(c.ev.to_transform(t, ElemKind::Control, "an element of the list of `" + fname + "`"));
  return fs;
}

void need_items(const Term& list, const std::string& fname) {
  if (list.items.empty()) throw_error(list.span, "`" + fname + "` needs a non-empty list");
}

// `f x p` for each x of the list: Tidal's spread family applies a two-argument function to each value. The
// results are combined by `combine`; their element type is that of the first concrete result (a string
// argument alone leaves it to the consumer, as for any literal).
using Combine = std::function<Pattern(std::vector<Pattern>)>;
Term spread_term(const CallContext& c, const Term& f, const Term& xs, const Term& p, const std::string& fname,
                 Combine combine) {
  if (!f.is_function()) throw_error(f.span, "argument `f` of `" + fname + "` must be a function, not " + f.describe());
  need_items(xs, fname);
  std::vector<Term> rs;
  std::optional<ElemKind> kind;
  for (const auto& x : xs.items) {
    rs.push_back(c.ev.apply(c.ev.apply(f, {x}, f.span), {p}, c.span));
    if (!kind && rs.back().kind == TermKind::Pattern) kind = rs.back().elem;
  }
  std::string what = "the result of `" + fname + "`";
  if (!kind) {
    auto reg = c.ev.registry_ptr();
    return Term::make_poly([reg, rs, what, combine](mini::ElemType et) {
      Evaluator e(reg);
      std::vector<Pattern> ps;
      for (const auto& r : rs) ps.push_back(e.to_pattern(r, et, what));
      return combine(std::move(ps));
    }, c.span);
  }
  std::vector<Pattern> ps;
  for (const auto& r : rs)
    ps.push_back(*kind == ElemKind::Control ? c.ev.to_control_pattern(r, what) : c.ev.to_pattern(r, elem_type_for(*kind), what));
  return Term::make_pattern(combine(std::move(ps)), *kind, c.span);
}

std::vector<std::tuple<Rational, Rational, Pattern>> timed_patterns(const CallContext& c, const Term& list,
                                                                    const std::string& fname) {
  std::vector<std::tuple<Rational, Rational, Pattern>> out;
  for (const auto& t : list.items) {
    const auto& it = tuple_items(t, 3, "an element of the list of `" + fname + "`");
    out.emplace_back(time_of(c, it[0], "a start of `" + fname + "`"), time_of(c, it[1], "an end of `" + fname + "`"),
                     pat_of(c, it[2], "a pattern of `" + fname + "`"));
  }
  return out;
}

std::string name_of(const Term& t, const std::string& what) {
  if (t.kind != TermKind::String) throw_error(t.span, what + " must be a string, not " + t.describe());
  return t.text;
}

void spread_functions(Registry& r) {
  // `($)` as a value, for `spread ($) [fast 2, rev]`
  def(r, "$", {p("f", PT::Function), p("x", PT::Any)},
      [](CallContext& c, std::vector<Term>& a) { return c.ev.apply(a[0], {a[1]}, c.span); });
  for (const char* name : {"spread", "slowspread"})
    def(r, name, {p("f", PT::Function), p("values", PT::List), p("pat", PT::Any)},
        [name](CallContext& c, std::vector<Term>& a) { return spread_term(c, a[0], a[1], a[2], name, slowcat); }, Same, "`spread f [x, y] p`: cycle by cycle, `f x p` then `f y p`");
  def(r, "fastspread", {p("f", PT::Function), p("values", PT::List), p("pat", PT::Any)},
      [](CallContext& c, std::vector<Term>& a) { return spread_term(c, a[0], a[1], a[2], "fastspread", fastcat); },
      Same);
  def(r, "spreadf", {p("fs", PT::List, PT::Function), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    need_items(a[0], "spreadf");
    std::vector<Pattern> ps;
    for (const auto& f : transforms(c, a[0], "spreadf")) ps.push_back(f(a[1].pattern));
    return same(c, slowcat(std::move(ps)));
  }, Same);
  for (const char* name : {"spreadChoose", "spreadr"})
    def(r, name, {p("f", PT::Function), p("values", PT::List), p("pat", PT::Any)},
        [name](CallContext& c, std::vector<Term>& a) {
          // do v <- _segment 1 (choose vs); f v p
          return spread_term(c, a[0], a[1], a[2], name, [](std::vector<Pattern> ps) {
            std::vector<Value> idx;
            for (size_t i = 0; i < ps.size(); ++i) idx.push_back(Value::number(static_cast<double>(i)));
            Pattern which = segment(Rational(1), choose(idx));
            return bind(which, [ps](const Value& v) { return ps[static_cast<size_t>(value_to_int(v))]; });
          });
        }, Same);
}

void arrangement_functions(Registry& r) {
  def(r, "seqP", {p("parts", PT::List)}, [](CallContext& c, std::vector<Term>& a) {
    return same(c, seq_p(timed_patterns(c, a[0], "seqP")));
  }, Same, "`seqP [(start, end, pat), ...]`: each pattern plays from cycle start to end");
  def(r, "seqPLoop", {p("parts", PT::List)}, [](CallContext& c, std::vector<Term>& a) {
    return same(c, seq_p_loop(timed_patterns(c, a[0], "seqPLoop")));
  }, Same);
  def(r, "loopFirst", {p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, loop_first(a[0].pattern)); }, Same);
  def(r, "timeLoop", {p("n", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, time_loop(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "playFor", {p("start", PT::Number), p("end", PT::Number), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
        return same(c, play_for(time_of(c, a[0], "start"), time_of(c, a[1], "end"), a[2].pattern));
      }, Same);
  def(r, "squeeze", {p("indices", PT::PatInt), p("pats", PT::List, PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Pattern> ps;
    for (const auto& t : a[1].items) ps.push_back(pat_of(c, t, "an element of the list of `squeeze`"));
    return same(c, squeeze(a[0].pattern, ps));
  }, Same);
  def(r, "select", {p("position", PT::PatNumber), p("pats", PT::List, PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    need_items(a[1], "select");
    std::vector<Pattern> ps;
    for (const auto& t : a[1].items) ps.push_back(pat_of(c, t, "an element of the list of `select`"));
    return same(c, tparam(a[0].pattern, [ps](const Value& v) {
      double f = std::max(0.0, std::min(1.0, value_to_double(v)));
      return ps[static_cast<size_t>(std::floor(f * static_cast<double>(ps.size() - 1)))];
    }));
  }, Same);
  def(r, "selectF", {p("position", PT::PatNumber), p("fs", PT::List, PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        need_items(a[1], "selectF");
        auto fs = transforms(c, a[1], "selectF");
        Pattern pat = a[2].pattern;
        return same(c, inner_bind(a[0].pattern, [fs, pat](const Value& v) {
          double f = std::max(0.0, std::min(0.999999, value_to_double(v)));
          return fs[static_cast<size_t>(std::floor(f * static_cast<double>(fs.size())))](pat);
        }));
      }, Same);
  def(r, "pickF", {p("index", PT::PatInt), p("fs", PT::List, PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        need_items(a[1], "pickF");
        auto fs = transforms(c, a[1], "pickF");
        Pattern pat = a[2].pattern;
        return same(c, inner_bind(a[0].pattern, [fs, pat](const Value& v) {
          auto n = static_cast<int64_t>(fs.size());
          return fs[static_cast<size_t>(((value_to_int(v) % n) + n) % n)](pat);
        }));
      }, Same);
  def(r, "ur", {p("cycles", PT::Number), p("outer", PT::PatString), p("pats", PT::List), p("fs", PT::List)},
      [](CallContext& c, std::vector<Term>& a) {
        std::vector<std::pair<std::string, Pattern>> ps;
        bool control = false;
        for (const auto& t : a[2].items) {
          const auto& it = tuple_items(t, 2, "an element of the pattern list of `ur`");
          control = control || (it[1].kind == TermKind::Pattern && it[1].elem == ElemKind::Control);
        }
        CallContext cc = c;
        if (control) cc.elem_kind = ElemKind::Control;
        for (const auto& t : a[2].items) {
          const auto& it = tuple_items(t, 2, "an element of the pattern list of `ur`");
          ps.emplace_back(name_of(it[0], "a pattern name of `ur`"), pat_of(cc, it[1], "a pattern of `ur`"));
        }
        std::vector<std::pair<std::string, Transform>> fs;
        for (const auto& t : a[3].items) {
          const auto& it = tuple_items(t, 2, "an element of the function list of `ur`");
          fs.emplace_back(name_of(it[0], "a function name of `ur`"), fn(cc, it[1], "a function of `ur`"));
        }
        Rational t = time_of(c, a[0], "argument `cycles` of `ur`");
        if (t <= Rational(0)) throw_error(a[0].span, "`ur` needs a positive number of cycles");
        return Term::make_pattern(ur(t, a[1].pattern, ps, fs), cc.elem_kind, c.span);
      }, Same, "`ur cycles \"name:fn ...\" pats fns`: a pattern of named patterns, each squeezed into its step");
  def(r, "scan", {p("n", PT::PatNumber)}, [](CallContext& c, std::vector<Term>& a) { return numbers(c, scan(a[0].pattern)); },
  PT::PatNumber);
  def(r, "samples", {p("names", PT::PatString), p("indices", PT::PatInt)}, [](CallContext& c, std::vector<Term>& a) {
    return Term::make_pattern(samples(a[0].pattern, a[1].pattern), ElemKind::String, c.span);
  }, PT::PatString, "`samples \"drum*4\" \"0 1\"`: the words \"drum:0\" ... (`s` reads them as name and n)");
  def(r, "spaceOut", {p("times", PT::List, PT::Number), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Rational> ts;
    for (const auto& t : a[0].items) ts.push_back(time_of(c, t, "a duration of `spaceOut`"));
    return same(c, space_out(ts, a[1].pattern));
  }, Same);
  def(r, "wedge", {p("time", PT::PatTime), p("a", PT::PatAny), p("b", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, wedge(a[0].pattern, a[1].pattern, a[2].pattern)); },
      Same);
  def(r, "sew", {p("bools", PT::PatBool), p("a", PT::PatAny), p("b", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, sew(a[0].pattern, a[1].pattern, a[2].pattern)); },
      Same);
  def(r, "stitch", {p("bools", PT::PatBool), p("a", PT::PatAny), p("b", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, stitch(a[0].pattern, a[1].pattern, a[2].pattern)); },
      Same);
}

void layering_functions(Registry& r) {
  def(r, "foldEvery", {p("ns", PT::List, PT::Number), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        std::vector<int64_t> ns;
        for (const auto& t : a[0].items) ns.push_back(value_to_int(Value::number(c.ev.to_number(t, "a period of `foldEvery`"))));
        return same(c, fold_every(ns, fn(c, a[1], "argument `f` of `foldEvery`"), a[2].pattern));
      }, Same, "`foldEvery [3, 5] f p`: f on cycles that are a multiple of 3, and again on multiples of 5");
  def(r, "ghost''", {p("time", PT::Number), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, ghost_with(time_of(c, a[0], "time"), fn(c, a[1], "argument `f` of `ghost''`"), a[2].pattern));
      }, Same);
  def(r, "ghost'", {p("time", PT::Number), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, ghost(time_of(c, a[0], "time"), a[1].pattern)); },
      PT::PatControl);
  def(r, "ghost", {p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, ghost(Rational(1, 8), a[0].pattern)); },
      PT::PatControl);
  def(r, "spin", {p("copies", PT::PatInt), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, spin(a[0].pattern, a[1].pattern)); },
      PT::PatControl);
  def(r, "jux'", {p("fs", PT::List, PT::Function), p("pat", PT::PatControl)}, [](CallContext& c, std::vector<Term>& a) {
    return controls(c, jux_list(control_transforms(c, a[0], "jux'"), a[1].pattern));
  }, PT::PatControl);
  def(r, "juxcut'", {p("fs", PT::List, PT::Function), p("pat", PT::PatControl)}, [](CallContext& c, std::vector<Term>& a) {
    return controls(c, juxcut_list(control_transforms(c, a[0], "juxcut'"), a[1].pattern));
  }, PT::PatControl);
  def(r, "jux4", {p("f", PT::Function), p("pat", PT::PatControl)}, [](CallContext& c, std::vector<Term>& a) {
    return controls(c, jux4(c.ev.to_transform(a[0], ElemKind::Control, "argument `f` of `jux4`"), a[1].pattern));
  }, PT::PatControl);
  def(r, "juxcut", {p("f", PT::Function), p("pat", PT::PatControl)}, [](CallContext& c, std::vector<Term>& a) {
    return controls(c, juxcut(c.ev.to_transform(a[0], ElemKind::Control, "argument `f` of `juxcut`"), a[1].pattern));
  }, PT::PatControl);
  for (const char* name : {"weaveWith", "weave'"})
    def(r, name, {p("cycles", PT::Number), p("pat", PT::PatAny), p("fs", PT::List, PT::Function)},
        [name](CallContext& c, std::vector<Term>& a) {
          return same(c, weave_with(time_of(c, a[0], "cycles"), a[1].pattern, transforms(c, a[2], name)));
        }, Same);
  // weave t p ps = weaveWith t p (map (#) ps). Since x # slow t p = slow t (fast t x # p), each layer is built
  // with the program's own `#`, so `p` may be anything `#` accepts on its right (`pan sine` included).
  def(r, "weave", {p("cycles", PT::Number), p("pat", PT::Any), p("pats", PT::List)},
      [](CallContext& c, std::vector<Term>& a) {
        Rational t = time_of(c, a[0], "cycles");
        auto l = static_cast<int64_t>(a[2].items.size());
        if (l == 0 || t == Rational(0)) return controls(c, silence());
        std::vector<Pattern> layers;
        for (int64_t i = 0; i < l; ++i) {
          const Term& x = a[2].items[static_cast<size_t>(i)];
          Term fx = Term::make_pattern(fast(t, c.ev.to_control_pattern(x, "an element of the list of `weave`")),
                                       ElemKind::Control, x.span);
          Term layer = binary_operator(c.ev, "#", fx, a[1], c.span);
          layers.push_back(rot_l(Rational(i, l), c.ev.to_control_pattern(layer, "a layer of `weave`")));
        }
        return controls(c, slow(t, stack(std::move(layers))));
      });
  def(r, "plyWith", {p("n", PT::PatNumber), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, ply_with(a[0].pattern, fn(c, a[1], "argument `f` of `plyWith`"), a[2].pattern));
      }, Same);
  def(r, "within'", {p("span", PT::Tuple, PT::Number), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        const auto& t = tuple_items(a[0], 2, "argument `span` of `within'`");
        return same(c, within_zoomed(time_of(c, t[0], "start"), time_of(c, t[1], "end"),
                                     fn(c, a[1], "argument `f` of `within'`"), a[2].pattern));
      }, Same);
  def(r, "sometimesBy'", {p("probability", PT::PatNumber), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, sometimes_by_after(a[0].pattern, fn(c, a[1], "argument `f` of `sometimesBy'`"), a[2].pattern));
      }, Same);
  const std::pair<const char*, double> aliases[] = {{"sometimes'", 0.5},   {"often'", 0.75},       {"rarely'", 0.25},
                                                    {"almostNever'", 0.1}, {"almostAlways'", 0.9}};
  for (auto [name, prob] : aliases) {
    std::string n = name;
    double pr = prob;
    def(r, n, {p("f", PT::Function), p("pat", PT::PatAny)}, [n, pr](CallContext& c, std::vector<Term>& a) {
      return same(c, sometimes_by_after(pure(Value::number(pr)), fn(c, a[0], "argument `f` of `" + n + "`"), a[1].pattern));
    }, Same);
  }
  def(r, "stutter", {p("count", PT::Number), p("time", PT::Number), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, stutter(value_to_int(Value::number(a[0].number)), time_of(c, a[1], "time"), a[2].pattern));
      }, Same);
  const std::pair<const char*, int64_t> stutters[] = {{"double", 2}, {"triple", 3}, {"quad", 4}};
  for (auto [name, k] : stutters) {
    int64_t n = k;
    def(r, name, {p("time", PT::Number), p("pat", PT::PatAny)}, [n](CallContext& c, std::vector<Term>& a) {
      return same(c, stutter(n, time_of(c, a[0], "time"), a[1].pattern));
    }, Same);
  }
  def(r, "stut'", {p("count", PT::PatInt), p("time", PT::PatTime), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, stut_with(a[0].pattern, a[1].pattern, fn(c, a[2], "argument `f` of `stut'`"), a[3].pattern));
      }, Same);
  def(r, "randslice", {p("n", PT::PatInt), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, randslice(a[0].pattern, a[1].pattern)); },
      PT::PatControl);
}

void random_functions(Registry& r) {
  def(r, "perlinWith", {p("input", PT::PatNumber)},
      [](CallContext& c, std::vector<Term>& a) { return numbers(c, perlin_with(a[0].pattern)); }, PT::PatNumber);
  def(r, "brandBy", {p("probability", PT::PatNumber)}, [](CallContext& c, std::vector<Term>& a) {
    return Term::make_pattern(brand_by(a[0].pattern), ElemKind::Bool, c.span);
  }, PT::PatBool);
  Builtin brand;
  brand.name = "brand";
  brand.result = PT::PatBool;
  brand.impl = [](CallContext& c, std::vector<Term>&) {
    return Term::make_pattern(brand_by(pure(Value::number(0.5))), ElemKind::Bool, c.span);
  };
  r.add(brand);
  def(r, "chooseBy", {p("by", PT::PatNumber), p("values", PT::List)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Value> vs;
    for (const auto& t : a[1].items) vs.push_back(c.ev.to_value(t, c.elem_type, "a value of `chooseBy`"));
    if (vs.empty()) return same(c, silence());
    return same(c, choose_by(a[0].pattern, vs));
  }, Same);
}

// Sound.Tidal.Simple: one-word transformations of control patterns.
void simple_functions(Registry& r) {
  auto ctl = [](const char* key, double x) { return pure(control(key, Value::number(x))); };
  const std::pair<const char*, std::function<Pattern(const Pattern&)>> simple[] = {
      {"crunch", [ctl](const Pattern& p) { return op_pattern(NumOp::KeepRight, Structure::Left, p, ctl("crush", 3)); }},
      {"scratch", [](const Pattern& p) { return rev(chop(pure(Value::number(32)), p)); }},
      {"louder", [ctl](const Pattern& p) { return op_pattern(NumOp::Mul, Structure::Left, p, ctl("gain", 1.2)); }},
      {"quieter", [ctl](const Pattern& p) { return op_pattern(NumOp::Mul, Structure::Left, p, ctl("gain", 0.8)); }},
      {"silent", [](const Pattern&) { return silence(); }},
      {"skip", [](const Pattern& p) { return early(pure(Value::number(0.25)), p); }},
      {"left", [ctl](const Pattern& p) { return op_pattern(NumOp::KeepRight, Structure::Left, p, ctl("pan", 0)); }},
      {"right", [ctl](const Pattern& p) { return op_pattern(NumOp::KeepRight, Structure::Left, p, ctl("pan", 1)); }},
      {"higher", [ctl](const Pattern& p) { return op_pattern(NumOp::Mul, Structure::Left, p, ctl("speed", 1.5)); }},
      {"lower", [ctl](const Pattern& p) { return op_pattern(NumOp::Mul, Structure::Left, p, ctl("speed", 0.75)); }},
      {"faster", [](const Pattern& p) { return hurry(pure(Value::number(2)), p); }},
      {"slower", [](const Pattern& p) { return hurry(pure(Value::number(0.5)), p); }},
  };
  for (const auto& [name, f] : simple) {
    auto g = f;
    def(r, name, {p("pat", PT::PatControl)}, [g](CallContext& c, std::vector<Term>& a) { return controls(c, g(a[0].pattern)); },
    PT::PatControl);
  }
  def(r, "striate'", {p("n", PT::PatInt), p("fraction", PT::PatNumber), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, striate_by(a[0].pattern, a[1].pattern, a[2].pattern)); },
      PT::PatControl);
}

// A string argument as its text (`step "bd" "x x"`).
const std::string& text_of(const Term& t, const std::string& what) {
  if (t.kind != TermKind::String) throw_error(t.span, what + " must be a string, not " + t.describe());
  return t.text;
}

// Tidal's step': one step per character: `x` the first name, a digit the name with that index, anything else a rest.
Pattern step_names(const std::vector<std::string>& names, const std::string& steps, bool digit_is_sample) {
  std::vector<Pattern> out;
  for (char ch : steps) {
    if (ch == 'x') out.push_back(pure(Value::string(names.at(0))));
    else if (std::isdigit(static_cast<unsigned char>(ch)) && digit_is_sample)
      out.push_back(pure(Value::string(names.at(0) + ":" + ch)));
    else if (std::isdigit(static_cast<unsigned char>(ch)) && static_cast<size_t>(ch - '0') < names.size())
      out.push_back(pure(Value::string(names[static_cast<size_t>(ch - '0')])));
    else out.push_back(silence());
  }
  return fastcat(std::move(out));
}

// markovPat's transition weights: a list of rows, each a non-empty list of at most as many non-negative numbers
// as there are rows (every state a chain can reach has a row), with a positive sum.
std::vector<std::vector<double>> markov_matrix(const CallContext& c, const Term& list) {
  const std::string hint = "e.g. markovPat 8 0 [[0.5, 0.5], [0.2, 0.8]]: row i holds the weights of the next state after i";
  if (list.kind != TermKind::List || list.items.empty())
    throw_error(list.span, "argument `matrix` of `markovPat` must be a non-empty list of rows, not " + list.describe(), hint);
  std::vector<std::vector<double>> rows;
  for (const Term& row : list.items) {
    if (row.kind != TermKind::List || row.items.empty() || row.items.size() > list.items.size())
      throw_error(row.span.valid() ? row.span : list.span,
                  "each row of `markovPat`'s matrix must be a list of 1 to " + std::to_string(list.items.size()) +
                      " weights (one per state), not " + row.describe(), hint);
    std::vector<double> ws;
    double sum = 0;
    for (const Term& w : row.items) {
      const double x = c.ev.to_number(w, "a weight of `markovPat`");
      if (!(x >= 0) || !std::isfinite(x))
        throw_error(w.span.valid() ? w.span : row.span, "a weight of `markovPat` must be a finite number >= 0", hint);
      ws.push_back(x);
      sum += x;
    }
    if (!(sum > 0) || !std::isfinite(sum))
      throw_error(row.span.valid() ? row.span : list.span, "a row of `markovPat`'s matrix needs a positive sum", hint);
    rows.push_back(std::move(ws));
  }
  return rows;
}

// Tidal's contrastBy: the events of `pat` whose controls match one of the control maps `ref` holds at the event's
// onset (every control of the map present in the event, and `compare refValue eventValue` true) go through f, the
// others through g. Each event queries `ref` once: that nested query is charged to the QueryBudget, as `+|` and
// the joins are, so a costly `ref` under many events ends in a pattern limit, not in a long wait.
Term contrast_by(CallContext& c, const Term& compare, const Term& f, const Term& g, const Pattern& ref,
                 const Pattern& pat) {
  auto reg = c.ev.registry_ptr();
  const SourceSpan span = c.span;
  auto as_term = [](const Value& v) {
    return v.is_string() ? Term::make_string(v.as_string(), {}, {}) : Term::make_number(v.as_number());
  };
  auto comparable = [](const Value* v) { return v != nullptr && (v->is_string() || v->is_number()); };
  auto matches = [compare, span, ref, as_term, comparable](Evaluator& ev, const Event& e, std::vector<Event>& refs) {
    if (!e.value.is_map()) return false;
    const Rational at = e.whole ? e.whole->begin : e.part.begin;
    refs.clear();
    ref.query(Arc(at, at), refs);
    QueryBudget::charge(refs.size() + 1);
    for (const Event& r : refs) {
      if (!r.value.is_map()) continue;
      bool all = true;
      for (const auto& [k, rv] : r.value.as_map().entries()) {
        const Value* xv = e.value.as_map().find(k);
        if (!comparable(&rv) || !comparable(xv) || xv->is_string() != rv.is_string()) {
          all = false;
          break;
        }
        const Term t = ev.apply(compare, {as_term(rv), as_term(*xv)}, span);
        if (t.kind != TermKind::Number || (t.number != 0.0 && t.number != 1.0))
          throw_error(span, "the comparison given to `contrastBy` must give a truth value (as `(>=)` does), not " +
                                (t.kind == TermKind::Number ? Value::number(t.number).to_string() : t.describe()));
        if (t.number == 0.0) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  };
  auto part = [reg, pat, matches](bool want) {
    return Pattern::from_query([reg, pat, matches, want](const Arc& arc, std::vector<Event>& out) {
      Evaluator ev(reg);
      std::vector<Event> refs;
      for (Event& e : pat.query(arc))
        if (matches(ev, e, refs) == want) out.push_back(std::move(e));
    });
  };
  Transform tf = c.ev.to_transform(f, ElemKind::Control, "argument `f` of `contrastBy`");
  Transform tg = c.ev.to_transform(g, ElemKind::Control, "argument `g` of `contrastBy`");
  return controls(c, stack({tf(part(true)), tg(part(false))}));
}

// More of Tidal 1.7's UI and Control functions found in real-world code (tests/conformance/corpus.md).
void ui_functions(Registry& r) {
  def(r, "contrastBy", {p("compare", PT::Function), p("f", PT::Function), p("g", PT::Function),
                        p("ref", PT::PatControl), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return contrast_by(c, a[0], a[1], a[2], a[3].pattern, a[4].pattern); },
      PT::PatControl);
  def(r, "contrast", {p("f", PT::Function), p("g", PT::Function), p("ref", PT::PatControl), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) {
        const Term eq = c.ev.lookup("==", c.span);
        return contrast_by(c, eq, a[0], a[1], a[2].pattern, a[3].pattern);
      }, PT::PatControl);
  def(r, "stretch", {p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, stretch(a[0].pattern)); }, Same);
  def(r, "fit'", {p("cycles", PT::PatTime), p("n", PT::Number), p("from", PT::PatInt), p("to", PT::PatInt),
                  p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        const double n = c.ev.to_number(a[1], "argument `n` of `fit'`");
        if (n != std::floor(n) || n < 1 || n > static_cast<double>(kMaxSteps))
          throw_error(a[1].span, "argument `n` of `fit'` must be a whole number of slices from 1 to " +
                                     std::to_string(kMaxSteps) + ", not " + a[1].describe());
        return same(c, fit_slices(a[0].pattern, static_cast<int64_t>(n), a[2].pattern, a[3].pattern, a[4].pattern));
      }, Same);
  def(r, "markovPat", {p("n", PT::PatInt), p("start", PT::PatInt), p("matrix", PT::List, PT::List)},
      [](CallContext& c, std::vector<Term>& a) { return numbers(c, markov_pat(a[0].pattern, a[1].pattern, markov_matrix(c, a[2]))); },
      PT::PatNumber);
  def(r, "soak", {p("depth", PT::Number), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        const double depth = c.ev.to_number(a[0], "argument `depth` of `soak`");
        if (depth > 1024) throw_error(a[0].span, "`soak` depth too large", "at most 1024 cycles");
        Transform f = fn(c, a[1], "argument `f` of `soak`");
        std::vector<Pattern> ps;
        Pattern x = a[2].pattern;
        for (int64_t i = 0; i < static_cast<int64_t>(depth); ++i, x = f(x)) ps.push_back(x);
        return same(c, slowcat(std::move(ps)));
      }, Same, "`soak 3 f p`: p, f p, f (f p), one per cycle");
  def(r, "grain", {p("begin", PT::PatNumber), p("width", PT::PatNumber)},
      [](CallContext& c, std::vector<Term>& a) {
        Pattern end = op_pattern(NumOp::Add, Structure::Both, a[0].pattern, a[1].pattern);
        return controls(c, op_pattern(NumOp::KeepRight, Structure::Left, make_control("begin", a[0].pattern),
                                      make_control("end", end)));
      }, PT::PatControl);
  def(r, "gap", {p("n", PT::PatInt), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) {
        return controls(c, gap(a[0].pattern, a[1].pattern));
      }, PT::PatControl);
  def(r, "smash", {p("n", PT::PatInt), p("factors", PT::List, PT::PatTime), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) {
        Pattern parts = striate(a[0].pattern, a[2].pattern);
        std::vector<Pattern> ps;
        for (const auto& t : a[1].items)
          ps.push_back(slow(c.ev.to_pattern(t, mini::ElemType::Time, "a factor of `smash`"), parts));
        return controls(c, slowcat(std::move(ps)));
      }, PT::PatControl);
  def(r, "step", {p("name", PT::Any), p("steps", PT::Any)},
      [](CallContext& c, std::vector<Term>& a) {
        return Term::make_pattern(step_names({text_of(a[0], "the name of `step`")}, text_of(a[1], "the steps of `step`"), true),
                                  ElemKind::String, c.span);
      }, PT::PatString);
  def(r, "step'", {p("names", PT::List), p("steps", PT::Any)},
      [](CallContext& c, std::vector<Term>& a) {
        std::vector<std::string> names;
        for (const auto& t : a[0].items) names.push_back(text_of(t, "a name of `step'`"));
        if (names.empty()) throw_error(a[0].span, "`step'` needs at least one name");
        return Term::make_pattern(step_names(names, text_of(a[1], "the steps of `step'`"), false), ElemKind::String,
                                  c.span);
      }, PT::PatString);
  def(r, "steps", {p("pairs", PT::List, PT::Tuple)},
      [](CallContext& c, std::vector<Term>& a) {
        std::vector<Pattern> ps;
        for (const auto& t : a[0].items) {
          const auto& tt = tuple_items(t, 2, "an element of the list of `steps`");
          ps.push_back(step_names({text_of(tt[0], "a name of `steps`")}, text_of(tt[1], "the steps of `steps`"), true));
        }
        return Term::make_pattern(stack(std::move(ps)), ElemKind::String, c.span);
      }, PT::PatString);
}

}  // namespace

void register_library_builtins(Registry& r) {
  ui_functions(r);
  simple_functions(r);
  spread_functions(r);
  arrangement_functions(r);
  layering_functions(r);
  random_functions(r);
}

// clang-format on
}  // namespace phonon::eval
