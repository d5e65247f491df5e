// Recursive-descent parser for Tidal's mini-notation (grammar of ParseBP.hs), producing MiniNode trees.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "compiler/diagnostics.hpp"
#include "compiler/mini/mini.hpp"
#include "compiler/numbers.hpp"
#include "compiler/pattern/ops.hpp"
#include "compiler/unicode_space.hpp"

namespace phonon::mini {

// "a number", "an integer", ... for messages.
static std::string a_type(ElemType t) {
  std::string n = elem_type_name(t);
  return (n[0] == 'i' ? "an " : "a ") + n;
}

const char* elem_type_name(ElemType t) {
  switch (t) {
    case ElemType::String: return "string";
    case ElemType::Number: return "number";
    case ElemType::Note: return "note";
    case ElemType::Bool: return "boolean";
    case ElemType::Int: return "integer";
    case ElemType::Time: return "time";
  }
  return "?";
}

bool parse_note_name(std::string_view w, double& out) {
  if (w.empty()) return false;
  int base;
  switch (w[0]) {
    case 'c': base = 0; break;
    case 'd': base = 2; break;
    case 'e': base = 4; break;
    case 'f': base = 5; break;
    case 'g': base = 7; break;
    case 'a': base = 9; break;
    case 'b': base = 11; break;
    default: return false;
  }
  size_t i = 1;
  int mod = 0;
  while (i < w.size() && (w[i] == 's' || w[i] == 'f' || w[i] == 'n')) {
    mod += w[i] == 's' ? 1 : (w[i] == 'f' ? -1 : 0);
    ++i;
  }
  int octave = 5;
  if (i < w.size()) {
    size_t j = i;
    while (j < w.size() && std::isdigit(static_cast<unsigned char>(w[j]))) ++j;
    if (j != w.size() || j == i || j - i > 3) return false;  // octaves 0..999
    octave = std::atoi(std::string(w.substr(i)).c_str());
  }
  out = base + mod + (octave - 5) * 12.0;
  return true;
}

namespace {

class Parser {
 public:
  Parser(std::string_view text, const SourceSpan& span, ElemType type)
      : spaced_(with_ascii_spaces(text)), s_(spaced_), span_(span), type_(type) {}

  MiniNodePtr parse_top() {
    auto seq = sequence(type_);
    auto node = stack_tail(seq, type_);
    skip_ws();
    if (!eof()) {
      char c = s_[pos_];
      if (c == ']' || c == '>' || c == '}' || c == ')')
        fail(pos_, 1, std::string("unbalanced `") + c + "`: no matching opening bracket");
      fail(pos_, 1, std::string("unexpected `") + c + "` in mini-notation");
    }
    return node;
  }

 private:
  std::string spaced_;  // the text with Unicode spaces (U+00A0, ...) as ASCII spaces, byte offsets unchanged
  std::string_view s_;
  SourceSpan span_;
  ElemType type_;
  size_t pos_ = 0;
  int seed_ = 0;
  int nesting_ = 0;  // open sequences (bracket levels) on the parser's call stack

  // Bounds the recursion (and the depth of the tree and of the pattern built from it), so that a pasted or generated
  // string cannot overflow the stack. Entered by every sequence; the caret goes at the character that opened it.
  struct NestGuard {
    Parser& p;
    explicit NestGuard(Parser& p_) : p(p_) {
      if (++p.nesting_ > kMaxMiniDepth) {
        size_t at = p.pos_ > 0 ? p.pos_ - 1 : 0;
        p.fail(at, 1, "mini-notation is nested too deeply",
               "at most " + std::to_string(kMaxMiniDepth) +
                   " levels of `[ ]`, `< >`, `{ }` are supported; split the pattern into named buses (`~part: ...`)");
      }
    }
    ~NestGuard() { --p.nesting_; }
    NestGuard(const NestGuard&) = delete;
    NestGuard& operator=(const NestGuard&) = delete;
  };

  [[noreturn]] void fail(size_t at, size_t len, const std::string& msg, const std::string& hint = {}) {
    throw_error(span_.sub(static_cast<uint32_t>(at), static_cast<uint32_t>(std::max<size_t>(len, 1))), msg, hint);
  }
  // A word where a number is expected: error at the word, with a hint for the usual causes.
  [[noreturn]] void bad_word(size_t at, const std::string& w, ElemType t) {
    std::string hint;
    if (t == ElemType::Time || t == ElemType::Int) {
      hint = std::string("this is ") + a_type(t) + " pattern: numbers like 2, 0.5 or 1%3";
    } else {
      hint = "numbers look like 1, -0.5 or note names like c, cs5, ef3";
    }
    const bool end = w.empty() || w == std::string(1, '\0');  // peek() at the end of the text
    fail(at, w.size(), "expected " + a_type(t) + " but found " + (end ? "the end of the pattern" : "`" + w + "`"),
         hint);
  }
  bool eof() const { return pos_ >= s_.size(); }
  char peek(size_t k = 0) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }
  void skip_ws() {
    while (!eof() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  SourceSpan sp(size_t b, size_t e) const {
    return span_.sub(static_cast<uint32_t>(b), static_cast<uint32_t>(e > b ? e - b : 1));
  }
  std::shared_ptr<MiniNode> node(MiniKind k, size_t b) {
    auto n = std::make_shared<MiniNode>();
    n->kind = k;
    n->span = sp(b, pos_);
    return n;
  }

  static bool is_seq_end(char c) {
    return c == '\0' || c == ']' || c == '>' || c == '}' || c == ',' || c == '|' || c == ')';
  }

  // pSequence
  MiniNodePtr sequence(ElemType t) {
    NestGuard guard(*this);
    skip_ws();
    size_t begin = pos_;
    std::vector<MiniNodePtr> steps;
    std::vector<std::vector<MiniNodePtr>> feet;
    bool has_feet = false;
    while (true) {
      skip_ws();
      char c = peek();
      if (is_seq_end(c)) break;
      if (c == '.' && peek(1) != '.') {
        ++pos_;
        has_feet = true;
        feet.push_back(std::move(steps));
        steps.clear();
        continue;
      }
      if (c == '.' && peek(1) == '.') fail(pos_, 2, "`..` needs a value on its left");
      if (t == ElemType::Bool) binary_digit_steps(steps);
      size_t step_begin = pos_;
      MiniNodePtr a = part(t);
      skip_ws();
      if (peek() == '.' && peek(1) == '.') {
        pos_ += 2;
        skip_ws();
        MiniNodePtr b = part(t);
        auto n = node(MiniKind::EnumFromTo, step_begin);
        n->children = {a, b};
        a = n;
      } else if (peek() == '@' || peek() == '_') {
        Rational w(1);
        while (peek() == '@' || peek() == '_') {
          ++pos_;
          Rational r(1);
          if (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '-' || peek() == '.')
            r = ratio() - Rational(1);
          w += r;
          skip_ws();
        }
        if (w < Rational(0))
          fail(step_begin, pos_ - step_begin, "the weight of a step must not be negative",
               "`@` gives a step a relative length, e.g. `bd@3 sn` (3 : 1)");
        auto n = node(MiniKind::Elongate, step_begin);
        n->children = {a};
        n->weight = w;
        a = n;
      } else if (peek() == '!') {
        int64_t count = 1;
        while (peek() == '!') {
          ++pos_;
          if (std::isdigit(static_cast<unsigned char>(peek()))) {
            size_t b = pos_;
            while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
            auto k = parse_int(s_.substr(b, pos_ - b), 65536);
            if (!k) fail(b, pos_ - b, "replication count too large", "at most 65536");
            count += *k - 1;
          } else {
            count += 1;
          }
          skip_ws();
        }
        auto n = node(MiniKind::Repeat, step_begin);
        n->children = {a};
        n->count = count;
        a = n;
      }
      steps.push_back(a);
    }
    auto seq = node(MiniKind::Seq, begin);
    if (has_feet) {
      feet.push_back(std::move(steps));
      for (auto& f : feet) {
        auto sub = std::make_shared<MiniNode>();
        sub->kind = MiniKind::Seq;
        sub->span = seq->span;
        sub->children = std::move(f);
        seq->children.push_back(sub);
      }
    } else {
      seq->children = std::move(steps);
    }
    return maybe_rand(seq);
  }

  // Tidal reads booleans digit by digit: `1001` is the four steps `1 0 0 1` of the sequence. Adds all digits of
  // such a run but the last, which is parsed as a step (it may carry modifiers: `10(3,8)` is `1 0(3,8)`).
  void binary_digit_steps(std::vector<MiniNodePtr>& steps) {
    size_t e = pos_;
    while (e < s_.size() && (s_[e] == '0' || s_[e] == '1')) ++e;
    if (e - pos_ < 2 || (e < s_.size() && std::isalnum(static_cast<unsigned char>(s_[e])))) return;
    for (; pos_ + 1 < e; ++pos_) {
      auto n = std::make_shared<MiniNode>();
      n->kind = MiniKind::Atom;
      n->values = {Value::boolean(s_[pos_] == '1')};
      n->span = sp(pos_, pos_ + 1);
      steps.push_back(n);
    }
  }

  // After a sequence inside [ ] (or at top level): `, seq`* (stack) or `| seq`* (random choice).
  MiniNodePtr stack_tail(MiniNodePtr first, ElemType t) {
    skip_ws();
    if (peek() == ',') {
      auto n = std::make_shared<MiniNode>();
      n->kind = MiniKind::Stack;
      n->span = first->span;
      n->children.push_back(first);
      while (peek() == ',') {
        ++pos_;
        n->children.push_back(sequence(t));
        skip_ws();
      }
      return n;
    }
    if (peek() == '|') {
      auto n = std::make_shared<MiniNode>();
      n->kind = MiniKind::Choice;
      n->span = first->span;
      n->children.push_back(first);
      while (peek() == '|') {
        ++pos_;
        n->children.push_back(sequence(t));
        skip_ws();
      }
      n->seed = seed_++;
      return n;
    }
    return first;
  }

  // pPart = (pSingle | pPolyIn | pPolyOut) >>= pE >>= pRand
  MiniNodePtr part(ElemType t) {
    size_t b = pos_;
    MiniNodePtr x;
    char c = peek();
    if (c == '[') {
      x = poly_in(t);
    } else if (c == '{' || c == '<') {
      x = poly_out(t);
    } else if (c == '^') {
      fail(pos_, 1, "pattern variables (`^name`) are not supported");
    } else {
      x = single(t);
    }
    x = euclid(x, b);
    return maybe_rand(x);
  }

  MiniNodePtr single(ElemType t) {
    MiniNodePtr a = atom(t);
    a = maybe_rand(a);
    return mult(a);
  }

  MiniNodePtr maybe_rand(MiniNodePtr x) {
    if (peek() != '?') return x;
    size_t b = pos_;
    ++pos_;
    double amount = 0.5;
    if (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '.') {
      size_t nb = pos_;
      while (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '.') ++pos_;
      std::string num(s_.substr(nb, pos_ - nb));
      auto x = parse_double(num);
      if (!x) fail(nb, pos_ - nb, "bad probability `" + num + "` after `?`");
      amount = *x;
    }
    auto n = node(MiniKind::Degrade, b);
    n->span = x->span.merge(n->span);
    n->children = {x};
    n->amount = amount;
    n->seed = seed_++;
    skip_ws();
    return n;
  }

  MiniNodePtr mult(MiniNodePtr x) {
    char c = peek();
    if (c != '*' && c != '/') return x;
    size_t b = pos_;
    ++pos_;
    skip_ws();
    MiniNodePtr arg;
    if (peek() == '[') {
      arg = poly_in(ElemType::Time);
    } else if (peek() == '{' || peek() == '<') {
      arg = poly_out(ElemType::Time);
    } else {
      size_t ab = pos_;
      if (eof() || is_seq_end(peek()) || std::isspace(static_cast<unsigned char>(peek())))
        fail(b, 1, std::string("expected a number after `") + c + "`");
      auto a = std::make_shared<MiniNode>();
      a->kind = MiniKind::Atom;
      Rational r = ratio();
      a->values = {Value::number(r.to_double())};
      a->span = sp(ab, pos_);
      arg = a;
    }
    auto n = node(c == '*' ? MiniKind::Fast : MiniKind::Slow, b);
    n->span = x->span.merge(n->span);
    n->children = {x};
    n->args = {arg};
    return n;
  }

  MiniNodePtr poly_in(ElemType t) {
    size_t b = pos_;
    ++pos_;  // [
    auto s = sequence(t);
    auto n = stack_tail(s, t);
    skip_ws();
    if (peek() != ']') {
      if (eof()) fail(b, 1, "unclosed `[`", "add a matching `]`");
      fail(pos_, 1, std::string("expected `]` to close the `[` but found `") + peek() + "`");
    }
    ++pos_;
    return mult(n);
  }

  MiniNodePtr poly_out(ElemType t) {
    size_t b = pos_;
    char open = peek();
    char close = open == '{' ? '}' : '>';
    ++pos_;
    std::vector<MiniNodePtr> seqs;
    seqs.push_back(sequence(t));
    skip_ws();
    while (peek() == ',') {
      ++pos_;
      seqs.push_back(sequence(t));
      skip_ws();
    }
    if (peek() != close) {
      if (eof()) fail(b, 1, std::string("unclosed `") + open + "`", std::string("add a matching `") + close + "`");
      fail(pos_, 1, std::string("expected `") + close + "` to close the `" + open + "` but found `" + peek() + "`");
    }
    ++pos_;
    auto n = node(MiniKind::Poly, b);
    n->children = std::move(seqs);
    if (open == '<') {
      auto one = std::make_shared<MiniNode>();
      one->kind = MiniKind::Atom;
      one->values = {Value::number(1)};
      one->span = n->span;
      n->args = {one};
    } else if (peek() == '%') {
      ++pos_;
      n->args = {sequence_of_time()};
    }
    return mult(n);
  }

  MiniNodePtr sequence_of_time() {
    // Tidal: pSequence pRational (a single step in practice: `%4`, `%<4 8>`)
    size_t b = pos_;
    MiniNodePtr x;
    if (peek() == '<' || peek() == '{') x = poly_out(ElemType::Time);
    else if (peek() == '[') x = poly_in(ElemType::Time);
    else {
      auto a = std::make_shared<MiniNode>();
      a->kind = MiniKind::Atom;
      Rational r = ratio();
      a->values = {Value::number(r.to_double())};
      a->span = sp(b, pos_);
      x = a;
    }
    return x;
  }

  MiniNodePtr euclid(MiniNodePtr x, size_t b) {
    if (peek() != '(') return x;
    size_t open = pos_;
    ++pos_;
    std::vector<MiniNodePtr> args;
    args.push_back(sequence(ElemType::Int));
    skip_ws();
    if (peek() != ',') fail(pos_, 1, "expected `,` in Euclidean rhythm `(k,n)`");
    ++pos_;
    args.push_back(sequence(ElemType::Int));
    skip_ws();
    if (peek() == ',') {
      ++pos_;
      args.push_back(sequence(ElemType::Int));
      skip_ws();
    }
    if (peek() != ')') {
      if (eof()) fail(open, 1, "unclosed `(`", "add a matching `)`");
      fail(pos_, 1, "expected `)` to close the Euclidean rhythm");
    }
    ++pos_;
    for (auto& a : args)
      if (a->kind == MiniKind::Seq && a->children.empty())
        fail(open, pos_ - open, "empty argument in Euclidean rhythm");
    auto n = node(MiniKind::Euclid, b);
    n->children = {x};
    n->args = std::move(args);
    return n;
  }

  // pRatio: sign, digits [% digits | . digits] [ratio char] | ratio char
  Rational ratio() {
    size_t b = pos_;
    bool neg = false;
    if (peek() == '-' || peek() == '+') neg = peek() == '-', ++pos_;
    Rational r(1);
    if (std::isdigit(static_cast<unsigned char>(peek()))) {
      size_t nb = pos_;
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
      std::string digits(s_.substr(nb, pos_ - nb));
      if (digits.size() > 15) fail(nb, digits.size(), "number too large");
      r = Rational(std::atoll(digits.c_str()));
      if (peek() == '%') {
        ++pos_;
        size_t db = pos_;
        while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        if (db == pos_) fail(db, 1, "expected a denominator after `%`");
        auto d = parse_int(s_.substr(db, pos_ - db), 999999999999999);
        if (!d) fail(db, pos_ - db, "number too large");
        if (*d == 0) fail(db, pos_ - db, "division by zero in ratio");
        r = r / Rational(*d);
      } else if (peek() == '.' && std::isdigit(static_cast<unsigned char>(peek(1)))) {
        ++pos_;
        size_t fb = pos_;
        while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        std::string num = digits + "." + std::string(s_.substr(fb, pos_ - fb));
        r = Rational::from_double(std::strtod(num.c_str(), nullptr));
      }
      Rational c(1);
      if (ratio_char(c)) r = r * c;
    } else {
      if (!ratio_char(r)) fail(b, 1, "expected a number");
    }
    return neg ? -r : r;
  }

  // One of Tidal's ratio letters, and not the start of a longer word.
  static bool is_ratio_letter(char c, char next) {
    return c != '\0' && std::string_view("whqestfx").find(c) != std::string_view::npos &&
           !std::isalnum(static_cast<unsigned char>(next));
  }

  bool ratio_char(Rational& out) {
    char c = peek();
    Rational r;
    switch (c) {
      case 'w': r = Rational(1); break;
      case 'h': r = Rational(1, 2); break;
      case 'q': r = Rational(1, 4); break;
      case 'e': r = Rational(1, 8); break;
      case 's': r = Rational(1, 16); break;
      case 't': r = Rational(1, 3); break;
      case 'f': r = Rational(1, 5); break;
      case 'x': r = Rational(1, 6); break;
      default: return false;
    }
    if (!is_ratio_letter(c, peek(1))) return false;
    ++pos_;
    out = r;
    return true;
  }

  static bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '-' || c == '_' || c == '#';
  }

  // Reads a word the way Tidal's pString does: [letter|digit] then [letter|digit|:.-_]*; `.` only when followed
  // by a word character (so `bd . sn` is a foot and `0 .. 3` a range).
  std::string_view word() {
    size_t b = pos_;
    ++pos_;
    while (!eof()) {
      char c = peek();
      if (c == '.') {
        if (peek(1) == '.' || !word_char(peek(1)) || peek(1) == '.') break;
      } else if (!word_char(c) || c == '#') {
        break;
      }
      ++pos_;
    }
    return s_.substr(b, pos_ - b);
  }

  MiniNodePtr atom(ElemType t) {
    size_t b = pos_;
    char c = peek();
    if (c == '~') {
      // Phonon: in a pattern of names, `~name` (no space) names a bus played as an instrument (`s "~pad*4"`);
      // a lone `~` is a rest, as in Tidal.
      if (t == ElemType::String && std::isalpha(static_cast<unsigned char>(peek(1)))) {
        ++pos_;
        std::string_view w = word();
        auto n = std::make_shared<MiniNode>();
        n->kind = MiniKind::Atom;
        n->values = {Value::string("~" + std::string(w))};
        n->span = sp(b, pos_);
        return n;
      }
      ++pos_;
      auto n = node(MiniKind::Rest, b);
      return n;
    }
    if (eof() || is_seq_end(c))
      fail(pos_, 1, eof() ? "unexpected end of mini-notation" : std::string("unexpected `") + c + "`");
    auto n = std::make_shared<MiniNode>();
    n->kind = MiniKind::Atom;
    switch (t) {
      case ElemType::String: {
        if (!std::isalnum(static_cast<unsigned char>(c)))
          fail(pos_, 1, std::string("unexpected `") + c + "` in mini-notation",
               "sample names start with a letter or digit");
        std::string_view w = word();
        n->values = {Value::string(std::string(w))};
        break;
      }
      case ElemType::Bool: {
        if (!std::isalnum(static_cast<unsigned char>(c))) fail(pos_, 1, std::string("unexpected `") + c + "`");
        std::string_view w = word();
        if (w == "t" || w == "1" || w == "true") n->values = {Value::boolean(true)};
        else if (w == "f" || w == "0" || w == "false") n->values = {Value::boolean(false)};
        else
          fail(b, w.size(), "expected a boolean (t, f, 1, 0, true or false) but found `" + std::string(w) + "`",
               "boolean patterns such as `struct \"t f t t\"` or `mask \"1 0\"` use t/f or 1/0");
        break;
      }
      case ElemType::Time: {
        if (std::isalpha(static_cast<unsigned char>(c)) && !is_ratio_letter(peek(), peek(1))) {
          while (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_') ++pos_;
          bad_word(b, std::string(s_.substr(b, pos_ - b)), t);
        }
        Rational r = ratio();
        n->values = {Value::number(r.to_double())};
        break;
      }
      case ElemType::Number:
      case ElemType::Note:
      case ElemType::Int: n->values = number_atom(t); break;
    }
    n->span = sp(b, pos_);
    return n;
  }

  std::vector<Value> number_atom(ElemType t) {
    size_t b = pos_;
    double v = 0;
    bool have = false;
    if (peek() != '\'') {
      bool neg = false;
      if (peek() == '-' || peek() == '+') {
        neg = peek() == '-';
        ++pos_;
      }
      if (std::isdigit(static_cast<unsigned char>(peek())) ||
          (peek() == '.' && std::isdigit(static_cast<unsigned char>(peek(1))))) {
        size_t nb = pos_;
        while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        if (peek() == '.' && std::isdigit(static_cast<unsigned char>(peek(1)))) {
          ++pos_;
          while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        }
        if ((peek() == 'e' || peek() == 'E') &&
            (std::isdigit(static_cast<unsigned char>(peek(1))) ||
             ((peek(1) == '-' || peek(1) == '+') && std::isdigit(static_cast<unsigned char>(peek(2)))))) {
          pos_ += 2;
          while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        }
        std::string num(s_.substr(nb, pos_ - nb));
        auto x = parse_double(num);
        if (!x) fail(nb, pos_ - nb, "number out of range", "numbers must fit a 64-bit floating point value");
        v = *x;
        if (t == ElemType::Int && num.find_first_of(".eE") != std::string::npos)
          fail(nb, pos_ - nb, "expected an integer but found `" + num + "`");
        if (t == ElemType::Int && std::fabs(v) > static_cast<double>(kMaxIntLiteral))
          fail(nb, pos_ - nb, "integer too large",
               "integers in mini-notation are at most " + std::to_string(kMaxIntLiteral) + " in size");
        // a ratio letter after a number multiplies it, as in Tidal's numbers and times (`3q` is 0.75)
        if (Rational r; t == ElemType::Number && ratio_char(r)) v *= r.to_double();
        have = true;
      } else if (std::isalpha(static_cast<unsigned char>(peek()))) {
        size_t wb = pos_;
        while (std::isalnum(static_cast<unsigned char>(peek()))) ++pos_;
        std::string w(s_.substr(wb, pos_ - wb));
        Rational r;
        pos_ = wb;
        // Tidal reads a lone ratio letter (`w` 1, `h` 1/2, `q` 1/4, `e` 1/8, `s` 1/16, `t` 1/3, `f` 1/5, `x` 1/6)
        // as that number: before note names in a pattern of numbers, after them (`e`, `f`) in a pattern of notes.
        if ((t == ElemType::Number || (t == ElemType::Note && w != "e" && w != "f")) && ratio_char(r)) {
          v = r.to_double();
        } else if (pos_ = wb + w.size(); !parse_note_name(w, v)) {
          bad_word(b, w, t);
        }
        have = true;
      } else {
        fail(pos_, 1,
             "expected " + a_type(t) + " but found " +
                 (eof() ? "the end of the pattern" : "`" + std::string(1, peek()) + "`"),
             "numbers look like 1, -0.5 or 2.5; `~` is a rest");
      }
      if (neg) v = -v;
      if (!std::isfinite(v)) fail(b, pos_ - b, "number out of range");
    }
    std::vector<Value> out;
    if (peek() == '\'') {
      std::vector<double> chord = chord_tail();
      for (double x : chord) out.push_back(Value::number(x + (have ? v : 0)));
    } else {
      out.push_back(Value::number(v));
    }
    if (!eof() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == ':' ||
                   (peek() == '.' && std::isdigit(static_cast<unsigned char>(peek(1))))))
      fail(b, pos_ - b + 1, "malformed number `" + std::string(s_.substr(b, pos_ - b + 1)) + "...`");
    return out;
  }

  // 'name ['range] [i]* [o]*  (Tidal's parseChord); Phonon accepts repeated modifier groups like 'min'ii.
  std::vector<double> chord_tail() {
    size_t b = pos_;
    ++pos_;  // '
    size_t nb = pos_;
    while (std::isalnum(static_cast<unsigned char>(peek()))) ++pos_;
    std::string name(s_.substr(nb, pos_ - nb));
    if (name.empty()) fail(b, 1, "expected a chord name after `'`");
    std::vector<double> chord;
    if (!chord_notes(name, chord))
      fail(nb, name.size(), "unknown chord `" + name + "`", "e.g. maj, min, maj7, dom7, min7, sus4");
    while (peek() == '\'') {
      ++pos_;
      size_t mb = pos_;
      int64_t range = static_cast<int64_t>(chord.size());
      bool has_range = false;
      if (std::isdigit(static_cast<unsigned char>(peek()))) {
        while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        auto k = parse_int(s_.substr(mb, pos_ - mb), 128);
        if (!k) fail(mb, pos_ - mb, "chord range too large", "at most 128 notes");
        range = *k;
        has_range = true;
      }
      int64_t inv = 0, open = 0;
      while (peek() == 'i') ++inv, ++pos_;
      while (peek() == 'o') ++open, ++pos_;
      if (inv > 128) fail(mb, pos_ - mb, "too many chord inversions", "at most 128");
      if (pos_ == mb) fail(mb, 1, "expected a chord modifier (a number, `i` or `o`) after `'`");
      (void)has_range;
      std::vector<double> ext;
      for (int64_t k = 0; static_cast<int64_t>(ext.size()) < range + inv; ++k)
        for (double x : chord) ext.push_back(x + 12.0 * static_cast<double>(k));
      std::vector<double> res(ext.begin() + inv, ext.begin() + inv + range);
      if (open > 0 && res.size() > 2) {
        std::vector<double> o{res[0] - 12, res[2] - 12, res[1]};
        for (size_t q = 3; q < res.size(); ++q) o.push_back(res[q]);
        res = o;
      }
      chord = res;
    }
    return chord;
  }
};

}  // namespace

namespace {

// Largest absolute number in a (time/int) argument subtree: the worst case of a patterned argument.
double max_arg(const MiniNodePtr& n) {
  double m = 0;
  for (const auto& v : n->values)
    if (v.is_number()) m = std::max(m, std::fabs(v.as_number()));
  for (const auto& c : n->children) m = std::max(m, max_arg(c));
  for (const auto& c : n->args) m = std::max(m, max_arg(c));
  return m;
}
double min_arg(const MiniNodePtr& n) {
  double m = HUGE_VAL;
  for (const auto& v : n->values)
    if (v.is_number()) m = std::min(m, std::fabs(v.as_number()));
  for (const auto& c : n->children) m = std::min(m, min_arg(c));
  for (const auto& c : n->args) m = std::min(m, min_arg(c));
  return m;
}

// A count for messages; never converts a huge double to an integer (UB).
std::string count_text(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, x < 1e15 ? "%.0f" : "%.3g", x);
  return buf;
}

bool has_negative(const MiniNodePtr& n) {
  for (const auto& v : n->values)
    if (v.is_number() && v.as_number() < 0) return true;
  for (const auto& c : n->children)
    if (has_negative(c)) return true;
  for (const auto& c : n->args)
    if (has_negative(c)) return true;
  return false;
}

[[noreturn]] void storm(const MiniNode& n, double count) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", count);
  throw_error(n.span,
              std::string("event storm: this makes about ") + buf + " events per cycle, more than the limit of " +
                  std::to_string(kMaxEventsPerQuery),
              n.kind == MiniKind::EnumFromTo ? "use a shorter range" : "use a smaller factor");
}

double estimate(const MiniNodePtr& n) {
  double out = 0;
  switch (n->kind) {
    case MiniKind::Atom: out = static_cast<double>(n->values.size()); break;
    case MiniKind::Rest: out = 0; break;
    case MiniKind::Seq:
      for (const auto& c : n->children) out += estimate(c);
      break;
    case MiniKind::Stack:
      for (const auto& c : n->children) out += estimate(c);
      break;
    case MiniKind::Choice:
      for (const auto& c : n->children) out = std::max(out, estimate(c));
      break;
    case MiniKind::Poly: {
      double rate = n->args.empty() ? -1 : max_arg(n->args[0]);
      for (const auto& c : n->children) {
        double steps = c->kind == MiniKind::Seq ? static_cast<double>(c->children.size()) : 1.0;
        if (rate < 0) rate = steps;
        double e = estimate(c);
        out += steps > 0 ? e * rate / steps : 0;
      }
      break;
    }
    case MiniKind::Fast: out = estimate(n->children[0]) * std::max(1.0, max_arg(n->args[0])); break;
    case MiniKind::Slow: {
      double k = min_arg(n->args[0]);
      out = estimate(n->children[0]) * (k > 0 && k < 1 ? 1.0 / k : 1.0);
      break;
    }
    case MiniKind::Euclid: out = estimate(n->children[0]) * std::max(1.0, max_arg(n->args[1])); break;
    case MiniKind::Repeat: out = estimate(n->children[0]) * static_cast<double>(n->count); break;
    case MiniKind::Degrade:
    case MiniKind::Elongate: out = estimate(n->children[0]); break;
    case MiniKind::EnumFromTo: {
      double a = max_arg(n->children[0]), b = min_arg(n->children[1]);
      out = std::fabs(a - b) + 1;
      break;
    }
  }
  if (out > static_cast<double>(kMaxEventsPerQuery)) storm(*n, out);
  return out;
}

// Euclid arguments that are plain numbers are checked here, so the caret points at them (patterned ones are
// checked when queried).
void check_euclid(const MiniNodePtr& n) {
  for (const auto& c : n->children) check_euclid(c);
  for (const auto& c : n->args) check_euclid(c);
  if (n->kind != MiniKind::Euclid) return;
  const MiniNodePtr& steps = n->args[1];
  if (has_negative(steps))
    throw_error(steps->span, "a Euclidean rhythm needs a positive number of steps",
                "e.g. `bd(3,8)`; a negative number of hits (`bd(-3,8)`) inverts the rhythm");
  double m = max_arg(steps);
  if (m > 65536)
    throw_error(steps->span, "Euclidean rhythm with " + count_text(m) + " steps: the limit is 65536", "e.g. `bd(3,8)`");
  double k = max_arg(n->args[0]);
  if (k > 65536)
    throw_error(n->args[0]->span, "Euclidean rhythm with " + count_text(k) + " hits: the limit is 65536",
                "e.g. `bd(3,8)`");
}

}  // namespace

MiniNodePtr parse(std::string_view text, const SourceSpan& content_span, ElemType type) {
  Parser p(text, content_span, type);
  MiniNodePtr root = p.parse_top();
  check_euclid(root);
  estimate(root);
  return root;
}

double events_per_cycle_estimate(const MiniNodePtr& node) { return estimate(node); }

}  // namespace phonon::mini
