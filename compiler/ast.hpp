// The .ph abstract syntax tree: statements of a file and Tidal-style expressions. Produced by the parser
// (compiler/parser.hpp), printed by print_ast (compiler/ast_print.hpp), consumed by the elaborator.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/source.hpp"

namespace phonon {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

// A definition `name p1 p2 = body` (in a `let` statement, `let ... in`, or `where`). With no parameters it names a
// value (`pat = "bd sn"`); with parameters it is a function (`f p = every 2 (fast 2) p`).
struct Binding {
  std::string name;
  SourceSpan name_span;
  std::vector<std::string> params;  // "_" for a wildcard parameter
  ExprPtr body;
  SourceSpan span;  // the whole definition
};

enum class ExprKind {
  Number,      // 2, 0.25, -1           -> number
  String,      // "bd sn"               -> text = contents without quotes (mini-notation is parsed later, by type)
  Ident,       // fast, s, rev, id      -> text = name
  BusRef,      // ~bass                 -> text = name without '~'
  App,         // f a b                 -> items = {f, a, b} (juxtaposition, flattened, at least 2 items)
  BinOp,       // a # b, a + b, f . g   -> text = operator symbol, items = {lhs, rhs}
  SectionL,    // (0.25 <~)  (1 +)      -> text = operator, items = {lhs}: a function of the missing right operand
  SectionR,    // (# speed 2) (|+ n 1)  -> text = operator, items = {rhs}: a function of the missing left operand
  OpRef,       // (+) (#)               -> text = operator, no items
  List,        // [a, b, c]             -> items
  Tuple,       // (a, b)                -> items (size >= 2)
  KeywordArg,  // :mix 0.3              -> text = keyword name without ':', items = {value}
  Lambda,      // \x y -> body          -> params = {"x", "y"}, items = {body}
  Let,         // let a = 1 in body     -> bindings, items = {body}; also `body where a = 1`
  If,          // if c then a else b    -> items = {c, a, b}
  Range,       // [a .. b] [a, s .. b]  -> items = {a, b} or {a, s, b}
  Annot,       // (e :: Pattern Double) -> text = the type as written (white space normalised), items = {e}
};

struct Expr {
  ExprKind kind;
  SourceSpan span;
  double number = 0.0;
  std::string text;
  std::vector<ExprPtr> items;
  std::vector<std::string> params;  // Lambda
  std::vector<Binding> bindings;    // Let
  // For String: span covers the quotes; the contents start at span.begin + 1 (use content_span()).
  SourceSpan content_span() const { return kind == ExprKind::String ? span.sub(1, text.size()) : span; }
};

enum class StmtKind {
  Tempo,   // tempo: / cps:  -> expr (a number expression)
  Bpm,     // bpm: 120 [beats] -> expr = bpm, expr2 = beats per cycle (may be null: 4)
  Bus,     // ~name: expr / ~name $ expr -> name (without '~')
  Out,     // out: expr / out $ expr
  Output,  // o1: expr / d1 $ expr -> index (1-based)
  Hush,    // hush (index 0 = everything) / hush o2 (index 2)
  Let,     // let a = 1 / let f p = ... (several by indentation) -> bindings; in scope for every later statement
};

struct Stmt {
  StmtKind kind;
  SourceSpan span;       // the whole statement
  SourceSpan name_span;  // the statement head (for "duplicate output" errors)
  std::string name;
  int index = 0;
  ExprPtr expr;
  ExprPtr expr2;
  std::vector<Binding> bindings;  // Let
};

struct Program {
  std::shared_ptr<const SourceFile> file;
  std::vector<Stmt> statements;
};

}  // namespace phonon
