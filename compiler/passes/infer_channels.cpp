// Pass: channel inference (SuperCollider-style multichannel expansion, limited to stereo).
// Contract: voices are stereo; mix.pan makes stereo from mono; every other kernel is as wide as its widest input
// (a mono kernel applied to a stereo signal runs once per channel with separate state); constants and control
// patterns are mono.
#include <algorithm>

#include "compiler/passes/passes.hpp"

namespace phonon {

void infer_channels(Graph& g) {
  g.channels_known = true;
  for (auto& n : g.nodes) {
    if (n.dead) continue;
    switch (n.kind) {
      case SignalKind::Voices: n.channels = 2; break;
      case SignalKind::Kernel: {
        int w = 1;
        for (int in : n.inputs) w = std::max(w, g.nodes[in].channels);
        n.channels = (n.spec && n.spec->outputs.size() == 2) ? 2 : w;
        break;
      }
      default: n.channels = 1;
    }
  }
}

}  // namespace phonon
