// Terms: the values the evaluator computes from AST expressions.
// Contract:
//  - Number: a plain number (folds with other numbers: `(1/8)` is the Number 0.125).
//  - String: an unparsed mini-notation literal; its element type is decided by the context that consumes it
//    (`s "bd"` strings, `n "c e"` notes, `struct "t f"` booleans, `fast "<1 2>"` times).
//  - Pattern: a pattern with a known element kind (numbers, strings, booleans or control maps).
//  - Poly: a pattern whose element type is not known yet (e.g. `"0 2" + "10"`, `segment 4 $ "0 1"`); resolving
//    it with an element type yields a Pattern. This is how the expected type flows into operands.
//  - Function: a builtin (maybe partially applied), a section, a composition or `id`.
//  - List, Tuple: `[a, b]`, `(a, b)`.
//  - Signal: EXTENSION POINT for audio signals (owned by the lead, compiler/graph/signal.hpp). The evaluator never
//    looks inside; arithmetic and `#` involving a Signal are routed to Registry::signal_binop.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/graph/signal_fwd.hpp"
#include "compiler/mini/mini.hpp"
#include "compiler/pattern/pattern.hpp"
#include "compiler/source.hpp"

namespace phonon::eval {

enum class ElemKind { Number, String, Bool, Control };
const char* elem_kind_name(ElemKind k);   // "numbers", "strings", "booleans", "controls"
ElemKind elem_kind_of(mini::ElemType t);  // Number/Note/Int/Time -> Number

enum class TermKind { Number, String, Pattern, Poly, Function, List, Tuple, Signal };
const char* term_kind_name(TermKind k);

class Callable;
class Evaluator;
struct Term;
// Resolves a Poly term for an element type. May throw CompileError.
using PolyFn = std::function<Pattern(mini::ElemType)>;

struct Term {
  TermKind kind = TermKind::Number;
  SourceSpan span;                           // the expression this term came from
  double number = 0.0;                       // Number
  std::string text;                          // String: literal contents (no quotes)
  SourceSpan content_span;                   // String: span of the contents (for mini-notation carets)
  Pattern pattern;                           // Pattern
  ElemKind elem = ElemKind::Number;          // Pattern
  std::shared_ptr<const PolyFn> poly;        // Poly
  std::shared_ptr<const Callable> fn;        // Function
  std::vector<Term> items;                   // List / Tuple
  std::shared_ptr<const SignalExpr> signal;  // Signal

  static Term make_number(double x, SourceSpan span = {});
  static Term make_string(std::string text, SourceSpan span, SourceSpan content_span);
  static Term make_pattern(Pattern p, ElemKind k, SourceSpan span = {});
  static Term make_poly(PolyFn f, SourceSpan span = {});
  static Term make_function(std::shared_ptr<const Callable> f, SourceSpan span = {});
  static Term make_list(std::vector<Term> items, SourceSpan span = {});
  static Term make_tuple(std::vector<Term> items, SourceSpan span = {});
  static Term make_signal(std::shared_ptr<const SignalExpr> s, SourceSpan span = {});

  bool is_function() const { return kind == TermKind::Function; }
  bool is_patternish() const {  // can become a pattern
    return kind == TermKind::Number || kind == TermKind::String || kind == TermKind::Pattern || kind == TermKind::Poly;
  }
  // "a pattern of controls", "a number", "a function", ... for error messages.
  std::string describe() const;
};

// Something that can be applied to arguments. arity() >= 1 arguments are still expected.
class Callable {
 public:
  virtual ~Callable() = default;
  virtual int arity() const = 0;
  virtual std::string name() const = 0;
  // Called with exactly arity() arguments. `call_span` covers the whole application.
  virtual Term call(const Evaluator& ev, std::vector<Term> args, const SourceSpan& call_span) const = 0;
};

}  // namespace phonon::eval
