// The .ph parser: tokens -> AST (compiler/ast.hpp). Statements are one per line (an indented line continues
// the previous one); expressions use Haskell/Tidal fixities (LANGUAGE.md §1–2).
#pragma once
#include <memory>

#include "compiler/ast.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"

namespace phonon {

// Maximum nesting depth of an expression tree (parentheses, lists, operator chains). Deeper input is reported
// as an error, so that every later recursive pass over the AST is safe from stack exhaustion.
inline constexpr int kMaxExprDepth = 200;

// Node contents beyond compiler/ast.hpp's comments:
//  - Number: `number` is the value; `text` keeps the literal's spelling ("0.25", "-1", "1e3") so that later
//    stages can convert decimals to exact rationals.
//  - String: `text` is the raw contents between the quotes, byte for byte (a `\"` stays as the two characters
//    backslash and quote), so that content_span() maps every character of `text` to its source position.
//  - Parentheses produce no node (`(a)` is `a`); the span of a node never includes the parentheses around it.
//  - Besides the forms listed in LANGUAGE.md, a line that begins with `)`, `]`, `,`, `:` or an operator
//    continues the statement above it even when not indented (no statement can start with one).
//  - `f -1` is a subtraction (as in Haskell) and draws a warning suggesting `f (-1)`.

// Parses a whole file. Never throws. Every error is added to `diags` (file:line:col + caret + hint); after an
// error the rest of that statement is skipped and parsing continues with the next statement, so all errors of
// a file are reported. The returned Program holds only the statements that parsed without error.
Program parse_program(std::shared_ptr<const SourceFile> file, Diagnostics& diags);

// Parses the whole text as one expression (line breaks are white space; comments are allowed), as used by
// `phonon query -e` and the conformance cases. Returns nullptr (with diagnostics) on any error. Never throws.
ExprPtr parse_expression(std::shared_ptr<const SourceFile> file, Diagnostics& diags);

}  // namespace phonon
