#include <sstream>

#include "compiler/graph/graph.hpp"
#include "kernels/kernel.hpp"

namespace phonon {

static const char* kind_name(SignalKind k) {
  switch (k) {
    case SignalKind::Const: return "const";
    case SignalKind::Pattern: return "pattern";
    case SignalKind::Voices: return "voices";
    case SignalKind::Bus: return "bus";
    case SignalKind::Kernel: return "kernel";
    case SignalKind::Effect: return "effect";
  }
  return "?";
}

const char* rate_name(Rate r) {
  switch (r) {
    case Rate::Constant: return "constant";
    case Rate::Block: return "block";
    case Rate::Control: return "control";
    case Rate::Audio: return "audio";
  }
  return "?";
}

std::string print_graph(const Graph& g) {
  std::ostringstream os;
  os << "graph cps=" << g.cps << "\n";
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const GraphNode& n = g.nodes[i];
    if (n.dead) continue;
    os << "  n" << i << " = " << kind_name(n.kind);
    if (n.kind == SignalKind::Const) os << " " << n.value;
    // (instrument templates only, which have no golden; the gate is also in the main graph, printed as before)
    if (n.kind == SignalKind::Const && n.role == ConstRole::PitchRatio) os << " (the voice's pitch ratio)";
    if (n.kind == SignalKind::Kernel) os << " " << n.kernel;
    if (n.kind == SignalKind::Voices) os << " " << g.voice_sources[n.source].label;
    if (n.kind == SignalKind::Pattern) os << " " << g.signal_patterns[n.source].label;
    if (!n.inputs.empty()) {
      os << " (";
      for (size_t j = 0; j < n.inputs.size(); ++j) os << (j ? ", " : "") << "n" << n.inputs[j];
      os << ")";
    }
    if (!n.params.empty()) {
      os << " [";
      for (size_t j = 0; j < n.params.size(); ++j) os << (j ? ", " : "") << n.params[j];
      os << "]";
    }
    // (before the inference passes have run, channels and rates are not known yet: not printed)
    if (g.channels_known) os << " ch=" << n.channels;
    if (g.rates_known) os << " rate=" << rate_name(n.rate);
    if (!n.bus.empty()) os << "  ; ~" << n.bus;
    const auto role = n.spec ? n.spec->feedback_role : kern::FeedbackRole::None;
    if (n.paired >= 0 && role == kern::FeedbackRole::Read)
      os << "  ; feedback: reads the line n" << n.paired << " writes";
    if (n.paired >= 0 && role == kern::FeedbackRole::Write)
      os << "  ; feedback: writes the line n" << n.paired << " reads";
    os << "\n";
  }
  for (const auto& o : g.outputs) os << "  " << o.label << " <- n" << o.node << "\n";
  return os.str();
}

}  // namespace phonon
