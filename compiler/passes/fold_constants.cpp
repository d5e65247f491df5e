// Pass: constant folding.
// Contract: a pure kernel node (KernelSpec::pure: no state, one output) whose inputs are all constants becomes a
// constant holding what the kernel computes: its own scalar `reference` is run on a one-frame block, so folding
// can never disagree with the kernel (the value is the float the kernel would write at run time). Nodes that keep
// state (oscillators, filters) are never folded, nor per-voice constants in instruments (gate, pitch ratio).
#include "compiler/passes/passes.hpp"
#include "kernels/kernel.hpp"

namespace phonon {

namespace {

// The rate a one-frame block is run at: a pure kernel does not read it.
constexpr float kFoldRate = 48000.0f;

bool foldable(const GraphNode& n) {
  const kern::KernelSpec* k = n.spec;
  return k && k->pure && k->reference && k->outputs.size() == 1 && k->state_floats == 0 && !k->state_size &&
         n.inputs.size() == k->inputs.size() && n.params.size() == k->params.size();
}

}  // namespace

void fold_constants(Graph& g) {
  std::vector<float> values;
  std::vector<const float*> ins;
  // Nodes are created children-first, so one forward sweep sees folded inputs.
  for (auto& n : g.nodes) {
    if (n.dead || n.kind != SignalKind::Kernel || !foldable(n)) continue;
    values.clear();
    bool all_const = true;
    for (int in : n.inputs) {
      if (g.nodes[in].kind != SignalKind::Const || g.nodes[in].role != ConstRole::Value) {
        all_const = false;
        break;
      }
      values.push_back(static_cast<float>(g.nodes[in].value));
    }
    if (!all_const) continue;
    ins.clear();
    for (const float& v : values) ins.push_back(&v);
    float out = 0.0f;
    float* outs[1] = {&out};
    n.spec->reference(kern::KernelArgs{ins.data(), outs, nullptr, n.params.data(), 1, kFoldRate});
    n.kind = SignalKind::Const;
    n.value = out;
    n.inputs.clear();
    n.params.clear();
    n.kernel.clear();
    n.spec = nullptr;
  }
}

}  // namespace phonon
