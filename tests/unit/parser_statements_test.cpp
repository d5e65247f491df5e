// Parser: statements, continuation lines, comments and error recovery across statements.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "compiler/ast_print.hpp"
#include "compiler/parser.hpp"

namespace phonon {
namespace {

struct Parsed {
  Program program;
  Diagnostics diags;
  std::string ast;
  std::string messages;  // "line:col message" per diagnostic, one per line
};

Parsed parse(const std::string& text) {
  Parsed p;
  p.program = parse_program(std::make_shared<SourceFile>("t.ph", text), p.diags);
  p.ast = print_ast(p.program);
  for (const auto& d : p.diags.items()) p.messages += d.short_form() + "\n";
  return p;
}

TEST(ParserStatements, AllForms) {
  Parsed p = parse(
      "tempo: 0.5\n"
      "cps: 0.6\n"
      "bpm: 120\n"
      "bpm: 120 3\n"
      "~bass: saw 55\n"
      "~lead $ sine 440\n"
      "out: ~bass\n"
      "out $ ~lead\n"
      "o1: s \"bd\"\n"
      "o12 $ s \"sn\"\n"
      "d1 $ s \"hh\"\n"
      "d3: s \"cp\"\n"
      "hush\n"
      "hush o2\n"
      "hush d4\n");
  EXPECT_EQ(p.messages, "");
  EXPECT_EQ(p.ast,
            "(tempo (num 0.5))\n"
            "(tempo (num 0.6))\n"
            "(bpm (num 120))\n"
            "(bpm (num 120) (num 3))\n"
            "(bus bass (app (ident saw) (num 55)))\n"
            "(bus lead (app (ident sine) (num 440)))\n"
            "(out (bus bass))\n"
            "(out (bus lead))\n"
            "(output 1 (app (ident s) (str \"bd\")))\n"
            "(output 12 (app (ident s) (str \"sn\")))\n"
            "(output 1 (app (ident s) (str \"hh\")))\n"
            "(output 3 (app (ident s) (str \"cp\")))\n"
            "(hush)\n"
            "(hush 2)\n"
            "(hush 4)\n");
  ASSERT_EQ(p.program.statements.size(), 15u);
  EXPECT_EQ(p.program.statements[0].kind, StmtKind::Tempo);
  EXPECT_EQ(p.program.statements[1].name, "cps");
  EXPECT_EQ(p.program.statements[3].kind, StmtKind::Bpm);
  EXPECT_EQ(p.program.statements[4].name, "bass");
  EXPECT_EQ(p.program.statements[10].kind, StmtKind::Output);
  EXPECT_EQ(p.program.statements[10].index, 1);
  EXPECT_EQ(p.program.statements[13].kind, StmtKind::Hush);
  EXPECT_EQ(p.program.statements[12].index, 0);
}

TEST(ParserStatements, Spans) {
  auto file = std::make_shared<SourceFile>("t.ph", "tempo: 1\n~drums $ s \"bd\"\n  # n 1 -- c\nd2 $ x\n");
  Diagnostics diags;
  Program p = parse_program(file, diags);
  ASSERT_EQ(p.statements.size(), 3u);
  auto text = [&](const SourceSpan& s) { return file->text.substr(s.begin, s.end - s.begin); };
  EXPECT_EQ(text(p.statements[1].span), "~drums $ s \"bd\"\n  # n 1");
  EXPECT_EQ(text(p.statements[1].name_span), "~drums");
  EXPECT_EQ(text(p.statements[2].name_span), "d2");
  EXPECT_EQ(text(p.statements[2].span), "d2 $ x");
  EXPECT_EQ(p.file, file);
}

TEST(ParserStatements, ContinuationLinesAndComments) {
  Parsed p = parse(
      "-- header\n"
      "{- a block\n"
      "   comment -}\n"
      "o1: s \"bd sn\"   -- trailing\n"
      "  # speed 2\n"
      "\n"
      "\t# gain 0.8\n"
      "   -- a comment between continuation lines\n"
      "  $ fast 2\n"
      "o2: stack [ s \"a\"\n"
      "          , s \"b\"\n"
      "          ]\n"
      "o3: a {- inline -} # b\n");
  EXPECT_EQ(p.messages, "");
  EXPECT_EQ(p.ast,
            "(output 1 (op $ (op # (op # (app (ident s) (str \"bd sn\")) (app (ident speed) (num 2))) (app (ident "
            "gain) (num 0.8))) (app (ident fast) (num 2))))\n"
            "(output 2 (app (ident stack) (list (app (ident s) (str \"a\")) (app (ident s) (str \"b\")))))\n"
            "(output 3 (op # (ident a) (ident b)))\n");
}

TEST(ParserStatements, LinesStartingWithAnOperatorOrClosingBracketContinue) {
  Parsed p = parse(
      "d1 $ stack [ s \"bd\"\n"
      ", s \"hh\"\n"
      "]\n"
      "# gain 0.8\n"
      "$ fast 2\n"
      "o2: delay 0.25\n"
      ":mix 0.5\n"
      "o3: x\n");
  EXPECT_EQ(p.messages, "");
  EXPECT_EQ(p.ast,
            "(output 1 (op $ (op # (app (ident stack) (list (app (ident s) (str \"bd\")) (app (ident s) (str "
            "\"hh\")))) "
            "(app (ident gain) (num 0.8))) (app (ident fast) (num 2))))\n"
            "(output 2 (app (ident delay) (num 0.25) (kw mix (num 0.5))))\n"
            "(output 3 (ident x))\n");
}

TEST(ParserStatements, EmptyAndCommentOnlyFiles) {
  EXPECT_EQ(parse("").ast, "");
  EXPECT_EQ(parse("\n\n  \n").ast, "");
  EXPECT_EQ(parse("-- nothing\n{- here -}\n").messages, "");
}

TEST(ParserStatements, CrLfLineEndings) {
  Parsed p = parse("tempo: 1\r\no1: s \"bd\"\r\n  # n 1\r\n");
  EXPECT_EQ(p.messages, "");
  EXPECT_EQ(p.ast, "(tempo (num 1))\n(output 1 (op # (app (ident s) (str \"bd\")) (app (ident n) (num 1))))\n");
}

TEST(ParserStatements, AllErrorsOfAFileAreReported) {
  Parsed p = parse(
      "tempo: 0.5\n"
      "foo: 1\n"
      "o1: s \"bd\" #\n"
      "o2: s \"sn\"\n"
      "~x: (fast 2\n"
      "~y: f )\n"
      "hush o0\n"
      "out: a ; b\n"
      "o3: ok\n");
  EXPECT_EQ(p.messages,
            "2:1: error: unknown statement `foo:`\n"
            "3:12: error: missing expression after `#`\n"
            "5:5: error: unclosed `(`\n"
            "6:7: error: unmatched `)`\n"
            "7:6: error: output numbers start at 1\n"
            "8:8: error: unexpected `;`\n");
  EXPECT_EQ(p.ast, "(tempo (num 0.5))\n(output 2 (app (ident s) (str \"sn\")))\n(output 3 (ident ok))\n");
}

TEST(ParserStatements, StatementErrors) {
  EXPECT_EQ(parse("tempo 0.5\n").messages, "1:7: error: expected `:` after `tempo`, found number `0.5`\n");
  EXPECT_EQ(parse("tempo:\n").messages, "1:6: error: missing expression after `:`\n");
  EXPECT_EQ(parse("~a s \"bd\"\n").messages, "1:4: error: expected `:` or `$` after `~a`, found `s`\n");
  EXPECT_EQ(parse("d1 s \"bd\"\n").messages, "1:4: error: expected `:` or `$` after `d1`, found `s`\n");
  EXPECT_EQ(parse("s \"bd\"\n").messages, "1:1: error: unknown statement starting with `s`\n");
  EXPECT_EQ(parse("hush x\n").messages, "1:6: error: expected an output after `hush`, found `x`\n");
  EXPECT_EQ(parse("hush o1 o2\n").messages, "1:9: error: unexpected `o2` after the end of the statement\n");
  EXPECT_EQ(parse("bpm: 1 2 3\n").messages, "1:6: error: `bpm:` takes one or two numbers\n");
  EXPECT_EQ(parse("# c\n").messages, "1:1: error: unknown statement starting with operator `#`\n");
  EXPECT_EQ(parse("]\n").messages, "1:1: error: unknown statement starting with `]`\n");
  EXPECT_EQ(parse("o99999999999: a\n").messages, "1:1: error: output number 99999999999 is too large\n");
  EXPECT_EQ(parse("o1: a b\nc\n").messages, "2:1: error: unknown statement starting with `c`\n");
}

TEST(ParserStatements, DidYouMean) {
  Parsed p = parse("temp: 1\n");
  ASSERT_EQ(p.diags.items().size(), 1u);
  EXPECT_EQ(p.diags.items()[0].hint.rfind("did you mean `tempo:`?", 0), 0u);
  Parsed q = parse("hsh\n");
  ASSERT_EQ(q.diags.items().size(), 1u);
  EXPECT_EQ(q.diags.items()[0].hint.rfind("did you mean `hush`?", 0), 0u);
}

TEST(ParserStatements, IndentedFirstLineStillParses) {
  Parsed p = parse("  o1: a\n");
  EXPECT_EQ(p.messages, "");
  EXPECT_EQ(p.ast, "(output 1 (ident a))\n");
}

}  // namespace
}  // namespace phonon

namespace phonon {
namespace {

// A deterministic mini-fuzz that runs in every test build (tests/fuzz/ holds the real libFuzzer target):
// random soups of the language's tokens and random bytes (NUL included) must never throw, crash or produce a
// null node.
TEST(ParserRobustness, RandomTokenSoupsNeverThrow) {
  const char* pieces[] = {"o1:",    "~a",   ":",      "$", "#",  "(",    ")",  "[",  "]",  ",",  "-",   "1",  "0.25",
                          "\"bd\"", "\"",   "fast",   " ", "\n", "\n  ", "--", "{-", "-}", ".",  "|+|", "<~", ":mix",
                          "hush",   "bpm:", "tempo:", "+", "*",  "'",    ";",  "\t", "e",  "1e", "~",   "\\", "\x80"};
  const size_t n_pieces = sizeof pieces / sizeof pieces[0];
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text;
    size_t len = next() % 40;
    for (size_t i = 0; i < len; ++i) {
      if (next() % 10 == 0) text += static_cast<char>(next() % 256);
      else text += pieces[next() % n_pieces];
    }
    auto file = std::make_shared<SourceFile>("soup.ph", text);
    Diagnostics diags;
    Program p;
    ASSERT_NO_THROW(p = parse_program(file, diags)) << text;
    for (const auto& st : p.statements) {
      if (st.kind != StmtKind::Hush) {
        ASSERT_TRUE(st.expr) << text;
      }
      ASSERT_LE(st.span.end, text.size());
    }
    ASSERT_NO_THROW(print_ast(p));
    ASSERT_NO_THROW(diags.render_all());
    Diagnostics ediags;
    ExprPtr e;
    ASSERT_NO_THROW(e = parse_expression(file, ediags)) << text;
    ASSERT_EQ(e == nullptr, ediags.has_errors()) << text;
    if (e) {
      ASSERT_NO_THROW(print_expr(*e));
    }
  }
}

}  // namespace
}  // namespace phonon
