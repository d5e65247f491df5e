// Diagnostics: the exact rendered text (file:line:col, source line, caret, hint) of parse errors, and the
// Diagnostic/Diagnostics helpers.
#include "compiler/diagnostics.hpp"

#include <gtest/gtest.h>

#include <string>

#include "compiler/parser.hpp"

namespace phonon {
namespace {

std::string render_program_errors(const std::string& name, const std::string& text) {
  Diagnostics diags;
  parse_program(std::make_shared<SourceFile>(name, text), diags);
  return diags.render_all();
}

std::string render_expression_errors(const std::string& text) {
  Diagnostics diags;
  ExprPtr e = parse_expression(std::make_shared<SourceFile>("<expr>", text), diags);
  EXPECT_EQ(e, nullptr);
  return diags.render_all();
}

TEST(DiagnosticsRender, UnclosedParenthesisPointsAtTheOpeningOne) {
  EXPECT_EQ(render_program_errors("song.ph", "tempo: 1\no1: fast (2 $ s \"bd\"\n"),
            "song.ph:2:10: error: unclosed `(`\n"
            "  o1: fast (2 $ s \"bd\"\n"
            "           ^\n"
            "  hint: add a matching `)`; an expression continues on the next line only if that line is indented\n");
}

TEST(DiagnosticsRender, UnterminatedStringPointsAtTheOpeningQuote) {
  EXPECT_EQ(render_program_errors("a.ph", "o1: s \"bd sn # n 1\n"),
            "a.ph:1:7: error: unterminated string literal\n"
            "  o1: s \"bd sn # n 1\n"
            "        ^\n"
            "  hint: close the string with `\"` on the same line\n");
}

TEST(DiagnosticsRender, MissingExpressionAfterDollar) {
  EXPECT_EQ(render_expression_errors("jux rev $"),
            "<expr>:1:9: error: missing expression after `$`\n"
            "  jux rev $\n"
            "          ^\n"
            "  hint: `f $ x` applies `f` to the whole expression on the right of `$`\n");
}

TEST(DiagnosticsRender, UnknownStatementWithHint) {
  EXPECT_EQ(render_program_errors("x.ph", "tempo: 1\nfoo: s \"bd\"\n"),
            "x.ph:2:1: error: unknown statement `foo:`\n"
            "  foo: s \"bd\"\n"
            "  ^~~~\n"
            "  hint: a statement is one of `tempo: 0.5`, `cps: 0.5`, `setcps 0.5`, `bpm: 120 [4]`, `~name: expr`, "
            "`out: expr`, `o1: expr`, `d1 $ expr`, `hush`, `hush o1`, `let name = expr`, `do` (a block of statements); "
            "a line that begins with white space continues the statement above it\n");
}

TEST(DiagnosticsRender, DecimalWithoutLeadingDigit) {
  EXPECT_EQ(render_expression_errors("s \"bd\" # speed .5"),
            "<expr>:1:16: error: a number must start with a digit\n"
            "  s \"bd\" # speed .5\n"
            "                 ^~\n"
            "  hint: write `0.5`\n");
}

TEST(DiagnosticsRender, WrongClosingBracket) {
  EXPECT_EQ(render_expression_errors("stack [s \"a\", s \"b\")"),
            "<expr>:1:20: error: expected `]`, found `)`\n"
            "  stack [s \"a\", s \"b\")\n"
            "                     ^\n"
            "  hint: to close the `[` at 1:7\n");
}

TEST(DiagnosticsRender, UnknownOperatorSuggestsTheClosest) {
  EXPECT_EQ(render_expression_errors("n 1 |+- n 2"),
            "<expr>:1:5: error: unknown operator `|+-`\n"
            "  n 1 |+- n 2\n"
            "      ^~~\n"
            "  hint: did you mean `|+|`?\n");
}

TEST(DiagnosticsRender, CaretOnAContinuationLine) {
  EXPECT_EQ(render_program_errors("c.ph", "o1: s \"bd\"\n  # speed (2\n  # gain 1\no2: x\n"),
            "c.ph:2:11: error: unclosed `(`\n"
            "    # speed (2\n"
            "            ^\n"
            "  hint: add a matching `)`; an expression continues on the next line only if that line is indented\n");
}

TEST(DiagnosticsRender, TabsAreKeptUnderTheCaret) {
  EXPECT_EQ(render_program_errors("t.ph", "o1: a\n\t# $ b\n"),
            "t.ph:2:2: error: missing expression after `#`, found operator `$`\n"
            "  \t# $ b\n"
            "  \t^\n"
            "  hint: the operator `#` needs an expression on each side\n");
}

TEST(DiagnosticsRender, ErrorsComeInSourceOrder) {
  std::string out = render_program_errors("o.ph", "o1: (a\no2: \"b\no3: c )\n");
  size_t a = out.find("o.ph:1:5:"), b = out.find("o.ph:2:5:"), c = out.find("o.ph:3:7:");
  ASSERT_NE(a, std::string::npos) << out;
  ASSERT_NE(b, std::string::npos) << out;
  ASSERT_NE(c, std::string::npos) << out;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(DiagnosticsHelpers, ShortFormAndHasErrors) {
  Diagnostics diags;
  auto file = std::make_shared<SourceFile>("f.ph", "abc\ndef\n");
  diags.warning(SourceSpan{file, 5, 6}, "careful");
  EXPECT_FALSE(diags.has_errors());
  diags.error(SourceSpan{file, 0, 3}, "bad");
  EXPECT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items()[0].short_form(), "2:2: warning: careful");
  EXPECT_EQ(diags.items()[1].short_form(), "1:1: error: bad");
  EXPECT_EQ(closest_match("stutt", {"stut", "fast", "rev"}), "stut");
  EXPECT_EQ(closest_match("zzzzzz", {"stut", "fast", "rev"}), "");
}

}  // namespace
}  // namespace phonon
