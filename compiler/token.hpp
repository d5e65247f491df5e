// Tokens of the .ph language and the operator table (symbols, Haskell/Tidal fixities).
// Produced by the lexer (compiler/lexer.hpp), consumed by the parser (compiler/parser.hpp).
#pragma once
#include <cstdint>
#include <string_view>

namespace phonon {

enum class TokenKind {
  Number,    // 2, 0.25, 1e3 (never negative: a leading '-' is an Operator token; the parser folds it)
  String,    // "bd sn" -> text includes the quotes
  Ident,     // fast, every', _x
  BusRef,    // ~bass -> text includes the '~'
  Operator,  // one of the symbols in the operator table, e.g. # $ . |+| <~
  Colon,     // :   (statement separator `o1:`; `:name` adjacent to an Ident is a keyword argument)
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  LBrace,     // {   (explicit layout: `do { d1 $ ...; d2 $ ... }`, `let { a = 1; b = 2 }`)
  RBrace,     // }
  Semicolon,  // ;
  Reserved,   // Haskell's reserved symbols: = \ -> <- .. | :: => @
  Error,      // a lexical error (already reported as a diagnostic); the statement holding it is skipped
  End,        // end of input (always the last token)
};

struct Token {
  TokenKind kind = TokenKind::End;
  uint32_t begin = 0;  // byte offsets into SourceFile::text, half-open
  uint32_t end = 0;
  std::string_view text;  // view into SourceFile::text (empty for End)
  double number = 0.0;    // for Number
  // True if this token is the first token of its line and that line does not begin with white space:
  // such a token starts a new statement. Tokens on indented lines continue the previous statement.
  bool stmt_start = false;
  // True if white space or a comment separates this token from the previous one (or it is the first token).
  bool space_before = true;
  // True if this is the first token of its line (what the layout rule of `let`, `where` and `do` looks at).
  bool line_first = false;
  // The column of the token's first character, counted from 0; a tab advances to the next multiple of 8 and a
  // Unicode space counts as one column (Haskell's layout rule).
  uint32_t col = 0;
};

enum class Assoc { Left, Right };

struct OperatorInfo {
  std::string_view symbol;
  int precedence;  // 0 ($) .. 9 (.), Haskell's fixity levels
  Assoc assoc;
};

// The operator with exactly this symbol, or nullptr. A function name in backquotes (`` `div` ``) is an operator
// too, with the Prelude's fixity for div/mod/quot/rem (infixl 7) and elem (infix 4), else Haskell's default
// (infixl 9).
const OperatorInfo* find_operator(std::string_view symbol);

// Human-readable token kind ("number", "string", "`(`", ...), for error messages.
const char* token_kind_name(TokenKind kind);

}  // namespace phonon
