// Pass: scheduling.
// Contract: `order` lists the nodes reachable from an output, children before parents (node ids are created
// children-first by build_graph, so ascending id order restricted to live nodes is topological). Stripes are the
// connected components of that subgraph, ignoring constants (filled once at load and only read): two stripes
// share no buffer that is written per block, so they can run on different cores. All component stripes are on
// level 0; the master mix that reads them is done by the engine after every stripe has run.
#include <numeric>

#include "compiler/passes/passes.hpp"

namespace phonon {

namespace {
int find(std::vector<int>& p, int x) {
  while (p[x] != x) x = p[x] = p[p[x]];
  return x;
}
}  // namespace

Schedule schedule(const Graph& g) {
  Schedule s;
  const int n = static_cast<int>(g.nodes.size());
  std::vector<char> live(n, 0);
  std::vector<int> todo;
  for (const auto& o : g.outputs) todo.push_back(o.node);
  while (!todo.empty()) {
    int x = todo.back();
    todo.pop_back();
    if (live[x]) continue;
    live[x] = 1;
    for (int in : g.nodes[x].inputs) todo.push_back(in);
  }
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (int i = 0; i < n; ++i) {
    if (!live[i]) continue;
    s.order.push_back(i);
    for (int in : g.nodes[i].inputs)
      if (g.nodes[in].kind != SignalKind::Const) parent[find(parent, in)] = find(parent, i);
  }
  s.stripe_of.assign(n, -1);
  std::vector<int> stripe_of_root(n, -1);
  for (int i : s.order) {
    if (g.nodes[i].kind == SignalKind::Const) continue;
    int r = find(parent, i);
    if (stripe_of_root[r] < 0) {
      stripe_of_root[r] = static_cast<int>(s.stripes.size());
      s.stripes.push_back(Stripe{});
    }
    int st = stripe_of_root[r];
    s.stripe_of[i] = st;
    s.stripes[st].steps.push_back(i);
  }
  // Label each stripe by the outputs or buses it feeds.
  for (const auto& o : g.outputs) {
    int st = o.node >= 0 ? s.stripe_of[o.node] : -1;
    if (st >= 0) s.stripes[st].label += (s.stripes[st].label.empty() ? "" : "+") + o.label;
  }
  return s;
}

}  // namespace phonon
