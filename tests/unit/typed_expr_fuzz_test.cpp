// Random well-typed Tidal expressions (tests/expr_gen/, built from the registry's signatures) never crash
// Phonon: each one, for a fixed set of seeds, is parsed, evaluated, queried over whole, fractional,
// zero-width and negative arcs, compiled as `d1 $ …` and rendered for a few blocks. Allowed outcomes besides
// success are the documented user errors (CompileError pointing inside the source, rendered with
// file:line:col) and the pattern limits (PatternLimitError, overflow of exact time). Query results keep their
// invariants: well-formed arcs, parts inside the queried arc and inside their wholes, the same events on a
// second query, and the onsets of a two-cycle query equal to those of its two one-cycle halves.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/eval/evaluator.hpp"
#include "compiler/graph/signal_builtins.hpp"
#include "compiler/parser.hpp"
#include "compiler/plan.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "tests/expr_gen/typed_expr_gen.hpp"

namespace phonon {
namespace {

using eval::ParamType;
using expr_gen::SeededChoices;
using expr_gen::TypedExprGen;

constexpr uint32_t kExpressions = 1500;
constexpr uint32_t kRenderEvery = 5;  // rendering costs more than querying: every 5th expression is rendered

std::shared_ptr<const eval::Registry> standard_registry() {
  static const std::shared_ptr<const eval::Registry> r = eval::make_standard_registry();
  return r;
}
// The registry `phonon compile` and `phonon query` evaluate with: the standard one plus the signal builtins.
std::shared_ptr<const eval::Registry> program_registry() {
  static const std::shared_ptr<const eval::Registry> r = [] {
    auto reg = eval::make_standard_registry();
    register_signal_builtins(*reg);
    return std::shared_ptr<const eval::Registry>(reg);
  }();
  return r;
}

// The documented non-crash failures of a query.
bool is_pattern_limit(const std::exception& e) {
  return dynamic_cast<const PatternLimitError*>(&e) || dynamic_cast<const std::overflow_error*>(&e) ||
         dynamic_cast<const std::domain_error*>(&e);
}

struct Stats {
  uint32_t evaluated = 0, signals = 0, user_errors = 0, limits = 0, rendered = 0;
};

// A CompileError must point inside the expression and render as file:line:col.
void check_compile_error(const CompileError& err, const std::string& text, const std::string& expr) {
  const SourceSpan& s = err.diag.span;
  ASSERT_TRUE(s.valid()) << expr << "\n" << err.diag.message;
  EXPECT_LE(s.begin, s.end) << expr;
  EXPECT_LE(s.end, text.size()) << expr;
  EXPECT_NE(err.diag.render().find("typed.ph:"), std::string::npos) << expr << "\n" << err.diag.render();
}

bool uses(const std::string& expr, const char* name) {
  const std::string n = name;
  for (size_t at = expr.find(n); at != std::string::npos; at = expr.find(n, at + 1)) {
    auto word = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '\''; };
    if ((at == 0 || !word(expr[at - 1])) && (at + n.size() == expr.size() || !word(expr[at + n.size()]))) return true;
  }
  return false;
}

// A slowed step (`"bd/2 sn"`) or a weighted one (`"<3 0.5@0.5>"`) in a mini-notation string.
bool has_slowed_or_weighted_step(const std::string& expr) {
  bool in_string = false;
  for (size_t i = 0; i < expr.size(); ++i) {
    if (expr[i] == '"') in_string = !in_string;
    if (in_string && (expr[i] == '/' || expr[i] == '@')) return true;
  }
  return false;
}

// Tidal 1.7 breaks these invariants in corner cases that Phonon reproduces (see tests/fuzz/query_fuzz.cpp):
//  - `fastGap`, `compressArc` and `zoomArc` map a whole that spans cycles relative to one cycle, leaving
//  parts
//    outside their wholes (Tidal 1.7.10: `n "<3 0.5@0.5> <0.5 1!>"` over 1-3 has `1¼-(2>2¼)-1¾`). Tidal
//    builds slowed and weighted steps of a sequence, `compress`, `zoom`, `within'` and `spaceOut` with them.
//  - `zoom` and `linger` (a zoom) with a span longer than a cycle return parts outside the queried arc, and so
//    do `stretch` (a zoom to the span a cycle's events fill, which may be longer than a cycle) and `fit'`
//    (squeezed stretches): Tidal 1.7.10's `stretch "<3 2> 0/2 [-1 1]"` over 1-2 has `(2>2⅕)-2⅖`.
//  - A continuous pattern (`sine`, `rand`, …) used as an argument, or inside a function (the envelope of
//    `fadeOut` and its kin), is sampled over the query arc, and `arp` rearranges the fragments a query returns,
//    so their events depend on how a query is split.
bool tidal_breaks_part_in_whole(const std::string& expr) {
  for (const char* f :
       {"fastGap", "fastgap", "densityGap", "compress", "zoom", "zoomArc", "within'", "spaceOut", "stretch", "fit'"})
    if (uses(expr, f)) return true;
  return has_slowed_or_weighted_step(expr);
}
bool tidal_breaks_part_in_query(const std::string& expr) {
  return uses(expr, "zoom") || uses(expr, "zoomArc") || uses(expr, "linger") || uses(expr, "stretch") ||
         uses(expr, "fit'");
}
bool depends_on_query_split(const std::string& expr) {
  for (const char* f : {"sine",    "cosine", "saw",        "isaw", "tri",     "square", "envL",        "envR",
                        "envLR",   "envEq",  "envEqR",     "rand", "irand",   "perlin", "perlinWith",  "brand",
                        "brandBy", "arp",    "arpeggiate", "arpg", "fadeOut", "fadeIn", "fadeOutFrom", "fadeInFrom"})
    if (uses(expr, f)) return true;
  return tidal_breaks_part_in_whole(expr);
}

std::string show(const std::vector<Event>& es) {
  std::ostringstream o;
  for (const Event& e : es) o << "  " << e.to_string() << "\n";
  return o.str();
}

// Equal events; values compared as printed, so that NaN (`"1" % 0`) equals itself.
bool same_events(const std::vector<Event>& a, const std::vector<Event>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].whole != b[i].whole || a[i].part != b[i].part || a[i].value.to_string() != b[i].value.to_string())
      return false;
  return true;
}

// The events with an onset, sorted; with `whole_only` their parts are replaced by their wholes (an onset
// event may be cut at a cycle boundary in one query and not in another).
std::vector<Event> onsets(const std::vector<Event>& es, bool whole_only = false) {
  std::vector<Event> out;
  for (const Event& e : es)
    if (e.has_onset()) {
      out.push_back(e);
      if (whole_only) out.back().part = *e.whole;
    }
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
    if (a.part.begin != b.part.begin) return a.part.begin < b.part.begin;
    if (a.part.end != b.part.end) return a.part.end < b.part.end;
    return a.value.to_string() < b.value.to_string();
  });
  return out;
}

// Queries `arc`; false when a documented limit stopped the query.
bool query(const Pattern& p, const Arc& arc, std::vector<Event>& out, Stats& stats) {
  out.clear();
  try {
    QueryBudget budget(1u << 20);
    p.query(arc, out);
    return true;
  } catch (const CompileError&) {  // a patterned argument read at query time
    ++stats.user_errors;
  } catch (const std::exception& e) {
    if (!is_pattern_limit(e)) throw;
    ++stats.limits;
  }
  return false;
}

void check_query(const Pattern& p, const Arc& arc, const std::string& expr, Stats& stats) {
  std::vector<Event> es, again;
  if (!query(p, arc, es, stats)) return;
  const std::vector<Event> sorted = p.query_sorted(arc);
  for (const Event& e : es) {
    ASSERT_LE(e.part.begin, e.part.end) << expr;
    if (!e.whole) continue;
    ASSERT_LE(e.whole->begin, e.whole->end) << expr;
    if (!tidal_breaks_part_in_whole(expr)) {
      EXPECT_TRUE(e.whole->begin <= e.part.begin && e.part.end <= e.whole->end)
          << expr << "\npart outside its whole: " << e.to_string();
    }
    if (arc.begin < arc.end && !tidal_breaks_part_in_query(expr)) {
      EXPECT_TRUE(arc.begin <= e.part.begin && e.part.end <= arc.end)
          << expr << "\npart outside the query " << arc.begin.to_string() << "-" << arc.end.to_string() << ": "
          << e.to_string();
    }
  }
  for (size_t i = 1; i < sorted.size(); ++i) ASSERT_LE(sorted[i - 1].part.begin, sorted[i].part.begin) << expr;
  ASSERT_TRUE(query(p, arc, again, stats)) << expr << ": a second query failed";
  EXPECT_TRUE(same_events(onsets(es), onsets(again))) << expr << ": two queries of the same arc differ:\n"
                                                      << show(onsets(es)) << "and\n"
                                                      << show(onsets(again));
}

// The events starting in [b, b+2) are those starting in [b, b+1) and in [b+1, b+2).
void check_split(const Pattern& p, Rational b, const std::string& expr, Stats& stats) {
  if (depends_on_query_split(expr)) return;
  std::vector<Event> whole, first, second;
  if (!query(p, Arc(b, b + Rational(2)), whole, stats) || !query(p, Arc(b, b + Rational(1)), first, stats) ||
      !query(p, Arc(b + Rational(1), b + Rational(2)), second, stats))
    return;
  first.insert(first.end(), second.begin(), second.end());
  const auto a = onsets(whole, true), c = onsets(first, true);
  EXPECT_TRUE(same_events(a, c)) << expr << "\nonsets of [" << b.to_string() << ", +2):\n"
                                 << show(a) << "onsets of the two halves:\n"
                                 << show(c);
}

void render_briefly(const std::shared_ptr<const Plan>& plan) {
  static SampleBank bank({std::string(PHONON_TEST_SAMPLES)}, true);
  EngineOptions eo;
  eo.max_block = 256;
  Engine engine(eo);
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, plan, &warnings));
  std::vector<float> buf(2 * 256);
  for (int block = 0; block < 8; ++block) {
    engine.process(buf.data(), 256);
    for (float x : buf) ASSERT_TRUE(std::isfinite(x));
  }
}

// Everything for one expression; returns false when it evaluated to a pattern (so it was queried).
void run_expression(const std::string& expr, bool render, Stats& stats) {
  SCOPED_TRACE(expr);
  const std::string text = expr;
  auto file = std::make_shared<const SourceFile>("typed.ph", text);
  Diagnostics diags;
  ExprPtr e = parse_expression(file, diags);
  ASSERT_TRUE(e && !diags.has_errors()) << "the generator wrote something that does not parse:\n" << diags.render_all();
  Pattern p;
  bool evaluated = false;
  try {
    eval::Evaluator ev(program_registry());
    eval::Term t = ev.eval(e);
    if (t.kind == eval::TermKind::Poly)
      t = eval::Term::make_pattern(ev.to_control_pattern(t, "the expression"),
                                   eval::ElemKind::Control);  // `silence`
    if (t.kind == eval::TermKind::Signal) {
      // An effect of the synthesis language with the name of a control (`gain 0.5` alone is the gain effect;
      // `n 1 # gain 0.5` the control): `phonon query` reports it as a signal, not a pattern.
      ++stats.signals;
    } else {
      ASSERT_EQ(t.kind, eval::TermKind::Pattern) << t.describe();
      ASSERT_EQ(t.elem, eval::ElemKind::Control) << t.describe();
      p = t.pattern;
      evaluated = true;
      ++stats.evaluated;
    }
  } catch (const CompileError& err) {
    ++stats.user_errors;
    check_compile_error(err, text, expr);
  } catch (const std::exception& err) {
    ASSERT_TRUE(is_pattern_limit(err)) << "unexpected exception: " << err.what();
    ++stats.limits;
  }
  if (evaluated) {
    for (const Arc& a :
         {Arc(Rational(0), Rational(1)), Arc(Rational(1), Rational(3)), Arc(Rational(1, 3), Rational(7, 4)),
          Arc(Rational(5, 2), Rational(5, 2)), Arc(Rational(-3, 2), Rational(-1, 3))})
      check_query(p, a, expr, stats);
    check_split(p, Rational(0), expr, stats);
    check_split(p, Rational(-1), expr, stats);
  }
  if (!render) return;
  // The render path evaluates the same expression as a program statement: it must agree with the evaluator.
  // `|< s "arpy"` gives a sound to events that have none (`|<` keeps the expression's own values).
  const std::string program = "d1 $ (" + expr + ") |< s \"arpy\"\n";
  CompileResult r;
  try {
    r = compile_source(std::make_shared<SourceFile>("typed.ph", program));
  } catch (const std::exception& err) {
    FAIL() << "compile threw " << err.what();
  }
  if (evaluated && !r.ok()) {
    // Pattern limits found while planning are errors of the program, not of the expression's evaluation.
    const std::string all = r.diagnostics.render_all();
    EXPECT_NE(all.find("limit"), std::string::npos) << "evaluates, but does not compile:\n" << all;
  }
  for (const Diagnostic& d : r.diagnostics.items()) {
    EXPECT_TRUE(d.span.valid() && d.span.end <= program.size()) << d.render();
  }
  if (!r.ok()) return;
  render_briefly(r.plan);
  ++stats.rendered;
}

TEST(TypedExprGen, UsesMostOfTheRegistryAndItsControlsAndOperators) {
  TypedExprGen gen(standard_registry());
  const auto& usable = gen.usable();
  auto has = [&](const char* n) { return std::binary_search(usable.begin(), usable.end(), std::string(n)); };
  for (const char* n :
       {"fast", "every", "stutWith", "jux",    "chop",  "stack",       "s",     "n",    "speed",  "#",
        "|+|",  "+|",    "<~",       "within", "layer", "sometimesBy", "range", "sine", "euclid", "struct"})
    EXPECT_TRUE(has(n)) << n << " is not usable: its signature lacks a declared type";
  EXPECT_GT(usable.size(), 400u);
}

TEST(TypedExprGen, SameSeedGivesTheSameExpression) {
  TypedExprGen gen(standard_registry());
  SeededChoices a(7), b(7);
  const std::string x = gen.control_pattern(a);
  EXPECT_EQ(x, gen.control_pattern(b));
  EXPECT_FALSE(x.empty());
}

TEST(TypedExprGen, ExhaustedBytesEndTheExpression) {
  TypedExprGen gen(standard_registry());
  expr_gen::ByteChoices none(nullptr, 0);
  const std::string x = gen.control_pattern(none);
  EXPECT_FALSE(x.empty());
  EXPECT_NO_THROW(eval::evaluate_expression_text(x, standard_registry())) << x;
}

// PHONON_TYPED_SEEDS=N (and PHONON_TYPED_FIRST=S) runs N expressions from seed S instead, to explore by hand;
// PHONON_TYPED_KEEP_GOING=1 reports every failing expression instead of stopping at the first.
uint32_t env_or(const char* name, uint32_t fallback) {
  const char* v = std::getenv(name);
  return v ? static_cast<uint32_t>(std::strtoul(v, nullptr, 10)) : fallback;
}

TEST(TypedExprFuzz, RandomWellTypedExpressionsEvaluateQueryAndRenderWithoutCrashing) {
  TypedExprGen gen(standard_registry());
  Stats stats;
  const uint32_t first = env_or("PHONON_TYPED_FIRST", 1), count = env_or("PHONON_TYPED_SEEDS", kExpressions);
  for (uint32_t seed = first; seed < first + count; ++seed) {
    SeededChoices choices(seed);
    const std::string expr = gen.control_pattern(choices);
    run_expression(expr, seed % kRenderEvery == 0, stats);
    if (HasFailure() && !std::getenv("PHONON_TYPED_KEEP_GOING")) FAIL() << "seed " << seed;
  }
  // The generator must stay well-typed: most expressions evaluate (the rest are user errors such as an
  // unknown scale or a Euclid rhythm with a negative step count, and pattern limits).
  EXPECT_GT(stats.evaluated, count * 8 / 10) << stats.user_errors << " user errors, " << stats.limits << " limits";
  EXPECT_GT(stats.rendered, count / kRenderEvery / 2);
  EXPECT_GT(gen.used().size(), 300u);
  std::cout << "[ typed ] " << count << " expressions: " << stats.evaluated << " evaluated, " << stats.signals
            << " signals, " << stats.user_errors << " user errors, " << stats.limits << " pattern limits, "
            << stats.rendered << " rendered; " << gen.used().size() << " of " << gen.usable().size()
            << " usable names used\n";
}

}  // namespace
}  // namespace phonon
