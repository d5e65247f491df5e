// Internal: the Callable implementations used by the evaluator (builtins, partial application, sections,
// composition, identity) and the builtin invocation machinery (argument coercion, PatAny resolution).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/eval/evaluator.hpp"

namespace phonon::eval {

// The parameter type the function expects next (for pipe-style `$`); PatAny for non-builtins.
ParamType next_param_type(const Callable& c);

std::shared_ptr<const Callable> make_builtin_fn(std::shared_ptr<const Builtin> b);
std::shared_ptr<const Callable> make_partial(std::shared_ptr<const Callable> base, std::vector<Term> bound);
std::shared_ptr<const Callable> make_compose(Term f, Term g);  // x -> f (g x)
std::shared_ptr<const Callable> make_section(std::string op, Term operand, bool operand_is_left);
std::shared_ptr<const Callable> make_identity();
// A user function: `\x y -> body` or a definition `f x y = body`; the body is evaluated in `env` extended with the
// parameters ("_" binds nothing). `name` is the definition's name ("" for a lambda).
std::shared_ptr<const Callable> make_lambda(std::vector<std::string> params, ExprPtr body, ScopePtr env,
                                            std::string name);
// A two-argument function for an operator: `(+)`, `(.)`, `($)`, `(++)`.
std::shared_ptr<const Callable> make_operator_fn(std::string op);
// True for a builtin of the registry, possibly partially applied (not a user function, section or composition).
bool is_builtin_callable(const Callable& c);

// Applies a builtin to exactly params.size() arguments.
Term invoke_builtin(const Evaluator& ev, const Builtin& b, std::vector<Term> args, const SourceSpan& span);

}  // namespace phonon::eval
