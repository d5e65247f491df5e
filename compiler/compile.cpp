// compile_file / compile_source: parse, elaborate every statement, run the pass pipeline.
#include "compiler/compile.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "compiler/ast_print.hpp"
#include "compiler/eval/evaluator.hpp"
#include "compiler/eval/program.hpp"
#include "compiler/graph/operators.hpp"
#include "compiler/graph/signal_builtins.hpp"
#include "compiler/numbers.hpp"
#include "compiler/parser.hpp"
#include "compiler/passes/passes.hpp"
#include "compiler/plan.hpp"

namespace phonon {

namespace {

// The largest program compiled. Compile time and memory grow linearly with the text, and at this size they stay
// within seconds (docs/debugging.md); a larger file is a located error instead of a compile that seems to hang.
constexpr size_t kMaxSourceBytes = 4u << 20;

using eval::Term;
using eval::TermKind;

// Elaborates the statements of one program. Buses are evaluated on first use (so a bus may be used before its
// definition) and once; a bus whose value is a signal is referenced by name, so the graph shares it.
class Elaborator {
 public:
  Elaborator(const Program& prog, Diagnostics& diags) : prog_(prog), diags_(diags) {
    registry_ = eval::make_standard_registry();
    register_signal_builtins(*registry_);
    eval::EvalOptions opts;
    opts.resolve_bus = [this](const std::string& name, const SourceSpan& span) { return resolve_bus(name, span); };
    opts.warn = [this](const SourceSpan& s, const std::string& m, const std::string& h) { diags_.warning(s, m, h); };
    ev_ = std::make_unique<eval::Evaluator>(registry_, opts);
  }

  std::string types;  // `--dump=types`: each bus and output with the kind of value it elaborates to

  ProgramSignals run() {
    ProgramSignals out;
    std::map<int, std::pair<const Stmt*, std::string>> outputs;  // slot -> statement; 0 = `out`
    std::set<int> hushed;
    std::map<int, SourceSpan> hush_spans;
    bool hush_all = false;
    for (const Stmt& st : prog_.statements) {
      if (st.kind != StmtKind::Bus) continue;
      if (bus_stmts_.count(st.name)) {
        diags_.error(st.name_span, "bus `~" + st.name + "` is defined twice",
                     "the first definition is at line " +
                         std::to_string(bus_stmts_[st.name]->span.file->line_of(bus_stmts_[st.name]->span.begin)));
        continue;
      }
      bus_stmts_[st.name] = &st;
    }
    scopes_.evaluate(prog_, *ev_, diags_);
    for (const Stmt& st : prog_.statements) {
      scope_ = scopes_.before(st);
      try {
        switch (st.kind) {
          case StmtKind::Let: break;  // evaluated by scopes_
          case StmtKind::Tempo: out.cps = tempo(st, eval_number(st.expr, "the tempo"), 1.0); break;
          case StmtKind::Bpm: {
            double bpm = eval_number(st.expr, "bpm");
            double beats = st.expr2 ? eval_number(st.expr2, "beats per cycle") : 4.0;
            if (!(beats > 0) || !std::isfinite(beats))
              throw_error(st.expr2->span, "beats per cycle must be a positive number");
            out.cps = tempo(st, bpm, 60.0 * beats);
            break;
          }
          case StmtKind::Bus: break;
          case StmtKind::Out:
          case StmtKind::Output: {
            int slot = st.kind == StmtKind::Out ? 0 : st.index;
            if (outputs.count(slot)) {
              diags_.error(st.name_span, "output `" + label(st) + "` is defined twice",
                           "each output may be given once; combine patterns with `stack [...]`");
              break;
            }
            outputs[slot] = {&st, label(st)};
            break;
          }
          case StmtKind::Hush:
            if (st.index == 0) hush_all = true;
            else hushed.insert(st.index), hush_spans[st.index] = st.span;
            break;
        }
      } catch (const CompileError& e) {
        diags_.add(e.diag);
      } catch (const std::exception& e) {
        diags_.error(st.span, e.what());
      }
    }
    // Every bus is elaborated once, so its errors are reported even when nothing plays it.
    for (const auto& [name, st] : bus_stmts_) {
      try {
        resolve_bus(name, st->name_span);
      } catch (const CompileError& e) {
        // resolve_bus has recorded the bus's own error; its "has errors" note adds nothing here. Every bus is
        // tried, so all of them are reported, not only the first.
        if (e.diag.message.find("(reported above)") == std::string::npos) diags_.add(e.diag);
      }
    }

    // `hush o5` with no o5 (nor ~d5 when the program has no outputs) is most likely a typo.
    for (const auto& [idx, sp] : hush_spans) {
      bool exists = outputs.empty() ? bus_stmts_.count("d" + std::to_string(idx)) > 0 : outputs.count(idx) > 0;
      if (!exists)
        diags_.warning(sp, "`hush o" + std::to_string(idx) + "`: there is no output o" + std::to_string(idx),
                       "hush names an output of this program (`o1: ...`, or `d1 $ ...`)");
    }
    std::vector<std::pair<std::string, const Stmt*>> plays;
    if (outputs.empty()) {
      // The prototype's convention: without output statements, buses ~d1, ~d2, ... play.
      for (const auto& [name, st] : bus_stmts_) {
        if (name.size() >= 2 && name[0] == 'd' && name.find_first_not_of("0123456789", 1) == std::string::npos) {
          auto idx = parse_int(std::string_view(name).substr(1), kMaxOutputNumber);
          if (!idx) {
            diags_.error(st->name_span,
                         "bus `~" + name + "` would play as an output, but outputs are numbered 0 to " +
                             std::to_string(kMaxOutputNumber),
                         "rename the bus, or add output statements (`o1: ...`) so that buses do not play by name");
            continue;
          }
          if (!hush_all && !hushed.count(static_cast<int>(*idx))) plays.emplace_back("~" + name, st);
        }
      }
      if (plays.empty() && !hush_all && !diags_.has_errors())
        diags_.warning(SourceSpan{prog_.file, 0, 0}, "nothing to play",
                       "add an output such as `out: s \"bd sn\"` (or buses named ~d1, ~d2, ...)");
    } else {
      for (const auto& [slot, entry] : outputs)
        if (!hush_all && !hushed.count(slot)) plays.emplace_back(entry.second, entry.first);
    }
    for (const auto& [lbl, st] : plays) {
      try {
        scope_ = scopes_.before(*st);
        Term t = eval_expr(st->expr);
        types += lbl + " :: " + t.describe() + "\n";
        warn_number_output(st->expr, t, lbl);
        out.outputs.emplace_back(lbl, term_to_signal(*ev_, t, "output `" + lbl + "`"));
      } catch (const CompileError& e) {
        diags_.add(e.diag);
      }
    }
    // Buses are listed before the outputs, in reverse name order (prepending each one would copy the text per bus).
    std::string bus_types;
    for (auto it = bus_values_.rbegin(); it != bus_values_.rend(); ++it)
      bus_types += "~" + it->first + " :: " + it->second.describe() + "\n";
    types = bus_types + types;
    for (const auto& [name, t] : bus_values_) {
      if (t.kind == TermKind::Signal) {
        out.buses[name] = t.signal;
        out.bus_spans[name] = bus_stmts_[name]->name_span;
      } else if (t.kind == TermKind::Pattern) {
        // A pattern bus read as audio somewhere: the graph may reference it by name (through resolve_bus it is
        // inlined as a pattern, so nothing to add here).
      }
    }
    return out;
  }

 private:
  static std::string label(const Stmt& st) {
    if (st.kind == StmtKind::Out) return "out";
    return "o" + std::to_string(st.index);
  }

  double tempo(const Stmt& st, double value, double divisor) {
    double cps = value / divisor;
    char got[32];
    std::snprintf(got, sizeof got, "%g", value);
    const char* hint = "e.g. `tempo: 0.5` (cycles per second) or `bpm: 120`";
    if (!(cps > 0) || !std::isfinite(cps))
      throw_error(st.expr->span, std::string("the tempo must be a positive number (got ") + got + ")", hint);
    if (cps > kMaxCps)
      throw_error(st.expr->span,
                  std::string("the tempo is too fast (got ") + got + (divisor == 1.0 ? "" : " bpm") + "): at most " +
                      std::to_string(static_cast<int>(kMaxCps)) + " cycles per second",
                  hint);
    if (cps < kMinCps)
      throw_error(st.expr->span,
                  std::string("the tempo is too slow (got ") + got + (divisor == 1.0 ? "" : " bpm") +
                      "): at least 0.001 cycles per second (one cycle in 1000 seconds)",
                  hint);
    return cps;
  }

  // Any exception other than a CompileError (a library limit, a number that does not fit, memory) becomes an
  // error located at the expression, so that no input can end the process.
  Term eval_expr(const ExprPtr& e) {
    try {
      return top_level(e);
    } catch (const CompileError&) {
      throw;
    } catch (const std::bad_alloc&) {
      throw_error(e->span, "out of memory while evaluating this expression");
    } catch (const std::exception& ex) {
      throw_error(e->span, ex.what());
    }
  }

  // `out: sine` (the frequency forgotten) is Tidal's 0..1 continuous pattern: as audio a full-scale, slowly
  // moving offset rather than a tone. An output that is a plain pattern of numbers is almost always a mistake.
  void warn_number_output(const ExprPtr& e, const Term& t, const std::string& lbl) {
    if (t.kind != TermKind::Pattern || t.elem != eval::ElemKind::Number) return;
    static const std::set<std::string> oscillators = {"sine", "cosine", "saw", "isaw", "tri", "square"};
    if (e->kind == ExprKind::Ident && oscillators.count(e->text)) {
      diags_.warning(e->span,
                     "`" + e->text +
                         "` without a frequency is the 0..1 continuous pattern, not an oscillator: output `" + lbl +
                         "` is a full-scale offset",
                     "give the frequency in Hz, e.g. `" + e->text + " 440` (and a level: `" + e->text + " 440 * 0.3`)");
      return;
    }
    diags_.warning(e->span,
                   "output `" + lbl +
                       "` is a pattern of numbers: it plays as a stepped control signal (an offset), "
                       "not as sound",
                   "play an oscillator (`sine 440`), samples (`s \"bd sn\"`) or use the numbers as a frequency: "
                   "`saw \"110 220\"`");
  }

  static Operand operand(const Term& t) {
    if (is_pending_effect(t)) return Operand::Effect;
    if (t.kind == TermKind::Signal) return Operand::Signal;
    if (is_sound_pattern(t)) return Operand::SoundPattern;
    return t.kind == TermKind::Number ? Operand::Number : Operand::Pattern;
  }

  // Arithmetic at the top of a statement: audio or Tidal's pattern arithmetic, as the operator table decides
  // (compiler/graph/operators.hpp): `s "bd" * 0.8` scales the drum's audio, `s "bd sn" + ~synth` mixes,
  // `s "bd" - 2` is Tidal's n - 2. Inside function arguments the evaluator applies Tidal's meaning unless an
  // operand is a signal.
  Term top_level(const ExprPtr& e) {
    if (e->kind == ExprKind::BinOp && (e->text == "+" || e->text == "-" || e->text == "*" || e->text == "/")) {
      Term a = top_level(e->items[0]);
      Term b = top_level(e->items[1]);
      if (operator_meaning(e->text, operand(a), operand(b), true) == OperatorMeaning::Audio) {
        char c = e->text[0];
        return Term::make_signal(sig_binop(c, term_to_signal(*ev_, a, "the left side of `" + e->text + "`"),
                                           term_to_signal(*ev_, b, "the right side of `" + e->text + "`"), e->span),
                                 e->span);
      }
      return eval::binary_operator(*ev_, e->text, a, b, e->span);
    }
    if (e->kind == ExprKind::BinOp && e->text == "#") {
      // `x # f`: the left side keeps top-level arithmetic (`s "bd" * 0.8 # lpf 800`); the evaluator's `#` applies
      // a function on the right to it (see eval::binary_operator).
      Term a = top_level(e->items[0]);
      return eval::binary_operator(*ev_, "#", a, scoped().eval(e->items[1]), e->span);
    }
    return scoped().eval(e);
  }

  // The evaluator with the definitions visible to the statement being elaborated.
  eval::Evaluator scoped() const { return ev_->with_scope(scope_); }

  double eval_number(const ExprPtr& e, const std::string& what) {
    Term t = scoped().eval(e);
    if (t.kind != TermKind::Number) throw_error(e->span, what + " must be a number, not " + t.describe());
    return t.number;
  }

  Term resolve_bus(const std::string& name, const SourceSpan& span) {
    auto done = bus_values_.find(name);
    if (done != bus_values_.end()) {
      if (done->second.kind == TermKind::Signal) return Term::make_signal(sig_bus(name, span), span);
      return done->second;
    }
    auto it = bus_stmts_.find(name);
    if (it == bus_stmts_.end()) {
      std::vector<std::string> names;
      for (const auto& [n, _] : bus_stmts_) names.push_back(n);
      std::string near = closest_match(name, names);
      throw_error(span, "unknown bus `~" + name + "`",
                  near.empty() ? "define it with `~" + name + ": ...`" : "did you mean `~" + near + "`?");
    }
    if (in_progress_.count(name)) {
      // A bus that reads itself: a signal reference, so the graph reports the loop (or a delay breaks it).
      // Remembered so that a pattern function given this reference reports the cycle (see below).
      std::string chain;
      bool on = false;
      for (const auto& b : stack_) {
        on = on || b == name;
        if (on) chain += "~" + b + " -> ";
      }
      cycle_ = Cycle{chain + "~" + name, span};
      return Term::make_signal(sig_bus(name, span), span);
    }
    if (failed_.count(name)) throw_error(span, "bus `~" + name + "` has errors (reported above)");
    in_progress_.insert(name);
    stack_.push_back(name);
    elaborate_reads_first(name);
    return elaborate_marked(name, span);
  }

  // Elaborates, deepest first, every bus that `~name` (in progress) reads transitively and that is not done yet,
  // with the buses on the path marked in progress exactly as nested elaboration would mark them. Elaborating
  // `~name` then finds each bus it reads done (or in progress: a loop), so the C++ stack does not grow with the
  // length of a chain of buses. A depth-first walk over the `~bus` references in the syntax, with an explicit stack.
  void elaborate_reads_first(const std::string& name) {
    struct Visit {
      std::string bus;
      SourceSpan read_at;
      std::vector<std::pair<std::string, SourceSpan>> reads;
      size_t next = 0;
    };
    std::vector<Visit> path;
    path.push_back({name, {}, bus_reads(*bus_stmts_.at(name)), 0});
    while (true) {
      Visit& v = path.back();
      if (v.next < v.reads.size()) {
        const auto [bus, at] = v.reads[v.next++];
        if (bus_values_.count(bus) || !bus_stmts_.count(bus) || in_progress_.count(bus) || failed_.count(bus)) continue;
        in_progress_.insert(bus);
        stack_.push_back(bus);
        path.push_back({bus, at, bus_reads(*bus_stmts_.at(bus)), 0});
        continue;
      }
      if (path.size() == 1) return;  // `~name` itself is elaborated by the caller
      const std::string bus = v.bus;
      const SourceSpan at = v.read_at;
      path.pop_back();
      try {
        elaborate_marked(bus, at);
      } catch (const CompileError&) {
        // Reported; each bus that reads it reports "has errors" at its own reference when it is elaborated.
      }
    }
  }

  // The buses an expression reads (`~x`), in source order, with where each is read.
  static std::vector<std::pair<std::string, SourceSpan>> bus_reads(const Stmt& st) {
    std::vector<std::pair<std::string, SourceSpan>> out;
    std::vector<const Expr*> todo;
    if (st.expr) todo.push_back(st.expr.get());
    while (!todo.empty()) {
      const Expr* e = todo.back();
      todo.pop_back();
      if (e->kind == ExprKind::BusRef) out.emplace_back(e->text, e->span);
      for (auto it = e->items.rbegin(); it != e->items.rend(); ++it)
        if (*it) todo.push_back(it->get());
    }
    return out;
  }

  // Elaborates `~name`, already marked in progress and on top of stack_.
  Term elaborate_marked(const std::string& name, const SourceSpan& span) {
    auto it = bus_stmts_.find(name);
    // The definitions in scope are those above the bus's statement.
    const eval::ScopePtr outer_scope = scope_;
    scope_ = scopes_.before(*it->second);
    try {
      Term t = eval_expr(it->second->expr);
      scope_ = outer_scope;
      in_progress_.erase(name);
      stack_.pop_back();
      cycle_.reset();  // a reference to a bus in progress that did not fail is an audio loop (checked by the graph)
      bus_values_[name] = t;
    } catch (const CompileError& e) {
      scope_ = outer_scope;
      in_progress_.erase(name);
      stack_.pop_back();
      failed_.insert(name);
      if (cycle_ && e.diag.message.find("not an audio signal") != std::string::npos) {
        // The self-reference was used as a pattern: the real problem is the cycle, not the signal.
        Diagnostic d = e.diag;
        d.span = cycle_->use;
        d.message = "cycle between buses: " + cycle_->chain;
        d.hint =
            "a pattern bus cannot be computed from itself; only an audio loop with a delay in it can feed back "
            "(`~echo: ~in + ~echo * 0.5 # delay 0.25`)";
        cycle_.reset();
        diags_.add(d);
      } else {
        diags_.add(e.diag);
      }
      throw_error(span, "bus `~" + name + "` has errors (reported above)");
    }
    return resolve_bus(name, span);
  }

  const Program& prog_;
  Diagnostics& diags_;
  std::shared_ptr<eval::Registry> registry_;
  std::unique_ptr<eval::Evaluator> ev_;
  std::map<std::string, const Stmt*> bus_stmts_;
  std::map<std::string, Term> bus_values_;
  std::set<std::string> in_progress_;
  std::vector<std::string> stack_;  // buses being evaluated, outermost first
  struct Cycle {
    std::string chain;  // "~a -> ~b -> ~a"
    SourceSpan use;     // where the bus in progress was referenced
  };
  std::optional<Cycle> cycle_;  // the last reference to a bus in progress
  std::set<std::string> failed_;
  eval::ProgramScopes scopes_;
  eval::ScopePtr scope_;  // the definitions visible to the statement being elaborated
};

// Removes repeated "has errors (reported above)" notes when the original error is present.
void dedupe(Diagnostics& d) {
  Diagnostics out;
  std::set<std::string> seen;
  for (const auto& item : d.items()) {
    std::string key = item.render();
    if (seen.insert(key).second) out.add(item);
  }
  d = out;
}

}  // namespace

CompileResult compile_source(std::shared_ptr<const SourceFile> file, const CompileOptions& options) {
  CompileResult result;
  if (file->text.size() > kMaxSourceBytes) {
    const auto at = static_cast<uint32_t>(kMaxSourceBytes);
    result.diagnostics.error(SourceSpan{file, at, at + 1},
                             "file too large: " + std::to_string(file->text.size()) +
                                 " bytes; Phonon compiles programs of at most 4 MiB (4194304 bytes)",
                             "split the program, or generate fewer statements (a loop in a pattern function, e.g. "
                             "`n (run 64)`, instead of one statement per value)");
    return result;
  }
  Program prog = parse_program(file, result.diagnostics);
  if (options.dump == "ast") result.dump = print_ast(prog);
  if (result.diagnostics.has_errors()) return result;
  ProgramSignals signals;
  try {
    Elaborator el(prog, result.diagnostics);
    signals = el.run();
    if (options.dump == "types") result.dump = el.types;
  } catch (const CompileError& e) {
    result.diagnostics.add(e.diag);
  }
  dedupe(result.diagnostics);
  if (result.diagnostics.has_errors()) return result;
  std::string dump;
  PipelineOptions po;
  po.dump = options.dump;
  po.dump_after = options.dump_after;
  po.dump_out = &dump;
  auto plan = run_pipeline(signals, result.diagnostics, po);
  if (options.dump == "graph" || options.dump == "plan" || !options.dump_after.empty()) result.dump += dump;
  if (!plan || result.diagnostics.has_errors()) return result;
  result.plan = plan;
  return result;
}

CompileResult compile_file(const std::string& path, const CompileOptions& options) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::error_code ec;
    std::ifstream in(path, std::ios::binary);
    std::string why = !std::filesystem::exists(path, ec)        ? "no such file"
                      : std::filesystem::is_directory(path, ec) ? "it is a folder"
                      : !in                                     ? "permission denied"
                                                                : "";
    if (!why.empty()) {
      CompileResult r;
      r.diagnostics.error({}, "cannot read `" + path + "`: " + why, "give the path of a .ph file");
      return r;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  return compile_source(std::make_shared<SourceFile>(path == "-" ? "<stdin>" : path, std::move(text)), options);
}

}  // namespace phonon
