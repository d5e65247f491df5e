// Pass: channels around feedback loops (after infer_channels).
// Contract: a feedback delay's read (`fx.delay_read`, no inputs) is as wide as the input its write stores in
// the line, so a stereo signal fed back keeps two lines; infer_channels cannot see that (the read has no
// input edge), so widths are widened here to a fixed point, by infer_channels' rule (a kernel is as wide as its
// widest input; two-output kernels stay stereo). Widths only grow (mono -> stereo), so a worklist ends after
// following each edge at most once: linear in the graph, however many loops feed one another.
#include <algorithm>

#include "compiler/passes/passes.hpp"

namespace phonon {

void infer_feedback_channels(Graph& g) {
  const int count = static_cast<int>(g.nodes.size());
  auto is_read = [&](const GraphNode& n) {
    return !n.dead && n.spec && n.spec->feedback_role == kern::FeedbackRole::Read;
  };
  if (std::none_of(g.nodes.begin(), g.nodes.end(), is_read)) return;
  // Who must be looked at again when a node widens: the kernels reading it, and the read whose write stores it.
  std::vector<std::vector<int>> readers(count);
  for (int i = 0; i < count; ++i) {
    const GraphNode& n = g.nodes[i];
    if (n.dead || n.kind != SignalKind::Kernel) continue;
    for (int in : n.inputs) readers[in].push_back(i);
    if (is_read(n) && n.paired >= 0 && !g.nodes[n.paired].inputs.empty())
      readers[g.nodes[n.paired].inputs[0]].push_back(i);
  }
  // A worklist: a node widens at most once, so each edge is followed at most once.
  std::vector<int> work;
  for (int i = count - 1; i >= 0; --i) work.push_back(i);
  while (!work.empty()) {
    GraphNode& n = g.nodes[work.back()];
    const int id = work.back();
    work.pop_back();
    if (n.dead || n.kind != SignalKind::Kernel) continue;
    int w = n.channels;
    if (is_read(n)) {
      if (n.paired >= 0 && !g.nodes[n.paired].inputs.empty())
        w = std::max(w, g.nodes[g.nodes[n.paired].inputs[0]].channels);
    } else if (!(n.spec && n.spec->outputs.size() == 2)) {
      for (int in : n.inputs) w = std::max(w, g.nodes[in].channels);
    }
    if (w != n.channels) {
      n.channels = w;
      for (int r : readers[id]) work.push_back(r);
    }
  }
}

}  // namespace phonon
