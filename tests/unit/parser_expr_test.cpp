// Parser: expressions — application, Haskell/Tidal fixities, sections, negative literals, lists, tuples,
// keyword arguments and source spans.
#include <gtest/gtest.h>

#include <string>

#include "compiler/ast_print.hpp"
#include "compiler/parser.hpp"

namespace phonon {
namespace {

// The printed AST of `text` parsed as one expression, or "ERROR: <first message>".
std::string ast(const std::string& text) {
  auto file = std::make_shared<SourceFile>("<expr>", text);
  Diagnostics diags;
  ExprPtr e = parse_expression(file, diags);
  if (!e) return "ERROR: " + (diags.items().empty() ? std::string("(no diagnostic)") : diags.items()[0].message);
  EXPECT_FALSE(diags.has_errors()) << text;
  return print_expr(*e);
}

TEST(ParserExpr, Atoms) {
  EXPECT_EQ(ast("2"), "(num 2)");
  EXPECT_EQ(ast("0.25"), "(num 0.25)");
  EXPECT_EQ(ast("1e3"), "(num 1000)");
  EXPECT_EQ(ast("\"bd sn\""), "(str \"bd sn\")");
  EXPECT_EQ(ast("rev"), "(ident rev)");
  EXPECT_EQ(ast("id"), "(ident id)");
  EXPECT_EQ(ast("~bass"), "(bus bass)");
  EXPECT_EQ(ast("(((rev)))"), "(ident rev)");
}

TEST(ParserExpr, ApplicationIsFlat) {
  EXPECT_EQ(ast("fast 2 \"bd sn\""), "(app (ident fast) (num 2) (str \"bd sn\"))");
  EXPECT_EQ(ast("every 3 (fast 2) p"), "(app (ident every) (num 3) (app (ident fast) (num 2)) (ident p))");
  EXPECT_EQ(ast("(f a) b"), "(app (app (ident f) (ident a)) (ident b))");
  EXPECT_EQ(ast("sine ~lfo"), "(app (ident sine) (bus lfo))");
}

TEST(ParserExpr, Precedence) {
  EXPECT_EQ(ast("a # b + c"), "(op # (ident a) (op + (ident b) (ident c)))");
  EXPECT_EQ(ast("a + b # c"), "(op # (op + (ident a) (ident b)) (ident c))");
  EXPECT_EQ(ast("a + b * c"), "(op + (ident a) (op * (ident b) (ident c)))");
  EXPECT_EQ(ast("a * b - c / d"), "(op - (op * (ident a) (ident b)) (op / (ident c) (ident d)))");
  EXPECT_EQ(ast("f $ g $ x"), "(op $ (ident f) (op $ (ident g) (ident x)))");
  EXPECT_EQ(ast("\"0.25\" <~ p # n 1"), "(op # (op <~ (str \"0.25\") (ident p)) (app (ident n) (num 1)))");
  EXPECT_EQ(ast("rev . fast 2"), "(op . (ident rev) (app (ident fast) (num 2)))");
  EXPECT_EQ(ast("f . g . h"), "(op . (ident f) (op . (ident g) (ident h)))");
  EXPECT_EQ(ast("a - b - c"), "(op - (op - (ident a) (ident b)) (ident c))");
  EXPECT_EQ(ast("a # b |+ c +| d"), "(op +| (op |+ (op # (ident a) (ident b)) (ident c)) (ident d))");
  EXPECT_EQ(ast("0.25 ~> p + q"), "(op ~> (num 0.25) (op + (ident p) (ident q)))");
  EXPECT_EQ(ast("a <~ b ~> c"), "(op ~> (op <~ (ident a) (ident b)) (ident c))");
  EXPECT_EQ(ast("jux rev $ s \"a\" # n 1"),
            "(op $ (app (ident jux) (ident rev)) (op # (app (ident s) (str \"a\")) (app (ident n) (num 1))))");
  EXPECT_EQ(ast("~a ~+ ~b ~* 2"), "(op ~+ (bus a) (op ~* (bus b) (num 2)))");
  EXPECT_EQ(ast("f . g $ x . y"), "(op $ (op . (ident f) (ident g)) (op . (ident x) (ident y)))");
  EXPECT_EQ(ast("(a # b) + c"), "(op + (op # (ident a) (ident b)) (ident c))");
}

TEST(ParserExpr, Sections) {
  EXPECT_EQ(ast("(# speed 2)"), "(section-right # (app (ident speed) (num 2)))");
  EXPECT_EQ(ast("(|+ n 12)"), "(section-right |+ (app (ident n) (num 12)))");
  EXPECT_EQ(ast("(+ speed 1)"), "(section-right + (app (ident speed) (num 1)))");
  EXPECT_EQ(ast("(0.25 <~)"), "(section-left <~ (num 0.25))");
  EXPECT_EQ(ast("(1 +)"), "(section-left + (num 1))");
  EXPECT_EQ(ast("(\"<0 0.25>\" ~>)"), "(section-left ~> (str \"<0 0.25>\"))");
  EXPECT_EQ(ast("(+)"), "(opref +)");
  EXPECT_EQ(ast("(#)"), "(opref #)");
  EXPECT_EQ(ast("(-)"), "(opref -)");
  EXPECT_EQ(ast("(# speed 2) . rev"), "(op . (section-right # (app (ident speed) (num 2))) (ident rev))");
  EXPECT_EQ(ast("every 2 (0.25 <~) $ p"), "(op $ (app (ident every) (num 2) (section-left <~ (num 0.25))) (ident p))");
  EXPECT_EQ(ast("($ x)"), "(section-right $ (ident x))");
}

TEST(ParserExpr, NegativeLiterals) {
  EXPECT_EQ(ast("-1"), "(num -1)");
  EXPECT_EQ(ast("(-0.25)"), "(num -0.25)");
  EXPECT_EQ(ast("(- 0.25)"), "(num -0.25)");
  EXPECT_EQ(ast("a - 1"), "(op - (ident a) (num 1))");
  EXPECT_EQ(ast("a-1"), "(op - (ident a) (num 1))");
  EXPECT_EQ(ast("[-1, -2]"), "(list (num -1) (num -2))");
  EXPECT_EQ(ast("(0, -0.5)"), "(tuple (num 0) (num -0.5))");
  EXPECT_EQ(ast("x # speed -1"), "(op # (ident x) (op - (ident speed) (num 1)))");  // Haskell reads it so
  EXPECT_EQ(ast("x # speed (-1)"), "(op # (ident x) (app (ident speed) (num -1)))");
  EXPECT_EQ(ast("2 * -1"), "(op * (num 2) (num -1))");
  EXPECT_EQ(ast("f $ -1"), "(op $ (ident f) (num -1))");
  EXPECT_EQ(ast("-1 + 2"), "(op + (num -1) (num 2))");
  EXPECT_EQ(ast("-x"), "ERROR: `-` can only negate a number literal");
}

TEST(ParserExpr, WarnsWhenASubtractionLooksLikeANegativeArgument) {
  auto warnings_of = [](const std::string& text) {
    Diagnostics diags;
    ExprPtr e = parse_expression(std::make_shared<SourceFile>("<expr>", text), diags);
    EXPECT_TRUE(e) << text;
    std::string out;
    for (const auto& d : diags.items()) out += d.short_form() + "\n";
    return out;
  };
  EXPECT_EQ(warnings_of("x # speed -1"), "1:11: warning: `1` after `-` is a subtraction, not a negative argument\n");
  EXPECT_EQ(warnings_of("a - 1"), "");
  EXPECT_EQ(warnings_of("a-1"), "");
  EXPECT_EQ(warnings_of("speed (-1)"), "");
}

TEST(ParserExpr, ListsAndTuples) {
  EXPECT_EQ(ast("[]"), "(list)");
  EXPECT_EQ(ast("[a]"), "(list (ident a))");
  EXPECT_EQ(ast("stack [s \"bd\", fast 2 $ s \"hh\"]"),
            "(app (ident stack) (list (app (ident s) (str \"bd\")) (op $ (app (ident fast) (num 2)) (app (ident s) "
            "(str \"hh\")))))");
  EXPECT_EQ(ast("(0.25, 0.75)"), "(tuple (num 0.25) (num 0.75))");
  EXPECT_EQ(ast("[(\"bd\", 1), (\"sn\", 0.5)]"), "(list (tuple (str \"bd\") (num 1)) (tuple (str \"sn\") (num 0.5)))");
  EXPECT_EQ(ast("(a, b, c)"), "(tuple (ident a) (ident b) (ident c))");
}

TEST(ParserExpr, KeywordArguments) {
  EXPECT_EQ(ast("delay 0.25 :mix 0.3"), "(app (ident delay) (num 0.25) (kw mix (num 0.3)))");
  EXPECT_EQ(ast("reverb :mix -0.5 :room (fast 2 x)"),
            "(app (ident reverb) (kw mix (num -0.5)) (kw room (app (ident fast) (num 2) (ident x))))");
  EXPECT_EQ(ast("x # delay 0.25 :mix 0.3 # gain 1"),
            "(op # (op # (ident x) (app (ident delay) (num 0.25) (kw mix (num 0.3)))) (app (ident gain) (num 1)))");
  EXPECT_EQ(ast(":mix 0.3"), "ERROR: keyword argument `:mix` without a function");
  EXPECT_EQ(ast("f : mix"), "ERROR: unexpected `:`");
}

TEST(ParserExpr, LineBreaksAndCommentsInExpressionMode) {
  EXPECT_EQ(ast("fast 2\n  $ s \"bd\" -- c\n{- d -}"),
            "(op $ (app (ident fast) (num 2)) (app (ident s) (str \"bd\")))");
}

TEST(ParserExpr, Errors) {
  EXPECT_EQ(ast(""), "ERROR: empty expression");
  EXPECT_EQ(ast("-- only a comment"), "ERROR: empty expression");
  EXPECT_EQ(ast("(a"), "ERROR: unclosed `(`");
  EXPECT_EQ(ast("[a, b"), "ERROR: unclosed `[`");
  EXPECT_EQ(ast("[a, b)"), "ERROR: expected `]`, found `)`");
  EXPECT_EQ(ast("a)"), "ERROR: unmatched `)`");
  EXPECT_EQ(ast("f $"), "ERROR: missing expression after `$`");
  EXPECT_EQ(ast("a + # b"), "ERROR: missing expression after `+`, found operator `#`");
  EXPECT_EQ(ast("# speed 2"), "ERROR: unexpected operator `#`");
  EXPECT_EQ(ast("()"), "ERROR: empty parentheses `()`");
  EXPECT_EQ(ast("[a,]"), "ERROR: expected an expression after `,`, found `]`");
  EXPECT_EQ(ast("(a,)"), "ERROR: expected an expression after `,`, found `)`");
  EXPECT_EQ(ast("f \"bd"), "ERROR: unterminated string literal");
  EXPECT_EQ(ast("a +++ b"), "ERROR: unknown operator `+++`");
  EXPECT_EQ(ast("a, b"), "ERROR: unexpected `,`");
  EXPECT_EQ(ast("f (# $)"), "ERROR: missing expression after `#`, found operator `$`");
  EXPECT_EQ(ast("f (# )"), "(app (ident f) (opref #))");
}

TEST(ParserExpr, NestingLimitIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  EXPECT_EQ(ast(deep + "a" + std::string(5000, ')')), "ERROR: expression is nested too deeply");
  std::string chain = "a";
  for (int i = 0; i < 5000; ++i) chain += " + a";
  EXPECT_EQ(ast(chain), "ERROR: expression is nested too deeply");
  std::string rchain = "a";
  for (int i = 0; i < 5000; ++i) rchain += " $ a";
  EXPECT_EQ(ast(rchain), "ERROR: expression is nested too deeply");
  // A realistic long chain is fine.
  std::string ok = "s \"bd\"";
  for (int i = 0; i < 100; ++i) ok += " # gain 1";
  EXPECT_EQ(ast(ok).rfind("(op #", 0), 0u);
}

TEST(ParserExpr, Spans) {
  auto file = std::make_shared<SourceFile>("<expr>", "fast 2 (s \"bd sn\") # n (-1)");
  Diagnostics diags;
  ExprPtr e = parse_expression(file, diags);
  ASSERT_TRUE(e);
  auto text = [&](const SourceSpan& s) { return file->text.substr(s.begin, s.end - s.begin); };
  EXPECT_EQ(e->kind, ExprKind::BinOp);
  EXPECT_EQ(text(e->span), "fast 2 (s \"bd sn\") # n (-1)");
  const Expr& app = *e->items[0];
  EXPECT_EQ(text(app.span), "fast 2 (s \"bd sn\")");  // includes the closing parenthesis
  const Expr& inner = *app.items[2];
  EXPECT_EQ(text(inner.span), "s \"bd sn\"");
  const Expr& str = *inner.items[1];
  EXPECT_EQ(str.kind, ExprKind::String);
  EXPECT_EQ(str.text, "bd sn");
  EXPECT_EQ(text(str.span), "\"bd sn\"");
  EXPECT_EQ(text(str.content_span()), "bd sn");
  const Expr& neg = *e->items[1]->items[1];
  EXPECT_EQ(neg.kind, ExprKind::Number);
  EXPECT_EQ(neg.number, -1.0);
  EXPECT_EQ(text(neg.span), "-1");
}

TEST(ParserExpr, NumberTextKeepsTheSpelling) {
  auto file = std::make_shared<SourceFile>("<expr>", "f 0.1 -2.50");
  Diagnostics diags;
  ExprPtr e = parse_expression(file, diags);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->items[0]->items[1]->text, "0.1");
  EXPECT_EQ(e->items[1]->text, "2.50");
  EXPECT_EQ(e->items[1]->number, 2.5);
}

}  // namespace
}  // namespace phonon
