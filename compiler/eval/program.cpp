#include "compiler/eval/program.hpp"

#include <cstdio>
#include <vector>

#include "compiler/numbers.hpp"

namespace phonon::eval {

void ProgramScopes::evaluate(const Program& program, const Evaluator& ev, Diagnostics& diags) {
  current_ = ev.scope();
  for (const auto& st : program.statements) {
    before_[&st] = current_;
    if (st.kind != StmtKind::Let) continue;
    // One statement's definitions are evaluated one by one, so that an error leaves the others defined.
    for (const auto& b : st.bindings) {
      try {
        current_ = ev.with_scope(current_).define({b});
      } catch (const CompileError& e) {
        diags.add(e.diag);
        current_ = Scope::failed_def(current_, b);
      }
    }
  }
}

ScopePtr ProgramScopes::before(const Stmt& st) const {
  auto it = before_.find(&st);
  return it == before_.end() ? current_ : it->second;
}

namespace {

struct AlreadyReported {};

enum class BusState { Pending, InProgress, Done, Failed };

class ProgramEvaluator {
 public:
  ProgramEvaluator(const Program& prog, std::shared_ptr<const Registry> reg, Diagnostics& diags,
                   const ProgramOptions& opts)
      : prog_(prog), reg_(std::move(reg)), diags_(diags), opts_(opts) {}

  ProgramValue run() {
    ProgramValue out;
    // Collect bus definitions first (so buses can be used before their definition).
    for (const auto& st : prog_.statements) {
      if (st.kind != StmtKind::Bus) continue;
      if (bus_defs_.count(st.name)) {
        diags_.error(st.name_span.valid() ? st.name_span : st.span, "duplicate bus `~" + st.name + "`",
                     "each bus is defined once; rename one of them");
        continue;
      }
      bus_defs_[st.name] = &st;
      state_[st.name] = BusState::Pending;
    }
    scopes_.evaluate(prog_, make_evaluator(nullptr), diags_);
    bool have_output = false;
    for (const auto& st : prog_.statements) {
      Evaluator ev = make_evaluator(scopes_.before(st));
      try {
        switch (st.kind) {
          case StmtKind::Let: break;  // evaluated by scopes_
          case StmtKind::Tempo: {
            double x = number_of(ev, st.expr, "tempo");
            if (!(x > 0)) throw_error(st.expr->span, "tempo must be a positive number of cycles per second");
            if (x < kMinCps || x > kMaxCps) throw_error(st.expr->span, cps_range_message(x));
            out.cps = x;
            break;
          }
          case StmtKind::Bpm: {
            double bpm = number_of(ev, st.expr, "bpm");
            double beats = st.expr2 ? number_of(ev, st.expr2, "beats per cycle") : 4.0;
            if (!(bpm > 0) || !(beats > 0)) throw_error(st.span, "bpm and beats per cycle must be positive");
            out.cps = bpm / 60.0 / beats;
            if (out.cps < kMinCps || out.cps > kMaxCps) throw_error(st.expr->span, cps_range_message(out.cps));
            break;
          }
          case StmtKind::Bus: bus_term(st.name, st.span); break;
          case StmtKind::Out:
          case StmtKind::Output: {
            int idx = st.kind == StmtKind::Out ? 0 : st.index;
            have_output = true;
            if (out.outputs.count(idx) || seen_outputs_.count(idx)) {
              diags_.error(st.name_span.valid() ? st.name_span : st.span, "duplicate output `" + output_name(idx) + "`",
                           "each output is defined once");
              break;
            }
            seen_outputs_.insert(idx);
            Term t = output_term(ev, st.expr, idx, out);
            out.outputs[idx] = t;
            out.output_spans[idx] = st.span;
            break;
          }
          case StmtKind::Hush:
            if (st.index == 0) out.hush_all = true;
            else out.hushed.insert(st.index);
            break;
        }
      } catch (const CompileError& e) {
        diags_.add(e.diag);
      } catch (const AlreadyReported&) {
      } catch (const std::exception& e) {
        diags_.error(st.span, e.what());  // a library limit or a number that does not fit: located, not fatal
      }
    }
    for (const auto& [name, st] : bus_defs_) {
      try {
        out.buses[name] = bus_term(name, st->span);
      } catch (const CompileError& e) {
        diags_.add(e.diag);
      } catch (const AlreadyReported&) {
      } catch (const std::exception& e) {
        diags_.error(st->span, e.what());
      }
    }
    if (!have_output) {
      for (const auto& [name, t] : out.buses) {
        if (name.size() >= 2 && name[0] == 'd' && name.find_first_not_of("0123456789", 1) == std::string::npos) {
          auto idx = parse_int(std::string_view(name).substr(1), kMaxOutputNumber);
          if (!idx) {
            diags_.error(bus_defs_[name]->name_span,
                         "bus `~" + name + "` would play as an output, but outputs are numbered 0 to " +
                             std::to_string(kMaxOutputNumber),
                         "rename the bus, or add output statements (`o1: ...`) so that buses do not play by name");
            continue;
          }
          int k = static_cast<int>(*idx);
          out.outputs[k] = t;
          out.output_spans[k] = bus_defs_[name]->span;
        }
      }
      if (out.outputs.empty() && !diags_.has_errors())
        diags_.warning(SourceSpan{prog_.file, 0, 0}, "nothing to play",
                       "add an output, e.g. `out: s \"bd sn\"` or `d1 $ s \"bd\"`");
    }
    return out;
  }

 private:
  const Program& prog_;
  std::shared_ptr<const Registry> reg_;
  Diagnostics& diags_;
  const ProgramOptions& opts_;
  std::map<std::string, const Stmt*> bus_defs_;
  std::map<std::string, BusState> state_;
  std::map<std::string, Term> terms_;
  std::set<int> seen_outputs_;
  ProgramScopes scopes_;

  static std::string output_name(int idx) { return idx == 0 ? "out" : "o" + std::to_string(idx); }

  Evaluator make_evaluator(ScopePtr scope) {
    EvalOptions eo;
    eo.warn = [this](const SourceSpan& span, const std::string& message, const std::string& hint) {
      diags_.warning(span, message, hint);
    };
    eo.resolve_bus = [this](const std::string& name, const SourceSpan& use) {
      Term t = bus_term(name, use);
      if (opts_.on_bus_ref) return opts_.on_bus_ref(name, t, use);
      return t;
    };
    return Evaluator(reg_, eo, std::move(scope));
  }

  // As the compiler's top level (compiler/compile.cpp): `s "bd" * 0.8` scales the drum's audio rather than
  // adding Tidal's {speed: 0.8}; the events that play are those of the sound pattern.
  Term output_term(const Evaluator& ev, const ExprPtr& e, int idx, ProgramValue& out) {
    if (e->kind == ExprKind::BinOp && (e->text == "*" || e->text == "/") && e->items.size() == 2) {
      const ExprPtr& l = e->items[0];
      const ExprPtr& r = e->items[1];
      const ExprPtr* sound =
          r->kind == ExprKind::Number ? &l : (l->kind == ExprKind::Number && e->text == "*" ? &r : nullptr);
      if (sound) {
        Term t = ev.eval(*sound);
        if (t.kind == TermKind::Pattern && t.elem == ElemKind::Control && has_sound_key(t.pattern)) {
          const ExprPtr& k = sound == &l ? r : l;
          char buf[64];
          std::snprintf(buf, sizeof buf, "%g", e->text == "*" ? k->number : 1.0 / k->number);
          out.audio_notes[idx] = std::string("audio: `") + e->text + "` at the top of a statement scales the sound " +
                                 "of these events by " + buf + " (it does not change their controls)";
          return t;
        }
      }
    }
    return ev.eval(e);
  }

  static bool has_sound_key(const Pattern& p) {
    std::vector<Event> evs;
    try {
      p.query(Arc(Rational(0), Rational(1)), evs);
    } catch (...) {
      return false;
    }
    for (const auto& ev : evs)
      if (ev.value.is_map() && (ev.value.as_map().find("s") || ev.value.as_map().find("sound"))) return true;
    return false;
  }

  double number_of(const Evaluator& ev, const ExprPtr& e, const std::string& what) {
    Term t = ev.eval(e);
    return ev.to_number(t, what);
  }

  Term bus_term(const std::string& name, const SourceSpan& use) {
    auto it = bus_defs_.find(name);
    if (it == bus_defs_.end()) {
      std::vector<std::string> names;
      for (const auto& [k, v] : bus_defs_) names.push_back(k);
      std::string m = closest_match(name, names);
      throw_error(use, "unknown bus `~" + name + "`",
                  m.empty() ? "define it with `~" + name + ": ...`" : "did you mean `~" + m + "`?");
    }
    BusState& s = state_[name];
    switch (s) {
      case BusState::Done: return terms_[name];
      case BusState::Failed: throw AlreadyReported{};
      case BusState::InProgress:
        throw_error(use, "bus `~" + name + "` depends on itself", "a cycle of buses needs a delay in it");
      case BusState::Pending: break;
    }
    s = BusState::InProgress;
    try {
      Evaluator ev = make_evaluator(scopes_.before(*it->second));
      Term t = ev.eval(it->second->expr);
      terms_[name] = t;
      state_[name] = BusState::Done;
      return t;
    } catch (const CompileError& e) {
      state_[name] = BusState::Failed;
      diags_.add(e.diag);
      throw AlreadyReported{};
    } catch (...) {
      state_[name] = BusState::Failed;
      throw;
    }
  }
};

}  // namespace

ProgramValue evaluate_program(const Program& program, std::shared_ptr<const Registry> registry, Diagnostics& diags,
                              const ProgramOptions& options) {
  ProgramEvaluator pe(program, std::move(registry), diags, options);
  return pe.run();
}

}  // namespace phonon::eval
