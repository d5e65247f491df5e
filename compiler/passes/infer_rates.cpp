// Pass: rate inference.
// Contract: constants (and per-voice constants in instruments) are Constant; a sine at a constant sub-audio
// frequency (<= kBlockRateMaxHz, an LFO) is Block: it has a block-rate kernel (KernelSpec::block_rate_form,
// osc.sine_ramp) whose linear ramps
// stay within -80 dB of the exact sine, so the pass switches the node to it; number patterns used as signals are
// Control (they change only at event boundaries); voices, oscillators, noises, filters, envelopes and effects are
// Audio; pure kernels (KernelSpec::pure: math) take the fastest rate of their inputs. A math node whose inputs are all
// Constant has already been folded, unless an input is a per-voice constant. Nodes are visited children-first
// (build_graph's order). Shown by `phonon compile --dump=graph`.
#include <algorithm>
#include <cmath>

#include "compiler/passes/passes.hpp"
#include "kernels/kernel.hpp"

namespace phonon {

namespace {
constexpr double kBlockRateMaxHz = 20.0;

// A sine whose frequency is a constant below the audio range: its block-rate form is accurate enough (the ramp
// kernel picks its grid from the frequency and rate to keep the error under 1e-4).
bool block_rate_sine(const Graph& g, const GraphNode& n) {
  if (!n.spec || n.spec->block_rate_form.empty() || n.inputs.size() != 1) return false;
  const GraphNode& f = g.nodes[n.inputs[0]];
  return f.kind == SignalKind::Const && f.role == ConstRole::Value && std::fabs(f.value) <= kBlockRateMaxHz;
}
}  // namespace

void infer_rates(Graph& g) {
  g.rates_known = true;
  for (auto& n : g.nodes) {
    if (n.dead) continue;
    switch (n.kind) {
      case SignalKind::Const: n.rate = Rate::Constant; break;
      case SignalKind::Pattern: n.rate = Rate::Control; break;
      case SignalKind::Kernel: {
        if (block_rate_sine(g, n)) {
          n.kernel = std::string(n.spec->block_rate_form);
          n.spec = kern::find_kernel(n.kernel);
          n.rate = Rate::Block;
        } else if (n.spec && n.spec->pure) {
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
