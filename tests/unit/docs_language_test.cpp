// docs/language.md is executable: every ```example block holds expressions (`> EXPR`, optionally ending in
// `-- N cycles`) each followed by exactly what `phonon query -e EXPR --cycles N` prints (events in Tidal's
// notation, or the one-line diagnostic). This test evaluates every example in-process the way the CLI does and
// compares line by line, and checks that every builtin of the standard registry appears in some example.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "compiler/diagnostics.hpp"
#include "compiler/eval/evaluator.hpp"
#include "compiler/eval/program.hpp"
#include "compiler/parser.hpp"

using namespace phonon;

namespace {

struct Example {
  int line = 0;  // 1-based line of the `> ` line in the markdown
  std::string expr;
  int64_t cycles = 1;
  std::vector<std::string> expected;
};

std::vector<Example> load_examples() {
  std::ifstream in(std::string(PHONON_SOURCE_DIR) + "/docs/language.md");
  std::vector<Example> out;
  std::string line;
  bool in_block = false;
  int n = 0;
  static const std::regex cycles_re(R"(--\s*(\d+)\s+cycles?\s*$)");
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("```example", 0) == 0) {
      in_block = true;
      continue;
    }
    if (in_block && line.rfind("```", 0) == 0) {
      in_block = false;
      continue;
    }
    if (!in_block) continue;
    if (line.rfind("> ", 0) == 0) {
      Example e;
      e.line = n;
      e.expr = line.substr(2);
      std::smatch m;
      if (std::regex_search(e.expr, m, cycles_re)) e.cycles = std::stoll(m[1]);
      out.push_back(e);
    } else if (!line.empty()) {
      if (out.empty()) ADD_FAILURE() << "docs/language.md:" << n << ": expected output before any `> ` expression";
      else out.back().expected.push_back(line);
    }
  }
  return out;
}

// What `phonon query -e EXPR --cycles N` prints (stdout on success, the diagnostic's first line otherwise).
std::vector<std::string> run(const std::shared_ptr<const eval::Registry>& reg, const Example& ex) {
  auto file = std::make_shared<const SourceFile>("<expr>", ex.expr);
  Diagnostics diags;
  ExprPtr e = parse_expression(file, diags);
  if (!e || diags.has_errors()) {
    for (const auto& d : diags.items())
      if (d.severity == Severity::Error) return {d.short_form()};
    return {"parse error"};
  }
  try {
    eval::Evaluator ev(reg);
    eval::Term t = ev.resolve_default(ev.eval(e));
    if (t.kind != eval::TermKind::Pattern)
      throw_error(t.span, "the expression is " + t.describe() + ", not a pattern",
                  t.kind == eval::TermKind::Function ? "is an argument missing?" : "");
    std::vector<Event> events;
    try {
      events = t.pattern.query_sorted(Arc(Rational(0), Rational(ex.cycles)));
    } catch (const CompileError&) {
      throw;
    } catch (const std::exception& err) {
      throw_error(e->span, std::string("this pattern cannot be queried: ") + err.what());
    }
    std::vector<std::string> out;
    for (const auto& ev2 : events) out.push_back(ev2.to_string());
    return out;
  } catch (const CompileError& err) {
    return {err.diag.short_form()};
  }
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '\''; }

// `name` occurs in `text` as a whole token (identifiers) or surrounded by blanks/parentheses (operators).
bool mentions(const std::string& text, const std::string& name) {
  const bool word = is_word_char(name[0]);
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    char before = at == 0 ? ' ' : text[at - 1];
    char after = at + name.size() >= text.size() ? ' ' : text[at + name.size()];
    if (word) {
      if (!is_word_char(before) && !is_word_char(after)) return true;
    } else if ((before == ' ' || before == '(') && (after == ' ' || after == ')')) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST(DocsLanguage, EveryExampleGivesTheDocumentedEvents) {
  auto examples = load_examples();
  ASSERT_GT(examples.size(), 200u) << "docs/language.md lost its examples";
  auto reg = eval::make_standard_registry();
  for (const auto& ex : examples) {
    std::vector<std::string> got = run(reg, ex);
    std::string got_text, want_text;
    for (const auto& l : got) got_text += l + "\n";
    for (const auto& l : ex.expected) want_text += l + "\n";
    EXPECT_EQ(got_text, want_text) << "docs/language.md:" << ex.line << ": " << ex.expr;
  }
}

TEST(DocsLanguage, EveryBuiltinHasAnExample) {
  auto examples = load_examples();
  std::string all;
  for (const auto& ex : examples) all += " " + ex.expr + " \n";
  auto reg = eval::make_standard_registry();
  // Tidal's Params table (hundreds of controls, their `…bus`/`…recv` forms and stateful helpers) is documented as
  // a table with an example of each kind, not name by name.
  eval::Registry params;
  eval::register_params_builtins(params);
  std::vector<std::string> missing;
  for (const auto& name : reg->names())
    if (!mentions(all, name) && !params.find(name)) missing.push_back(name);
  std::string list;
  for (const auto& m : missing) list += " " + m;
  EXPECT_TRUE(missing.empty()) << "builtins without an example in docs/language.md:" << list;
}

TEST(DocsLanguage, ExamplesCoverEveryMiniNotationFeature) {
  auto examples = load_examples();
  std::string all;
  for (const auto& ex : examples) all += ex.expr + "\n";
  // one example per construct of the mini-notation table
  for (const char* feature :
       {"~ [",       " . ",    " _ _",    "@3",     "!3",     " ! ",  "<bd <",  "{bd sn, ", "}%4",
        "*2",        "/2",     "*<2 3>",  "]*[",    "?\"",    "?0.3", " | ",    "(3,8)",    "(3,8,2)",
        "(<3 5>,8)", "(-3,8)", "bd, hh",  "bd:3",   "808bd",  "~pad", "0 .. 3", "3 .. 0",   "cs5",
        "ef3",       "'maj7",  "'min'ii", "'maj'5", "'maj'o", "1%3",  "3q"})
    EXPECT_NE(all.find(feature), std::string::npos) << "no example uses `" << feature << "`";
}

// ```program blocks: a .ph file, then a line `---- N cycles`, then what `phonon query FILE --cycles N` prints for
// it (each output as `o1:` followed by its events, or the errors as one-line diagnostics).
namespace {

struct ProgramExample {
  int line = 0;
  std::string text;
  int64_t cycles = 1;
  std::vector<std::string> expected;
};

std::vector<ProgramExample> load_program_examples() {
  std::ifstream in(std::string(PHONON_SOURCE_DIR) + "/docs/language.md");
  std::vector<ProgramExample> out;
  std::string line;
  int n = 0;
  enum { Outside, Text, Expected } state = Outside;
  static const std::regex sep_re(R"(^----\s*(\d+)\s+cycles?\s*$)");
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (state == Outside && line.rfind("```program", 0) == 0) {
      out.push_back({n + 1, "", 1, {}});
      state = Text;
    } else if (state != Outside && line.rfind("```", 0) == 0) {
      if (state == Text) ADD_FAILURE() << "docs/language.md:" << n << ": program block without a `---- N cycles` line";
      state = Outside;
    } else if (state == Text && std::regex_match(line, m, sep_re)) {
      out.back().cycles = std::stoll(m[1]);
      state = Expected;
    } else if (state == Text) {
      out.back().text += line + "\n";
    } else if (state == Expected && !line.empty()) {
      out.back().expected.push_back(line);
    }
  }
  return out;
}

std::vector<std::string> run_program(const ProgramExample& ex) {
  auto file = std::make_shared<const SourceFile>("<program>", ex.text);
  Diagnostics diags;
  Program prog = parse_program(file, diags);
  auto reg = eval::make_standard_registry();
  eval::ProgramValue pv = eval::evaluate_program(prog, reg, diags);
  std::vector<std::string> out;
  for (const auto& d : diags.items())
    if (d.severity == Severity::Error) out.push_back(d.short_form());
  if (!out.empty()) return out;
  eval::Evaluator ev(reg);
  for (const auto& [idx, term] : pv.outputs) {
    if (pv.hush_all || pv.hushed.count(idx)) continue;
    out.push_back(idx == 0 ? "out:" : "o" + std::to_string(idx) + ":");
    try {
      eval::Term t = ev.resolve_default(term);
      for (const auto& e : t.pattern.query_sorted(Arc(Rational(0), Rational(ex.cycles)))) out.push_back(e.to_string());
    } catch (const CompileError& err) {
      out.push_back(err.diag.short_form());
    }
  }
  return out;
}

}  // namespace

TEST(DocsLanguage, EveryProgramExampleGivesTheDocumentedEvents) {
  auto examples = load_program_examples();
  ASSERT_GE(examples.size(), 2u) << "docs/language.md lost its program examples";
  for (const auto& ex : examples) {
    std::string got_text, want_text;
    for (const auto& l : run_program(ex)) got_text += l + "\n";
    for (const auto& l : ex.expected) want_text += l + "\n";
    EXPECT_EQ(got_text, want_text) << "docs/language.md:" << ex.line << ":\n" << ex.text;
  }
}
