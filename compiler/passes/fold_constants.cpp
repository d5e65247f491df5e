// Pass: constant folding.
// Contract: a math kernel node (math.add/sub/mul/div/mtof) whose inputs are all constants becomes a constant with
// the value the kernel would compute; nodes that keep state (oscillators, filters) are never folded.
#include <cmath>

#include "compiler/passes/passes.hpp"

namespace phonon {

static bool fold_one(const std::string& k, const std::vector<double>& v, double* out) {
  if (k == "math.add" && v.size() == 2) return *out = v[0] + v[1], true;
  if (k == "math.sub" && v.size() == 2) return *out = v[0] - v[1], true;
  if (k == "math.mul" && v.size() == 2) return *out = v[0] * v[1], true;
  if (k == "math.div" && v.size() == 2) return *out = v[1] == 0.0 ? 0.0 : v[0] / v[1], true;
  if (k == "math.mtof" && v.size() == 1) return *out = 440.0 * std::pow(2.0, (v[0] - 69.0) / 12.0), true;
  return false;
}

void fold_constants(Graph& g) {
  // Nodes are created children-first, so one forward sweep sees folded inputs.
  for (auto& n : g.nodes) {
    if (n.dead || n.kind != SignalKind::Kernel) continue;
    std::vector<double> vals;
    bool all_const = true;
    for (int in : n.inputs) {
      if (g.nodes[in].kind != SignalKind::Const || g.nodes[in].role != ConstRole::Value) { all_const = false; break; }
      vals.push_back(g.nodes[in].value);
    }
    double out;
    if (all_const && fold_one(n.kernel, vals, &out)) {
      n.kind = SignalKind::Const;
      n.value = out;
      n.inputs.clear();
      n.kernel.clear();
      n.spec = nullptr;
    }
  }
}

}  // namespace phonon
