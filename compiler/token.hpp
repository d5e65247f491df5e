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
  Error,  // a lexical error (already reported as a diagnostic); the statement holding it is skipped
  End,    // end of input (always the last token)
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
};

enum class Assoc { Left, Right };

struct OperatorInfo {
  std::string_view symbol;
  int precedence;  // 0 ($) .. 9 (.), Haskell's fixity levels
  Assoc assoc;
};

// The operator with exactly this symbol, or nullptr.
const OperatorInfo* find_operator(std::string_view symbol);

// Human-readable token kind ("number", "string", "`(`", ...), for error messages.
const char* token_kind_name(TokenKind kind);

}  // namespace phonon
