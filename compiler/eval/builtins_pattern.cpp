// Pattern functions of LANGUAGE.md §4 as builtins (Tidal 1.7 names, argument order and semantics).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>

#include "compiler/eval/builtin_helpers.hpp"

namespace phonon::eval {
// The registrations below are a table (one `def` per name, its lambda inline): clang-format 14 would break every
// call whose lambda is not its last argument, so they are left out of scripts/check-format.sh.
// clang-format off

using namespace bi;
using PT = ParamType;
static constexpr ReturnType Same = ReturnType::PatSame;

namespace {

Term constant_number(const CallContext& ctx, Pattern pat) { return numbers(ctx, std::move(pat)); }

// Unknown scale names play Tidal's fallback [0] (octaves), which is never what was meant. The names the pattern
// takes in its first 64 cycles are checked when the call is evaluated: in a string literal an unknown name is an
// error at the word (with "did you mean"), in a computed pattern a warning (it may be intended as in Tidal).
void check_scale_names(const CallContext& c, const Pattern& names) {
  std::vector<Event> evs;
  try {
    names.query(Arc(Rational(0), Rational(64)), evs);
  } catch (...) {
    evs.clear();
    try {
      names.query(Arc(Rational(0), Rational(1)), evs);
    } catch (...) {
      return;  // the query error is reported when the pattern is played
    }
  }
  std::vector<std::string> unknown;
  for (const auto& e : evs)
    if (e.value.is_string() && !scale_exists(e.value.as_string()) &&
        std::find(unknown.begin(), unknown.end(), e.value.as_string()) == unknown.end())
      unknown.push_back(e.value.as_string());
  if (unknown.empty()) return;
  const SourceSpan& at = c.arg_spans.empty() ? c.span : c.arg_spans[0];
  const std::vector<std::string> known = scale_names();
  auto hint_for = [&](const std::string& w) {
    std::string m = suggest_name(w, known);
    std::string h = m.empty() ? "" : "did you mean `" + m + "`? ";
    return h + "scales are Tidal's names, e.g. major, minor, dorian, minPent, majPent, chromatic, bhairav " +
           "(docs/language.md lists them all)";
  };
  const std::string& w = unknown.front();
  std::string_view text = at.valid() ? std::string_view(at.file->text).substr(at.begin, at.end - at.begin)
                                     : std::string_view();
  if (text.size() >= 2 && text.front() == '"') {
    // point at the word inside the literal
    size_t pos = 0;
    while ((pos = text.find(w, pos)) != std::string_view::npos) {
      auto word_char = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
      bool left = pos == 0 || !word_char(text[pos - 1]);
      bool right = pos + w.size() >= text.size() || !word_char(text[pos + w.size()]);
      if (left && right) break;
      pos += 1;
    }
    SourceSpan word = pos == std::string_view::npos ? at : at.sub(static_cast<uint32_t>(pos), static_cast<uint32_t>(w.size()));
    throw_error(word, "unknown scale `" + w + "`", hint_for(w));
  }
  for (const auto& u : unknown)
    c.ev.warn(at, "unknown scale `" + u + "`: `scale` plays octaves for it (Tidal's fallback)", hint_for(u));
}

// Euclid arguments given as plain numbers are checked when the call is evaluated, so the error points at them
// (patterned ones are checked when queried: a query error).
void check_euclid_args(const CallContext& c, const std::vector<Term>& a) {
  Value k, n;
  if (a[1].pattern.pure_value(n) && n.is_number()) {
    if (n.as_number() < 0)
      throw_error(c.arg_spans[1], "a Euclidean rhythm needs a positive number of steps",
                  "e.g. `euclid 3 8`; a negative number of hits (`euclid (-3) 8`) inverts the rhythm");
    if (n.as_number() > 65536) throw_error(c.arg_spans[1], "Euclidean rhythm with too many steps: the limit is 65536");
  }
  if (a[0].pattern.pure_value(k) && k.is_number() && std::fabs(k.as_number()) > 65536)
    throw_error(c.arg_spans[0], "Euclidean rhythm with too many hits: the limit is 65536");
}

void time_functions(Registry& r) {
  for (const char* name : {"fast", "density"})
    def(r, name, {p("factor", PT::PatTime), p("pat", PT::PatAny)},
        [](CallContext& c, std::vector<Term>& a) { return same(c, fast(a[0].pattern, a[1].pattern)); }, Same,
        "speed up a pattern");
  for (const char* name : {"slow", "sparsity"})
    def(r, name, {p("factor", PT::PatTime), p("pat", PT::PatAny)},
        [](CallContext& c, std::vector<Term>& a) { return same(c, slow(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "<~", {p("time", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, early(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "~>", {p("time", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, late(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "rotL", {p("time", PT::Number), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, rot_l(time_of(c, a[0], "time"), a[1].pattern)); }, Same);
  def(r, "rotR", {p("time", PT::Number), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, rot_r(time_of(c, a[0], "time"), a[1].pattern)); }, Same);
  def(r, "rev", {p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) { return same(c, rev(a[0].pattern)); },
      Same);
  for (const char* name : {"fastGap", "fastgap", "densityGap"})
    def(r, name, {p("factor", PT::PatTime), p("pat", PT::PatAny)},
        [](CallContext& c, std::vector<Term>& a) { return same(c, fast_gap(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "compress", {p("span", PT::Tuple, PT::Number), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    const auto& t = tuple_items(a[0], 2, "argument `span` of `compress`");
    return same(c, compress(time_of(c, t[0], "start"), time_of(c, t[1], "end"), a[1].pattern));
  }, Same);
  for (const char* name : {"zoom", "zoomArc"})
    def(r, name, {p("span", PT::Tuple, PT::Number), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
      const auto& t = tuple_items(a[0], 2, "argument `span` of `zoom`");
      return same(c, zoom(time_of(c, t[0], "start"), time_of(c, t[1], "end"), a[1].pattern));
    }, Same);
  def(r, "segment", {p("n", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, segment(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "discretise", {p("n", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, segment(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "ply", {p("n", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, ply(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "press", {p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    return same(c, press_by(pure(Value::number(0.5)), a[0].pattern));
  }, Same);
  def(r, "pressBy", {p("amount", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, press_by(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "linger", {p("fraction", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, linger(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "trunc", {p("fraction", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, trunc(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "iter", {p("n", PT::PatInt), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, iter(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "iter'", {p("n", PT::PatInt), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, iter_back(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "palindrome", {p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, palindrome(a[0].pattern)); }, Same);
  def(r, "brak", {p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) { return same(c, brak(a[0].pattern)); },
      Same);
  def(r, "swingBy", {p("amount", PT::PatTime), p("n", PT::PatTime), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, swing_by(a[0].pattern, a[1].pattern, a[2].pattern)); },
      Same);
  def(r, "swing", {p("n", PT::PatTime), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    return same(c, swing_by(pure(Value::number(1.0 / 3.0)), a[0].pattern, a[1].pattern));
  }, Same);
  def(r, "inside", {p("n", PT::PatTime), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, inside(a[0].pattern, fn(c, a[1], "argument `f` of `inside`"), a[2].pattern));
      }, Same);
  def(r, "outside", {p("n", PT::PatTime), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, outside(a[0].pattern, fn(c, a[1], "argument `f` of `outside`"), a[2].pattern));
      }, Same);
  def(r, "rot", {p("n", PT::PatInt), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, rot(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "bite", {p("n", PT::PatInt), p("indices", PT::PatInt), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, bite(a[0].pattern, a[1].pattern, a[2].pattern)); },
      Same);
}

void conditional_functions(Registry& r) {
  def(r, "every", {p("n", PT::PatInt), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, every(a[0].pattern, fn(c, a[1], "argument `f` of `every`"), a[2].pattern));
      }, Same);
  def(r, "every'", {p("n", PT::PatInt), p("offset", PT::PatInt), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, every_offset(a[0].pattern, a[1].pattern, fn(c, a[2], "argument `f` of `every'`"), a[3].pattern));
      }, Same);
  def(r, "whenmod", {p("a", PT::PatTime), p("b", PT::PatTime), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, whenmod(a[0].pattern, a[1].pattern, fn(c, a[2], "argument `f` of `whenmod`"), a[3].pattern));
      }, Same);
  def(r, "within", {p("span", PT::Tuple, PT::Number), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        const auto& t = tuple_items(a[0], 2, "argument `span` of `within`");
        return same(c, within(time_of(c, t[0], "start"), time_of(c, t[1], "end"), fn(c, a[1], "argument `f` of `within`"),
                              a[2].pattern));
      }, Same);
  def(r, "chunk", {p("n", PT::PatInt), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, chunk(a[0].pattern, fn(c, a[1], "argument `f` of `chunk`"), a[2].pattern));
      }, Same);
  def(r, "chunk'", {p("n", PT::PatInt), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, chunk_back(a[0].pattern, fn(c, a[1], "argument `f` of `chunk'`"), a[2].pattern));
      }, Same);
  def(r, "superimpose", {p("f", PT::Function), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    return same(c, superimpose(fn(c, a[0], "argument `f` of `superimpose`"), a[1].pattern));
  }, Same);
  def(r, "off", {p("time", PT::PatTime), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, off(a[0].pattern, fn(c, a[1], "argument `f` of `off`"), a[2].pattern));
      }, Same);
  def(r, "layer", {p("fs", PT::List, PT::Function), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Transform> fs;
    for (const auto& t : a[0].items) fs.push_back(fn(c, t, "an element of the list of `layer`"));
    return same(c, layer(fs, a[1].pattern));
  }, Same);
  for (const char* name : {"stutWith", "echoWith", "stutwith", "echowith"})
    def(r, name, {p("count", PT::PatInt), p("time", PT::PatTime), p("f", PT::Function), p("pat", PT::PatAny)},
        [name](CallContext& c, std::vector<Term>& a) {
          return same(c, stut_with(a[0].pattern, a[1].pattern, fn(c, a[2], std::string("argument `f` of `") + name + "`"),
                                   a[3].pattern));
        }, Same);
  def(r, "while", {p("bools", PT::PatBool), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, while_(a[0].pattern, fn(c, a[1], "argument `f` of `while`"), a[2].pattern));
      }, Same);
  def(r, "sometimesBy", {p("probability", PT::PatNumber), p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, sometimes_by(a[0].pattern, fn(c, a[1], "argument `f` of `sometimesBy`"), a[2].pattern));
      }, Same);
  const std::pair<const char*, double> aliases[] = {{"sometimes", 0.5},   {"often", 0.75},       {"rarely", 0.25},
                                                    {"almostNever", 0.1}, {"almostAlways", 0.9}};
  for (auto [name, prob] : aliases) {
    std::string n = name;
    double pr = prob;
    def(r, n, {p("f", PT::Function), p("pat", PT::PatAny)}, [n, pr](CallContext& c, std::vector<Term>& a) {
      return same(c, sometimes_by(pure(Value::number(pr)), fn(c, a[0], "argument `f` of `" + n + "`"), a[1].pattern));
    }, Same);
  }
  def(r, "always", {p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, fn(c, a[0], "argument `f` of `always`")(a[1].pattern)); },
      Same);
  def(r, "never", {p("f", PT::Function), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, a[1].pattern); }, Same);
  for (const char* name : {"somecyclesBy", "someCyclesBy"})
    def(r, name, {p("probability", PT::PatNumber), p("f", PT::Function), p("pat", PT::PatAny)},
        [](CallContext& c, std::vector<Term>& a) {
          return same(c, somecycles_by(a[0].pattern, fn(c, a[1], "argument `f` of `somecyclesBy`"), a[2].pattern));
        }, Same);
  for (const char* name : {"somecycles", "someCycles"})
    def(r, name, {p("f", PT::Function), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
      return same(c, somecycles_by(pure(Value::number(0.5)), fn(c, a[0], "argument `f` of `somecycles`"), a[1].pattern));
    }, Same);
}

void structure_functions(Registry& r) {
  def(r, "id", {p("x", PT::Any)}, [](CallContext&, std::vector<Term>& a) { return a[0]; });
  Builtin sil;
  sil.name = "silence";
  sil.result = PT::PatAny;  // a pattern of any element type
  sil.impl = [](CallContext& c, std::vector<Term>&) {
    return Term::make_poly([](mini::ElemType) { return silence(); }, c.span);
  };
  r.add(sil);
  def(r, "stack", {p("pats", PT::List, PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Pattern> ps;
    for (const auto& t : a[0].items) ps.push_back(pat_of(c, t, "an element of the list of `stack`"));
    return same(c, stack(std::move(ps)));
  }, Same);
  def(r, "overlay", {p("a", PT::PatAny), p("b", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, overlay(a[0].pattern, a[1].pattern)); }, Same);
  for (const char* name : {"cat", "slowcat", "slowCat"})
    def(r, name, {p("pats", PT::List, PT::PatAny)}, [name](CallContext& c, std::vector<Term>& a) {
      std::vector<Pattern> ps;
      for (const auto& t : a[0].items) ps.push_back(pat_of(c, t, std::string("an element of the list of `") + name + "`"));
      return same(c, slowcat(std::move(ps)));
    }, Same);
  for (const char* name : {"fastcat", "fastCat"})
    def(r, name, {p("pats", PT::List, PT::PatAny)}, [name](CallContext& c, std::vector<Term>& a) {
      std::vector<Pattern> ps;
      for (const auto& t : a[0].items) ps.push_back(pat_of(c, t, std::string("an element of the list of `") + name + "`"));
      return same(c, fastcat(std::move(ps)));
    }, Same);
  for (const char* name : {"timeCat", "timecat"})
    def(r, name, {p("pats", PT::List)}, [](CallContext& c, std::vector<Term>& a) {
      std::vector<std::pair<Rational, Pattern>> ps;
      for (const auto& t : a[0].items) {
        const auto& tt = tuple_items(t, 2, "an element of the list of `timeCat`");
        ps.emplace_back(time_of(c, tt[0], "a weight of `timeCat`"), pat_of(c, tt[1], "a pattern of `timeCat`"));
      }
      return same(c, timecat(std::move(ps)));
    }, Same);
  for (const char* name : {"append", "slowAppend", "slowappend"})
    def(r, name, {p("a", PT::PatAny), p("b", PT::PatAny)},
        [](CallContext& c, std::vector<Term>& a) { return same(c, slowcat({a[0].pattern, a[1].pattern})); }, Same);
  for (const char* name : {"fastAppend", "fastappend"})
    def(r, name, {p("a", PT::PatAny), p("b", PT::PatAny)},
        [](CallContext& c, std::vector<Term>& a) { return same(c, fastcat({a[0].pattern, a[1].pattern})); }, Same);
  def(r, "struct", {p("bools", PT::PatBool), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, struct_(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "mask", {p("bools", PT::PatBool), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, mask(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "inv", {p("bools", PT::PatBool)}, [](CallContext& c, std::vector<Term>& a) {
    return Term::make_pattern(fmap(a[0].pattern, [](const Value& v) { return Value::boolean(!v.as_bool()); }),
                              ElemKind::Bool, c.span);
  }, PT::PatBool);
  def(r, "euclid", {p("k", PT::PatInt), p("n", PT::PatInt), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        check_euclid_args(c, a);
        return same(c, euclid(a[0].pattern, a[1].pattern, a[2].pattern));
      }, Same);
  def(r, "euclidInv", {p("k", PT::PatInt), p("n", PT::PatInt), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        check_euclid_args(c, a);
        return same(c, euclid_inv(a[0].pattern, a[1].pattern, a[2].pattern));
      },
      Same);
  def(r, "euclidFull", {p("k", PT::PatInt), p("n", PT::PatInt), p("pat", PT::PatAny), p("offpat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        check_euclid_args(c, a);
        return same(c, euclid_full(a[0].pattern, a[1].pattern, a[2].pattern, a[3].pattern));
      }, Same);
  for (const char* name : {"euclidOff", "eoff"})
    def(r, name, {p("k", PT::PatInt), p("n", PT::PatInt), p("rotation", PT::PatInt), p("pat", PT::PatAny)},
        [](CallContext& c, std::vector<Term>& a) {
          check_euclid_args(c, a);
          return same(c, euclid_off(a[0].pattern, a[1].pattern, a[2].pattern, a[3].pattern));
        }, Same);
  def(r, "euclidOffFull",
      {p("k", PT::PatInt), p("n", PT::PatInt), p("rotation", PT::PatInt), p("pat", PT::PatAny), p("offpat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        check_euclid_args(c, a);
        return same(c, euclid_off_full(a[0].pattern, a[1].pattern, a[2].pattern, a[3].pattern, a[4].pattern));
      }, Same);
  def(r, "run", {p("n", PT::PatNumber)}, [](CallContext& c, std::vector<Term>& a) { return numbers(c, run(a[0].pattern)); },
  PT::PatNumber);
  def(r, "irand", {p("n", PT::PatInt)}, [](CallContext& c, std::vector<Term>& a) { return numbers(c, irand(a[0].pattern)); },
  PT::PatNumber);
  def(r, "range", {p("from", PT::PatNumber), p("to", PT::PatNumber), p("pat", PT::PatNumber)},
      [](CallContext& c, std::vector<Term>& a) { return numbers(c, range(a[0].pattern, a[1].pattern, a[2].pattern)); },
      PT::PatNumber);
  def(r, "rangex", {p("from", PT::PatNumber), p("to", PT::PatNumber), p("pat", PT::PatNumber)},
      [](CallContext& c, std::vector<Term>& a) { return numbers(c, rangex(a[0].pattern, a[1].pattern, a[2].pattern)); },
      PT::PatNumber);
  def(r, "quantise", {p("pat", PT::PatNumber)},
      [](CallContext& c, std::vector<Term>& a) { return numbers(c, quantise(a[0].pattern)); }, PT::PatNumber);
  def(r, "shuffle", {p("n", PT::PatInt), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, shuffle(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "scramble", {p("n", PT::PatInt), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, scramble(a[0].pattern, a[1].pattern)); }, Same);
  for (const char* name : {"arpeggiate", "arpg"})
    def(r, name, {p("pat", PT::PatAny)},
        [](CallContext& c, std::vector<Term>& a) { return same(c, arpeggiate(a[0].pattern)); }, Same);
  def(r, "arp", {p("mode", PT::PatString), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, arp(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "scale", {p("name", PT::PatString), p("pat", PT::PatNumber)},
      [](CallContext& c, std::vector<Term>& a) {
        check_scale_names(c, a[0].pattern);
        return numbers(c, scale(a[0].pattern, a[1].pattern));
      }, PT::PatNumber);
  def(r, "toScale", {p("steps", PT::List, PT::Number), p("pat", PT::PatInt)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<double> steps;
    for (const auto& t : a[0].items) steps.push_back(c.ev.to_number(t, "a step of `toScale`"));
    return numbers(c, to_scale(steps, a[1].pattern));
  }, PT::PatNumber);
  def(r, "fit", {p("step", PT::PatInt), p("values", PT::List), p("indices", PT::PatInt)},
      [](CallContext& c, std::vector<Term>& a) {
        std::vector<Value> vs;
        for (const auto& t : a[1].items) vs.push_back(c.ev.to_value(t, c.elem_type, "a value of `fit`"));
        return same(c, fit(a[0].pattern, vs, a[2].pattern));
      }, Same);
}

void random_functions(Registry& r) {
  Builtin rnd;
  rnd.name = "rand";
  rnd.result = PT::PatNumber;
  rnd.impl = [](CallContext& c, std::vector<Term>&) { return constant_number(c, rand_pattern()); };
  r.add(rnd);
  Builtin per;
  per.name = "perlin";
  per.result = PT::PatNumber;
  per.impl = [](CallContext& c, std::vector<Term>&) { return constant_number(c, perlin()); };
  r.add(per);
  def(r, "degrade", {p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    return same(c, degrade_by(pure(Value::number(0.5)), a[0].pattern));
  }, Same);
  def(r, "degradeBy", {p("amount", PT::PatNumber), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, degrade_by(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "fadeOutFrom", {p("from", PT::Number), p("dur", PT::Number), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, fade_out_from(time_of(c, a[0], "from"), time_of(c, a[1], "dur"), a[2].pattern));
      }, Same);
  def(r, "fadeInFrom", {p("from", PT::Number), p("dur", PT::Number), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) {
        return same(c, fade_in_from(time_of(c, a[0], "from"), time_of(c, a[1], "dur"), a[2].pattern));
      }, Same);
  def(r, "fadeOut", {p("dur", PT::Number), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    return same(c, fade_out_from(Rational(0), time_of(c, a[0], "dur"), a[1].pattern));
  }, Same);
  def(r, "fadeIn", {p("dur", PT::Number), p("pat", PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    return same(c, fade_in_from(Rational(0), time_of(c, a[0], "dur"), a[1].pattern));
  }, Same);
  def(r, "unDegradeBy", {p("amount", PT::PatNumber), p("pat", PT::PatAny)},
      [](CallContext& c, std::vector<Term>& a) { return same(c, undegrade_by(a[0].pattern, a[1].pattern)); }, Same);
  def(r, "choose", {p("values", PT::List)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Value> vs;
    for (const auto& t : a[0].items) vs.push_back(c.ev.to_value(t, c.elem_type, "a value of `choose`"));
    if (vs.empty()) throw_error(a[0].span, "`choose` needs a non-empty list");
    return same(c, choose(vs));
  }, Same);
  def(r, "cycleChoose", {p("values", PT::List)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Value> vs;
    for (const auto& t : a[0].items) vs.push_back(c.ev.to_value(t, c.elem_type, "a value of `cycleChoose`"));
    if (vs.empty()) throw_error(a[0].span, "`cycleChoose` needs a non-empty list");
    return same(c, cycle_choose(vs));
  }, Same);
  def(r, "wchoose", {p("pairs", PT::List)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<std::pair<Value, double>> vs;
    for (const auto& t : a[0].items) {
      const auto& tt = tuple_items(t, 2, "an element of the list of `wchoose`");
      vs.emplace_back(c.ev.to_value(tt[0], c.elem_type, "a value of `wchoose`"), c.ev.to_number(tt[1], "a weight of `wchoose`"));
    }
    if (vs.empty()) throw_error(a[0].span, "`wchoose` needs a non-empty list");
    return same(c, wchoose(vs));
  }, Same);
  def(r, "randcat", {p("pats", PT::List, PT::PatAny)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<Pattern> ps;
    for (const auto& t : a[0].items) ps.push_back(pat_of(c, t, "an element of the list of `randcat`"));
    return same(c, randcat(std::move(ps)));
  }, Same);
  def(r, "wrandcat", {p("pairs", PT::List)}, [](CallContext& c, std::vector<Term>& a) {
    std::vector<std::pair<Pattern, double>> ps;
    for (const auto& t : a[0].items) {
      const auto& tt = tuple_items(t, 2, "an element of the list of `wrandcat`");
      ps.emplace_back(pat_of(c, tt[0], "a pattern of `wrandcat`"), c.ev.to_number(tt[1], "a weight of `wrandcat`"));
    }
    return same(c, wrandcat(std::move(ps)));
  }, Same);
}

void signal_functions(Registry& r) {
  const std::pair<const char*, Pattern (*)()> sigs[] = {{"sine", sine},   {"cosine", cosine}, {"saw", saw},
                                                        {"isaw", isaw},   {"tri", tri},       {"square", square},
                                                        {"envL", env_l},  {"envR", env_r},    {"envLR", env_r},
                                                        {"envEq", env_eq}, {"envEqR", env_eq_r}};
  for (auto [name, f] : sigs) {
    Builtin b;
    b.name = name;
    auto fp = f;
    b.result = PT::PatNumber;
    b.impl = [fp](CallContext& c, std::vector<Term>&) { return constant_number(c, fp()); };
    r.add(b);
  }
}

}  // namespace

void register_pattern_builtins(Registry& r) {
  time_functions(r);
  conditional_functions(r);
  structure_functions(r);
  random_functions(r);
  signal_functions(r);
}

void register_operator_builtins(Registry& r) {
  std::vector<std::string> ops = {"+", "-", "*", "/", "#", "~+", "~-", "~*", "~/"};
  for (const char* base : {"+", "-", "*", "/", "%", "<", ">"}) {
    std::string s = base;
    ops.push_back("|" + s + "|");
    ops.push_back("|" + s);
    ops.push_back(s + "|");
  }
  for (const auto& op : ops) {
    def(r, op, {p("a", PT::Any), p("b", PT::Any)},
        [op](CallContext& c, std::vector<Term>& a) { return binary_operator(c.ev, op, a[0], a[1], c.span); });
  }
}

// clang-format on
}  // namespace phonon::eval
