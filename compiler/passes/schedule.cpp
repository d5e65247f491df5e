// Pass: scheduling.
// Contract: `order` lists the nodes reachable from an output, children before parents (depth-first post-order
// from the outputs, so passes may append nodes in any order). Stripes are the
// connected components of that subgraph, ignoring constants (filled once at load and only read): two stripes
// share no buffer that is written per block, so they can run on different cores. All component stripes are on
// level 0; the master mix that reads them is done by the engine after every stripe has run.
// A feedback delay's write (which nothing reads) is live when its read is: it is ordered after everything it
// reads, which includes the read, so both halves are in one stripe and the read comes first.
#include <numeric>
#include <set>

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
  // Depth-first post-order from the outputs: children before parents, whatever order the nodes were made in.
  std::vector<char> live(n, 0);  // 0 unseen, 1 on the stack, 2 done
  std::vector<std::pair<int, size_t>> stack;
  auto visit = [&](int root) {
    if (live[root]) return;
    stack.emplace_back(root, 0);
    live[root] = 1;
    while (!stack.empty()) {
      auto& [x, next] = stack.back();
      const auto& ins = g.nodes[x].inputs;
      if (next < ins.size()) {
        int c = ins[next++];
        if (!live[c]) {
          live[c] = 1;
          stack.emplace_back(c, 0);
        }
        continue;
      }
      live[x] = 2;
      s.order.push_back(x);
      stack.pop_back();
    }
  };
  for (const auto& o : g.outputs) visit(o.node);
  // Writes of live feedback delays: their inputs may make further reads live. Swept in id order, repeated from
  // the start for writes that became live behind the sweep; each write is visited once and found through the
  // reads that `order` gains, so this is linear in the graph (plus a log for the ordered set).
  std::set<int> ready;  // writes whose read is done and which are not visited yet
  size_t seen = 0;      // s.order[0, seen) checked for reads
  auto collect = [&] {
    for (; seen < s.order.size(); ++seen) {
      const GraphNode& r = g.nodes[s.order[seen]];
      if (r.paired < 0 || !r.spec || r.spec->feedback_role != kern::FeedbackRole::Read) continue;
      const GraphNode& w = g.nodes[r.paired];
      if (!w.dead && !live[r.paired] && w.spec && w.spec->feedback_role == kern::FeedbackRole::Write)
        ready.insert(r.paired);
    }
  };
  collect();
  while (!ready.empty()) {
    for (auto it = ready.begin(); it != ready.end();) {
      const int w = *it;
      ready.erase(it);
      visit(w);
      collect();
      it = ready.upper_bound(w);
    }
  }
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (int i : s.order) {
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
