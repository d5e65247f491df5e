// The signal language's builtins (LANGUAGE.md §7): oscillators, filters, envelopes, effects, `mtof`, and the
// operators on signals. They extend the pattern evaluator's registry:
//  - an oscillator applied to a frequency is a Signal term (`saw "55 110"`, `sine (~lfo * 100 + 440)`);
//  - a filter/effect/envelope applied to its arguments is an *effect*: a Signal term waiting for its input, which
//    `x # effect` supplies. Effects that SuperDirt also has as controls (`lpf`, `hpf`, `bpf`, `gain`, `pan`,
//    `ar`, one-argument `delay`) act as those controls when `x` is an event pattern, so `jux rev` etc. still see a
//    pattern; other effects turn the event pattern into its summed voices and process that.
//  - `+ - * /` (and the prototype's `~+ ~- ~* ~/`) with a signal operand mix or scale signals.
// An effect that reaches an output without an input is an error ("effect chained onto nothing").
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "compiler/eval/evaluator.hpp"
#include "compiler/eval/registry.hpp"
#include "compiler/graph/signal.hpp"

namespace phonon {

// Adds the signal builtins to `r` and installs r.signal_binop.
void register_signal_builtins(eval::Registry& r);

// Converts a term that is used as audio into a signal: signals as they are, numbers as constants, number
// patterns as control signals, event patterns (with `s`) as their summed voices. Throws CompileError otherwise.
SignalPtr term_to_signal(const eval::Evaluator& ev, const eval::Term& t, const std::string& what);
// True when the term is an effect still waiting for its input.
bool is_pending_effect(const eval::Term& t);
// The control pattern an effect waiting for its input stands for in Tidal (`gain 0.25` alone is `{gain: 0.25}`),
// or nullopt when the term is no such effect or the effect has arguments only the signal form knows.
std::optional<eval::Term> pending_effect_as_controls(const eval::Evaluator& ev, const eval::Term& t);
// The control names a pattern's events carry in its first cycles (bounded), and whether it names sounds (`s`).
std::set<std::string> control_keys(const Pattern& p);
bool is_sound_pattern(const eval::Term& t);

}  // namespace phonon
