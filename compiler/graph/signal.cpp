#include "compiler/graph/signal.hpp"

#include "compiler/graph/operators.hpp"

namespace phonon {

static std::shared_ptr<SignalExpr> make(SignalKind k, SourceSpan span) {
  auto s = std::make_shared<SignalExpr>();
  s->kind = k;
  s->span = std::move(span);
  return s;
}

SignalPtr sig_const(double value, SourceSpan span) {
  auto s = make(SignalKind::Const, std::move(span));
  s->value = value;
  return s;
}
SignalPtr sig_pattern(Pattern numbers, SourceSpan span, std::string field) {
  auto s = make(SignalKind::Pattern, std::move(span));
  s->pattern = std::move(numbers);
  s->field = std::move(field);
  return s;
}
SignalPtr sig_gate(Pattern events, SourceSpan span) {
  auto s = make(SignalKind::Pattern, std::move(span));
  s->pattern = std::move(events);
  s->gate = true;
  return s;
}
SignalPtr sig_voice_gate(SourceSpan span) {
  auto s = make(SignalKind::Const, std::move(span));
  s->value = 1.0;
  s->voice_gate = true;
  return s;
}
SignalPtr sig_voices(Pattern controls, SourceSpan span) {
  auto s = make(SignalKind::Voices, std::move(span));
  s->pattern = std::move(controls);
  return s;
}
SignalPtr sig_bus(std::string name, SourceSpan span) {
  auto s = make(SignalKind::Bus, std::move(span));
  s->name = std::move(name);
  return s;
}
SignalPtr sig_kernel(std::string kernel, std::vector<SignalPtr> inputs, std::vector<float> params, SourceSpan span) {
  auto s = make(SignalKind::Kernel, std::move(span));
  s->name = std::move(kernel);
  s->inputs = std::move(inputs);
  s->params = std::move(params);
  return s;
}
SignalPtr sig_binop(char op, SignalPtr a, SignalPtr b, SourceSpan span) {
  const char spelled[2] = {op, 0};
  return sig_kernel(std::string(signal_kernel(spelled)), {std::move(a), std::move(b)}, {}, std::move(span));
}

}  // namespace phonon
