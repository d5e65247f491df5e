// Pass: rate inference.
// Contract: constants (and per-voice constants in instruments) are Constant; number patterns used as signals are
// Control (they change only at event boundaries); voices, oscillators, noises, filters, envelopes and effects are
// Audio; math kernels take the fastest rate of their inputs. A math node whose inputs are all Constant has
// already been folded, unless an input is a per-voice constant. Nodes are visited children-first (build_graph's
// order). Shown by `phonon compile --dump=graph`.
#include <algorithm>

#include "compiler/passes/passes.hpp"

namespace phonon {

void infer_rates(Graph& g) {
  for (auto& n : g.nodes) {
    if (n.dead) continue;
    switch (n.kind) {
      case SignalKind::Const: n.rate = Rate::Constant; break;
      case SignalKind::Pattern: n.rate = Rate::Control; break;
      case SignalKind::Kernel: {
        if (n.kernel.rfind("math.", 0) == 0) {
          Rate r = Rate::Constant;
          for (int in : n.inputs) r = std::max(r, g.nodes[in].rate);
          n.rate = r;
        } else {
          n.rate = Rate::Audio;
        }
        break;
      }
      default: n.rate = Rate::Audio;
    }
  }
}

}  // namespace phonon
