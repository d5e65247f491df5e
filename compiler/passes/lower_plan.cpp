// Pass: lowering to the Plan.
// Contract: every live non-constant node becomes one step per channel (or one step for voices, pattern signals and
// two-output kernels), grouped by stripe and in topological order inside each stripe. Buffer slots are reused once
// their last reader has run — per stripe, so stripes running on different cores never share a slot. Constants get
// dedicated slots filled at load. Outputs' slots stay live for the engine's master mix. A node nothing reads (a
// feedback delay's write) returns its slots right after its step. The write of a feedback delay gets, per channel,
// the state of its read's step for that channel (PlanStep::state_of).
#include <algorithm>
#include <map>

#include "compiler/passes/passes.hpp"

namespace phonon {

namespace {

struct SlotPool {
  std::vector<int> free;
  int* next;
  int get() {
    if (!free.empty()) {
      int s = free.back();
      free.pop_back();
      return s;
    }
    return (*next)++;
  }
  void put(int s) { free.push_back(s); }
};

std::string node_identity(const Graph& g, int id) {
  const GraphNode& n = g.nodes[id];
  std::string s = n.kernel.empty() ? "src" : n.kernel;
  if (!n.bus.empty()) s += "@~" + n.bus;
  for (float p : n.params) s += ":" + std::to_string(p);
  return s;
}

}  // namespace

std::shared_ptr<Plan> lower_plan(const Graph& g, const Schedule& sched) {
  auto plan = std::make_shared<Plan>();
  plan->cps = g.cps;
  plan->voice_sources = g.voice_sources;
  plan->signal_patterns = g.signal_patterns;
  plan->sample_names = g.sample_names;
  int next_slot = 0;
  std::vector<std::vector<int>> slots(g.nodes.size());
  std::vector<std::vector<int>> steps_of(g.nodes.size());  // plan steps of a kernel node, one per instance

  // Constants: dedicated slots.
  for (int id : sched.order) {
    if (g.nodes[id].kind != SignalKind::Const) continue;
    slots[id] = {next_slot++};
    plan->constants.push_back({slots[id][0], static_cast<float>(g.nodes[id].value), g.nodes[id].role});
  }
  // Last reader of every node (position in its stripe's list); outputs never die.
  std::vector<int> last_use(g.nodes.size(), -1);
  std::vector<char> pinned(g.nodes.size(), 0);
  for (const auto& o : g.outputs) pinned[o.node] = 1;
  for (const auto& st : sched.stripes)
    for (size_t k = 0; k < st.steps.size(); ++k)
      for (int in : g.nodes[st.steps[k]].inputs) last_use[in] = static_cast<int>(k);

  for (const auto& st : sched.stripes) {
    Stripe out_stripe;
    out_stripe.label = st.label;
    out_stripe.level = 0;
    SlotPool pool{{}, &next_slot};
    for (size_t k = 0; k < st.steps.size(); ++k) {
      int id = st.steps[k];
      const GraphNode& n = g.nodes[id];
      for (int c = 0; c < n.channels; ++c) slots[id].push_back(pool.get());
      auto in_slot = [&](int in, int c) {
        const auto& s = slots[in];
        return s[std::min<int>(c, static_cast<int>(s.size()) - 1)];
      };
      auto emit = [&](PlanStep step) {
        step.stripe = static_cast<int>(plan->stripes.size());
        out_stripe.steps.push_back(static_cast<int>(plan->steps.size()));
        plan->steps.push_back(std::move(step));
      };
      std::vector<int> extra;  // scratch slots for a kernel's unused outputs
      if (n.kind == SignalKind::Voices) {
        PlanStep s;
        s.op = StepOp::Voices;
        s.source = n.source;
        s.out = slots[id];
        s.identity = "voices#" + std::to_string(n.source);
        emit(std::move(s));
      } else if (n.kind == SignalKind::Pattern) {
        PlanStep s;
        s.op = StepOp::PatternSignal;
        s.source = n.source;
        s.out = slots[id];
        s.identity = "pattern#" + std::to_string(n.source);
        emit(std::move(s));
      } else if (n.kind == SignalKind::Kernel) {
        // mix.pan makes a stereo value from its two outputs; other kernels give their first output, and any
        // further outputs (filter.svf's hp and bp) go to scratch slots returned to the pool after the step.
        const bool two_out = n.spec->outputs.size() == 2;
        const int instances = two_out ? 1 : n.channels;
        if (!two_out)
          for (size_t k = 1; k < n.spec->outputs.size(); ++k) extra.push_back(pool.get());
        for (int c = 0; c < instances; ++c) {
          PlanStep s;
          s.op = StepOp::Kernel;
          s.kernel = n.spec;
          s.params = n.params;
          for (int in : n.inputs) s.in.push_back(in_slot(in, c));
          if (two_out) s.out = slots[id];
          else s.out = {slots[id][c]};
          if (!two_out) s.out.insert(s.out.end(), extra.begin(), extra.end());
          s.identity = node_identity(g, id) + "#" + std::to_string(c);
          if (n.spec->feedback_role == kern::FeedbackRole::Write && n.paired >= 0) {
            const auto& reads = steps_of[n.paired];
            s.state_of = reads[std::min<int>(c, static_cast<int>(reads.size()) - 1)];
          }
          steps_of[id].push_back(static_cast<int>(plan->steps.size()));
          emit(std::move(s));
        }
      }
      for (int e : extra) pool.put(e);
      if (last_use[id] == -1 && !pinned[id])
        for (int s : slots[id]) pool.put(s);
      // Inputs whose last reader this was go back to the pool (not constants, not outputs).
      for (int in : n.inputs) {
        if (last_use[in] == static_cast<int>(k) && !pinned[in] && g.nodes[in].kind != SignalKind::Const &&
            sched.stripe_of[in] == sched.stripe_of[id]) {
          for (int s : slots[in]) pool.put(s);
          last_use[in] = -2;  // freed once
        }
      }
    }
    plan->stripes.push_back(std::move(out_stripe));
  }
  // Master: the engine sums the output slots in order.
  plan->num_slots = next_slot;
  std::vector<int> lefts, rights;
  for (const auto& o : g.outputs) {
    const auto& s = slots[o.node];
    if (s.empty()) continue;
    lefts.push_back(s[0]);
    rights.push_back(s.size() > 1 ? s[1] : s[0]);
  }
  plan->output_left = lefts;
  plan->output_right = rights;
  return plan;
}

}  // namespace phonon
