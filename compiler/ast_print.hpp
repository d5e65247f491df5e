// A stable, fully parenthesised S-expression form of the AST, for golden tests and `phonon compile
// --dump=ast`.
//   expressions: (num 0.25) (str "bd sn") (ident fast) (bus drums) (app F A B ...) (op # L R)
//                (section-left <~ L) (section-right # R) (opref +) (list ...) (tuple ...) (kw mix V)
//   statements:  (tempo E) (bpm E [E2]) (bus NAME E) (out E) (output N E) (hush) (hush N)
// Numbers print in their shortest round-trip decimal form; string contents print with `\` and `"` escaped.
#pragma once
#include <string>

#include "compiler/ast.hpp"

namespace phonon {

// One statement per line, each line ending with '\n'.
std::string print_ast(const Program& program);
std::string print_stmt(const Stmt& stmt);
std::string print_expr(const Expr& expr);

}  // namespace phonon
