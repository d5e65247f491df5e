// Pass: signal expressions -> Graph.
// Contract: every output expression is flattened into nodes; a bus is built once and shared by all its readers
// (the DAG keeps sharing); an unknown bus is an error at the reference; a cycle of buses is an error naming the
// buses in the loop. Event patterns become voice sources, number patterns control-signal sources.
#include <functional>
#include <set>

#include "compiler/passes/passes.hpp"

namespace phonon {

namespace {

class Builder {
 public:
  Builder(const ProgramSignals& p, Graph& g, Diagnostics& d) : prog_(p), g_(g), diags_(d) {}

  int build(const SignalPtr& e) {
    auto memo = memo_.find(e.get());
    if (memo != memo_.end()) return memo->second;
    int id = build_uncached(e);
    memo_[e.get()] = id;
    return id;
  }

  int build_bus(const std::string& name, const SourceSpan& at) {
    auto done = bus_nodes_.find(name);
    if (done != bus_nodes_.end()) return done->second;
    auto it = prog_.buses.find(name);
    if (it == prog_.buses.end()) {
      std::vector<std::string> names;
      for (auto& [n, _] : prog_.buses) names.push_back(n);
      std::string near = closest_match(name, names);
      diags_.error(at, "unknown bus `~" + name + "`",
                   near.empty() ? "define it with `~" + name + ": ...`" : "did you mean `~" + near + "`?");
      return silence();
    }
    for (size_t i = 0; i < stack_.size(); ++i) {
      if (stack_[i] == name) {
        std::string loop;
        for (size_t j = i; j < stack_.size(); ++j) loop += "~" + stack_[j] + " -> ";
        loop += "~" + name;
        diags_.error(at, "feedback loop: " + loop,
                     "a bus may not depend on itself (feedback through a delay is not supported yet); break the loop");
        return silence();
      }
    }
    stack_.push_back(name);
    int id = build(it->second);
    stack_.pop_back();
    if (g_.nodes[id].bus.empty()) g_.nodes[id].bus = name;
    bus_nodes_[name] = id;
    return id;
  }

  int silence() {
    GraphNode n;
    n.kind = SignalKind::Const;
    n.value = 0.0;
    return g_.add(n);
  }

 private:
  int build_uncached(const SignalPtr& e) {
    GraphNode n;
    n.kind = e->kind;
    n.span = e->span;
    switch (e->kind) {
      case SignalKind::Const:
        n.value = e->value;
        if (e->voice_gate) n.role = ConstRole::VoiceGate;
        return g_.add(n);
      case SignalKind::Bus:
        return build_bus(e->name, e->span);
      case SignalKind::Effect:
        diags_.error(e->span, "effect `" + e->name + "` is chained onto nothing",
                     "apply it to a signal: `x # " + e->name + " ...`");
        return silence();
      case SignalKind::Pattern: {
        SignalPattern sp;
        sp.pattern = e->pattern;
        sp.field = e->field;
        sp.gate = e->gate;
        sp.label = e->gate ? "gate" : e->field.empty() ? "numbers" : e->field;
        n.source = static_cast<int>(g_.signal_patterns.size());
        g_.signal_patterns.push_back(std::move(sp));
        return g_.add(n);
      }
      case SignalKind::Voices: {
        VoiceSource vs;
        vs.pattern = e->pattern;
        vs.span = e->span;
        vs.label = "voices#" + std::to_string(g_.voice_sources.size());
        n.source = static_cast<int>(g_.voice_sources.size());
        g_.voice_sources.push_back(std::move(vs));
        return g_.add(n);
      }
      case SignalKind::Kernel: {
        n.kernel = e->name;
        n.spec = kern::find_kernel(e->name);
        if (!n.spec) {
          diags_.error(e->span, "internal: no kernel `" + e->name + "` in this build");
          return silence();
        }
        n.params = e->params;
        if (n.params.size() > n.spec->params.size()) {
          diags_.error(e->span, "too many parameters for `" + e->name + "`");
          return silence();
        }
        for (size_t i = n.params.size(); i < n.spec->params.size(); ++i)
          n.params.push_back(i < n.spec->param_defaults.size() ? n.spec->param_defaults[i] : 0.0f);
        for (const auto& in : e->inputs) n.inputs.push_back(build(in));
        if (n.inputs.size() > n.spec->inputs.size()) {
          diags_.error(e->span, "too many inputs for `" + e->name + "`");
          return silence();
        }
        // Inputs left out take the kernel's defaults (`delay 0.25`: feedback and mix at their defaults).
        for (size_t i = n.inputs.size(); i < n.spec->inputs.size(); ++i) {
          GraphNode c;
          c.kind = SignalKind::Const;
          c.value = i < n.spec->input_defaults.size() ? n.spec->input_defaults[i] : 0.0f;
          n.inputs.push_back(g_.add(c));
        }
        return g_.add(n);
      }
    }
    return silence();
  }

  const ProgramSignals& prog_;
  Graph& g_;
  Diagnostics& diags_;
  std::map<const SignalExpr*, int> memo_;
  std::map<std::string, int> bus_nodes_;
  std::vector<std::string> stack_;
};

}  // namespace

Graph build_graph(const ProgramSignals& program, Diagnostics& diags) {
  Graph g;
  g.cps = program.cps;
  Builder b(program, g, diags);
  for (const auto& [label, expr] : program.outputs) g.outputs.push_back({label, b.build(expr)});
  // Buses no output reads are still built, so that their errors are reported; schedule() drops their nodes.
  for (const auto& [name, expr] : program.buses) b.build_bus(name, program.bus_spans.count(name) ? program.bus_spans.at(name) : SourceSpan{});
  return g;
}

}  // namespace phonon
