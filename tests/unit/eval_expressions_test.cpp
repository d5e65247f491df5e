// The evaluator: type-directed reading of strings, functions (partial application, sections, composition, pipes),
// operators, error messages with spans and hints, registry extension points, and whole-program evaluation.
#include <gtest/gtest.h>

#include "compiler/diagnostics.hpp"
#include "compiler/eval/program.hpp"
#include "compiler/parser.hpp"
#include "pattern_test_util.hpp"

using namespace phonon;
using phonon::testutil::onsets;
using phonon::testutil::pat;
using phonon::testutil::query;
using V = std::vector<std::string>;

namespace {
// "line:col: error: message" of evaluating `expr`, or "ok".
std::string eval_error(const std::string& expr) {
  try {
    auto reg = eval::make_standard_registry();
    eval::Evaluator ev(reg);
    eval::Term t = ev.resolve_default(eval::evaluate_expression_text(expr, reg));
    if (t.kind != eval::TermKind::Pattern) return "not a pattern: " + t.describe();
    t.pattern.query(Arc(Rational(0), Rational(1)));
  } catch (const CompileError& e) {
    return e.diag.short_form() + (e.diag.hint.empty() ? "" : " [" + e.diag.hint + "]");
  }
  return "ok";
}

struct ProgramResult {
  eval::ProgramValue value;
  Diagnostics diags;
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const auto& d : diags.items())
      if (d.severity == Severity::Error) out.push_back(d.short_form());
    return out;
  }
};

ProgramResult run_program(const std::string& text) {
  ProgramResult r;
  auto file = std::make_shared<const SourceFile>("test.ph", text);
  Program prog = parse_program(file, r.diags);
  r.value = eval::evaluate_program(prog, eval::make_standard_registry(), r.diags);
  return r;
}
}  // namespace

TEST(EvalExpressions, StringsTakeTheirTypeFromContext) {
  EXPECT_EQ(onsets(pat("s \"bd:3 sn\"")),
            (V{"0/1-1/2 n: 3.0, s: \"bd\"", "1/2-1/1 s: \"sn\""}));  // Tidal splits name:index
  EXPECT_EQ(onsets(pat("n \"c e\"")), (V{"0/1-1/2 n: 0.0", "1/2-1/1 n: 4.0"}));
  EXPECT_EQ(onsets(pat("speed \"0.125 c\"")), (V{"0/1-1/2 speed: 0.125", "1/2-1/1 speed: 0.0"}));
  EXPECT_EQ(onsets(pat("struct \"t f t t\" $ s \"bd\"")).size(), 3u);
  EXPECT_EQ(onsets(pat("fast \"<1 2>\" $ s \"bd\""), 2).size(), 3u);
  // the expected type flows into operands and through polymorphic functions
  EXPECT_EQ(onsets(pat("n (\"0 2\" + \"10\")")), (V{"0/1-1/2 n: 10.0", "1/2-1/1 n: 12.0"}));
  EXPECT_EQ(onsets(pat("n (segment 2 $ \"0 1\")")), (V{"0/1-1/2 n: 0.0", "1/2-1/1 n: 1.0"}));
  EXPECT_EQ(onsets(pat("s (fast 2 $ \"bd\")")), (V{"0/1-1/2 s: \"bd\"", "1/2-1/1 s: \"bd\""}));
  EXPECT_EQ(onsets(pat("n (every 2 (fast 2) \"0\")")), (V{"0/1-1/2 n: 0.0", "1/2-1/1 n: 0.0"}));
}

TEST(EvalExpressions, NumbersFold) {
  auto t = eval::evaluate_expression_text("(1/8) + 2 * 3");
  ASSERT_EQ(t.kind, eval::TermKind::Number);
  EXPECT_DOUBLE_EQ(t.number, 6.125);
}

TEST(EvalExpressions, FunctionsSectionsCompositionPipes) {
  EXPECT_EQ(query("(# speed 2) $ s \"bd\""), query("s \"bd\" # speed 2"));
  EXPECT_EQ(query("(0.25 ~>) $ s \"bd\""), query("0.25 ~> s \"bd\""));
  EXPECT_EQ(query("((# speed 2) . rev) $ s \"bd sn\""), query("rev (s \"bd sn\") # speed 2"));
  EXPECT_EQ(query("id $ s \"bd sn\""), query("s \"bd sn\""));
  EXPECT_EQ(query("(|+ n 1) $ n \"0 1\""), query("n \"1 2\""));
  EXPECT_EQ(query("(+ n 1) $ n \"0 1\""), query("n \"1 2\""));
  // pipe style: x $ f means f x; x $ f $ g means g (f x)
  EXPECT_EQ(query("s \"bd sn\" $ fast 2 $ rev"), query("rev $ fast 2 $ s \"bd sn\""));
  EXPECT_EQ(query("n \"<300 990>\" $ fast 9"), query("fast 9 $ n \"<300 990>\""));
  EXPECT_EQ(query("layer [id, rev] $ s \"bd sn\""), query("stack [s \"bd sn\", rev $ s \"bd sn\"]"));
}

TEST(EvalExpressions, OperatorFamily) {
  EXPECT_EQ(onsets(pat("n \"0 2\" |+ n \"10 20 30\"")), (V{"0/1-1/2 n: 10.0", "1/2-1/1 n: 22.0"}));
  EXPECT_EQ(onsets(pat("n \"0 2\" +| n \"10 20 30\"")), (V{"0/1-1/3 n: 10.0", "1/3-2/3 n: 20.0", "2/3-1/1 n: 32.0"}));
  EXPECT_EQ(onsets(pat("s \"a\" # n 1 |< n 5")), (V{"0/1-1/1 n: 1.0, s: \"a\""}));
  EXPECT_EQ(onsets(pat("s \"a\" # n 1 |> n 5")), (V{"0/1-1/1 n: 5.0, s: \"a\""}));
  EXPECT_EQ(onsets(pat("s \"a\" |+ s \"b\"")), (V{"0/1-1/1 s: \"ab\""}));  // strings concatenate
  EXPECT_EQ(onsets(pat("n 7 |% n 4")), (V{"0/1-1/1 n: 3.0"}));
  EXPECT_EQ(onsets(pat("ar 0.1 0.5")), (V{"0/1-1/1 attack: 0.1, release: 0.5"}));
  EXPECT_EQ(onsets(pat("sound \"bd\" # lpf 300")), (V{"0/1-1/1 cutoff: 300.0, s: \"bd\""}));
}

TEST(EvalExpressions, ErrorsNameTheProblem) {
  EXPECT_EQ(eval_error("fsat 2 $ s \"bd\""), "1:1: error: unknown function `fsat` [did you mean `fast`?]");
  EXPECT_EQ(eval_error("fast \"1 2\" rev"),
            "1:12: error: argument `pat` of `fast` must be a pattern of numbers, not a function (rev) [is an argument "
            "missing?]");
  EXPECT_EQ(eval_error("every 2 3 $ s \"bd\""), "1:9: error: argument `f` of `every` must be a function, not a number");
  EXPECT_EQ(eval_error("s \"bd\" 3"),
            "1:8: error: too many arguments: `s` takes 1 argument and its result is a pattern of controls [did you "
            "forget `#`, `$` or parentheses?]");
  EXPECT_EQ(eval_error("(s \"bd\") $ 3"),
            "1:4: error: `s` takes 1 argument (sound) and this is its last one, so nothing is left for `$` to pass "
            "[the left side of `$` is a pattern of controls, not a function; remove this argument or the `$`]");
  EXPECT_EQ(eval_error("3 $ 4"), "1:1: error: `$` needs a function on one side, but got a number and a number");
  EXPECT_EQ(eval_error("s \"bd [sn\""), "1:7: error: unclosed `[` [add a matching `]`]");
  EXPECT_EQ(eval_error("n \"0\" # s"),
            "1:9: error: operator `#` needs numbers or patterns, not a function (s) [is an argument missing?]");
  EXPECT_EQ(eval_error("jux rev $ n \"0\" + 1.5"), "ok");  // Tidal's fromRational: {speed: 1.5}
  EXPECT_EQ(eval_error("rev (s \"bd\") 2"),
            "1:14: error: too many arguments: `rev` takes 1 argument and its result is a pattern of controls [did you "
            "forget `#`, `$` or parentheses?]");
  EXPECT_EQ(eval_error("~drums"), "1:1: error: unknown bus `~drums` [buses are defined with `~drums: ...`]");
  EXPECT_EQ(eval_error("fast 0 $ s \"bd\""), "ok");
  EXPECT_EQ(eval_error("s \"bd/0\""), "ok");
}

TEST(EvalRegistry, ExtensionPoints) {
  auto reg = eval::make_standard_registry();
  // a module registers its own builtin
  eval::Builtin twice;
  twice.name = "twice";
  twice.params = {eval::Param{"pat", eval::ParamType::PatAny, std::nullopt}};
  twice.returns = eval::ReturnType::PatSame;
  twice.impl = [](eval::CallContext& c, std::vector<eval::Term>& a) {
    return eval::Term::make_pattern(fast(Rational(2), a[0].pattern), c.elem_kind, c.span);
  };
  reg->add(twice);
  // an oscillator `sine f` replaces the constant but keeps the bare pattern
  eval::Builtin osc;
  osc.name = "sine";
  osc.params = {eval::Param{"freq", eval::ParamType::Any, std::nullopt}};
  osc.impl = [](eval::CallContext& c, std::vector<eval::Term>&) { return eval::Term::make_signal(nullptr, c.span); };
  reg->add(osc);
  int hook_calls = 0;
  reg->signal_binop = [&](const eval::Evaluator&, const std::string& op, const eval::Term& a, const eval::Term&,
                          const SourceSpan& span, eval::Term& out) {
    ++hook_calls;
    EXPECT_EQ(op, "*");
    EXPECT_EQ(a.kind, eval::TermKind::Signal);
    out = eval::Term::make_signal(nullptr, span);
    return true;
  };
  EXPECT_EQ(eval::evaluate_expression_text("twice $ s \"bd\"", reg).kind, eval::TermKind::Pattern);
  EXPECT_EQ(eval::evaluate_expression_text("sine 440", reg).kind, eval::TermKind::Signal);
  EXPECT_EQ(eval::evaluate_expression_text("s \"bd\" # pan sine", reg).kind, eval::TermKind::Pattern);
  EXPECT_EQ(eval::evaluate_expression_text("sine 440 * 0.5", reg).kind, eval::TermKind::Signal);
  EXPECT_EQ(hook_calls, 1);
}

TEST(EvalProgram, StatementsBusesOutputs) {
  auto r = run_program("tempo: 0.75\nd1 $ ~beat # n 1\n~beat: s \"bd*2\"\no2: s \"hh\"\n");
  EXPECT_TRUE(r.errors().empty()) << r.diags.render_all();
  EXPECT_DOUBLE_EQ(r.value.cps, 0.75);
  ASSERT_EQ(r.value.outputs.size(), 2u);
  EXPECT_EQ(onsets(r.value.outputs.at(1).pattern), (V{"0/1-1/2 n: 1.0, s: \"bd\"", "1/2-1/1 n: 1.0, s: \"bd\""}));
  EXPECT_EQ(r.value.buses.count("beat"), 1u);

  auto b = run_program("bpm: 120\nout: s \"bd\"\nhush o2\n");
  EXPECT_DOUBLE_EQ(b.value.cps, 0.5);
  EXPECT_EQ(b.value.hushed.count(2), 1u);
  auto b3 = run_program("bpm: 90 3\nout: s \"bd\"\n");
  EXPECT_DOUBLE_EQ(b3.value.cps, 0.5);

  // no output statement: buses ~d1, ~d2 play
  auto d = run_program("~d1: s \"bd\"\n~d2: s \"sn\"\n~other: s \"hh\"\n");
  EXPECT_EQ(d.value.outputs.size(), 2u);
  auto none = run_program("tempo: 1\n");
  ASSERT_EQ(none.diags.items().size(), 1u);
  EXPECT_EQ(none.diags.items()[0].severity, Severity::Warning);
}

TEST(EvalProgram, AllErrorsAreReported) {
  auto r = run_program(
      "o1: s \"bd\"\n"
      "o1: s \"sn\"\n"
      "o2: ~drumz # n 1\n"
      "~drums: s \"bd\"\n"
      "o3: fsat 2 $ s \"bd\"\n"
      "~a: ~b # n 1\n"
      "~b: ~a\n"
      "o4: s \"hh\"\n");
  auto errs = r.errors();
  ASSERT_EQ(errs.size(), 4u) << r.diags.render_all();
  EXPECT_EQ(errs[0], "2:1: error: duplicate output `o1`");
  EXPECT_EQ(errs[1], "3:5: error: unknown bus `~drumz`");
  EXPECT_EQ(r.diags.items()[1].hint, "did you mean `~drums`?");
  EXPECT_EQ(errs[2], "5:5: error: unknown function `fsat`");
  EXPECT_NE(errs[3].find("depends on itself"), std::string::npos);
  EXPECT_EQ(r.value.outputs.count(4), 1u);  // statements after errors still evaluate
}

TEST(EvalApplicative, LiftA2TakesStructureFromBothAndConstKeepsControlMaps) {
  EXPECT_EQ(query("n ((+) <$> \"0 1\" <*> \"10 20\")"), query("n \"10 21\""));
  EXPECT_EQ(query("const <$> s \"bd*4\" <*> filterValues id \"t f t t\""), query("s \"bd ~ bd bd\""));
  // `<*>` binds looser than function application and `<$>` is left of it (both infixl 4).
  EXPECT_EQ(query("n (liftA2 (-) \"10 20\" \"1\")"), query("n \"9 19\""));
}

TEST(EvalApplicative, OtherFormsAreErrorsThatNameTheConstruct) {
  EXPECT_NE(eval_error("n (\"0 1\" <*> \"1\")").find("`<*>` is supported in the form `f <$> a <*> b` only"),
            std::string::npos);
  EXPECT_NE(eval_error("(\\a b -> a) <$> s \"bd\" <*> s \"sn\"").find("other than `const` over control patterns"),
            std::string::npos);
  EXPECT_NE(eval_error("n (filterValues (+ 1) \"0 1\")").find("must give a truth value"), std::string::npos);
}
