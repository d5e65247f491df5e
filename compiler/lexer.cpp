#include "compiler/lexer.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <string>

#include "compiler/unicode_space.hpp"

namespace phonon {

namespace {

// Haskell/Tidal fixities. `~+ ~- ~* ~/` (the prototype's signal arithmetic) share + - * /'s fixity. The Prelude's
// operators (`++ !! <$> == && ...`) have their Haskell fixities; Haskell's non-associative `infix 4` comparisons
// are left-associative here (a chain of them is a type error in Haskell anyway).
constexpr std::array<OperatorInfo, 52> kOperators = {{
    {".", 9, Assoc::Right},  {"*", 7, Assoc::Left},    {"/", 7, Assoc::Left},   {"~*", 7, Assoc::Left},
    {"~/", 7, Assoc::Left},  {"+", 6, Assoc::Left},    {"-", 6, Assoc::Left},   {"~+", 6, Assoc::Left},
    {"~-", 6, Assoc::Left},  {"<~", 5, Assoc::Left},   {"~>", 5, Assoc::Left},  {"#", 1, Assoc::Left},
    {"|+|", 1, Assoc::Left}, {"|+", 1, Assoc::Left},   {"+|", 1, Assoc::Left},  {"|-|", 1, Assoc::Left},
    {"|-", 1, Assoc::Left},  {"-|", 1, Assoc::Left},   {"|*|", 1, Assoc::Left}, {"|*", 1, Assoc::Left},
    {"*|", 1, Assoc::Left},  {"|/|", 1, Assoc::Left},  {"|/", 1, Assoc::Left},  {"/|", 1, Assoc::Left},
    {"|<|", 1, Assoc::Left}, {"|<", 1, Assoc::Left},   {"<|", 1, Assoc::Left},  {"|>|", 1, Assoc::Left},
    {"|>", 1, Assoc::Left},  {">|", 1, Assoc::Left},   {"|%|", 1, Assoc::Left}, {"|%", 1, Assoc::Left},
    {"%|", 1, Assoc::Left},  {"|++|", 1, Assoc::Left}, {"|++", 1, Assoc::Left}, {"++|", 1, Assoc::Left},
    {"$", 0, Assoc::Right},  {"!!", 9, Assoc::Left},   {"^", 8, Assoc::Right},  {"**", 8, Assoc::Right},
    {"<>", 6, Assoc::Right}, {"++", 5, Assoc::Right},  {"<$>", 4, Assoc::Left}, {"<*>", 4, Assoc::Left},
    {"==", 4, Assoc::Left},  {"/=", 4, Assoc::Left},   {"<", 4, Assoc::Left},   {"<=", 4, Assoc::Left},
    {">", 4, Assoc::Left},   {">=", 4, Assoc::Left},   {"&&", 3, Assoc::Right}, {"||", 2, Assoc::Right},
}};

// Haskell's reserved symbols: they are syntax, never operators.
bool is_reserved_symbol(std::string_view s) {
  return s == "=" || s == "\\" || s == "->" || s == "<-" || s == ".." || s == "|" || s == "::" || s == "=>" || s == "@";
}

constexpr bool all_symbols_set() {
  for (const auto& op : kOperators)
    if (op.symbol.empty()) return false;
  return true;
}
static_assert(all_symbols_set(), "kOperators: the array size must equal the number of entries");

bool is_symbol_char(char c) {
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '*':
    case '+':
    case '.':
    case '/':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '\\':
    case '^':
    case '|':
    case '-':
    case '~': return true;
    default: return false;
  }
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c) || c == '\''; }

std::string describe_char(unsigned char c) {
  if (c >= 0x21 && c < 0x7f) return std::string("`") + static_cast<char>(c) + "`";
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return std::string("byte ") + buf;
}

class Lexer {
 public:
  Lexer(const std::shared_ptr<const SourceFile>& file, Diagnostics& diags)
      : file_(file), text_(file->text), diags_(diags) {
    if (text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // a UTF-8 byte order mark
  }

  std::vector<Token> run() {
    while (true) {
      skip_space_and_comments();
      if (pos_ >= text_.size()) break;
      lex_token();
    }
    Token end;
    end.kind = TokenKind::End;
    end.begin = end.end = static_cast<uint32_t>(text_.size());
    end.stmt_start = true;
    end.space_before = true;
    tokens_.push_back(end);
    return std::move(tokens_);
  }

 private:
  SourceSpan span(size_t b, size_t e) const {
    return SourceSpan{file_, static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
  }
  char at(size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  uint32_t column_of(size_t b) const {
    uint32_t col = 0;
    for (size_t i = line_begin_; i < b;) {
      if (text_[i] == '\t') {
        col = (col / 8 + 1) * 8;
        ++i;
      } else if (size_t n = unicode_space_length(text_, i)) {
        ++col;
        i += n;
      } else {
        // A UTF-8 continuation byte does not start a character.
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
        ++i;
      }
    }
    return col;
  }

  void newline_at(size_t i) {
    line_begin_ = i + 1;
    line_has_token_ = false;
  }

  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        newline_at(pos_);
        ++pos_;
        space_ = true;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
        space_ = true;
      } else if (size_t n = unicode_space_length(text_, pos_)) {
        pos_ += n;
        space_ = true;
      } else if (c == '-' && at(pos_ + 1) == '-') {
        // `--` (and `---`, `--|`, ...) starts a line comment. Operators containing `--` never exist, and an
        // operator run like `#--` is split before its dashes by lex_symbol().
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        space_ = true;
      } else if (c == '{' && at(pos_ + 1) == '-') {
        skip_block_comment();
        space_ = true;
      } else {
        return;
      }
    }
  }

  void skip_block_comment() {
    size_t open = pos_;
    int depth = 0;
    while (pos_ < text_.size()) {
      if (text_[pos_] == '{' && at(pos_ + 1) == '-') {
        ++depth;
        pos_ += 2;
      } else if (text_[pos_] == '-' && at(pos_ + 1) == '}') {
        pos_ += 2;
        if (--depth == 0) return;
      } else {
        if (text_[pos_] == '\n') newline_at(pos_);
        ++pos_;
      }
    }
    diags_.error(span(open, open + 2), "unterminated block comment", "a block comment `{-` must be closed by `-}`");
  }

  void push(TokenKind kind, size_t b, size_t e, double number = 0.0) {
    Token t;
    t.kind = kind;
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.text = std::string_view(text_).substr(b, e - b);
    t.number = number;
    t.space_before = space_;
    char first = at(line_begin_);
    t.stmt_start = !line_has_token_ && !(first == ' ' || first == '\t' || unicode_space_length(text_, line_begin_));
    t.line_first = !line_has_token_;
    t.col = column_of(b);
    line_has_token_ = true;
    space_ = false;
    tokens_.push_back(t);
  }

  void error_token(size_t b, size_t e, std::string message, std::string hint = {}) {
    diags_.error(span(b, e), std::move(message), std::move(hint));
    push(TokenKind::Error, b, e);
  }

  void lex_token() {
    size_t b = pos_;
    char c = text_[pos_];
    if (is_digit(c)) return lex_number();
    if (is_ident_start(c)) {
      while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
      return push(TokenKind::Ident, b, pos_);
    }
    if (c == '~' && is_ident_start(at(pos_ + 1))) {
      ++pos_;
      while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
      return push(TokenKind::BusRef, b, pos_);
    }
    if (c == '"') return lex_string();
    if (is_symbol_char(c)) return lex_symbol();
    ++pos_;
    switch (c) {
      case '(': return push(TokenKind::LParen, b, pos_);
      case ')': return push(TokenKind::RParen, b, pos_);
      case '[': return push(TokenKind::LBracket, b, pos_);
      case ']': return push(TokenKind::RBracket, b, pos_);
      case ',': return push(TokenKind::Comma, b, pos_);
      case ':':
        if (at(pos_) == ':') return push(TokenKind::Reserved, b, ++pos_);
        return push(TokenKind::Colon, b, pos_);
      case '{': return push(TokenKind::LBrace, b, pos_);
      case '}': return push(TokenKind::RBrace, b, pos_);
      case ';': return push(TokenKind::Semicolon, b, pos_);
      default: break;
    }
    if (c == '\'') {
      return error_token(b, pos_, "unexpected `'`",
                         "`'` may only appear inside a name (`every'`); mini-notation chords go in a string: "
                         "note \"c'maj\"");
    }
    if (c == '`') {  // `div`: a function used as an infix operator
      size_t e = pos_;
      while (e < text_.size() && is_ident_char(text_[e])) ++e;
      if (e > pos_ && is_ident_start(text_[pos_]) && at(e) == '`') {
        pos_ = e + 1;
        return push(TokenKind::Operator, b, pos_);
      }
      return error_token(b, pos_, "unexpected '`'",
                         "a function used as an operator is written `div` (a name in backquotes)");
    }
    // A run of non-ASCII bytes (a UTF-8 sequence or binary garbage) is one error.
    if (static_cast<unsigned char>(c) >= 0x80) {
      while (pos_ < text_.size() && static_cast<unsigned char>(text_[pos_]) >= 0x80) ++pos_;
      return error_token(b, pos_, "unexpected non-ASCII character",
                         "names and operators are ASCII; text may only "
                         "appear in strings and comments");
    }
    std::string hint;
    return error_token(b, pos_, "unexpected character " + describe_char(static_cast<unsigned char>(c)), hint);
  }

  void lex_number() {
    size_t b = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (at(pos_) == '.' && is_digit(at(pos_ + 1))) {
      ++pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if ((at(pos_) == 'e' || at(pos_) == 'E') &&
        (is_digit(at(pos_ + 1)) || ((at(pos_ + 1) == '+' || at(pos_ + 1) == '-') && is_digit(at(pos_ + 2))))) {
      pos_ += 2;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    double value = 0.0;
    const char* first = text_.data() + b;
    const char* last = text_.data() + pos_;
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last) {
      return error_token(b, pos_, "number out of range", "numbers must fit a 64-bit floating point value");
    }
    push(TokenKind::Number, b, pos_, value);
  }

  void lex_string() {
    size_t b = pos_;
    ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return push(TokenKind::String, b, pos_);
      }
      if (c == '\n') break;
      if (c == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n') {
        pos_ += 2;  // \" and \\ do not end the string; contents are kept verbatim
        continue;
      }
      ++pos_;
    }
    // Point at the opening quote; the rest of the line is swallowed by the Error token.
    diags_.error(span(b, b + 1), "unterminated string literal", "close the string with `\"` on the same line");
    push(TokenKind::Error, b, pos_);
  }

  void lex_symbol() {
    size_t b = pos_;
    size_t e = pos_;
    while (e < text_.size() && is_symbol_char(text_[e])) {
      if (text_[e] == '~' && e > b && is_ident_start(at(e + 1))) break;  // `#~bus`: the bus starts here
      if (text_[e] == '-' && at(e + 1) == '-' && e > b) break;           // `#-- comment`
      ++e;
    }
    std::string_view run = std::string_view(text_).substr(b, e - b);
    if (run == "." && is_digit(at(e))) {
      size_t ne = e;
      while (ne < text_.size() && is_digit(text_[ne])) ++ne;
      pos_ = ne;
      std::string digits(text_.substr(e, ne - e));
      return error_token(b, ne, "a number must start with a digit", "write `0." + digits + "`");
    }
    if (find_operator(run)) {
      pos_ = e;
      return push(TokenKind::Operator, b, e);
    }
    if (is_reserved_symbol(run)) {
      pos_ = e;
      return push(TokenKind::Reserved, b, e);
    }
    // `#-1`, `*-1`: an operator glued to the sign of a number. Split before the `-` (lexed on the next
    // round).
    for (size_t len = run.size() - 1; len >= 1; --len) {
      std::string_view rest = run.substr(len);
      if (find_operator(run.substr(0, len)) && rest == "-" && is_digit(at(e))) {
        pos_ = b + len;
        return push(TokenKind::Operator, b, pos_);
      }
    }
    pos_ = e;
    std::vector<std::string> names;
    for (const auto& op : kOperators) names.emplace_back(op.symbol);
    std::string best = closest_match(std::string(run), names);
    std::string hint = best.empty() ? "known operators: . * / + - <~ ~> # |+| |+ +| (and the other |op| forms) $"
                                    : "did you mean `" + best + "`?";
    if (run == "~")
      hint =
          "a bus reference is `~name` (a letter right after `~`); a rest `~` belongs in mini-notation: \"bd "
          "~ sn\"";
    error_token(b, e, "unknown operator `" + std::string(run) + "`", hint);
  }

  std::shared_ptr<const SourceFile> file_;
  const std::string& text_;
  Diagnostics& diags_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t line_begin_ = 0;
  bool line_has_token_ = false;
  bool space_ = true;
};

}  // namespace

const OperatorInfo* find_operator(std::string_view symbol) {
  for (const auto& op : kOperators)
    if (op.symbol == symbol) return &op;
  if (symbol.size() >= 3 && symbol.front() == '`' && symbol.back() == '`') {
    static constexpr OperatorInfo kMultiplicative{"`", 7, Assoc::Left};
    static constexpr OperatorInfo kComparison{"`", 4, Assoc::Left};
    static constexpr OperatorInfo kDefault{"`", 9, Assoc::Left};
    std::string_view name = symbol.substr(1, symbol.size() - 2);
    if (name == "div" || name == "mod" || name == "quot" || name == "rem") return &kMultiplicative;
    if (name == "elem" || name == "notElem") return &kComparison;
    return &kDefault;
  }
  return nullptr;
}

const char* token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::Number: return "number";
    case TokenKind::String: return "string";
    case TokenKind::Ident: return "name";
    case TokenKind::BusRef: return "bus reference";
    case TokenKind::Operator: return "operator";
    case TokenKind::Colon: return "`:`";
    case TokenKind::LParen: return "`(`";
    case TokenKind::RParen: return "`)`";
    case TokenKind::LBracket: return "`[`";
    case TokenKind::RBracket: return "`]`";
    case TokenKind::Comma: return "`,`";
    case TokenKind::LBrace: return "`{`";
    case TokenKind::RBrace: return "`}`";
    case TokenKind::Semicolon: return "`;`";
    case TokenKind::Reserved: return "symbol";
    case TokenKind::Error: return "invalid token";
    case TokenKind::End: return "end of input";
  }
  return "token";
}

std::vector<Token> lex(const std::shared_ptr<const SourceFile>& file, Diagnostics& diags) {
  return Lexer(file, diags).run();
}

}  // namespace phonon
