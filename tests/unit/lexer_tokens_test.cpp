// Lexer: token kinds, numbers, strings, operators vs comments, statement starts, lexical errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/lexer.hpp"

namespace phonon {
namespace {

struct Lexed {
  std::shared_ptr<const SourceFile> file;  // owns the text the tokens view
  std::vector<Token> tokens;
  Diagnostics diags;
};

Lexed lex_text(const std::string& text) {
  Lexed out;
  out.file = std::make_shared<SourceFile>("t.ph", text);
  out.tokens = lex(out.file, out.diags);
  return out;
}

// "kind:text" for every token except End, e.g. "id:fast num:2 str:\"bd\"".
std::string summary(const std::string& text) {
  Lexed l = lex_text(text);
  std::string out;
  for (const auto& t : l.tokens) {
    if (t.kind == TokenKind::End) break;
    if (!out.empty()) out += ' ';
    switch (t.kind) {
      case TokenKind::Number: out += "num:"; break;
      case TokenKind::String: out += "str:"; break;
      case TokenKind::Ident: out += "id:"; break;
      case TokenKind::BusRef: out += "bus:"; break;
      case TokenKind::Operator: out += "op:"; break;
      case TokenKind::Error: out += "ERR:"; break;
      default: break;
    }
    out += std::string(t.text);
  }
  return out;
}

TEST(LexerTokens, BasicKinds) {
  EXPECT_EQ(summary("fast 2 $ s \"bd sn\""), "id:fast num:2 op:$ id:s str:\"bd sn\"");
  EXPECT_EQ(summary("~bass: [a, b] (c)"), "bus:~bass : [ id:a , id:b ] ( id:c )");
  EXPECT_EQ(summary("every' chunk' _x a1"), "id:every' id:chunk' id:_x id:a1");
}

TEST(LexerTokens, NumbersAndComposition) {
  Lexed l = lex_text("0.25 2 1e3 1.5e-2 7E+1");
  ASSERT_EQ(l.tokens.size(), 6u);
  EXPECT_DOUBLE_EQ(l.tokens[0].number, 0.25);
  EXPECT_DOUBLE_EQ(l.tokens[1].number, 2.0);
  EXPECT_DOUBLE_EQ(l.tokens[2].number, 1000.0);
  EXPECT_DOUBLE_EQ(l.tokens[3].number, 0.015);
  EXPECT_DOUBLE_EQ(l.tokens[4].number, 70.0);
  EXPECT_FALSE(l.diags.has_errors());
  // `.` between names/parens is composition, never part of a number.
  EXPECT_EQ(summary("rev . fast 2"), "id:rev op:. id:fast num:2");
  EXPECT_EQ(summary("(# speed 2).rev"), "( op:# id:speed num:2 ) op:. id:rev");
  EXPECT_EQ(summary("f.g"), "id:f op:. id:g");
  EXPECT_EQ(summary("2.x"), "num:2 op:. id:x");
}

TEST(LexerTokens, OperatorsAndBusRefs) {
  EXPECT_EQ(summary("a |+| b |+ c +| d # e"), "id:a op:|+| id:b op:|+ id:c op:+| id:d op:# id:e");
  EXPECT_EQ(summary("0.25 <~ p ~> q"), "num:0.25 op:<~ id:p op:~> id:q");
  EXPECT_EQ(summary("~a ~+ ~b ~* 2"), "bus:~a op:~+ bus:~b op:~* num:2");
  EXPECT_EQ(summary("x #~lfo"), "id:x op:# bus:~lfo");
  EXPECT_EQ(summary("a|<|b"), "id:a op:|<| id:b");
  EXPECT_EQ(summary("x #-1"), "id:x op:# op:- num:1");
  EXPECT_EQ(summary("a |++ b"), "id:a op:|++ id:b");
}

TEST(LexerTokens, Comments) {
  EXPECT_EQ(summary("a -- comment # b"), "id:a");
  EXPECT_EQ(summary("a #-- comment"), "id:a op:#");
  EXPECT_EQ(summary("a |-| b -- c"), "id:a op:|-| id:b");
  EXPECT_EQ(summary("a {- x {- nested -} y -} b"), "id:a id:b");
  EXPECT_EQ(summary("s \"bd -- sn\" -- real"), "id:s str:\"bd -- sn\"");
  EXPECT_EQ(summary("---- banner ----\nx"), "id:x");
}

TEST(LexerTokens, StatementStarts) {
  Lexed l = lex_text("o1: a\n  # b\n\n-- c\nout: x {- \n -} y\n\tz");
  std::vector<std::pair<std::string, bool>> got;
  for (const auto& t : l.tokens)
    if (t.kind != TokenKind::End) got.emplace_back(std::string(t.text), t.stmt_start);
  std::vector<std::pair<std::string, bool>> want = {{"o1", true}, {":", false},  {"a", false}, {"#", false},
                                                    {"b", false}, {"out", true}, {":", false}, {"x", false},
                                                    {"y", false}, {"z", false}};
  EXPECT_EQ(got, want);
}

TEST(LexerTokens, SpaceBefore) {
  Lexed l = lex_text("f :mix 0.3");
  ASSERT_GE(l.tokens.size(), 4u);
  EXPECT_TRUE(l.tokens[1].space_before);   // :
  EXPECT_FALSE(l.tokens[2].space_before);  // mix
}

TEST(LexerTokens, StringEscapedQuote) {
  Lexed l = lex_text(R"(s "a\"b" x)");
  EXPECT_FALSE(l.diags.has_errors());
  EXPECT_EQ(summary(R"(s "a\"b" x)"), R"(id:s str:"a\"b" id:x)");
}

TEST(LexerErrors, ReportedAsErrorTokens) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"s \"bd", "unterminated string literal"},
      {"{- open", "unterminated block comment"},
      {"fast .5", "a number must start with a digit"},
      {"a +++ b", "unknown operator `+++`"},
      {"1e999", "number out of range"},
      {"caf\xc3\xa9", "unexpected non-ASCII character"},
  };
  for (const auto& c : cases) {
    Lexed l = lex_text(c.text);
    ASSERT_TRUE(l.diags.has_errors()) << c.text;
    EXPECT_EQ(l.diags.items()[0].message, c.message) << c.text;
    EXPECT_EQ(l.tokens.back().kind, TokenKind::End);
  }
}

TEST(LexerErrors, HintsForCommonMistakes) {
  auto hint_of = [](const std::string& text) {
    Lexed l = lex_text(text);
    return l.diags.items().empty() ? std::string("(none)") : l.diags.items()[0].hint;
  };
  EXPECT_EQ(hint_of("s ~ bd"),
            "a bus reference is `~name` (a letter right after `~`); a rest `~` belongs in mini-notation: "
            "\"bd ~ sn\"");
  EXPECT_EQ(hint_of("a |+- b"), "did you mean `|+|`?");
  EXPECT_EQ(hint_of("fast .25"), "write `0.25`");
}

TEST(LexerErrors, NulByteInMiddle) {
  Lexed l = lex_text(std::string("a \0 b", 5));
  ASSERT_EQ(l.diags.items().size(), 1u);
  EXPECT_EQ(l.diags.items()[0].message, "unexpected character byte 0x00");
  EXPECT_EQ(l.tokens.size(), 4u);  // a, Error, b, End
}

TEST(LexerOperators, Fixities) {
  EXPECT_EQ(find_operator(".")->precedence, 9);
  EXPECT_EQ(find_operator(".")->assoc, Assoc::Right);
  EXPECT_EQ(find_operator("*")->precedence, 7);
  EXPECT_EQ(find_operator("~/")->precedence, 7);
  EXPECT_EQ(find_operator("-")->precedence, 6);
  EXPECT_EQ(find_operator("~+")->precedence, 6);
  EXPECT_EQ(find_operator("<~")->precedence, 5);
  EXPECT_EQ(find_operator("|%|")->precedence, 1);
  EXPECT_EQ(find_operator("#")->assoc, Assoc::Left);
  EXPECT_EQ(find_operator("$")->precedence, 0);
  EXPECT_EQ(find_operator("$")->assoc, Assoc::Right);
  EXPECT_EQ(find_operator("++")->precedence, 5);
  EXPECT_EQ(find_operator("++")->assoc, Assoc::Right);
  EXPECT_EQ(find_operator("!!")->precedence, 9);
  EXPECT_EQ(find_operator("<$>")->precedence, 4);
  EXPECT_EQ(find_operator("`div`")->precedence, 7);
  EXPECT_EQ(find_operator("`elem`")->precedence, 4);
  EXPECT_EQ(find_operator("`f`")->precedence, 9);
  EXPECT_EQ(find_operator("+++"), nullptr);
  EXPECT_EQ(find_operator(""), nullptr);
}

}  // namespace
}  // namespace phonon
