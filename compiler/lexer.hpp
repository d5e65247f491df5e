// The .ph lexer: source text -> tokens. Comments (`--` to end of line, nestable `{- -}`) and white space are
// skipped; the statement structure (a line beginning with white space continues the previous statement) is
// recorded in Token::stmt_start.
#pragma once
#include <memory>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"
#include "compiler/token.hpp"

namespace phonon {

// Tokenises the whole file. Never throws and never fails: lexical errors (unterminated string or block
// comment, unknown character or operator, `.5`) are reported to `diags` and produce an Error token covering
// the bad text. The result always ends with exactly one End token.
std::vector<Token> lex(const std::shared_ptr<const SourceFile>& file, Diagnostics& diags);

}  // namespace phonon
