// The registry of builtin functions (name -> parameters + implementation).
// Contract:
//  - Other modules add builtins from their own .cpp files: `void register_xxx_builtins(Registry&)`.
//    `add` replaces an existing entry of the same name (later registrations win), so the signal module can
//    override e.g. `lpf` with a signal filter that also accepts a q argument.
//  - Arguments are coerced to the declared ParamType before the implementation runs; a mismatch is a diagnostic
//    naming the function, the parameter and the expected type, pointing at the argument.
//  - PatAny parameters share one element type: if one of them is a concrete pattern the others are read with its
//    element type; if none is, and the builtin returns PatSame, the result is a Poly term (resolved later).
//  - Parameters with a default may be omitted at the end of an application (`delay 0.25`); keyword arguments
//    (`:mix 0.3`) match parameters by name.
//  - When a builtin with parameters replaces a constant of the same name (params empty) and has no `bare` of its
//    own, the constant becomes its `bare` value: registering an oscillator `sine f` keeps the bare `sine` pattern.
//  - signal_binop: the extension point for operators where an operand is a Signal (installed by the signal
//    module). Returns true and sets `out` if it handled the operator.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/eval/term.hpp"

namespace phonon::eval {

enum class ParamType {
  Any,         // no coercion
  Number,      // a plain number (Number term)
  PatNumber,   // pattern of numbers (strings read as numbers; `e` = 1/8 as in Tidal's Pattern Double)
  PatNote,     // pattern of numbers (strings read as numbers / note names)
  PatInt,      // pattern of integers
  PatTime,     // pattern of times (rationals)
  PatString,   // pattern of strings
  PatBool,     // pattern of booleans
  PatControl,  // pattern of control maps
  PatAny,      // pattern of any element type (Tidal's `Pattern a`)
  Function,    // a function (pattern transform)
  List,        // a list
  Tuple,       // a tuple
};
const char* param_type_name(ParamType t);  // "a pattern of numbers", "a function", ...

enum class ReturnType { Fixed, PatSame };  // PatSame: a pattern with the element type of the PatAny params

struct Param {
  std::string name;
  ParamType type = ParamType::Any;
  std::optional<Term> default_value;
  // List: the type of every item; Tuple: the type of every component. Any: not declared. Coercion does not read
  // it; it tells tools that build expressions from the signatures (tests/expr_gen/) what to put inside.
  ParamType item = ParamType::Any;
};

struct CallContext {
  const Evaluator& ev;
  SourceSpan span;                                    // whole application
  std::vector<SourceSpan> arg_spans;                  // one per parameter (invalid for defaults)
  mini::ElemType elem_type = mini::ElemType::String;  // the element type chosen for PatAny params
  ElemKind elem_kind = ElemKind::String;
};

using BuiltinImpl = std::function<Term(CallContext& ctx, std::vector<Term>& args)>;

struct Builtin {
  std::string name;
  std::vector<Param> params;  // empty: a constant (evaluated when the name is used)
  BuiltinImpl impl;
  // Optional value of the name when it is used without arguments although it has parameters (e.g. `sine` is a
  // continuous pattern, `sine 440` an oscillator). Called with no arguments.
  BuiltinImpl bare;
  ReturnType returns = ReturnType::Fixed;
  // The type of a Fixed result (PatControl for controls, PatNumber for `range`, ...). Any: not declared. Like
  // Param::item, read by tools that build well-typed expressions from the signatures, not by the evaluator.
  ParamType result = ParamType::Any;
  std::string doc;  // one line
};

// `ev` is the evaluator running the operator. Operators also run at query time (a transform applied lazily by
// `stutWith`, `every`, ... builds a fresh evaluator), so the hook must not keep an evaluator of its own.
class Evaluator;
using SignalBinop = std::function<bool(const Evaluator& ev, const std::string& op, const Term& a, const Term& b,
                                       const SourceSpan& span, Term& out)>;

class Registry {
 public:
  void add(Builtin b);
  const Builtin* find(const std::string& name) const;
  std::shared_ptr<const Builtin> find_shared(const std::string& name) const;
  std::vector<std::string> names() const;
  size_t size() const { return builtins_.size(); }

  SignalBinop signal_binop;  // may be empty

  // True the first time `key` is asked about: a warning that should be given once per program (a control without
  // sound). Each compiled program has its own registry.
  bool first_warning(const std::string& key) const;

 private:
  std::map<std::string, std::shared_ptr<const Builtin>> builtins_;
  mutable std::mutex warned_mutex_;
  mutable std::set<std::string> warned_;
};

// The standard library: pattern functions, operators and controls (LANGUAGE.md §2, §4, §5).
void register_pattern_builtins(Registry& r);
void register_operator_builtins(Registry& r);
void register_control_builtins(Registry& r);
void register_controller_builtins(Registry& r);  // cF, cI, cN, cS, … (builtins_controller.cpp)
void register_prelude_builtins(Registry& r);     // Haskell Prelude functions used by Tidal code (builtins_prelude.cpp)
void register_library_builtins(Registry& r);     // the rest of Tidal's library (builtins_library.cpp)
void register_params_builtins(Registry& r);      // every control of Tidal's Params (builtins_params.cpp)
// A registry with all of the above.
std::shared_ptr<Registry> make_standard_registry();

}  // namespace phonon::eval
