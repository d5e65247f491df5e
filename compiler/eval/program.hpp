// Whole-program evaluation: the statements of a parsed .ph file -> cps, outputs and buses (as Terms).
// Contract:
//  - Never throws for user errors: every error is added to `diags` and evaluation continues with the next
//    statement, so all errors of a file are reported.
//  - Buses are evaluated lazily and memoised: `~a` may be used before its definition; an unknown bus is an error
//    with a "did you mean" hint; a bus that (directly or indirectly) refers to itself is an error.
//  - Outputs: `out` is index 0, `o1`/`d1` index 1, ... A duplicate output is an error. With no output statement
//    the buses `~d1`, `~d2`, ... become outputs 1, 2, ...; with neither, a warning "nothing to play".
//  - `hush` silences everything (hush_all), `hush o2` adds 2 to `hushed`; hushed outputs stay in `outputs`.
//  - tempo:/cps: set cps (last one wins); bpm: B [beats] sets cps = B / 60 / beats (default 4).
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "compiler/ast.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/eval/evaluator.hpp"

namespace phonon::eval {

struct ProgramValue {
  double cps = 0.5;
  std::map<int, Term> outputs;  // 0 = out, k = ok / dk
  std::map<int, SourceSpan> output_spans;
  std::map<std::string, Term> buses;  // buses that evaluated without error
  bool hush_all = false;
  std::set<int> hushed;
  // Outputs whose statement is `<sound pattern> * k` or `/ k` (k a number): that is audio arithmetic when
  // rendered (the sound is scaled), so `outputs` holds the sound pattern itself and this note says so.
  std::map<int, std::string> audio_notes;
};

struct ProgramOptions {
  // Called for every use of `~name` inside an expression, with the bus's evaluated term. The default returns the
  // term itself (a pattern bus is inlined). The signal module can return a Signal reference instead.
  std::function<Term(const std::string& name, const Term& value, const SourceSpan& use)> on_bus_ref;
};

// The `let` statements of a program (also those inside `do` blocks), evaluated in file order: a statement sees
// the definitions of the `let` statements above it, and a later definition of a name hides an earlier one (as in a
// GHCi session). A definition with errors reports them to `diags` and leaves its names defined as failed, so that
// a use says so instead of "unknown function".
class ProgramScopes {
 public:
  // `ev` evaluates the definitions (its options resolve buses); its scope is where the chain starts.
  void evaluate(const Program& program, const Evaluator& ev, Diagnostics& diags);
  // The definitions visible to `st` (one of the program's statements); while evaluate() runs, for statements not
  // reached yet, the definitions evaluated so far.
  ScopePtr before(const Stmt& st) const;
  // Every definition of the program.
  const ScopePtr& all() const { return current_; }

 private:
  std::map<const Stmt*, ScopePtr> before_;
  ScopePtr current_;
};

ProgramValue evaluate_program(const Program& program, std::shared_ptr<const Registry> registry, Diagnostics& diags,
                              const ProgramOptions& options = {});

}  // namespace phonon::eval
