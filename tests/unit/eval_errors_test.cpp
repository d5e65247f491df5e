// Bad input in expressions (the "Bad input" list of the pattern language): every mistake is a diagnostic with a
// location and a hint, never a crash, a hang or silence. Checked in-process (EvalErrors) and through the real
// binary, `phonon query -e` (EvalErrorsCli).
#include <gtest/gtest.h>

#include <cstdio>

#include "compiler/diagnostics.hpp"
#include "pattern_test_util.hpp"

using namespace phonon;

namespace {
struct Err {
  std::string where_what;  // "line:col: error: message" or "ok"
  std::string hint;
};

// Evaluates `expr` and queries 4 cycles; query-time errors become "query: <message>".
Err eval_err(const std::string& expr) {
  try {
    auto reg = eval::make_standard_registry();
    eval::Evaluator ev(reg);
    eval::Term t = ev.resolve_default(eval::evaluate_expression_text(expr, reg));
    if (t.kind != eval::TermKind::Pattern) return {"not a pattern: " + t.describe(), ""};
    try {
      t.pattern.query(Arc(Rational(0), Rational(4)));
    } catch (const PatternLimitError& e) {
      return {std::string("query: ") + e.what(), ""};
    }
  } catch (const CompileError& e) {
    return {e.diag.short_form(), e.diag.hint};
  }
  return {"ok", ""};
}

struct CliResult {
  int status = -1;
  std::string output;  // stdout and stderr
};

// Runs `phonon query -e EXPR` (EXPR single-quoted for the shell; test expressions contain no single quote).
CliResult query_cli(const std::string& expr) {
  std::string cmd = std::string(PHONON_BINARY) + " query -e '" + expr + "' --cycles 2 2>&1";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}
}  // namespace

TEST(EvalErrors, UnknownFunctionSuggestsAName) {
  Err e = eval_err("fsat 2 $ s \"bd\"");
  EXPECT_EQ(e.where_what, "1:1: error: unknown function `fsat`");
  EXPECT_EQ(e.hint, "did you mean `fast`?");
  EXPECT_EQ(eval_err("s \"bd\" # spede 2").hint, "did you mean `speed`?");
  EXPECT_EQ(eval_err("jux rve $ s \"bd\"").hint, "did you mean `rev`?");
  EXPECT_EQ(eval_err("qqqqqqq").hint, "");  // nothing close: no guess
}

TEST(EvalErrors, WrongTypeNamesTheArgumentAndTheType) {
  EXPECT_EQ(eval_err("fast (s \"bd\") $ s \"bd\"").where_what,
            "1:7: error: argument `factor` of `fast` must be a pattern of numbers, not a pattern of controls");
  EXPECT_EQ(eval_err("jux 2 $ s \"bd\"").where_what,
            "1:5: error: argument `f` of `jux` must be a function, not a number");
  EXPECT_EQ(eval_err("every 2 3 $ s \"bd\"").where_what,
            "1:9: error: argument `f` of `every` must be a function, not a number");
  EXPECT_EQ(eval_err("stut 3 0.5 $ n \"0\"").where_what, "not a pattern: a function (stut)");
  EXPECT_EQ(eval_err("s 1").where_what,
            "1:3: error: argument `sound` of `s` must be a pattern of strings, not a number");
  EXPECT_EQ(eval_err("s 1").hint, "write it as a string: \"...\"");
  EXPECT_EQ(eval_err("hurry 2 $ 3").hint, "");
}

TEST(EvalErrors, WrongNumberOfArguments) {
  Err e = eval_err("s \"bd\" 3");
  EXPECT_EQ(e.where_what,
            "1:8: error: too many arguments: `s` takes 1 argument and its result is a pattern of controls");
  EXPECT_EQ(e.hint, "did you forget `#`, `$` or parentheses?");
  // the left side of `$` already has all its arguments
  e = eval_err("fast 2 3 $ s \"bd\"");
  EXPECT_EQ(e.where_what,
            "1:8: error: `fast` takes 2 arguments (factor, pat) and this is its last one, so nothing is left for `$` "
            "to pass");
  EXPECT_EQ(e.hint, "the left side of `$` is a pattern of numbers, not a function; remove this argument or the `$`");
  // too few: a function where a pattern is expected
  EXPECT_EQ(eval_err("fast 2").where_what, "not a pattern: a function (fast)");
  EXPECT_EQ(eval_err("n \"0\" # s").hint, "is an argument missing?");
}

TEST(EvalErrors, WordsInNumberPatterns) {
  Err e = eval_err("fast \"2 bd\" $ s \"bd\"");
  EXPECT_EQ(e.where_what, "1:9: error: expected a time but found `bd`");
  EXPECT_EQ(e.hint, "this is a time pattern: numbers like 2, 0.5 or 1%3");
  e = eval_err("speed \"1 ee\"");
  EXPECT_EQ(e.where_what, "1:10: error: expected a number but found `ee`");
  e = eval_err("n \"0 zz\"");
  EXPECT_EQ(e.where_what, "1:6: error: expected a note but found `zz`");
  EXPECT_EQ(e.hint, "numbers look like 1, -0.5 or note names like c, cs5, ef3");
  EXPECT_EQ(eval_err("every \"x\" rev $ s \"bd\"").where_what, "1:8: error: expected an integer but found `x`");
  EXPECT_EQ(eval_err("gain \"1 $\"").where_what, "1:9: error: expected a number but found `$`");
  // note names are numbers for notes; Tidal's ratio letters are numbers (x = 1/6, 3q = 3/4); the words above
  // are not
  EXPECT_EQ(eval_err("n \"c e g\"").where_what, "ok");
  EXPECT_EQ(eval_err("fast \"3q\" $ s \"bd\"").where_what, "ok");
  EXPECT_EQ(eval_err("fast \"x\" $ s \"bd\"").where_what, "ok");
  EXPECT_EQ(eval_err("speed \"1 e\"").where_what, "ok");
}

TEST(EvalErrors, WordsInBooleanPatterns) {
  Err e = eval_err("struct \"t x\" $ s \"bd\"");
  EXPECT_EQ(e.where_what, "1:11: error: expected a boolean (t, f, 1, 0, true or false) but found `x`");
  EXPECT_EQ(e.hint, "boolean patterns such as `struct \"t f t t\"` or `mask \"1 0\"` use t/f or 1/0");
  EXPECT_EQ(eval_err("mask \"1 2\" $ s \"bd*2\"").where_what,
            "1:9: error: expected a boolean (t, f, 1, 0, true or false) but found `2`");
}

TEST(EvalErrors, UnbalancedBracketsAndQuotes) {
  EXPECT_EQ(eval_err("s \"bd [sn\"").where_what, "1:7: error: unclosed `[`");
  EXPECT_EQ(eval_err("s \"bd sn]\"").where_what, "1:9: error: unbalanced `]`: no matching opening bracket");
  EXPECT_EQ(eval_err("s \"<bd sn\"").where_what, "1:4: error: unclosed `<`");
  EXPECT_EQ(eval_err("s \"{bd sn\"").where_what, "1:4: error: unclosed `{`");
  EXPECT_EQ(eval_err("s \"bd(3,8\"").where_what, "1:6: error: unclosed `(`");
  EXPECT_EQ(eval_err("s \"[bd <sn]>\"").where_what, "1:11: error: expected `>` to close the `<` but found `]`");
  Err q = eval_err("s \"bd sn");
  EXPECT_EQ(q.where_what, "1:3: error: unterminated string literal");
}

TEST(EvalErrors, ZeroSpeedIsSilence) {
  for (const char* e :
       {"fast 0 $ s \"bd\"", "slow 0 $ s \"bd\"", "s \"bd/0\"", "s \"bd*0\"", "fast \"0 1\" $ s \"bd\""})
    EXPECT_EQ(eval_err(e).where_what, "ok") << e;
  EXPECT_TRUE(testutil::query("fast 0 $ s \"bd\"", 4).empty());
  EXPECT_TRUE(testutil::query("s \"bd/0\"", 4).empty());
}

TEST(EvalErrors, EuclidArguments) {
  EXPECT_EQ(eval_err("s \"bd(3,1000000000)\"").where_what,
            "1:9: error: Euclidean rhythm with 1000000000 steps: the limit is 65536");
  EXPECT_EQ(eval_err("s \"bd(1000000,8)\"").where_what,
            "1:7: error: Euclidean rhythm with 1000000 hits: the limit is 65536");
  EXPECT_EQ(eval_err("s \"bd(3,-8)\"").where_what, "1:9: error: a Euclidean rhythm needs a positive number of steps");
  EXPECT_EQ(eval_err("euclid 5 (-8) $ s \"bd\"").where_what,
            "1:11: error: a Euclidean rhythm needs a positive number of steps");
  EXPECT_EQ(eval_err("euclid 3 100000 $ s \"bd\"").where_what,
            "1:10: error: Euclidean rhythm with too many steps: the limit is 65536");
  // negative hits invert (Tidal), more hits than steps give one step per hit (Tidal 1.7.10), zero steps is silence
  EXPECT_EQ(testutil::onsets(testutil::pat("s \"bd(-3,8)\"")).size(), 5u);
  EXPECT_EQ(testutil::onsets(testutil::pat("s \"bd(9,8)\"")).size(), 9u);
  EXPECT_TRUE(testutil::query("s \"bd(3,0)\"").empty());
  // patterned arguments out of range fail when queried, with the limit in the message
  EXPECT_EQ(eval_err("euclid 3 \"<8 1000000>\" $ s \"bd\"").where_what,
            "query: euclid: 1000000 steps is more than the limit of 65536");
}

TEST(EvalErrors, EventStormsHaveALimitNeverAHang) {
  // statically known: an error at the operator that crosses the limit
  Err e = eval_err("s \"bd*10000000\"");
  EXPECT_EQ(e.where_what,
            "1:4: error: event storm: this makes about 10000000 events per cycle, more than the limit of 1048576");
  EXPECT_EQ(e.hint, "use a smaller factor");
  EXPECT_EQ(eval_err("s \"[bd*2000]*1000\"").where_what,
            "1:5: error: event storm: this makes about 2000000 events per cycle, more than the limit of 1048576");
  EXPECT_EQ(eval_err("n \"0 .. 100000000\"").hint, "use a shorter range");
  EXPECT_NE(eval_err("s \"bd!100000\"").where_what.find("replication count too large"), std::string::npos);
  // only known when queried: the query stops at the limit with a clear message
  EXPECT_EQ(eval_err("fast \"<1 10000000>\" $ s \"bd\"").where_what.substr(0, 18), "query: fast: the f");
  EXPECT_EQ(eval_err("fast 1e6 $ fast 1e6 $ s \"bd\"").where_what,
            "query: event storm: more than 1048576 events in one cycle (the limit)");
  EXPECT_EQ(eval_err("s \"bd*<2 10000000>\"").where_what.substr(0, 25), "1:4: error: event storm: ");
  // constant factors beyond the limits of docs/language.md ("Limits"): an error at the call
  EXPECT_EQ(eval_err("fast 1e7 $ s \"bd\"").where_what,
            "1:1: error: `fast`: the factor 10000000 is more than the limit of 1048576");
  EXPECT_EQ(eval_err("fast 1e9 $ rev $ s \"~ bd\"").where_what.substr(0, 18), "1:1: error: `fast`");
  EXPECT_EQ(eval_err("segment 1e9 $ n 1").where_what,
            "1:1: error: `segment`: 1000000000 steps is more than the limit of 65536");
  // huge arguments of functions with their own limits
  EXPECT_EQ(eval_err("ply 1e9 $ s \"bd\"").where_what,
            "1:1: error: `ply`: 1000000000 steps is more than the limit of 65536");
  EXPECT_NE(eval_err("stut 1000000 0.5 0.1 $ s \"bd\"").where_what.find("too many copies"), std::string::npos);
  EXPECT_NE(eval_err("chop 1e9 $ s \"bd\"").where_what.find("too many parts"), std::string::npos);
  // found by tests/fuzz/query_fuzz.cpp: stutWith's work grows with count^2 (copy i applies f i times)
  EXPECT_EQ(eval_err("stutWith 802 (1/6) (|+ n 2) $ n \"0\"").where_what,
            "query: stutWith: too many copies (the limit is 256)");
  EXPECT_EQ(eval_err("stutWith 256 (1/6) (|+ n 2) $ n \"0\"").where_what, "ok");
  // found by the fuzzer: two 8000-event patterns combined with `+|` need 64M steps; a QueryBudget (used by
  // `phonon query` and the fuzzer) stops such a query instead of letting it run for minutes
  {
    Pattern quad = testutil::pat("n \"1\" +| n \"8044 .. 2\" +| n \"1\" +| n \"8044 .. 8\"");
    QueryBudget budget(1u << 20);
    EXPECT_THROW(quad.query(Arc(Rational(0), Rational(1))), PatternLimitError);
  }
  {
    Pattern normal = testutil::pat("jux rev $ stut 8 0.125 0.1 $ s \"rave(3,8,1)\" # n \"0 .. 7\"");
    QueryBudget budget(1u << 20);
    EXPECT_EQ(normal.query(Arc(Rational(0), Rational(4))).size() > 0, true);
    EXPECT_LT(budget.used(), 5000u);
  }
  // found by the fuzzer: Tidal's list Bjorklund was quadratic; 65536 steps now take microseconds
  EXPECT_EQ(testutil::onsets(testutil::pat("s \"bd(3,65536)\"")).size(), 3u);
  EXPECT_NE(eval_err("fast 1e300 $ s \"bd\"").where_what.find("is more than the limit"), std::string::npos);
  // dense but under the limit: it plays (a warning is given where warnings are collected, see EvalErrorsCli)
  EXPECT_EQ(eval_err("s \"bd*100000\"").where_what, "ok");
}

TEST(EvalErrorsCli, QueryReportsErrorsWithCaretAndHint) {
  CliResult r = query_cli("fast \"xx\" $ s \"bd\"");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output,
            "<expr>:1:7: error: expected a time but found `xx`\n"
            "  fast \"xx\" $ s \"bd\"\n"
            "        ^~\n"
            "  hint: this is a time pattern: numbers like 2, 0.5 or 1%3\n");
  r = query_cli("fsat 2 $ s \"bd\"");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("error: unknown function `fsat`"), std::string::npos);
  EXPECT_NE(r.output.find("hint: did you mean `fast`?"), std::string::npos);
  r = query_cli("s \"bd [sn\"");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("<expr>:1:7: error: unclosed `[`\n  s \"bd [sn\"\n        ^\n"), std::string::npos);
  r = query_cli("euclid 5 (-8) $ s \"bd\"");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("a Euclidean rhythm needs a positive number of steps"), std::string::npos);
  r = query_cli("struct \"t x\" $ s \"bd\"");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("hint: boolean patterns"), std::string::npos);
}

TEST(EvalErrorsCli, StormsAreErrorsOrWarningsNeverHangs) {
  CliResult r = query_cli("s \"bd*10000000\"");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("error: event storm: this makes about 10000000 events per cycle"), std::string::npos);
  r = query_cli("fast 1e7 $ s \"bd\"");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("<expr>:1:1: error: `fast`: the factor 10000000 is more than the limit of 1048576"),
            std::string::npos);
  // dense but playable: a warning, then the events
  r = query_cli("s \"bd*100000\"");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("warning: dense pattern: about 100000 events per cycle"), std::string::npos);
  EXPECT_NE(r.output.find("(0>1/100000)|s: \"bd\""), std::string::npos);
  // zero speed: silence, no error
  r = query_cli("fast 0 $ s \"bd\"");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.output, "");
}
