// Signal expressions: what the elaborator builds for audio. A tree (a DAG once buses are shared) of
//   constants, number patterns used as control signals, event patterns that start voices, bus references and
//   kernel applications. compiler/passes/build_graph.cpp flattens it into a Graph.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/graph/signal_fwd.hpp"
#include "compiler/pattern/pattern.hpp"
#include "compiler/source.hpp"

namespace phonon {

using SignalPtr = std::shared_ptr<const SignalExpr>;

enum class SignalKind {
  Const,    // value
  Pattern,  // pattern (numbers, or control maps with `field`) -> a control signal stepping at event boundaries
  Voices,   // pattern (control maps): every event with an onset starts a voice; value = the summed stereo voices
  Bus,      // name: the value of bus ~name
  Kernel,   // name = kernel name, inputs, params
  Effect,   // an effect still waiting for its input (`lpf 800` before `x #` applies it); never in a graph
};

struct SignalExpr {
  SignalKind kind = SignalKind::Const;
  SourceSpan span;
  double value = 0.0;
  phonon::Pattern pattern;
  std::string field;
  bool gate = false;  // Pattern: a gate signal from the events (see SignalPattern::gate)
  // Const: this constant is the gate of the note that plays the signal (1 for a signal that plays on its own;
  // an instrument voice (`s "~bus"`) replaces it with its own gate).
  bool voice_gate = false;
  std::string name;
  std::vector<SignalPtr> inputs;
  std::vector<float> params;
};

SignalPtr sig_const(double value, SourceSpan span = {});
SignalPtr sig_pattern(Pattern numbers, SourceSpan span = {}, std::string field = {});
// A gate signal from a pattern's events (envelopes follow it).
SignalPtr sig_gate(Pattern events, SourceSpan span = {});
// The gate of the note playing this signal: constant 1 in the main graph, the voice's gate in an instrument.
SignalPtr sig_voice_gate(SourceSpan span = {});
SignalPtr sig_voices(Pattern controls, SourceSpan span = {});
SignalPtr sig_bus(std::string name, SourceSpan span = {});
SignalPtr sig_kernel(std::string kernel, std::vector<SignalPtr> inputs, std::vector<float> params = {},
                     SourceSpan span = {});
// Arithmetic helpers: add/sub/mul/div of two signals (kernels math.*).
SignalPtr sig_binop(char op, SignalPtr a, SignalPtr b, SourceSpan span = {});

}  // namespace phonon
