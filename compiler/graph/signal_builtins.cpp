#include "compiler/graph/signal_builtins.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "compiler/diagnostics.hpp"
#include "compiler/eval/builtin_helpers.hpp"
#include "compiler/graph/operators.hpp"
#include "compiler/pattern/ops.hpp"
#include "kernels/kernel.hpp"

namespace phonon {

using eval::Builtin;
using eval::CallContext;
using eval::ElemKind;
using eval::Evaluator;
using eval::Param;
using eval::ParamType;
using eval::Registry;
using eval::Term;
using eval::TermKind;

namespace {

// ---- effects ------------------------------------------------------------------------------------------------

enum class EffectKind {
  Kernel,    // generic: kernel inputs[0] = the signal, user args = remaining inputs then params
  Envelope,  // kernel input = a gate derived from the signal's events, user args = params; output multiplies
  Gain,      // multiply
  Pan,       // mono -> stereo, equal power
};

struct EffectDef {
  std::string name;    // .ph name
  std::string kernel;  // kernel name
  EffectKind kind = EffectKind::Kernel;
  // SuperDirt controls the effect stands for on an event pattern ("" = none: the voices are summed first).
  std::vector<std::string> controls;
};

const std::vector<EffectDef>& effect_defs() {
  static const std::vector<EffectDef> defs = {
      {"lpf", "filter.lpf", EffectKind::Kernel, {"cutoff", "resonance"}},
      {"hpf", "filter.hpf", EffectKind::Kernel, {"hcutoff", "hresonance"}},
      {"bpf", "filter.bpf", EffectKind::Kernel, {"bandf", "bandq"}},
      {"notch", "filter.notch", EffectKind::Kernel, {}},
      // The prototype's resonant filters take a Q (wave2_integration.ph: `# rlpf cutoff 7.0`): RBJ biquads.
      {"rlpf", "filter.lpf", EffectKind::Kernel, {}},
      {"rhpf", "filter.hpf", EffectKind::Kernel, {}},
      {"moog", "filter.moog", EffectKind::Kernel, {}},
      {"svf", "filter.svf", EffectKind::Kernel, {}},  // the low-pass output
      {"delay", "fx.delay", EffectKind::Kernel, {"delay"}},
      {"reverb", "fx.reverb", EffectKind::Kernel, {}},
      {"chorus", "fx.chorus", EffectKind::Kernel, {}},
      {"flanger", "fx.flanger", EffectKind::Kernel, {}},
      {"phaser", "fx.phaser", EffectKind::Kernel, {}},
      // On an event pattern `distort x` is SuperDirt's per-voice distort (runtime/voices/voice_fx.cpp).
      {"distort", "fx.distort", EffectKind::Kernel, {"distort"}},
      {"bitcrush", "fx.bitcrush", EffectKind::Kernel, {}},
      {"compressor", "fx.compressor", EffectKind::Kernel, {}},
      {"limiter", "fx.limiter", EffectKind::Kernel, {}},
      {"ar", "env.ar", EffectKind::Envelope, {"attack", "release"}},
      {"adsr", "env.adsr", EffectKind::Envelope, {"attack", "decay", "sustainlevel", "release"}},
      {"env", "env.adsr", EffectKind::Envelope, {}},
      {"line", "env.line", EffectKind::Envelope, {}},
      {"xline", "env.xline", EffectKind::Envelope, {}},
      {"gain", "math.mul", EffectKind::Gain, {"gain"}},
      {"pan", "mix.pan", EffectKind::Pan, {"pan"}},
  };
  return defs;
}

// An effect waiting for its input (SignalKind::Effect is not a graph node: `#` consumes it).
struct EffectExpr : SignalExpr {
  const EffectDef* def = nullptr;
  std::vector<Term> args;          // as the user gave them (defaults filled)
  std::vector<char> given;         // per arg: written by the user (not a default)
  std::vector<SignalPtr> inputs_;  // kernel inputs after the signal (Kernel kind)
  std::vector<float> params_;
  // Envelope times given as patterns: fine on an event pattern (they become per-voice controls), an error when the
  // envelope is applied to a signal (the kernel's times are constants). The first such argument's span and message.
  std::optional<std::pair<SourceSpan, std::string>> param_error;
  // A constant the kernel cannot take (e.g. a delay time longer than the line): an error only when the effect is
  // applied to a signal. On an event pattern the same call may be a SuperDirt control (`# delay 3`: a send level).
  struct Deferred {
    SourceSpan span;
    std::string message, hint;
  };
  std::optional<Deferred> kernel_error;
};

const EffectExpr* as_effect(const Term& t) {
  if (t.kind != TermKind::Signal || !t.signal || t.signal->kind != SignalKind::Effect) return nullptr;
  return static_cast<const EffectExpr*>(t.signal.get());
}

// ---- event patterns ------------------------------------------------------------------------------------------

// Keys of the control maps a pattern produces in its first cycles (bounded). A pattern too dense to query 8
// cycles at once (more than kMaxEventsPerQuery events) is sampled over a shorter span, down to 1/4096 cycle:
// giving up would make a dense sound pattern look like one without `s` and play nothing.
std::set<std::string> keys_of(const Pattern& p) {
  std::set<std::string> keys;
  std::vector<Event> evs;
  for (Rational span(8); span >= Rational(1, 4096); span = span / Rational(8)) {
    evs.clear();
    try {
      p.query(Arc(Rational(0), span), evs);
      break;
    } catch (...) {
    }
  }
  size_t n = 0;
  for (const auto& e : evs) {
    if (++n > 4096) break;
    if (!e.value.is_map()) continue;
    for (const auto& [k, v] : e.value.as_map().entries()) keys.insert(k);
  }
  return keys;
}

bool sound_pattern(const Term& t) {
  if (t.kind != TermKind::Pattern || t.elem != ElemKind::Control) return false;
  auto keys = keys_of(t.pattern);
  return keys.count("s") || keys.count("sound");
}

// A number signal from a term; `pitch`: control patterns with note/n play those pitches (c5 = 0 = middle C).
SignalPtr number_signal(const Evaluator& ev, const Term& t, const std::string& what, bool pitch) {
  switch (t.kind) {
    case TermKind::Signal:
      if (t.signal->kind == SignalKind::Effect)
        throw_error(t.span, what + " is an effect with nothing to process", "apply it with `#` to a signal");
      return t.signal;
    case TermKind::Number:
      if (!std::isfinite(t.number)) throw_error(t.span, what + " is not a finite number");
      return sig_const(t.number, t.span);
    case TermKind::String:
    case TermKind::Poly:
      // Frequencies read note names (`sine "c e g"`: `e` is the note); other numbers as Tidal's Pattern Double.
      return sig_pattern(ev.to_pattern(t, pitch ? mini::ElemType::Note : mini::ElemType::Number, what), t.span);
    case TermKind::Pattern:
      if (t.elem == ElemKind::Number || t.elem == ElemKind::Bool) return sig_pattern(t.pattern, t.span);
      if (t.elem == ElemKind::Control) {
        auto keys = keys_of(t.pattern);
        if (pitch && (keys.count("freq") || keys.count("up") || keys.count("octave"))) {
          // As a frequency, each event plays its pitch the way SuperDirt's synths compute it: `freq` (Hz) wins,
          // else note (or n) + up + 12 * (octave - 5), with c5 = 0 = middle C. Events without a pitch are skipped.
          // (Plain note/n patterns take the shorter path below: mtof of the key's value + 60.)
          auto has_pitch = [](const Value& v) {
            if (!v.is_map()) return false;
            const ControlMap& m = v.as_map();
            for (const char* k : {"freq", "note", "n"})
              if (const Value* x = m.find(k); x && x->is_number()) return true;
            return false;
          };
          auto hz = [](const Value& v) {
            const ControlMap& m = v.as_map();
            auto num = [&](const char* k, double def) {
              const Value* x = m.find(k);
              return x && x->is_number() ? x->as_number() : def;
            };
            if (const Value* f = m.find("freq"); f && f->is_number()) return Value::number(f->as_number());
            const Value* note = m.find("note");
            double p = note && note->is_number() ? note->as_number() : num("n", 0.0);
            p += num("up", 0.0) + 12.0 * (num("octave", 5.0) - 5.0);
            return Value::number(440.0 * std::pow(2.0, (p + 60.0 - 69.0) / 12.0));
          };
          return sig_pattern(fmap(filter_values(t.pattern, has_pitch), hz), t.span);
        }
        for (const char* k : {"note", "n", "freq"}) {
          if (!keys.count(k)) continue;
          SignalPtr s = sig_pattern(t.pattern, t.span, k);
          if (pitch && std::string(k) != "freq")
            return sig_kernel("math.mtof", {sig_binop('+', s, sig_const(60.0))}, {}, t.span);
          return s;
        }
        throw_error(t.span, what + " is a pattern of controls without a number to use",
                    "use a number pattern, or a control pattern with `note` or `n`");
      }
      throw_error(t.span,
                  what + " expects numbers or a signal, not a pattern of " + std::string(eval::elem_kind_name(t.elem)));
    default: throw_error(t.span, what + " expects a number, a pattern or a signal, not " + t.describe());
  }
}

float constant_param(const Term& t, const std::string& what) {
  if (t.kind != TermKind::Number)
    throw_error(t.span, what + " must be a constant number", "patterns and signals cannot set this parameter");
  if (!std::isfinite(t.number)) throw_error(t.span, what + " is not a finite number");
  return static_cast<float>(t.number);
}

// The first event pattern inside a signal expression: envelopes follow its events.
const SignalExpr* find_event_source(const SignalExpr* s, int depth = 0) {
  if (!s || depth > 64) return nullptr;
  if (s->kind == SignalKind::Pattern || s->kind == SignalKind::Voices) return s;
  for (const auto& in : s->inputs)
    if (const SignalExpr* f = find_event_source(in.get(), depth + 1)) return f;
  return nullptr;
}

// Applies an effect to a signal.
SignalPtr apply_effect(const EffectExpr& fx, SignalPtr in, const SourceSpan& span) {
  const EffectDef& d = *fx.def;
  switch (d.kind) {
    case EffectKind::Gain: return sig_binop('*', std::move(in), fx.inputs_.at(0), span);
    case EffectKind::Pan: return sig_kernel("mix.pan", {std::move(in), fx.inputs_.at(0)}, {}, span);
    case EffectKind::Envelope: {
      if (fx.param_error)
        throw_error(fx.param_error->first, fx.param_error->second,
                    "on a signal the envelope's times are constants; on an event pattern (`s \"bd*4\" # ar ...`) they "
                    "may be patterns");
      const SignalExpr* src = find_event_source(in.get());
      SignalPtr gate = src ? sig_gate(src->pattern, span) : sig_voice_gate(span);
      SignalPtr env = sig_kernel(d.kernel, {gate}, fx.params_, span);
      return sig_binop('*', std::move(in), env, span);
    }
    case EffectKind::Kernel: {
      if (fx.kernel_error) throw_error(fx.kernel_error->span, fx.kernel_error->message, fx.kernel_error->hint);
      std::vector<SignalPtr> inputs{std::move(in)};
      for (const auto& s : fx.inputs_) inputs.push_back(s);
      return sig_kernel(d.kernel, std::move(inputs), fx.params_, span);
    }
  }
  return in;
}

Term make_effect(const EffectDef& d, const kern::KernelSpec& spec, CallContext& ctx, std::vector<Term>& args) {
  auto fx = std::make_shared<EffectExpr>();
  fx->kind = SignalKind::Effect;
  fx->span = ctx.span;
  fx->name = d.name;
  fx->def = &d;
  fx->args = args;
  for (size_t i = 0; i < args.size(); ++i)
    fx->given.push_back(i < ctx.arg_spans.size() && ctx.arg_spans[i].valid() ? 1 : 0);
  const Evaluator& ev = ctx.ev;
  auto what = [&](size_t i, const std::string& port) { return "argument `" + port + "` of `" + d.name + "`"; };
  if (d.kind == EffectKind::Envelope) {
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string w = what(i, std::string(spec.params[i]));
      if (args[i].kind == TermKind::Number) {
        fx->params_.push_back(constant_param(args[i], w));
        continue;
      }
      if (!fx->param_error) fx->param_error.emplace(args[i].span, w + " must be a constant number");
      fx->params_.push_back(i < spec.param_defaults.size() ? spec.param_defaults[i] : 0.0f);
    }
  } else if (d.kind == EffectKind::Gain || d.kind == EffectKind::Pan) {
    fx->inputs_.push_back(number_signal(ev, args.at(0), what(0, d.name), false));
  } else {
    const size_t n_in = spec.inputs.size() - 1;
    for (size_t i = 0; i < args.size(); ++i) {
      if (i < n_in) {
        fx->inputs_.push_back(number_signal(ev, args[i], what(i, std::string(spec.inputs[i + 1])), false));
      } else {
        fx->params_.push_back(constant_param(args[i], what(i, std::string(spec.params[i - n_in]))));
      }
    }
    // Checks the user can get wrong with constants.
    if (d.kernel.rfind("filter.", 0) == 0) {
      for (size_t i = 0; i < fx->inputs_.size(); ++i) {
        const SignalExpr& s = *fx->inputs_[i];
        if (s.kind != SignalKind::Const) continue;
        std::string port(spec.inputs[i + 1]);
        if (port == "cutoff" && !(s.value > 0))
          throw_error(args[i].span, "filter cutoff must be a positive frequency in Hz", "e.g. `" + d.name + " 800`");
        if ((port == "q" || port == "res" || port == "resonance") && port == "q" && !(s.value > 0))
          throw_error(args[i].span, "filter q must be greater than 0", "0.707 is a flat (Butterworth) response");
      }
    }
    if (d.kernel == "fx.delay") {
      // The delay line holds max_seconds; a constant time longer than that is an error.
      float max_s = fx->params_.empty() ? spec.param_defaults.at(0) : fx->params_[0];
      if (!fx->inputs_.empty() && fx->inputs_[0]->kind == SignalKind::Const) {
        double t = fx->inputs_[0]->value;
        // Deferred: `s "cp*4" # delay 3` is SuperDirt's delay send level, not a time (see EffectExpr::kernel_error).
        if (t < 0) fx->kernel_error = EffectExpr::Deferred{args[0].span, "delay time must not be negative", ""};
        else if (t > max_s)
          fx->kernel_error =
              EffectExpr::Deferred{args[0].span,
                                   "delay time " + std::to_string(t).substr(0, 6) + " s is longer than the " +
                                       std::to_string(max_s).substr(0, 5) + " s delay line",
                                   "give a longer line with `:max_seconds " +
                                       std::to_string(static_cast<int64_t>(std::ceil(std::min(t, 1e15)))) + "`"};
      }
    }
  }
  while (fx->params_.size() < spec.params.size())
    fx->params_.push_back(fx->params_.size() < spec.param_defaults.size() ? spec.param_defaults[fx->params_.size()]
                                                                          : 0.0f);
  return Term::make_signal(fx, ctx.span);
}

// Registers one effect; its parameters are the kernel's ports after the input (or its params for envelopes).
void add_effect(Registry& r, const EffectDef& d, const std::shared_ptr<const Builtin>& previous) {
  const kern::KernelSpec* spec = kern::find_kernel(d.kernel);
  if (!spec) return;  // the kernel is not in this build: the name keeps its pattern meaning, if any
  Builtin b;
  b.name = d.name;
  b.doc = std::string(spec->doc.substr(0, spec->doc.find('.'))) + " (signal effect; apply with `#`).";
  auto add_param = [&](std::string_view port, bool has_default, float def) {
    Param p;
    p.name = std::string(port);
    p.type = ParamType::Any;
    if (has_default) p.default_value = Term::make_number(def);
    b.params.push_back(std::move(p));
  };
  if (d.kind == EffectKind::Envelope) {
    for (size_t i = 0; i < spec->params.size(); ++i)
      add_param(spec->params[i], i < spec->param_defaults.size() && i > 0,
                i < spec->param_defaults.size() ? spec->param_defaults[i] : 0.f);
  } else if (d.kind == EffectKind::Gain || d.kind == EffectKind::Pan) {
    add_param(d.name, false, 0);
  } else {
    for (size_t i = 1; i < spec->inputs.size(); ++i) {
      bool has = i < spec->input_defaults.size();
      add_param(spec->inputs[i], has && i > 1, has ? spec->input_defaults[i] : 0.f);
    }
    for (size_t i = 0; i < spec->params.size(); ++i) {
      bool has = i < spec->param_defaults.size();
      add_param(spec->params[i], has, has ? spec->param_defaults[i] : 0.f);
    }
  }
  const EffectDef* dp = &d;
  b.impl = [dp, spec](CallContext& ctx, std::vector<Term>& args) { return make_effect(*dp, *spec, ctx, args); };
  bool all_defaults = !b.params.empty();
  for (const auto& p : b.params) all_defaults &= p.default_value.has_value();
  if (all_defaults) {
    // `x # limiter`: an effect whose arguments all have defaults works without any.
    std::vector<Term> defaults;
    for (const auto& p : b.params) defaults.push_back(*p.default_value);
    b.bare = [dp, spec, defaults](CallContext& ctx, std::vector<Term>&) {
      std::vector<Term> args = defaults;
      ctx.arg_spans.assign(args.size(), SourceSpan{});
      return make_effect(*dp, *spec, ctx, args);
    };
  }
  if (previous) {
    // Keep the pattern meaning (a SuperDirt control) reachable for effect_as_controls.
    Builtin control = *previous;
    control.name = d.name + "~control";
    r.add(std::move(control));
  }
  r.add(std::move(b));
}

// The control pattern an effect stands for on event patterns, or nullopt if it has none for these arguments.
std::optional<Term> effect_as_controls(const Evaluator& ev, const EffectExpr& fx, const SourceSpan& span) {
  const EffectDef& d = *fx.def;
  if (d.controls.empty()) return std::nullopt;
  size_t given = 0;
  for (char g : fx.given) given += g ? 1 : 0;
  if (d.name == "delay" && given != 1) return std::nullopt;  // `delay 0.9 "<0.9 0.3>"` is the effect
  // An argument beyond the controls (`distort 0.5 0.3`: drive and mix) only the effect has.
  for (size_t i = d.controls.size(); i < fx.given.size(); ++i)
    if (fx.given[i]) return std::nullopt;
  std::optional<Term> acc;
  // `adsr` stands for a whole per-voice envelope: every stage gets its control, defaults included.
  const bool all_args = d.name == "adsr";
  for (size_t i = 0; i < d.controls.size() && i < fx.args.size(); ++i) {
    if (i > 0 && !fx.given[i] && !all_args) continue;  // controls only for what the user wrote
    Term arg = fx.args[i];
    std::string key = d.controls[i];
    if (key == "resonance" || key == "hresonance") {
      // Filter q (linear) -> SuperDirt resonance (0..1, q = 1000^resonance).
      if (arg.kind != TermKind::Number) return std::nullopt;
      arg = Term::make_number(std::clamp(std::log(std::max(arg.number, 1.0)) / std::log(1000.0), 0.0, 1.0), arg.span);
    }
    Term c;
    if (key == "sustainlevel") {
      // The ADSR sustain LEVEL has no control function (SuperDirt's `sustain` is a duration): its own key.
      c = Term::make_pattern(make_control(key, ev.to_pattern(arg, mini::ElemType::Number, "argument `s` of `adsr`")),
                             ElemKind::Control, span);
    } else {
      std::string fn = ev.registry().find(key + "~control") ? key + "~control" : key;
      const Builtin* target = ev.registry().find(fn);
      if (!target || (target->impl && fn == key && key == d.name)) return std::nullopt;
      try {
        c = ev.call_builtin(fn, {arg}, span);
      } catch (const CompileError& e) {
        // `gain~control` is the registry's name for the control behind the effect (`lpf` stands for `cutoff`):
        // name what the user wrote.
        Diagnostic dg = e.diag;
        const std::string internal = "`" + fn + "`";
        const std::string shown = "`" + d.name + "`";
        for (size_t at = 0; fn != d.name && (at = dg.message.find(internal, at)) != std::string::npos;
             at += shown.size())
          dg.message.replace(at, internal.size(), shown);
        if (arg.kind == TermKind::Signal)
          dg.hint = "on an event pattern `" + d.name +
                    "` is read once per event (a per-voice control); to modulate "
                    "the sound with a signal apply it to the mix, e.g. `(s \"bd*4\") * (~lfo * 0.5 + 0.5)`, or "
                    "use a sampled pattern: `# " +
                    d.name + " (segment 16 $ range 0.2 1 sine)`";
        throw CompileError(dg);
      }
    }
    acc = acc ? eval::binary_operator(ev, "#", *acc, c, span) : c;
  }
  return acc;
}

// ---- oscillators ----------------------------------------------------------------------------------------------

struct OscDef {
  std::string name;  // .ph name; `sine` etc. keep their bare meaning (Tidal's continuous pattern) through
                     // Builtin::bare, which the registry carries over from the pattern constant
  std::string kernel;
  std::vector<std::string> args;  // user args: kernel inputs in order, then params
  bool pitch_first = true;        // first arg is a frequency (control patterns of notes play pitches)
};

const std::vector<OscDef>& osc_defs() {
  static const std::vector<OscDef> defs = {
      {"sine", "osc.sine", {"freq"}},
      {"saw", "osc.saw", {"freq"}},
      {"square", "osc.square", {"freq"}},
      {"tri", "osc.tri", {"freq"}},
      {"pulse", "osc.pulse", {"freq", "width"}},
      {"fm", "osc.fm", {"carrier", "modulator", "index"}},
      {"supersaw", "osc.supersaw", {"freq", "detune", "voices"}},
  };
  return defs;
}

void add_oscillator(Registry& r, const OscDef& d) {
  const kern::KernelSpec* spec = kern::find_kernel(d.kernel);
  if (!spec) return;
  Builtin b;
  b.name = d.name;
  b.doc = std::string(spec->doc.substr(0, spec->doc.find('.'))) + ".";
  for (size_t i = 0; i < spec->inputs.size(); ++i) {
    Param p;
    p.name = std::string(spec->inputs[i]);
    p.type = ParamType::Any;
    if (i > 0 && i < spec->input_defaults.size()) p.default_value = Term::make_number(spec->input_defaults[i]);
    b.params.push_back(std::move(p));
  }
  for (size_t i = 0; i < spec->params.size(); ++i) {
    Param p;
    p.name = std::string(spec->params[i]);
    p.type = ParamType::Any;
    if (i < spec->param_defaults.size()) p.default_value = Term::make_number(spec->param_defaults[i]);
    b.params.push_back(std::move(p));
  }
  const std::string public_name = d.name;
  b.impl = [spec, public_name](CallContext& ctx, std::vector<Term>& args) {
    std::vector<SignalPtr> inputs;
    std::vector<float> params;
    for (size_t i = 0; i < args.size(); ++i) {
      if (i < spec->inputs.size()) {
        std::string what = "argument `" + std::string(spec->inputs[i]) + "` of `" + public_name + "`";
        SignalPtr s = number_signal(ctx.ev, args[i], what, i == 0);
        if (i == 0 && s->kind == SignalKind::Const && (!(s->value >= 0) || !std::isfinite(s->value)))
          throw_error(args[i].span, "frequency must be a non-negative number of Hz", "e.g. `" + public_name + " 440`");
        inputs.push_back(std::move(s));
      } else {
        params.push_back(constant_param(
            args[i], "argument `" + std::string(spec->params[i - spec->inputs.size()]) + "` of `" + public_name + "`"));
      }
    }
    return Term::make_signal(sig_kernel(std::string(spec->name), std::move(inputs), std::move(params), ctx.span),
                             ctx.span);
  };
  r.add(std::move(b));
}

void add_noise(Registry& r, const std::string& name, const std::string& kernel) {
  if (!kern::find_kernel(kernel)) return;
  Builtin b;
  b.name = name;
  b.doc = "A " + name + " noise signal.";
  b.impl = [kernel](CallContext& ctx, std::vector<Term>&) {
    // Each use gets its own seed (from where it is written), so two noises are independent.
    float seed = static_cast<float>(1 + (ctx.span.valid() ? ctx.span.begin : 0));
    return Term::make_signal(sig_kernel(kernel, {}, {seed}, ctx.span), ctx.span);
  };
  r.add(std::move(b));
}

// ---- operators ------------------------------------------------------------------------------------------------

bool signal_binop(const Evaluator& ev, const std::string& op, const Term& a, const Term& b, const SourceSpan& span,
                  Term& out) {
  const EffectExpr* fa = as_effect(a);
  const EffectExpr* fb = as_effect(b);
  // Control arithmetic with a control that is also an effect (`s "bd" |* gain 0.8`, `|+ lpf 100`): Tidal's
  // operators on the control form of the effect.
  if (fb && !fa && a.kind == TermKind::Pattern && a.elem == ElemKind::Control && eval::is_pattern_operator(op)) {
    if (auto c = effect_as_controls(ev, *fb, span)) {
      out = eval::binary_operator(ev, op, a, *c, span);
      return true;
    }
  }
  if (op == "#" || op == "|>" || op == "|<" || op == "|>|" || op == "|<|") {
    // A string of sound names before an effect-named control (`"bd*2 sn" # gain 0.8`): Tidal's bare string as a
    // control pattern. (A string of numbers stays a signal for the effect.)
    if (fb && !fa) {
      auto sounds = ev.sounds_of_string(a);
      auto c = sounds ? effect_as_controls(ev, *fb, span) : std::nullopt;
      if (c) {
        out = eval::binary_operator(ev, op, Term::make_pattern(*sounds, ElemKind::Control, a.span), *c, span);
        return true;
      }
    }
    // An effect first and controls after it (`gain "0.25 0.5" # s "bd"`): in Tidal both are control patterns.
    if (fa && (fb || (b.kind == TermKind::Pattern && b.elem == ElemKind::Control))) {
      std::optional<Term> ca = effect_as_controls(ev, *fa, span);
      std::optional<Term> cb = fb ? effect_as_controls(ev, *fb, span) : std::optional<Term>(b);
      if (ca && cb) {
        out = eval::binary_operator(ev, op, *ca, *cb, span);
        return true;
      }
    }
    if (fa)
      throw_error(a.span, "`" + fa->def->name + "` is an effect with nothing to process",
                  "write the signal first: `x # " + fa->def->name + " ...`");
    if (fb) {
      if (a.kind == TermKind::Signal) {
        out = Term::make_signal(apply_effect(*fb, a.signal, span), span);
        return true;
      }
      if (a.kind == TermKind::Pattern && a.elem == ElemKind::Control) {
        if (auto c = effect_as_controls(ev, *fb, span)) {
          out = eval::binary_operator(ev, op, a, *c, span);
          return true;
        }
        out = Term::make_signal(apply_effect(*fb, term_to_signal(ev, a, "the left side of `#`"), span), span);
        return true;
      }
      out = Term::make_signal(apply_effect(*fb, term_to_signal(ev, a, "the left side of `#`"), span), span);
      return true;
    }
    if (a.kind == TermKind::Signal && (b.kind == TermKind::Pattern || b.kind == TermKind::Number ||
                                       b.kind == TermKind::String || b.kind == TermKind::Poly)) {
      // Controls on a signal: gain scales it, pan places it; others have no meaning for a plain signal.
      if (b.kind != TermKind::Pattern || b.elem != ElemKind::Control)
        throw_error(b.span, "`#` on a signal needs an effect or controls such as `gain` or `pan`, not " + b.describe());
      auto keys = keys_of(b.pattern);
      SignalPtr s = a.signal;
      for (const auto& k : keys) {
        if (k == "gain" || k == "amp") s = sig_binop('*', s, sig_pattern(b.pattern, b.span, k), span);
        else if (k == "pan") s = sig_kernel("mix.pan", {s, sig_pattern(b.pattern, b.span, k)}, {}, span);
        else
          throw_error(b.span, "control `" + k + "` has no meaning on a signal",
                      k == "note" || k == "n"
                          ? "to play a signal at notes, use it as an instrument: `s \"~bus\" # note ...`"
                          : "use an effect such as `# lpf 800`");
      }
      out = Term::make_signal(s, span);
      return true;
    }
    if (b.kind == TermKind::Signal)
      throw_error(b.span, "the right side of `" + op + "` is a signal", "to mix signals use `+`");
    return false;
  }
  const std::string_view kernel = signal_kernel(op);
  if (kernel.empty()) {
    throw_error(span, "operator `" + op + "` does not apply to audio signals", "signals mix with `+ - * /`");
  }
  const bool audio_operand = (!fa && a.kind == TermKind::Signal) || (!fb && b.kind == TermKind::Signal);
  if ((fa || fb) && !audio_operand) {
    // Tidal's ValueMap arithmetic: next to a number or controls an effect is its controls (`lpf 300 * 2`).
    std::optional<Term> ca = fa ? effect_as_controls(ev, *fa, span) : std::optional<Term>(a);
    std::optional<Term> cb = fb ? effect_as_controls(ev, *fb, span) : std::optional<Term>(b);
    if (ca && cb) {
      out = eval::binary_operator(ev, op, *ca, *cb, span);
      return true;
    }
  }
  if (fa || fb) throw_error((fa ? a : b).span, "an effect cannot be used in arithmetic", "apply it with `#` first");
  SignalPtr sa = term_to_signal(ev, a, "the left side of `" + op + "`");
  SignalPtr sb = term_to_signal(ev, b, "the right side of `" + op + "`");
  out = Term::make_signal(sig_kernel(std::string(kernel), {sa, sb}, {}, span), span);
  return true;
}

// `stack [...]` of signals sums them; of patterns it is Tidal's stack.
void add_stack(Registry& r, std::shared_ptr<const Builtin> pattern_stack) {
  if (!pattern_stack) return;
  Builtin b = *pattern_stack;
  b.params[0].type = ParamType::List;
  b.impl = [](CallContext& ctx, std::vector<Term>& args) {
    const Term& list = args.at(0);
    bool any_signal = false;
    for (const auto& t : list.items) any_signal |= t.kind == TermKind::Signal;
    if (!any_signal) return ctx.ev.call_builtin("stack~pattern", {list}, ctx.span);
    SignalPtr sum;
    for (const auto& t : list.items) {
      SignalPtr s = term_to_signal(ctx.ev, t, "an element of `stack`");
      sum = sum ? sig_binop('+', sum, s, ctx.span) : s;
    }
    if (!sum) sum = sig_const(0.0, ctx.span);
    return Term::make_signal(sum, ctx.span);
  };
  Builtin renamed = *pattern_stack;
  renamed.name = "stack~pattern";
  r.add(std::move(renamed));
  r.add(std::move(b));
}

}  // namespace

bool is_pending_effect(const Term& t) { return as_effect(t) != nullptr; }
std::optional<Term> pending_effect_as_controls(const Evaluator& ev, const Term& t) {
  const EffectExpr* fx = as_effect(t);
  return fx ? effect_as_controls(ev, *fx, t.span) : std::nullopt;
}
std::set<std::string> control_keys(const Pattern& p) { return keys_of(p); }
bool is_sound_pattern(const Term& t) { return sound_pattern(t); }

SignalPtr term_to_signal(const Evaluator& ev, const Term& t, const std::string& what) {
  if (auto sounds = ev.sounds_of_string(t)) return sig_voices(*sounds, t.span);  // `d1 $ "bd*2 sn"`
  if (t.kind == TermKind::Pattern && t.elem == ElemKind::Control) {
    if (sound_pattern(t)) return sig_voices(t.pattern, t.span);
    // No events in the first cycles: silence itself, or a pattern whose events come later or from a controller
    // (`s "x" # n (cF_ "m")`, `s (cP "drums")`), which must still be able to start voices.
    if (keys_of(t.pattern).empty())
      return t.pattern.is_silence() ? sig_const(0.0, t.span) : sig_voices(t.pattern, t.span);
  }
  return number_signal(ev, t, what, false);
}

// SuperDirt synth parameters (superfm operators, supersaw/superpiano controls) as number controls, so that
// `s "superfm" # ratio2 2 # mod12 1.5` reaches the synth. Names the pattern library already has are kept.
void add_synth_controls(Registry& r) {
  std::vector<std::string> names = {"semitone", "pitch1",   "muffle",  "stereo",  "lfo",
                                    "rate",     "feedback", "lfofreq", "lfodepth"};
  for (int i = 1; i <= 6; ++i) {
    for (const char* base : {"amp", "ratio", "detune"}) names.push_back(base + std::to_string(i));
    for (int j = 1; j <= 6; ++j) names.push_back("mod" + std::to_string(i) + std::to_string(j));
    for (int k = 1; k <= 4; ++k) {
      names.push_back("eglevel" + std::to_string(i) + std::to_string(k));
      names.push_back("egrate" + std::to_string(i) + std::to_string(k));
    }
  }
  for (const auto& key : names) {
    if (r.find(key)) continue;
    eval::bi::def(
        r, key, {eval::bi::p("value", ParamType::PatNumber)},
        [key](CallContext& c, std::vector<Term>& a) { return eval::bi::controls(c, make_control(key, a[0].pattern)); },
        eval::ReturnType::Fixed, "sets the `" + key + "` synth control (SuperDirt)");
  }
}

void register_signal_builtins(Registry& r) {
  add_synth_controls(r);
  for (const auto& d : effect_defs()) add_effect(r, d, r.find_shared(d.name));
  for (const auto& d : osc_defs()) add_oscillator(r, d);
  add_noise(r, "noise", "osc.noise");
  add_noise(r, "pink", "osc.pink");
  add_noise(r, "brown", "osc.brown");
  add_stack(r, r.find_shared("stack"));
  {
    Builtin b;
    b.name = "mtof";
    b.doc = "MIDI note number to frequency in Hz (69 = 440 Hz); on patterns and signals.";
    b.params.push_back(Param{"note", ParamType::Any, std::nullopt});
    b.impl = [](CallContext& ctx, std::vector<Term>& args) {
      const Term& t = args.at(0);
      if (t.kind == TermKind::Number)
        return Term::make_number(440.0 * std::pow(2.0, (t.number - 69.0) / 12.0), ctx.span);
      return Term::make_signal(
          sig_kernel("math.mtof", {number_signal(ctx.ev, t, "argument of `mtof`", false)}, {}, ctx.span), ctx.span);
    };
    r.add(std::move(b));
  }
  r.signal_binop = signal_binop;
}

}  // namespace phonon
