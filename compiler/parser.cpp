#include "compiler/parser.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/lexer.hpp"
#include "compiler/numbers.hpp"
#include "compiler/token.hpp"

namespace phonon {

namespace {

const char* const kStatementForms =
    "a statement is one of `tempo: 0.5`, `cps: 0.5`, `setcps 0.5`, `bpm: 120 [4]`, `~name: expr`, `out: expr`, "
    "`o1: expr`, `d1 $ expr`, `hush`, `hush o1`, `let name = expr`, `do` (a block of statements); a line that "
    "begins with white space continues the statement above it";

// An expression under construction: the node, the span it occupies in the source including any parentheses
// around it (the node's own span excludes them), and the depth of its tree.
struct Node {
  ExprPtr expr;
  SourceSpan span;
  int depth = 1;
};

std::string quote(std::string_view s) { return "`" + std::string(s) + "`"; }

// "o12" / "d3" -> 12 / 3; -1 if `name` is not of that form. Indices too large to be real are clamped to a
// huge value that the caller rejects.
long output_index(std::string_view name) {
  if (name.size() < 2 || (name[0] != 'o' && name[0] != 'd')) return -1;
  long v = 0;
  for (size_t i = 1; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    v = std::min<long>(v * 10 + (name[i] - '0'), 1000000000L);
  }
  return v;
}

class Parser {
 public:
  // statement_mode: the tokens are one statement of a file (enables hints about continuation lines).
  // Warnings go to `warnings`; errors are thrown as CompileError.
  Parser(std::shared_ptr<const SourceFile> file, std::vector<Token> tokens, bool statement_mode, Diagnostics& warnings)
      : file_(std::move(file)), toks_(std::move(tokens)), statement_mode_(statement_mode), warnings_(warnings) {}

  // expression := the whole token list; throws CompileError.
  ExprPtr whole_expression() {
    if (peek().kind == TokenKind::End)
      throw_error(span_of(peek()), "empty expression", "write an expression such as `s \"bd sn\"`");
    Node n = with_where(expr());
    expect_end();
    return n.expr;
  }

  // The statements of one statement group (one line and its continuation lines): usually one; a `do` block
  // holds several. Throws CompileError.
  std::vector<Stmt> statements() {
    std::vector<Stmt> out;
    const Token& head = peek();
    if (is_keyword(head, "do")) {
      advance();
      if (peek().kind == TokenKind::End)
        throw_error(span_of(head), "empty `do` block",
                    "put the statements of the block on the following lines, indented: `do` / `  d1 $ ...`");
      block([&] { statement_into(out); }, /*lenient=*/false);
    } else {
      statement_into(out);
    }
    expect_end();
    return out;
  }

 private:
  // One statement inside a group or a `do` block; appends it (or the statements of a nested `do`) to `out`.
  void statement_into(std::vector<Stmt>& out) {
    const Token& head = peek();
    if (is_keyword(head, "do")) {
      DepthGuard guard(*this, head);
      advance();
      block([&] { statement_into(out); }, false);
      return;
    }
    Stmt st = statement_body();
    st.span = SourceSpan{file_, head.begin, std::max(head.end, toks_[pos_ > 0 ? pos_ - 1 : 0].end)};
    out.push_back(std::move(st));
  }

  // A statement expression, with an optional `where` block after it.
  ExprPtr statement_expr(const Token& after) {
    Node n = required_expr(after);
    return with_where(std::move(n)).expr;
  }

  Stmt statement_body() {
    const Token& head = peek();
    Stmt st;
    st.name_span = span_of(head);
    std::string_view h = head.text;
    if (head.kind == TokenKind::Ident && (h == "tempo" || h == "cps")) {
      advance();
      expect_colon(head);
      st.kind = StmtKind::Tempo;
      st.name = std::string(h);
      st.expr = required_expr(toks_[pos_ - 1]).expr;
    } else if (head.kind == TokenKind::Ident && h == "setcps" && peek(1).kind != TokenKind::Colon) {
      // Tidal's `setcps (130/60/4)`: the tempo statement in cycles per second.
      advance();
      st.kind = StmtKind::Tempo;
      st.name = "setcps";
      if (is_op(peek(), "$")) advance();
      st.expr = required_expr(head).expr;
    } else if (head.kind == TokenKind::Ident && h == "bpm") {
      advance();
      expect_colon(head);
      st.kind = StmtKind::Bpm;
      st.name = "bpm";
      Node n = required_expr(toks_[pos_ - 1]);
      st.expr = n.expr;
      // `bpm: 120 3` parses as an application of 120 to 3: split it into bpm and beats per cycle.
      if (n.expr->kind == ExprKind::App && n.expr->items[0]->kind != ExprKind::Ident) {
        if (n.expr->items.size() != 2)
          throw_error(n.span, "`bpm:` takes one or two numbers", "write `bpm: 120` or `bpm: 120 3` (beats per cycle)");
        st.expr = n.expr->items[0];
        st.expr2 = n.expr->items[1];
      }
    } else if (head.kind == TokenKind::BusRef) {
      advance();
      expect_separator(head);
      st.kind = StmtKind::Bus;
      st.name = std::string(h.substr(1));
      st.expr = statement_expr(toks_[pos_ - 1]);
    } else if (head.kind == TokenKind::Ident && h == "out") {
      advance();
      expect_separator(head);
      st.kind = StmtKind::Out;
      st.name = "out";
      st.expr = statement_expr(toks_[pos_ - 1]);
    } else if (head.kind == TokenKind::Ident && output_index(h) >= 0) {
      advance();
      st.index = checked_output_index(head);
      expect_separator(head);
      st.kind = StmtKind::Output;
      st.name = std::string(h);
      st.expr = statement_expr(toks_[pos_ - 1]);
    } else if (head.kind == TokenKind::Ident && h == "hush") {
      advance();
      st.kind = StmtKind::Hush;
      st.name = "hush";
      if (peek().kind != TokenKind::End && !at_boundary(peek()) && peek().kind != TokenKind::Semicolon &&
          peek().kind != TokenKind::RBrace) {
        const Token& target = peek();
        if (target.kind != TokenKind::Ident || output_index(target.text) < 0)
          throw_error(span_of(target), "expected an output after `hush`, found " + describe(target),
                      "write `hush` (everything) or `hush o2` / `hush d2` (one output)");
        st.index = checked_output_index(target);
        advance();
      }
    } else if (is_keyword(head, "let")) {
      advance();
      st.kind = StmtKind::Let;
      st.name = "let";
      st.bindings = binding_block(head, /*lenient=*/layout_.empty());
      if (is_keyword(peek(), "in"))
        throw_error(span_of(peek()), "`let ... in` is an expression, not a statement",
                    "use it where an expression goes (`d1 $ let p = \"bd\" in s p`), or drop `in ...` to define "
                    "names for the statements that follow");
    } else if (head.kind == TokenKind::Ident && !is_keyword(head) && binding_ahead()) {
      // GHCi's `pat = "bd sn"` without `let`.
      st.kind = StmtKind::Let;
      st.name = "let";
      st.bindings.push_back(binding());
    } else {
      unknown_statement(head);
    }
    return st;
  }

  // ---- token access ----
  const Token& peek(size_t k = 0) const { return toks_[std::min(pos_ + k, toks_.size() - 1)]; }
  const Token& advance() {
    const Token& t = toks_[std::min(pos_, toks_.size() - 1)];
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }
  SourceSpan span_of(const Token& t) const { return SourceSpan{file_, t.begin, t.end}; }
  static bool is_op(const Token& t, std::string_view sym) { return t.kind == TokenKind::Operator && t.text == sym; }

  std::string describe(const Token& t) const {
    switch (t.kind) {
      case TokenKind::End: return "end of statement";
      case TokenKind::Number: return "number " + quote(t.text);
      case TokenKind::String: return "string " + std::string(t.text);
      case TokenKind::Ident: return quote(t.text);
      case TokenKind::BusRef: return "bus " + quote(t.text);
      case TokenKind::Operator: return "operator " + quote(t.text);
      default: return quote(t.text);
    }
  }

  std::string where(const Token& t) const {
    return std::to_string(file_->line_of(t.begin)) + ":" + std::to_string(file_->col_of(t.begin));
  }

  // ---- keywords and layout ----
  static bool is_keyword(const Token& t) {
    if (t.kind != TokenKind::Ident) return false;
    static const std::string_view kw[] = {"let", "in", "where", "do", "if", "then", "else", "case", "of"};
    for (auto k : kw)
      if (t.text == k) return true;
    return false;
  }
  static bool is_keyword(const Token& t, std::string_view k) { return t.kind == TokenKind::Ident && t.text == k; }
  static bool is_reserved(const Token& t, std::string_view sym) {
    return t.kind == TokenKind::Reserved && t.text == sym;
  }

  // Haskell's layout rule for the blocks of `let`, `where` and `do`: the first token after the keyword sets the
  // block's column; a line starting at that column starts the next item, a line starting left of it ends the
  // block. `lenient` (a `let` statement at the top of a file): a line left of the column continues the item, as
  // the statement grouping already says where the statement ends. kExplicit marks a block in braces.
  static constexpr uint32_t kExplicit = 0xFFFFFFFFu;
  struct Layout {
    uint32_t col;
    bool lenient;
  };
  bool at_boundary(const Token& t) const {
    if (layout_.empty() || !t.line_first || t.kind == TokenKind::End) return false;
    const Layout& l = layout_.back();
    if (l.col == kExplicit) return false;
    return t.col == l.col || (t.col < l.col && !l.lenient);
  }
  // Tokens that end an expression: the end, a layout boundary, and the closing keywords and symbols.
  bool ends_expr(const Token& t) const {
    return t.kind == TokenKind::End || at_boundary(t) || t.kind == TokenKind::Semicolon ||
           t.kind == TokenKind::RBrace || is_keyword(t, "in") || is_keyword(t, "then") || is_keyword(t, "else") ||
           is_keyword(t, "of") || is_keyword(t, "where");
  }

  // Parses the items of a block (explicit `{ a; b }` or by layout), calling `item` for each.
  template <typename F>
  void block(F item, bool lenient) {
    if (peek().kind == TokenKind::LBrace) {
      const Token& open = advance();
      layout_.push_back({kExplicit, false});
      while (peek().kind != TokenKind::RBrace) {
        if (peek().kind == TokenKind::End) {
          throw_error(span_of(open), "unclosed `{`", "close the block with `}`");
        }
        if (peek().kind == TokenKind::Semicolon) {
          advance();
          continue;
        }
        item();
        if (peek().kind == TokenKind::Semicolon) continue;
        if (peek().kind != TokenKind::RBrace)
          throw_error(span_of(peek()), "expected `;` or `}`, found " + describe(peek()),
                      "the items of a block in braces are separated by `;`");
      }
      advance();
      layout_.pop_back();
      return;
    }
    if (peek().kind == TokenKind::End)
      throw_error(span_of(toks_[pos_ > 0 ? pos_ - 1 : 0]), "empty block",
                  "write the definitions or statements of the block after the keyword");
    layout_.push_back({peek().col, lenient});
    const uint32_t col = peek().col;
    while (true) {
      item();
      if (peek().kind == TokenKind::Semicolon) {
        advance();
        if (peek().kind == TokenKind::End || (at_boundary(peek()) && peek().col < col)) break;
        continue;
      }
      if (peek().kind != TokenKind::End && peek().line_first && peek().col == col) continue;
      break;
    }
    layout_.pop_back();
  }

  // The definitions after `let` or `where`.
  std::vector<Binding> binding_block(const Token& keyword, bool lenient) {
    std::vector<Binding> out;
    if (peek().kind == TokenKind::End || ends_expr(peek()))
      throw_error(span_of(keyword), "missing definition after `" + std::string(keyword.text) + "`",
                  "write `" + std::string(keyword.text) + " name = expression`");
    block(
        [&] {
          if (signature_ahead()) return skip_signature();
          Binding b = binding();
          for (const auto& o : out)
            if (o.name == b.name)
              throw_error(b.name_span, "`" + b.name + "` is defined twice in one block",
                          "defining a function by several equations (pattern matching) is not supported; use one "
                          "equation with `if ... then ... else`");
          out.push_back(std::move(b));
        },
        lenient);
    if (out.empty()) throw_error(span_of(keyword), "a `" + std::string(keyword.text) + "` block with no definition");
    return out;
  }

  // `name :: Type` in a block: a type signature. Types are not checked here (values take their type from where
  // they are used), so the signature changes nothing and is skipped.
  bool signature_ahead() const {
    return peek().kind == TokenKind::Ident && !is_keyword(peek()) && is_reserved(peek(1), "::");
  }
  void skip_signature() {
    advance();
    advance();
    int depth = 0;
    while (peek().kind != TokenKind::End) {
      const Token& t = peek();
      if (depth == 0 && (at_boundary(t) || t.kind == TokenKind::Semicolon || t.kind == TokenKind::RBrace)) break;
      if (t.kind == TokenKind::LParen || t.kind == TokenKind::LBracket) ++depth;
      if ((t.kind == TokenKind::RParen || t.kind == TokenKind::RBracket) && depth > 0) --depth;
      advance();
    }
  }

  // `name p1 p2 = ...` follows (a definition without `let`, as GHCi accepts).
  bool binding_ahead() const {
    size_t k = 1;
    while (peek(k).kind == TokenKind::Ident && !is_keyword(peek(k))) ++k;
    return is_reserved(peek(k), "=");
  }

  // name p1 p2 ... = body [where ...]
  Binding binding() {
    const Token& name = peek();
    if (name.kind == TokenKind::LParen && peek(1).kind == TokenKind::Operator)
      throw_error(SourceSpan{file_, name.begin, peek(1).end}, "defining an operator is not supported",
                  "define a function with a name instead: `let f a b = ...`");
    if (name.kind != TokenKind::Ident || is_keyword(name))
      throw_error(span_of(name), "expected the name of a definition, found " + describe(name),
                  "a definition is `name = expression` or `name param1 param2 = expression`");
    advance();
    Binding b;
    b.name = std::string(name.text);
    b.name_span = span_of(name);
    while (!is_reserved(peek(), "=")) {
      const Token& t = peek();
      if (t.kind == TokenKind::Ident && !is_keyword(t)) {
        advance();
        for (const auto& p : b.params)
          if (p == t.text && p != "_")
            throw_error(span_of(t), "parameter `" + std::string(t.text) + "` appears twice",
                        "give each parameter its own name");
        b.params.emplace_back(t.text);
        continue;
      }
      if (t.kind == TokenKind::Operator && b.params.size() == 1)
        throw_error(span_of(t), "defining an operator is not supported",
                    "define a function with a name instead: `let f a b = ...`");
      if (is_reserved(t, "|"))
        throw_error(span_of(t), "guards (`| condition = ...`) are not supported",
                    "use `if condition then ... else ...`");
      if (t.kind == TokenKind::Number || t.kind == TokenKind::String || t.kind == TokenKind::LParen ||
          t.kind == TokenKind::LBracket)
        throw_error(span_of(t), "a parameter must be a name",
                    "pattern matching on parameters (`f 0 = ...`, `f (a, b) = ...`) is not supported; use a name "
                    "and `if ... then ... else`, or `fst`/`snd` for a pair");
      if (t.kind == TokenKind::End || ends_expr(t))
        throw_error(span_of(t), "expected `=` in the definition of `" + b.name + "`, found " + describe(t),
                    "a definition is `name = expression` or `name param1 param2 = expression`");
      throw_error(span_of(t), "expected `=` in the definition of `" + b.name + "`, found " + describe(t),
                  "a definition is `name = expression` or `name param1 param2 = expression`");
    }
    const Token& eq = advance();
    Node body = with_where(required_expr(eq));
    b.body = body.expr;
    b.span = SourceSpan{file_, name.begin, body.span.end};
    return b;
  }

  // `expr where defs`: the definitions are in scope in the expression.
  Node with_where(Node n) {
    if (!is_keyword(peek(), "where")) return n;
    const Token& kw = advance();
    std::vector<Binding> defs = binding_block(kw, false);
    SourceSpan outer{file_, n.span.begin, toks_[pos_ > 0 ? pos_ - 1 : 0].end};
    SourceSpan own = n.expr->span;
    Node out = make(ExprKind::Let, own, outer, "where", {std::move(n)});
    std::const_pointer_cast<Expr>(out.expr)->bindings = std::move(defs);
    return out;
  }

  const Token& expect_keyword(std::string_view kw, const std::string& where, const std::string& hint) {
    if (!is_keyword(peek(), kw))
      throw_error(span_of(peek()), "expected `" + std::string(kw) + "`" + where + ", found " + describe(peek()), hint);
    return advance();
  }

  // `\x y -> body`, `let ... in body`, `if c then a else b`: they extend as far to the right as possible.
  bool starts_block_expr(const Token& t) const {
    return is_reserved(t, "\\") || is_keyword(t, "let") || is_keyword(t, "if") || is_keyword(t, "case") ||
           is_keyword(t, "do");
  }
  Node block_expr() {
    const Token& kw = advance();
    DepthGuard guard(*this, kw);
    if (is_reserved(kw, "\\")) {
      std::vector<std::string> params;
      while (!is_reserved(peek(), "->")) {
        const Token& t = peek();
        if (t.kind == TokenKind::Ident && !is_keyword(t)) {
          params.emplace_back(t.text);
          advance();
          continue;
        }
        if (t.kind == TokenKind::LParen || t.kind == TokenKind::Number || t.kind == TokenKind::LBracket)
          throw_error(span_of(t), "a lambda parameter must be a name",
                      "pattern matching in a lambda (`\\(a, b) -> ...`) is not supported; use `\\p -> ... fst p ...`");
        throw_error(span_of(t), "expected a parameter name or `->` in the lambda, found " + describe(t),
                    "a lambda is written `\\x -> expression`");
      }
      if (params.empty()) throw_error(span_of(kw), "a lambda needs a parameter", "write `\\x -> expression`");
      const Token& arrow = advance();
      Node body = required_expr(arrow);
      SourceSpan s{file_, kw.begin, body.span.end};
      Node out = make(ExprKind::Lambda, s, s, {}, {std::move(body)});
      std::const_pointer_cast<Expr>(out.expr)->params = std::move(params);
      return out;
    }
    if (is_keyword(kw, "let")) {
      std::vector<Binding> defs = binding_block(kw, false);
      const Token& in = expect_keyword("in", " after the definitions of `let`",
                                       "inside an expression write `let name = value in expression`");
      Node body = required_expr(in);
      SourceSpan s{file_, kw.begin, body.span.end};
      Node out = make(ExprKind::Let, s, s, "let", {std::move(body)});
      std::const_pointer_cast<Expr>(out.expr)->bindings = std::move(defs);
      return out;
    }
    if (is_keyword(kw, "if")) {
      Node c = required_expr(kw);
      const Token& th = expect_keyword("then", "", "write `if c then a else b`");
      Node a = required_expr(th);
      const Token& el = expect_keyword("else", "", "an `if` needs both branches: `if c then a else b`");
      Node b = required_expr(el);
      SourceSpan s{file_, kw.begin, b.span.end};
      return make(ExprKind::If, s, s, {}, {std::move(c), std::move(a), std::move(b)});
    }
    if (is_keyword(kw, "case"))
      throw_error(span_of(kw), "`case` expressions are not supported",
                  "use `if ... then ... else`, or a list and `!!` to choose by number");
    throw_error(span_of(kw), "a `do` block is a group of statements (`do` / `  d1 $ ...` / `  d2 $ ...`)",
                "start the line with `do`; inside an expression it has no meaning here");
  }

  // ---- statements ----
  void expect_colon(const Token& head) {
    if (peek().kind == TokenKind::Colon) {
      advance();
      return;
    }
    throw_error(span_of(peek()), "expected `:` after " + quote(head.text) + ", found " + describe(peek()),
                "write `" + std::string(head.text) + ": ...`");
  }

  void expect_separator(const Token& head) {
    if (peek().kind == TokenKind::Colon || is_op(peek(), "$")) {
      advance();
      return;
    }
    throw_error(span_of(peek()), "expected `:` or `$` after " + quote(head.text) + ", found " + describe(peek()),
                "write `" + std::string(head.text) + ": expr` or `" + std::string(head.text) + " $ expr`");
  }

  int checked_output_index(const Token& t) {
    long idx = output_index(t.text);
    if (idx < 1) throw_error(span_of(t), "output numbers start at 1", "write `o1` (or `d1`) for the first output");
    if (idx > kMaxOutputNumber)
      throw_error(span_of(t), "output number " + std::string(t.text.substr(1)) + " is too large",
                  "outputs are numbered 1 to " + std::to_string(kMaxOutputNumber));
    return static_cast<int>(idx);
  }

  [[noreturn]] void unknown_statement(const Token& head) {
    static const std::vector<std::string> heads = {"tempo", "cps", "bpm", "out", "hush", "o1", "d1"};
    if (head.kind == TokenKind::Ident && peek(1).kind == TokenKind::Colon) {
      std::string hint = kStatementForms;
      std::string best = closest_match(std::string(head.text), heads);
      if (!best.empty()) hint = "did you mean `" + best + ":`? " + hint;
      throw_error(SourceSpan{file_, head.begin, peek(1).end}, "unknown statement `" + std::string(head.text) + ":`",
                  hint);
    }
    if (head.kind == TokenKind::Ident) {
      static const std::vector<std::pair<std::string_view, std::string_view>> haskell = {
          {"import", "modules"},
          {"module", "modules"},
          {"data", "data type declarations"},
          {"type", "type synonyms"},
          {"newtype", "newtype declarations"},
          {"class", "type classes"},
          {"instance", "type class instances"},
          {"deriving", "type class instances"}};
      for (const auto& [kw, what] : haskell)
        if (head.text == kw)
          throw_error(span_of(head), "`" + std::string(kw) + "`: " + std::string(what) + " are not supported",
                      "Phonon has Tidal's functions built in (no import is needed) and takes the type of a value from "
                      "where it is used");
    }
    if (is_keyword(head))
      throw_error(span_of(head), "a statement cannot start with `" + std::string(head.text) + "`",
                  std::string(kStatementForms) + "; `let name = ...` defines a name, `do` groups statements");
    std::string hint = kStatementForms;
    if (head.kind == TokenKind::Ident || head.kind == TokenKind::String || head.kind == TokenKind::LParen)
      hint = "to play an expression, write `out: <expr>` or `d1 $ <expr>`; " + hint;
    if (head.kind == TokenKind::Ident) {
      std::string best = closest_match(std::string(head.text), heads);
      if (!best.empty()) hint = "did you mean `" + best + "`? " + hint;
      if (head.text == "setbpm")
        hint = "Tidal's `" + std::string(head.text) + "` is a statement here: `cps: 0.54` (cycles per second, as " +
               "`setcps (130/60/4)` gives) or `bpm: 130`";
    }
    throw_error(span_of(head), "unknown statement starting with " + describe(head), hint);
  }

  void expect_end() {
    const Token& t = peek();
    if (t.kind == TokenKind::End) return;
    if (t.kind == TokenKind::RParen)
      throw_error(span_of(t), "unmatched `)`", "remove it or add a matching `(` before it");
    if (t.kind == TokenKind::RBracket)
      throw_error(span_of(t), "unmatched `]`", "remove it or add a matching `[` before it");
    if (t.kind == TokenKind::Operator && peek(1).kind == TokenKind::RParen)
      throw_error(span_of(peek(1)), "unmatched `)`", "remove it or add a matching `(` before it");
    if (t.kind == TokenKind::Comma)
      throw_error(span_of(t), "unexpected `,`", "`,` separates the items of a list `[a, b]` or a tuple `(a, b)`");
    if (t.kind == TokenKind::Reserved) reserved_error(t);
    if (t.kind == TokenKind::Semicolon)
      throw_error(span_of(t), "unexpected `;`",
                  "statements are separated by line breaks; `;` separates the items of a block in braces: "
                  "`do { d1 $ ...; d2 $ ... }`");
    if (t.kind == TokenKind::Colon)
      throw_error(span_of(t), "unexpected `:`",
                  "`:` ends a statement head (`o1:`); a keyword argument is written `:name value` with no space");
    throw_error(span_of(t),
                "unexpected " + describe(t) +
                    (statement_mode_ ? " after the end of the statement" : " after the end of the expression"),
                statement_mode_ ? "one statement per line; an indented line continues the statement above it" : "");
  }

  // An expression that must follow `after` (a `:`, `$` or operator token).
  Node required_expr(const Token& after) {
    if (!starts_expr(peek())) missing_after(after);
    return expr();
  }

  [[noreturn]] void missing_after(const Token& after) {
    const Token& t = peek();
    std::string hint;
    if (after.kind == TokenKind::Operator && after.text == "$")
      hint = "`f $ x` applies `f` to the whole expression on the right of `$`";
    else if (after.kind == TokenKind::Operator)
      hint = "the operator " + quote(after.text) + " needs an expression on each side";
    else hint = "write an expression after " + quote(after.text);
    if (t.kind == TokenKind::End && statement_mode_)
      hint += "; a statement continues on the next line only if that line is indented";
    throw_error(span_of(after),
                "missing expression after " + quote(after.text) +
                    (t.kind == TokenKind::End ? std::string() : ", found " + describe(t)),
                hint);
  }

  // ---- expressions ----
  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& p_, const Token& at) : p(p_) {
      if (++p.nesting_ > kMaxExprDepth)
        throw_error(p.span_of(at), "expression is nested too deeply",
                    "split it into named buses (`~part: ...`) — at most " + std::to_string(kMaxExprDepth) +
                        " levels are supported");
    }
    ~DepthGuard() { --p.nesting_; }
  };

  Node make(ExprKind kind, SourceSpan own, SourceSpan outer, std::string text, std::vector<Node> children,
            double number = 0.0) {
    auto e = std::make_shared<Expr>();
    e->kind = kind;
    e->number = number;
    e->span = std::move(own);
    e->text = std::move(text);
    int depth = 0;
    for (auto& c : children) {
      depth = std::max(depth, c.depth);
      e->items.push_back(std::move(c.expr));
    }
    if (depth + 1 > kMaxExprDepth)
      throw_error(outer, "expression is nested too deeply",
                  "split it into named buses (`~part: ...`) — at most " + std::to_string(kMaxExprDepth) +
                      " levels are supported");
    Node n;
    n.span = std::move(outer);
    n.expr = std::move(e);
    n.depth = depth + 1;
    return n;
  }

  static bool starts_atom(const Token& t) {
    switch (t.kind) {
      case TokenKind::Ident: return !is_keyword(t);
      case TokenKind::Number:
      case TokenKind::String:
      case TokenKind::BusRef:
      case TokenKind::LParen:
      case TokenKind::LBracket: return true;
      default: return false;
    }
  }
  bool starts_expr(const Token& t) const {
    return (starts_atom(t) || is_op(t, "-") || starts_block_expr(t)) && !at_boundary(t);
  }
  bool keyword_ahead() const {
    return peek().kind == TokenKind::Colon && peek(1).kind == TokenKind::Ident && !peek(1).space_before &&
           !at_boundary(peek());
  }

  // expression [:: type]
  Node expr() {
    Node n = binary(0);
    if (!is_reserved(peek(), "::")) return n;
    const Token& colons = advance();
    std::string type;
    int depth = 0;
    uint32_t end = colons.end;
    while (true) {
      const Token& t = peek();
      if (t.kind == TokenKind::End || (depth == 0 && (ends_expr(t) || t.kind == TokenKind::RParen ||
                                                      t.kind == TokenKind::RBracket || t.kind == TokenKind::Comma)))
        break;
      if (t.kind == TokenKind::LParen || t.kind == TokenKind::LBracket) ++depth;
      if (t.kind == TokenKind::RParen || t.kind == TokenKind::RBracket) --depth;
      if (!type.empty() && t.space_before) type += ' ';
      type += t.text;
      end = t.end;
      advance();
    }
    if (type.empty()) throw_error(span_of(colons), "missing type after `::`", "e.g. `(\"0 2\" :: Pattern Double)`");
    SourceSpan outer{file_, n.span.begin, end};
    SourceSpan own{file_, n.expr->span.begin, end};
    return make(ExprKind::Annot, own, outer, type, {std::move(n)});
  }

  // Precedence climbing over the operator table. An operator directly followed by `)` is left for the
  // enclosing parenthesis (a left section such as `(0.25 <~)`).
  Node binary(int min_prec) {
    DepthGuard guard(*this, peek());
    Node lhs = starts_block_expr(peek()) ? block_expr() : application();
    while (true) {
      const Token& t = peek();
      if (t.kind != TokenKind::Operator || at_boundary(t)) break;
      const OperatorInfo* op = find_operator(t.text);
      if (!op || op->precedence < min_prec) break;
      if (peek(1).kind == TokenKind::RParen) break;
      const Token& op_tok = advance();
      if (!starts_expr(peek())) missing_after(op_tok);
      if (op->symbol == "-" && op_tok.space_before && !peek().space_before && peek().kind == TokenKind::Number) {
        warnings_.warning(SourceSpan{file_, op_tok.begin, peek().end},
                          "`" + std::string(peek().text) + "` after `-` is a subtraction, not a negative argument",
                          "write `(-" + std::string(peek().text) + ")` for a negative number, or `a - " +
                              std::string(peek().text) + "` for a subtraction");
      }
      Node rhs = binary(op->assoc == Assoc::Left ? op->precedence + 1 : op->precedence);
      SourceSpan outer = lhs.span.merge(rhs.span);
      lhs = make(ExprKind::BinOp, outer, outer, std::string(op_tok.text), {std::move(lhs), std::move(rhs)});
    }
    return lhs;
  }

  // f a b :k v  -> App{f, a, b, KeywordArg}
  Node application() {
    if (keyword_ahead())
      throw_error(SourceSpan{file_, peek().begin, peek(1).end},
                  "keyword argument " + quote(std::string(":") + std::string(peek(1).text)) + " without a function",
                  "keyword arguments follow the positional ones: `delay 0.25 :mix 0.3`");
    Node head = atom(true);
    std::vector<Node> items;
    items.push_back(std::move(head));
    while (true) {
      if (keyword_ahead()) {
        const Token& colon = advance();
        const Token& name = advance();
        if (!starts_expr(peek())) {
          throw_error(SourceSpan{file_, colon.begin, name.end},
                      "missing value after keyword argument " + quote(std::string(":") + std::string(name.text)),
                      "write `:" + std::string(name.text) + " 0.5`");
        }
        Node value = atom(true);
        SourceSpan outer{file_, colon.begin, value.span.end};
        items.push_back(make(ExprKind::KeywordArg, outer, outer, std::string(name.text), {std::move(value)}));
      } else if (starts_atom(peek()) && !at_boundary(peek())) {
        items.push_back(atom(false));
      } else {
        break;
      }
    }
    if (items.size() == 1) return std::move(items[0]);
    SourceSpan outer = items.front().span.merge(items.back().span);
    return make(ExprKind::App, outer, outer, {}, std::move(items));
  }

  Node atom(bool allow_negative) {
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::Number: {
        advance();
        return make(ExprKind::Number, span_of(t), span_of(t), std::string(t.text), {}, t.number);
      }
      case TokenKind::String: {
        advance();
        return make(ExprKind::String, span_of(t), span_of(t), std::string(t.text.substr(1, t.text.size() - 2)), {});
      }
      case TokenKind::Ident:
        if (is_keyword(t))
          throw_error(span_of(t), "unexpected `" + std::string(t.text) + "`",
                      t.text == "where" ? "`where` follows a whole statement or definition"
                      : t.text == "in"  ? "`in` follows the definitions of `let`: `let x = 1 in f x`"
                                        : "`" + std::string(t.text) + "` is a keyword");
        advance();
        return make(ExprKind::Ident, span_of(t), span_of(t), std::string(t.text), {});
      case TokenKind::BusRef:
        advance();
        return make(ExprKind::BusRef, span_of(t), span_of(t), std::string(t.text.substr(1)), {});
      case TokenKind::LParen: return parenthesised();
      case TokenKind::LBracket: return list();
      case TokenKind::Operator:
        if (t.text == "-" && allow_negative) return negative_number();
        if (t.text == "-")
          throw_error(span_of(t), "a negative number as an argument needs parentheses",
                      "write `f (-1)`; `f -1` would mean `f - 1`");
        throw_error(span_of(t), "unexpected operator " + quote(t.text),
                    "an operator needs an expression on each side; a section needs parentheses, e.g. `(" +
                        std::string(t.text) + " speed 2)`");
      case TokenKind::End: throw_error(span_of(t), "missing expression", "");
      case TokenKind::RParen: throw_error(span_of(t), "unmatched `)`", "remove it or add a matching `(` before it");
      case TokenKind::RBracket: throw_error(span_of(t), "unmatched `]`", "remove it or add a matching `[` before it");
      case TokenKind::Comma:
        throw_error(span_of(t), "unexpected `,`", "`,` separates the items of a list `[a, b]` or a tuple `(a, b)`");
      case TokenKind::Colon:
        throw_error(span_of(t), "unexpected `:`",
                    "a keyword argument is written `:name value` with no space after `:`");
      case TokenKind::Error: throw_error(span_of(t), "invalid token", "");
      case TokenKind::LBrace:
      case TokenKind::RBrace:
        throw_error(span_of(t), "unexpected " + describe(t),
                    "`{ }` is mini-notation here; put it inside a string: s \"{bd sn, hh hh hh}\"");
      case TokenKind::Semicolon:
        throw_error(span_of(t), "unexpected `;`", "`;` separates the items of a `do { ...; ... }` block");
      case TokenKind::Reserved: reserved_error(t);
    }
    throw_error(span_of(t), "unexpected " + describe(t), "");
  }

  [[noreturn]] void reserved_error(const Token& t) {
    std::string hint;
    if (t.text == "\\") hint = "a lambda as an argument needs parentheses or `$`: `f (\\x -> ...)`, `f $ \\x -> ...`";
    else if (t.text == "..") hint = "a range is a list: `[1 .. 4]`, `[0, 0.25 .. 1]`";
    else if (t.text == "=") hint = "a definition is `let name = expression`; outputs are `d1 $ expr` or `o1: expr`";
    else if (t.text == "<-") hint = "binding a result with `<-` (monadic code) is not supported";
    else if (t.text == "|") hint = "guards and list comprehensions are not supported";
    else if (t.text == "::") hint = "a type annotation goes after a whole expression: `(\"0 1\" :: Pattern Double)`";
    else if (t.text == "=>") hint = "type class constraints are not supported";
    else if (t.text == "->") hint = "`->` belongs to a lambda: `\\x -> ...`";
    throw_error(span_of(t), "unexpected `" + std::string(t.text) + "`", hint);
  }

  // `-1`, `- 0.25` where an expression starts.
  Node negative_number() {
    const Token& minus = advance();
    const Token& num = peek();
    if (num.kind != TokenKind::Number)
      throw_error(span_of(minus), "`-` can only negate a number literal",
                  "write `(0 - x)` to negate an expression, or put an expression on both sides of a subtraction");
    advance();
    SourceSpan s{file_, minus.begin, num.end};
    return make(ExprKind::Number, s, s, "-" + std::string(num.text), {}, -num.number);
  }

  // ( op ) | ( op expr ) | ( expr op ) | ( expr ) | ( expr , expr , ... )
  Node parenthesised() {
    const Token& open = advance();
    DepthGuard guard(*this, open);
    const Token& first = peek();
    if (first.kind == TokenKind::Operator && find_operator(first.text)) {
      if (peek(1).kind == TokenKind::RParen) {  // (+)
        advance();
        const Token& close = advance();
        SourceSpan s{file_, open.begin, close.end};
        return make(ExprKind::OpRef, s, s, std::string(first.text), {});
      }
      if (!(first.text == "-")) {  // (# speed 2); `(-1)` and `(- 1)` are negative numbers, as in Haskell
        const Token& op_tok = advance();
        if (!starts_expr(peek())) missing_after(op_tok);
        Node rhs = expr();
        const Token& close = expect_close(open, TokenKind::RParen);
        SourceSpan s{file_, open.begin, close.end};
        return make(ExprKind::SectionR, s, s, std::string(op_tok.text), {std::move(rhs)});
      }
    }
    if (first.kind == TokenKind::RParen)
      throw_error(SourceSpan{file_, open.begin, first.end}, "empty parentheses `()`",
                  "put an expression inside, or remove them");
    Node inner = expr();
    if (peek().kind == TokenKind::Operator && peek(1).kind == TokenKind::RParen) {  // (0.25 <~)
      const Token& op_tok = advance();
      const Token& close = advance();
      SourceSpan s{file_, open.begin, close.end};
      return make(ExprKind::SectionL, s, s, std::string(op_tok.text), {std::move(inner)});
    }
    if (peek().kind == TokenKind::Comma) {
      std::vector<Node> items;
      items.push_back(std::move(inner));
      while (peek().kind == TokenKind::Comma) {
        const Token& comma = advance();
        if (!starts_expr(peek())) missing_item(comma, open);
        items.push_back(expr());
      }
      const Token& close = expect_close(open, TokenKind::RParen);
      SourceSpan s{file_, open.begin, close.end};
      return make(ExprKind::Tuple, s, s, {}, std::move(items));
    }
    const Token& close = expect_close(open, TokenKind::RParen);
    inner.span = SourceSpan{file_, open.begin, close.end};
    return inner;
  }

  Node list() {
    const Token& open = advance();
    DepthGuard guard(*this, open);
    std::vector<Node> items;
    bool range = false;
    if (peek().kind != TokenKind::RBracket) {
      const Token* after = &open;
      while (true) {
        if (!starts_expr(peek())) missing_item(*after, open);
        items.push_back(expr());
        if (is_reserved(peek(), "..") && items.size() <= 2) {  // [a .. b], [a, s .. b]
          const Token& dots = advance();
          if (peek().kind == TokenKind::RBracket)
            throw_error(SourceSpan{file_, open.begin, peek().end}, "an endless range `[a ..]` cannot be used",
                        "give the last value: `[1 .. 8]`; for an endless pattern use `run`, `irand` or `cat`");
          if (!starts_expr(peek())) missing_item(dots, open);
          items.push_back(expr());
          range = true;
          break;
        }
        if (peek().kind != TokenKind::Comma) break;
        after = &advance();
      }
    }
    const Token& close = expect_close(open, TokenKind::RBracket);
    SourceSpan s{file_, open.begin, close.end};
    return make(range ? ExprKind::Range : ExprKind::List, s, s, {}, std::move(items));
  }

  [[noreturn]] void missing_item(const Token& after, const Token& open) {
    const Token& t = peek();
    if (t.kind == TokenKind::End) unclosed(open);
    throw_error(span_of(t), "expected an expression after " + quote(after.text) + ", found " + describe(t),
                open.kind == TokenKind::LBracket ? "list items are separated by `,`: `[a, b, c]`"
                                                 : "tuple items are separated by `,`: `(a, b)`");
  }

  [[noreturn]] void unclosed(const Token& open) {
    bool paren = open.kind == TokenKind::LParen;
    throw_error(
        span_of(open), std::string("unclosed ") + (paren ? "`(`" : "`[`"),
        std::string("add a matching ") + (paren ? "`)`" : "`]`") +
            (statement_mode_ ? "; an expression continues on the next line only if that line is indented" : ""));
  }

  const Token& expect_close(const Token& open, TokenKind close) {
    const Token& t = peek();
    if (t.kind == close) return advance();
    if (t.kind == TokenKind::End) unclosed(open);
    const char* want = close == TokenKind::RParen ? "`)`" : "`]`";
    std::string hint =
        std::string("to close the ") + (open.kind == TokenKind::LParen ? "`(`" : "`[`") + " at " + where(open);
    if (open.kind == TokenKind::LBracket && close == TokenKind::RBracket && starts_expr(t))
      hint = "list items are separated by `,`: `[a, b, c]`; " + hint;
    throw_error(span_of(t), std::string("expected ") + want + ", found " + describe(t), hint);
  }

  std::shared_ptr<const SourceFile> file_;
  std::vector<Token> toks_;
  bool statement_mode_ = true;
  Diagnostics& warnings_;
  size_t pos_ = 0;
  int nesting_ = 0;
  std::vector<Layout> layout_;  // the blocks (`let`, `where`, `do`) being parsed, innermost last
};

// A line beginning with a token that cannot start a statement — a closing bracket, `,`, `:` or an operator —
// continues the statement above even when it is not indented, as in a Tidal block:
//   d1 $ stack [ s "bd"
//   , s "hh" ]
//   # gain 0.8
bool can_start_statement(const Token& t) {
  switch (t.kind) {
    case TokenKind::RParen:
    case TokenKind::RBracket:
    case TokenKind::Comma:
    case TokenKind::Colon:
    case TokenKind::Operator: return false;
    default: return true;
  }
}

bool has_error_token(const std::vector<Token>& toks) {
  return std::any_of(toks.begin(), toks.end(), [](const Token& t) { return t.kind == TokenKind::Error; });
}

Token end_token_after(const std::vector<Token>& toks, uint32_t fallback) {
  Token end;
  end.kind = TokenKind::End;
  end.begin = end.end = toks.empty() ? fallback : toks.back().end;
  end.stmt_start = true;
  return end;
}

// Appends `found` to `diags` in source order (lexical and syntax errors are found in two passes).
void add_in_source_order(const Diagnostics& found, Diagnostics& diags) {
  std::vector<Diagnostic> items = found.items();
  std::stable_sort(items.begin(), items.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
  for (auto& d : items) diags.add(std::move(d));
}

}  // namespace

Program parse_program(std::shared_ptr<const SourceFile> file, Diagnostics& out_diags) {
  Program program;
  program.file = file;
  if (!file) return program;
  if (!check_text_encoding(file, out_diags)) return program;
  Diagnostics diags;
  std::vector<Token> tokens = lex(file, diags);
  size_t i = 0;
  while (i < tokens.size() && tokens[i].kind != TokenKind::End) {
    // A statement group: this token up to the next token that starts a statement (or the end).
    std::vector<Token> group;
    group.push_back(tokens[i++]);
    while (tokens[i].kind != TokenKind::End && !(tokens[i].stmt_start && can_start_statement(tokens[i])))
      group.push_back(tokens[i++]);
    if (has_error_token(group)) continue;  // the lexer has reported it; skip the statement
    group.push_back(end_token_after(group, 0));
    try {
      Parser parser(file, std::move(group), /*statement_mode=*/true, diags);
      for (auto& st : parser.statements()) program.statements.push_back(std::move(st));
    } catch (const CompileError& e) {
      diags.add(e.diag);
    }
  }
  add_in_source_order(diags, out_diags);
  return program;
}

ExprPtr parse_expression(std::shared_ptr<const SourceFile> file, Diagnostics& diags) {
  if (!file) return nullptr;
  Diagnostics lex_diags;
  std::vector<Token> tokens = lex(file, lex_diags);
  if (lex_diags.has_errors()) {  // includes errors without an Error token (unterminated block comment)
    for (const auto& d : lex_diags.items()) diags.add(d);
    return nullptr;
  }
  try {
    Parser parser(file, std::move(tokens), /*statement_mode=*/false, diags);
    return parser.whole_expression();
  } catch (const CompileError& e) {
    diags.add(e.diag);
    return nullptr;
  }
}

}  // namespace phonon
