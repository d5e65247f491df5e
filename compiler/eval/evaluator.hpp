// The evaluator: AST expressions (compiler/ast.hpp) -> Terms, using a Registry of builtins.
// Contract:
//  - eval() throws CompileError (with a span inside the expression) on the first error of an expression.
//  - Application is curried: builtins may be partially applied; sections `(# speed 2)`, `(0.25 <~)`, operator
//    references `(+)`, composition `f . g` and `id` are functions.
//  - `a $ b`: application. Pipe style (LANGUAGE.md §2): if `a` is not a function and `b` is, it means `b a`; if
//    both are functions and `a` does not take a function next, it means "a then b" (x -> b (a x)).
//  - Patterns built here may call back into builtins at query time (patterned arguments of transforms); those
//    calls only need the registry, which the patterns keep alive.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast.hpp"
#include "compiler/eval/registry.hpp"
#include "compiler/pattern/core.hpp"

namespace phonon::eval {

// User definitions in scope (`let`, `where`, function parameters): an immutable chain, innermost first. A node
// is a value (`pat = "bd sn"`, a parameter) or a function definition (`f p = ...`), which becomes a function
// closing over the node itself (so it may call itself) when its name is used.
struct Scope;
using ScopePtr = std::shared_ptr<const Scope>;
struct Scope {
  ScopePtr parent;
  std::string name;
  SourceSpan span;                  // where the name is defined
  std::vector<std::string> params;  // non-empty: a function definition
  ExprPtr body;                     // of a function definition
  Term value;                       // of a value definition
  bool failed = false;              // the definition has errors (reported); a use is an error too
  // The innermost node defining `name`, or nullptr.
  const Scope* find(const std::string& name) const;
  static ScopePtr value_def(ScopePtr parent, std::string name, Term value, SourceSpan span);
  static ScopePtr function_def(ScopePtr parent, const Binding& b);
  static ScopePtr failed_def(ScopePtr parent, const Binding& b);
};

// Mini-notation strings above this many events per cycle get a "dense pattern" warning (see EvalOptions::warn).
constexpr double kDenseEventsPerCycle = 4096;

struct EvalOptions {
  // Resolves `~name` in an expression. Default (empty): "unknown bus" error.
  std::function<Term(const std::string& name, const SourceSpan& span)> resolve_bus;
  // Receives warnings found while evaluating (e.g. a mini-notation string with more than kDenseEventsPerCycle
  // events per cycle). Only called during eval(), never at query time. Default (empty): warnings are dropped.
  std::function<void(const SourceSpan& span, const std::string& message, const std::string& hint)> warn;
};

class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<const Registry> registry, EvalOptions options = {}, ScopePtr scope = nullptr);

  Term eval(const ExprPtr& e) const;
  // This evaluator with another scope of user definitions (same registry and options).
  Evaluator with_scope(ScopePtr scope) const;
  const ScopePtr& scope() const { return scope_; }
  // Evaluates definitions in order, each seeing the ones before it (and a function itself): the extended scope.
  ScopePtr define(const std::vector<Binding>& bindings) const;
  // The value of a name: a user definition, else a builtin. Throws "unknown function" (with "did you mean").
  Term lookup(const std::string& name, const SourceSpan& span) const;
  // `a op b` for every operator of the language (`$`, `.`, `` `div` ``, the Prelude's and the pattern operators).
  Term apply_operator(const std::string& op, const Term& a, const Term& b, const SourceSpan& span) const;
  Term apply(const Term& f, std::vector<Term> args, const SourceSpan& span) const;
  // Calls a registered builtin by name (e.g. operators) with already evaluated arguments.
  Term call_builtin(const std::string& name, std::vector<Term> args, const SourceSpan& span) const;

  // Coercions; `what` names the argument in error messages (e.g. "argument `factor` of `fast`").
  Pattern to_pattern(const Term& t, mini::ElemType type, const std::string& what) const;
  Pattern to_control_pattern(const Term& t, const std::string& what) const;
  // Tidal's bare string as a control pattern where a statement or operand could also take numbers: a string that
  // does not read as numbers (`"bd*2 sn"`) is a pattern of sounds; nullopt for anything else.
  std::optional<Pattern> sounds_of_string(const Term& t) const;
  Transform to_transform(const Term& t, ElemKind kind, const std::string& what) const;
  Value to_value(const Term& t, mini::ElemType type, const std::string& what) const;
  double to_number(const Term& t, const std::string& what) const;
  // A patternish term as a concrete pattern term when no context decides: Poly/String default to strings.
  Term resolve_default(const Term& t) const;

  const Registry& registry() const { return *registry_; }
  const std::shared_ptr<const Registry>& registry_ptr() const { return registry_; }
  // Reports a warning through EvalOptions::warn (dropped when none is set). For builtins, during eval() only.
  void warn(const SourceSpan& span, const std::string& message, const std::string& hint = {}) const;

 private:
  std::shared_ptr<const Registry> registry_;
  EvalOptions options_;
  ScopePtr scope_;

  Term eval_ident(const Expr& e) const;
  Term eval_app(const Expr& e) const;
  Term eval_binop(const Expr& e) const;
  Term eval_let(const Expr& e) const;
  Term eval_if(const Expr& e) const;
  Term eval_range(const Expr& e) const;
  Term eval_annotation(const Expr& e) const;
};

// Element type used to parse strings for a concrete element kind (Control has none).
mini::ElemType elem_type_for(ElemKind k);

// The structure-combining operator family and arithmetic: a op b (`+`, `|+|`, `#`, ...). Handles numbers,
// strings (mini-notation), patterns, polys; delegates to Registry::signal_binop for signals.
Term binary_operator(const Evaluator& ev, const std::string& op, const Term& a, const Term& b, const SourceSpan& span);
bool is_pattern_operator(const std::string& op);
// Tidal's fromInteger / fromRational for control maps: 12 -> pure {n: 12}, 1.5 -> pure {speed: 1.5}.
Pattern number_as_control(const Term& number);

// A hint for a Tidal/SuperDirt name Phonon lacks (`djf`, `setcps`, `midinote`, ...), or "" for other names.
std::string tidal_name_hint(const std::string& name);
// The closest of `names` to `word` ("did you mean"), or "" when none is close (edit distance with transpositions).
std::string suggest_name(const std::string& word, const std::vector<std::string>& names);

// Convenience for tools and tests: parse + evaluate one expression with the standard registry.
// Returns a Term, or throws CompileError.
Term evaluate_expression_text(const std::string& text, std::shared_ptr<const Registry> registry = nullptr);

}  // namespace phonon::eval
