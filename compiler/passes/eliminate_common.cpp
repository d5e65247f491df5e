// Pass: common-subexpression elimination.
// Contract: two live nodes of the same kind with the same kernel, inputs and params (or the same constant value)
// compute the same signal, so readers of the later one are redirected to the earlier one, which is then dead.
// Voice and pattern sources are distinct by construction (each has its own source index) and never merged.
// Kernels with noise generators carry a per-use seed in their params, so they stay distinct.
#include <map>
#include <tuple>

#include "compiler/passes/passes.hpp"

namespace phonon {

void eliminate_common(Graph& g) {
  std::vector<int> repl(g.nodes.size());
  for (size_t i = 0; i < repl.size(); ++i) repl[i] = static_cast<int>(i);
  std::map<std::tuple<int, std::string, std::vector<int>, std::vector<float>, double>, int> seen;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    GraphNode& n = g.nodes[i];
    if (n.dead) continue;
    for (int& in : n.inputs) in = repl[in];
    if (n.kind != SignalKind::Const && n.kind != SignalKind::Kernel) continue;
    auto key =
        std::make_tuple(static_cast<int>(n.kind) * 4 + static_cast<int>(n.role), n.kernel, n.inputs, n.params, n.value);
    auto it = seen.find(key);
    if (it == seen.end()) {
      seen.emplace(std::move(key), static_cast<int>(i));
    } else {
      repl[i] = it->second;
      if (g.nodes[it->second].bus.empty()) g.nodes[it->second].bus = n.bus;
      n.dead = true;
    }
  }
  for (auto& o : g.outputs) o.node = repl[o.node];
}

}  // namespace phonon
