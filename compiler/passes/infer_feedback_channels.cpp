// Pass: channels around feedback loops (after infer_channels).
// Contract: a feedback delay's read (`fx.delay_read`, no inputs) is as wide as the input its write stores in
// the line, so a stereo signal fed back keeps two lines; infer_channels cannot see that (the read has no
// input edge), so widths are widened here until stable, by infer_channels' rule (a kernel is as wide as its
// widest input; two-output kernels stay stereo). Widths only grow (mono -> stereo), so this ends.
#include <algorithm>

#include "compiler/passes/passes.hpp"

namespace phonon {

void infer_feedback_channels(Graph& g) {
  bool any = false;
  for (const auto& n : g.nodes) any = any || (!n.dead && n.kernel == "fx.delay_read");
  if (!any) return;
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& n : g.nodes) {
      if (n.dead || n.kind != SignalKind::Kernel) continue;
      int w = n.channels;
      if (n.kernel == "fx.delay_read") {
        if (n.paired >= 0 && !g.nodes[n.paired].inputs.empty())
          w = std::max(w, g.nodes[g.nodes[n.paired].inputs[0]].channels);
      } else if (!(n.spec && n.spec->outputs.size() == 2)) {
        for (int in : n.inputs) w = std::max(w, g.nodes[in].channels);
      }
      if (w != n.channels) {
        n.channels = w;
        changed = true;
      }
    }
  }
}

}  // namespace phonon
