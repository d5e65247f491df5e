// Every builtin that takes a function argument, given every kind of control operator as that function, compiles
// and renders. Such functions are applied lazily (at query time, e.g. `stutWith` with a patterned count), after
// the evaluator that built them is gone; operators that reached back into that evaluator crashed `compile` and
// `render` while `query` (whose evaluator lives longer) worked.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/eval/registry.hpp"
#include "compiler/graph/signal_builtins.hpp"
#include "tests/render/audio_checks.hpp"

using namespace phonon;

namespace {

// One call per builtin with a function parameter; `F` stands for the function under test.
const std::map<std::string, std::string>& calls() {
  static const std::map<std::string, std::string> m = {
      {"every", "every 2 F $ s \"bd sn\""},
      {"every'", "every' 3 1 F $ s \"bd sn\""},
      {"whenmod", "whenmod 4 2 F $ s \"bd sn\""},
      {"within", "within (0, 0.5) F $ s \"bd sn\""},
      {"within'", "within' (0, 0.5) F $ s \"bd sn\""},
      {"chunk", "chunk 4 F $ s \"bd sn\""},
      {"chunk'", "chunk' 4 F $ s \"bd sn\""},
      {"inside", "inside 2 F $ s \"bd sn\""},
      {"outside", "outside 2 F $ s \"bd sn\""},
      {"superimpose", "superimpose F $ s \"bd sn\""},
      {"off", "off 0.125 F $ s \"bd sn\""},
      {"layer", "layer [id, F] $ s \"bd sn\""},
      {"stutWith", "stutWith 2 0.375 F $ s \"bd\""},
      {"stutwith", "stutwith 2 (1/8) F $ s \"bd\""},
      {"echoWith", "echoWith \"<2 3>\" 0.375 F $ s \"bd\""},
      {"echowith", "echowith 3 0.25 F $ s \"bd\""},
      {"while", "while \"1 0\" F $ s \"bd sn\""},
      {"sometimesBy", "sometimesBy 0.5 F $ s \"bd*8\""},
      {"sometimesBy'", "sometimesBy' 0.5 F $ s \"bd*8\""},
      {"sometimes", "sometimes F $ s \"bd*8\""},
      {"sometimes'", "sometimes' F $ s \"bd*8\""},
      {"often", "often F $ s \"bd*8\""},
      {"often'", "often' F $ s \"bd*8\""},
      {"rarely", "rarely F $ s \"bd*8\""},
      {"rarely'", "rarely' F $ s \"bd*8\""},
      {"almostNever", "almostNever F $ s \"bd*8\""},
      {"almostNever'", "almostNever' F $ s \"bd*8\""},
      {"almostAlways", "almostAlways F $ s \"bd*8\""},
      {"almostAlways'", "almostAlways' F $ s \"bd*8\""},
      {"always", "always F $ s \"bd*8\""},
      {"never", "never F $ s \"bd*8\""},
      {"somecyclesBy", "somecyclesBy 0.5 F $ s \"bd*2\""},
      {"someCyclesBy", "someCyclesBy 0.5 F $ s \"bd*2\""},
      {"somecycles", "somecycles F $ s \"bd*2\""},
      {"someCycles", "someCycles F $ s \"bd*2\""},
      {"jux", "jux F $ s \"bd sn\""},
      {"juxBy", "juxBy 0.5 F $ s \"bd sn\""},
      {"fix", "fix F (s \"bd\") $ s \"bd sn\""},
      {"unfix", "unfix F (s \"bd\") $ s \"bd sn\""},
      {"foldEvery", "foldEvery [2, 3] F $ s \"bd sn\""},
      {"soak", "soak 3 F $ s \"bd sn\""},
      {"contrast", "contrast F id (s \"sn\") $ s \"bd sn\""},
      {"contrastBy", "contrastBy (>=) F id (n \"1\") $ n \"0 2\" # s \"bd\""},
      {"jux'", "jux' [id, F] $ s \"bd sn\""},
      {"jux4", "jux4 F $ s \"bd sn\""},
      {"juxcut", "juxcut F $ s \"bd sn\""},
      {"ghost''", "ghost'' 0.125 F $ s \"bd sn\""},
      {"weaveWith", "weaveWith 3 (s \"bd sn\") [F, id]"},
      {"weave'", "weave' 3 (s \"bd sn\") [F, id]"},
      {"spread", "spread ($) [F, id] $ s \"bd sn\""},
      {"slowspread", "slowspread ($) [F, id] $ s \"bd sn\""},
      {"fastspread", "fastspread ($) [F, id] $ s \"bd sn\""},
      {"spreadf", "spreadf [F, id] $ s \"bd sn\""},
      {"spreadr", "spreadr ($) [F, id] $ s \"bd sn\""},
      {"spreadChoose", "spreadChoose ($) [F, id] $ s \"bd sn\""},
      {"plyWith", "plyWith 3 F $ s \"bd sn\""},
      {"selectF", "selectF 0.5 [F, id] $ s \"bd sn\""},
      {"pickF", "pickF \"0 1\" [F, id] $ s \"bd sn\""},
      {"contrast", "contrast F id (n \"1\") $ n \"0 1\" # s \"drum\""},
      {"ur", "ur 2 \"a:f b\" [(\"a\", s \"bd*2\"), (\"b\", s \"sn\")] [(\"f\", F)]"},
      {"stut'", "stut' 3 (1/8) F $ s \"bd\""},
      {"$", "($) F $ s \"bd sn\""},
      // The Prelude's higher-order functions, with the function as data until the pattern is queried.
      {"foldr", "foldr ($) (s \"bd sn\") [F]"},
      {"foldl", "foldl (\\p f -> f p) (s \"bd sn\") [F]"},
      {"flip", "flip ($) (s \"bd sn\") F"},
      {"zipWith", "stack (zipWith ($) [F] [s \"bd sn\"])"},
      {"filter", "stack $ map ($ s \"bd sn\") (filter (const True) [F])"},
      // Their function applies to values at query time: `const` and `const True` do, whatever F makes.
      {"liftA2", "liftA2 const (F $ s \"bd sn\") \"t f t\""},
      {"filterValues", "struct (filterValues (const True) \"t f t\") (F $ s \"bd sn\")"},
  };
  return m;
}

// Function arguments: every family of control operator, continuous values, time and composition.
const std::vector<std::string>& functions() {
  static const std::vector<std::string> fs = {
      "(# gain 0.3)",
      "(# pan 0.3)",
      "(# lpf 300)",
      "(# delay 0.5)",
      "(# room 0.3)",
      "(|+ n 1)",
      "(|* speed 2)",
      "(+ speed 1)",
      "(|< gain 0.8)",
      "(# pan sine)",
      "(# lpf (range 200 2000 sine))",
      "(fast 2)",
      "(0.25 ~>)",
      "((# crush 4) . rev)",
  };
  return fs;
}

std::shared_ptr<eval::Registry> compile_registry() {
  auto r = eval::make_standard_registry();
  register_signal_builtins(*r);
  return r;
}

std::vector<std::string> function_taking_builtins() {
  std::vector<std::string> out;
  auto reg = compile_registry();
  for (const auto& name : reg->names()) {
    const eval::Builtin* b = reg->find(name);
    for (const auto& p : b->params)
      if (p.type == eval::ParamType::Function) {
        out.push_back(name);
        break;
      }
  }
  return out;
}

}  // namespace

TEST(HigherOrderFunctions, EveryFunctionTakingBuiltinHasACallInThisTest) {
  for (const auto& name : function_taking_builtins())
    EXPECT_TRUE(calls().count(name)) << "`" << name << "` takes a function: add a call to calls()";
}

TEST(HigherOrderFunctions, EveryControlOperatorAsFunctionArgumentCompilesAndRenders) {
  audio_checks::RenderOptions o;
  o.seconds = 0.5;
  for (const auto& name : function_taking_builtins()) {
    auto it = calls().find(name);
    if (it == calls().end()) continue;
    for (const auto& f : functions()) {
      std::string expr = it->second;
      expr.replace(expr.find('F'), 1, f);
      std::string code = "d1 $ " + expr + "\n";
      auto file = std::make_shared<SourceFile>("hof.ph", code);
      CompileResult r = compile_source(file);
      ASSERT_TRUE(r.ok()) << code << r.diagnostics.render_all();
      auto audio = audio_checks::render_plan(r.plan, o);
      EXPECT_TRUE(audio_checks::all_finite(audio.l)) << code;
    }
  }
}
