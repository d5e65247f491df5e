// Pass: signal expressions -> Graph.
// Contract: every output expression is flattened into nodes; a bus is built once and shared by all its readers
// (the DAG keeps sharing); an unknown bus is an error at the reference. Event patterns become voice sources,
// number patterns control-signal sources.
// Feedback: a `delay` whose input depends on its own output (the delay and its input are in one strongly connected
// component of the expressions, buses resolved) is split into an `fx.delay_read` node, which reads only the line's
// past and so depends on nothing in the loop, and an `fx.delay_write` node built after everything else (in, the
// read's wet, feedback) that nothing reads; the delay's value is the read (mix 1) or in * (1 - mix) + wet * mix.
// The graph is therefore acyclic and children-first whatever the program. The time of such a delay must be a
// constant of at least kMinFeedbackDelay seconds (one frame at the lowest sample rate). Any cycle left (no delay
// on it, or through a delay's dry signal when mix is not 1, or through its time) is an error naming the buses.
// Both walks (the SCCs and the building) run on explicit stacks: the C++ stack does not grow with the number of
// buses, so chains and loops through thousands of buses are as safe as short ones.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "compiler/passes/passes.hpp"

namespace phonon {

namespace {

// The shortest delay allowed inside a feedback loop: one frame at 8 kHz, the lowest rate phonon runs at.
constexpr double kMinFeedbackDelay = 1.0 / 8000.0;

class Builder {
 public:
  Builder(const ProgramSignals& p, Graph& g, Diagnostics& d) : prog_(p), g_(g), diags_(d) {}

  int build(const SignalPtr& e) { return run(expr_frame(e.get())); }

  int build_bus(const std::string& name, const SourceSpan& at) {
    Frame f;
    f.kind = FrameKind::Bus;
    f.bus = &name;
    f.at = at;
    return run(std::move(f));
  }

  // Pass 1: finds the delays whose input is on a cycle through them (Tarjan's strongly connected components over
  // the expressions, with bus references resolved to the bus's expression).
  void find_feedback_delays(const std::vector<const SignalExpr*>& roots) {
    for (const SignalExpr* r : roots)
      if (r && !index_.count(r)) strong_connect(r);
    for (const auto& [e, comp] : component_) {
      if (e->kind == SignalKind::Kernel && is_whole_delay(*e) && !e->inputs.empty() &&
          component_.count(e->inputs[0].get()) && component_.at(e->inputs[0].get()) == comp)
        split_.insert(e);
    }
  }

  // Builds the write halves of the feedback delays met so far (and of those their inputs lead to).
  void finish_feedback_delays() {
    for (size_t k = 0; k < pending_.size(); ++k) {
      const Pending p = pending_[k];
      const SignalExpr& e = *p.expr;
      const int in = build(e.inputs[0]);
      const int fb = e.inputs.size() > 2 ? build(e.inputs[2]) : constant(p.write_spec->input_defaults[2]);
      GraphNode w;
      w.kind = SignalKind::Kernel;
      w.kernel = "fx.delay_write";
      w.spec = p.write_spec;
      w.inputs = {in, p.read, fb};
      w.params = {g_.nodes[p.read].params[0]};
      w.span = e.span;
      w.paired = p.read;
      const int wid = g_.add(w);
      g_.nodes[p.read].paired = wid;
    }
  }

  int feedback_lines() const { return lines_; }

  int silence() { return constant(0.0); }

 private:
  // Building is a depth-first walk over expressions and the buses they read, children first. It runs on an
  // explicit stack of frames, not the C++ stack, so a chain of ten thousand buses is as safe as a short one. A
  // frame is one call of the walk: it either ends with a node id or asks for a child expression to be built first
  // and then continues at its `stage` with the child's id.
  enum class FrameKind { Expr, Bus, Kernel, Delay };
  struct Frame {
    FrameKind kind = FrameKind::Expr;
    const SignalExpr* e = nullptr;         // Expr, Kernel, Delay
    const SignalExpr* memo_key = nullptr;  // Expr: remembered with its id when the frame ends
    const std::string* bus = nullptr;      // Bus: the name
    SourceSpan at;                         // Bus: where it is read
    GraphNode node;                        // Kernel: the node so far
    int stage = 0;
    bool control = false;    // Kernel: the child being built is a delay's time/feedback/mix
    int read = -1, in = -1;  // Delay: the read half, the built input
    double mix = 1.0;        // Delay
  };
  enum class Step { Ended, Child, Again };

  static bool is_whole_delay(const SignalExpr& e) {
    const kern::KernelSpec* s = kern::find_kernel(e.name);
    return s && s->feedback_role == kern::FeedbackRole::Delay;
  }

  Frame expr_frame(const SignalExpr* e) {
    Frame f;
    f.e = e;
    f.memo_key = e;
    return f;
  }

  int run(Frame first) {
    std::vector<Frame> frames;
    frames.push_back(std::move(first));
    int ret = -1;  // the id the last ended frame produced
    const SignalExpr* child = nullptr;
    while (!frames.empty()) {
      Frame& f = frames.back();
      const Step st = step(f, ret, &child);
      if (st == Step::Ended) {
        if (f.memo_key) memo_[f.memo_key] = ret;
        frames.pop_back();
      } else if (st == Step::Child) {
        frames.push_back(expr_frame(child));
      }
    }
    return ret;
  }

  Step step(Frame& f, int& ret, const SignalExpr** child) {
    switch (f.kind) {
      case FrameKind::Expr: return step_expr(f, ret);
      case FrameKind::Bus: return step_bus(f, ret, child);
      case FrameKind::Kernel: return step_kernel(f, ret, child);
      case FrameKind::Delay: return step_delay(f, ret, child);
    }
    return Step::Ended;
  }

  Step step_expr(Frame& f, int& ret) {
    auto memo = memo_.find(f.e);
    if (memo != memo_.end()) return ret = memo->second, Step::Ended;
    const SignalExpr& e = *f.e;
    GraphNode n;
    n.kind = e.kind;
    n.span = e.span;
    switch (e.kind) {
      case SignalKind::Const:
        n.value = e.value;
        if (e.voice_gate) n.role = ConstRole::VoiceGate;
        return ret = g_.add(n), Step::Ended;
      case SignalKind::Bus:
        f.kind = FrameKind::Bus;
        f.bus = &e.name;
        f.at = e.span;
        return Step::Again;
      case SignalKind::Effect:
        diags_.error(e.span, "effect `" + e.name + "` is chained onto nothing",
                     "apply it to a signal: `x # " + e.name + " ...`");
        return ret = silence(), Step::Ended;
      case SignalKind::Pattern: {
        SignalPattern sp;
        sp.pattern = e.pattern;
        sp.field = e.field;
        sp.gate = e.gate;
        sp.label = e.gate ? "gate" : e.field.empty() ? "numbers" : e.field;
        n.source = static_cast<int>(g_.signal_patterns.size());
        g_.signal_patterns.push_back(std::move(sp));
        return ret = g_.add(n), Step::Ended;
      }
      case SignalKind::Voices: {
        VoiceSource vs;
        vs.pattern = e.pattern;
        vs.span = e.span;
        vs.label = "voices#" + std::to_string(g_.voice_sources.size());
        n.source = static_cast<int>(g_.voice_sources.size());
        g_.voice_sources.push_back(std::move(vs));
        return ret = g_.add(n), Step::Ended;
      }
      case SignalKind::Kernel: f.kind = split_.count(f.e) ? FrameKind::Delay : FrameKind::Kernel; return Step::Again;
    }
    return ret = silence(), Step::Ended;
  }

  // A bus read: built once and shared; reading a bus that is still being built is a loop without a delay.
  Step step_bus(Frame& f, int& ret, const SignalExpr** child) {
    const std::string& name = *f.bus;
    if (f.stage == 1) {
      bus_stack_.pop_back();
      on_bus_stack_.erase(name);
      if (g_.nodes[ret].bus.empty()) g_.nodes[ret].bus = name;
      bus_nodes_[name] = ret;
      return Step::Ended;
    }
    auto done = bus_nodes_.find(name);
    if (done != bus_nodes_.end()) return ret = done->second, Step::Ended;
    auto it = prog_.buses.find(name);
    if (it == prog_.buses.end()) {
      std::vector<std::string> names;
      for (auto& [n, _] : prog_.buses) names.push_back(n);
      std::string near = closest_match(name, names);
      diags_.error(f.at, "unknown bus `~" + name + "`",
                   near.empty() ? "define it with `~" + name + ": ...`" : "did you mean `~" + near + "`?");
      return ret = silence(), Step::Ended;
    }
    auto on = on_bus_stack_.find(name);
    if (on != on_bus_stack_.end()) {
      report_loop(name, on->second, f.at);
      return ret = silence(), Step::Ended;
    }
    on_bus_stack_[name] = bus_stack_.size();
    bus_stack_.push_back(name);
    f.stage = 1;
    *child = it->second.get();
    return Step::Child;
  }

  // `~name` read again while it is being built, at depth i of the bus stack.
  void report_loop(const std::string& name, size_t i, const SourceSpan& at) {
    std::string loop;
    for (size_t j = i; j < bus_stack_.size(); ++j) loop += "~" + bus_stack_[j] + " -> ";
    loop += "~" + name;
    auto in_loop = [&](const std::vector<size_t>& depths) {
      return std::any_of(depths.begin(), depths.end(), [&](size_t d) { return d > i; });
    };
    if (in_loop(dry_depths_))
      diags_.error(at, "feedback loop through the dry signal of a delay: " + loop,
                   "with mix below 1 a delay passes its input through undelayed; use mix 1 in the loop "
                   "(`# delay 0.3 0.5 1`) and mix the dry signal in outside it");
    else if (in_loop(control_depths_))
      diags_.error(at, "feedback loop through the time, feedback or mix of a delay: " + loop,
                   "only a delay's input is delayed; feed the signal itself back through the delay, e.g. "
                   "`~x: (~in + ~x * 0.5) # delay 0.25 0 1`");
    else
      diags_.error(at, "feedback loop without a delay: " + loop,
                   "a signal cannot depend on its own current sample; feed it back through a delay, e.g. "
                   "`~x: (~in + ~x * 0.5) # delay 0.25 0 1`");
  }

  Step step_kernel(Frame& f, int& ret, const SignalExpr** child) {
    const SignalExpr& e = *f.e;
    GraphNode& n = f.node;
    if (f.stage == 0) {
      n.kind = SignalKind::Kernel;
      n.span = e.span;
      n.kernel = e.name;
      n.spec = kern::find_kernel(e.name);
      if (!n.spec) {
        diags_.error(e.span, "internal: no kernel `" + e.name + "` in this build");
        return ret = silence(), Step::Ended;
      }
      n.params = e.params;
      if (n.params.size() > n.spec->params.size()) {
        diags_.error(e.span, "too many parameters for `" + e.name + "`");
        return ret = silence(), Step::Ended;
      }
      for (size_t i = n.params.size(); i < n.spec->params.size(); ++i)
        n.params.push_back(i < n.spec->param_defaults.size() ? n.spec->param_defaults[i] : 0.0f);
      f.stage = 1;
    } else {
      if (f.control) control_depths_.pop_back();
      n.inputs.push_back(ret);
    }
    const size_t i = n.inputs.size();
    if (i < e.inputs.size()) {
      // (a loop through a delay's time/feedback/mix is not delayed: remembered for the error message)
      f.control = i > 0 && n.spec->feedback_role == kern::FeedbackRole::Delay;
      if (f.control) control_depths_.push_back(bus_stack_.size());
      *child = e.inputs[i].get();
      return Step::Child;
    }
    if (n.inputs.size() > n.spec->inputs.size()) {
      diags_.error(e.span, "too many inputs for `" + e.name + "`");
      return ret = silence(), Step::Ended;
    }
    // Inputs left out take the kernel's defaults (`delay 0.25`: feedback and mix at their defaults).
    for (size_t k = n.inputs.size(); k < n.spec->inputs.size(); ++k)
      n.inputs.push_back(constant(k < n.spec->input_defaults.size() ? n.spec->input_defaults[k] : 0.0f));
    return ret = g_.add(std::move(n)), Step::Ended;
  }

  int constant(double v) {
    GraphNode c;
    c.kind = SignalKind::Const;
    c.value = v;
    return g_.add(c);
  }

  // A delay on a feedback loop: the read half at stage 0 (no input edge), the write half in
  // finish_feedback_delays(). With mix below 1 the value also mixes in the dry input (stages 1 and 2).
  Step step_delay(Frame& f, int& ret, const SignalExpr** child) {
    const SignalExpr& e = *f.e;
    const SignalExpr* mix = e.inputs.size() > 3 ? e.inputs[3].get() : nullptr;
    if (f.stage == 0) {
      const kern::KernelSpec* rs = kern::find_kernel("fx.delay_read");
      const kern::KernelSpec* ws = kern::find_kernel("fx.delay_write");
      const kern::KernelSpec* ds = kern::find_kernel("fx.delay");
      if (!rs || !ws || !ds) {
        diags_.error(e.span, "internal: no feedback delay kernels in this build");
        return ret = silence(), Step::Ended;
      }
      const SignalExpr* time = e.inputs.size() > 1 ? e.inputs[1].get() : nullptr;
      double t = ds->input_defaults[1];
      if (time) {
        if (time->kind != SignalKind::Const) {
          diags_.error(time->span.valid() ? time->span : e.span,
                       "the time of a delay inside a feedback loop must be a constant",
                       "a loop runs in sub-blocks no longer than its delay, so the time is fixed when the program "
                       "loads; write a number of seconds, e.g. `# delay 0.3 0 1`");
          return ret = silence(), Step::Ended;
        }
        t = time->value;
      }
      if (t < kMinFeedbackDelay) {
        diags_.error(time && time->span.valid() ? time->span : e.span,
                     "a delay inside a feedback loop must be at least one frame long (" +
                         std::to_string(kMinFeedbackDelay).substr(0, 8) + " s at 8 kHz, the lowest sample rate)",
                     "a signal cannot depend on its own current sample; give the delay a longer time");
        return ret = silence(), Step::Ended;
      }
      GraphNode r;
      r.kind = SignalKind::Kernel;
      r.kernel = "fx.delay_read";
      r.spec = rs;
      const float max_seconds = e.params.empty() ? ds->param_defaults[0] : e.params[0];
      r.params = {max_seconds, static_cast<float>(t), static_cast<float>(lines_++)};
      r.span = e.span;
      f.read = g_.add(r);
      pending_.push_back({&e, f.read, ws});
      f.mix = mix ? (mix->kind == SignalKind::Const ? mix->value : -1.0) : ds->input_defaults[3];
      if (f.mix == 1.0) return ret = f.read, Step::Ended;
      // out = in * (1 - mix) + wet * mix: the dry half reads this block's input, so a loop through it is an error.
      dry_depths_.push_back(bus_stack_.size());
      f.stage = 1;
      *child = e.inputs[0].get();
      return Step::Child;
    }
    if (f.stage == 1) {
      dry_depths_.pop_back();
      f.in = ret;
      if (mix) {
        f.stage = 2;
        *child = e.inputs[3].get();
        return Step::Child;
      }
      ret = constant(f.mix);
    }
    const int m = ret;
    auto math = [&](const char* k, int a, int b) { return g_.add_kernel(k, {a, b}, {}, e.span); };
    const int dry = math("math.mul", f.in, math("math.sub", constant(1.0), m));
    return ret = math("math.add", dry, math("math.mul", f.read, m)), Step::Ended;
  }

  // Tarjan's algorithm with an explicit stack (see build() for why).
  void strong_connect(const SignalExpr* root) {
    struct Visit {
      const SignalExpr* v;
      size_t next;
    };
    std::vector<Visit> work;
    auto enter = [&](const SignalExpr* v) {
      index_[v] = low_[v] = next_index_++;
      tarjan_stack_.push_back(v);
      on_stack_.insert(v);
      work.push_back({v, 0});
    };
    // The expressions v reads: a kernel's inputs, a bus's expression.
    auto successor = [&](const SignalExpr* v, size_t k) -> const SignalExpr* {
      if (v->kind == SignalKind::Kernel) return v->inputs[k].get();
      auto it = prog_.buses.find(v->name);
      return it != prog_.buses.end() ? it->second.get() : nullptr;
    };
    auto successors = [&](const SignalExpr* v) -> size_t {
      if (v->kind == SignalKind::Kernel) return v->inputs.size();
      return v->kind == SignalKind::Bus ? 1 : 0;
    };
    enter(root);
    while (!work.empty()) {
      Visit& x = work.back();
      const SignalExpr* v = x.v;
      if (x.next < successors(v)) {
        const SignalExpr* w = successor(v, x.next++);
        if (!w) continue;
        if (!index_.count(w)) enter(w);
        else if (on_stack_.count(w)) low_[v] = std::min(low_[v], index_[w]);
        continue;
      }
      if (low_[v] == index_[v]) {
        const int comp = next_component_++;
        const SignalExpr* w = nullptr;
        do {
          w = tarjan_stack_.back();
          tarjan_stack_.pop_back();
          on_stack_.erase(w);
          component_[w] = comp;
        } while (w != v);
      }
      work.pop_back();
      if (!work.empty()) low_[work.back().v] = std::min(low_[work.back().v], low_[v]);
    }
  }

  struct Pending {
    const SignalExpr* expr;
    int read;
    const kern::KernelSpec* write_spec;
  };

  const ProgramSignals& prog_;
  Graph& g_;
  Diagnostics& diags_;
  std::unordered_map<const SignalExpr*, int> memo_;
  std::map<std::string, int> bus_nodes_;
  std::vector<std::string> bus_stack_;                    // buses being built, outermost first
  std::unordered_map<std::string, size_t> on_bus_stack_;  // their depths in bus_stack_
  std::vector<size_t> dry_depths_;      // bus_stack_ depth when a feedback delay's dry input started building
  std::vector<size_t> control_depths_;  // ... when a delay's time, feedback or mix input started building
  // Feedback delays: pass 1's result, and the read halves whose write is still to build.
  std::set<const SignalExpr*> split_;
  std::vector<Pending> pending_;
  int lines_ = 0;
  std::unordered_map<const SignalExpr*, int> index_, low_, component_;
  std::unordered_set<const SignalExpr*> on_stack_;
  std::vector<const SignalExpr*> tarjan_stack_;
  int next_index_ = 0, next_component_ = 0;
};

}  // namespace

Graph build_graph(const ProgramSignals& program, Diagnostics& diags) {
  Graph g;
  g.cps = program.cps;
  Builder b(program, g, diags);
  std::vector<const SignalExpr*> roots;
  for (const auto& [label, expr] : program.outputs) roots.push_back(expr.get());
  for (const auto& [name, expr] : program.buses) roots.push_back(expr.get());
  b.find_feedback_delays(roots);
  for (const auto& [label, expr] : program.outputs) g.outputs.push_back({label, b.build(expr)});
  // build_instruments builds a bus played by name (`s "~pad"`) as the single output "~pad" reading bus pad. Its
  // per-voice runtime (runtime/voices/instrument.cpp) neither shares a line between two steps nor runs sub-blocks yet,
  // so a feedback loop there is an error rather than a silently wrong sound.
  const auto& first = program.outputs.empty() ? nullptr : program.outputs[0].second;
  if (b.feedback_lines() > 0 && program.outputs.size() == 1 && first && first->kind == SignalKind::Bus &&
      program.outputs[0].first == "~" + first->name) {
    const std::string bus = program.outputs[0].first;
    diags.error(first->span, "bus `" + bus + "` has a feedback loop, so it cannot be played as an instrument yet",
                "play it as a signal (`out: " + bus + "`), or keep the loop outside the instrument");
    return g;
  }
  // Buses no output reads are still built, so that their errors are reported; schedule() drops their nodes.
  for (const auto& [name, expr] : program.buses)
    b.build_bus(name, program.bus_spans.count(name) ? program.bus_spans.at(name) : SourceSpan{});
  b.finish_feedback_delays();
  return g;
}

}  // namespace phonon
