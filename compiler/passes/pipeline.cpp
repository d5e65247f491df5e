// The pass driver: one list of passes, run in order for the program and for each instrument template, with a
// logger that prints the IR after a pass (`phonon compile --dump-after=PASS|all`). Each pass's contract is at the
// top of its file; passes.hpp lists them.
#include <sstream>

#include "compiler/passes/passes.hpp"

namespace phonon {

namespace {

// What the passes work on: the graph, then its schedule, then the plan.
enum class Ir { Graph, Schedule, Plan };
enum class For { Both, Program, Instrument };

struct State {
  const ProgramSignals& program;
  Diagnostics& diags;
  const PipelineOptions& opts;
  Graph graph;
  Schedule sched;
  std::shared_ptr<Plan> plan;
};

struct Pass {
  const char* name;
  Ir ir;  // the IR the pass leaves (what the logger prints after it)
  For runs_for;
  void (*run)(State&);
};

const Pass kPasses[] = {
    {"build_graph", Ir::Graph, For::Both, [](State& s) { s.graph = build_graph(s.program, s.diags); }},
    {"fold_constants", Ir::Graph, For::Both, [](State& s) { fold_constants(s.graph); }},
    {"eliminate_common", Ir::Graph, For::Both, [](State& s) { eliminate_common(s.graph); }},
    {"check_instrument", Ir::Graph, For::Instrument,
     [](State& s) { check_instrument(s.graph, s.opts.instrument, s.opts.used_at, s.diags); }},
    {"scale_pitch", Ir::Graph, For::Instrument, [](State& s) { scale_pitch(s.graph); }},
    {"default_envelope", Ir::Graph, For::Instrument, [](State& s) { default_envelope(s.graph); }},
    {"infer_channels", Ir::Graph, For::Both, [](State& s) { infer_channels(s.graph); }},
    {"infer_feedback_channels", Ir::Graph, For::Both, [](State& s) { infer_feedback_channels(s.graph); }},
    {"infer_rates", Ir::Graph, For::Both, [](State& s) { infer_rates(s.graph); }},
    {"schedule", Ir::Schedule, For::Both, [](State& s) { s.sched = schedule(s.graph); }},
    {"lower_plan", Ir::Plan, For::Both, [](State& s) { s.plan = lower_plan(s.graph, s.sched); }},
    {"collect_samples", Ir::Plan, For::Program,
     [](State& s) {
       collect_samples(*s.plan);
       warn_unsupported_controls(*s.plan, s.diags);
     }},
    {"build_instruments", Ir::Plan, For::Program,
     [](State& s) { build_instruments(s.program, *s.plan, s.diags, s.opts); }},
};

std::string print_schedule(const Graph& g, const Schedule& s) {
  std::ostringstream os;
  os << "schedule order:";
  for (int id : s.order) os << " n" << id;
  os << "\n";
  for (size_t i = 0; i < s.stripes.size(); ++i) {
    os << "  stripe " << i << " level " << s.stripes[i].level;
    if (!s.stripes[i].label.empty()) os << " (" << s.stripes[i].label << ")";
    os << ":";
    for (int id : s.stripes[i].steps) os << " n" << id;
    os << "\n";
  }
  (void)g;
  return os.str();
}

std::string print_ir(const State& s, Ir ir) {
  switch (ir) {
    case Ir::Graph: return print_graph(s.graph);
    case Ir::Schedule: return print_schedule(s.graph, s.sched);
    case Ir::Plan: return s.plan ? print_plan(*s.plan) : std::string();
  }
  return {};
}

// Halide's lowering logger: the IR after each logged pass, or "(unchanged)" when the pass left it as it was.
class PassLogger {
 public:
  explicit PassLogger(const PipelineOptions& o) : opts_(o) {}
  bool on() const { return opts_.dump_out && !opts_.dump_after.empty(); }
  void after(const Pass& p, const State& s) {
    if (!on()) return;
    const bool wanted = opts_.dump_after == "all" || opts_.dump_after == p.name;
    // "all" compares with the previous pass; a single pass with the IR just before it.
    std::string ir = print_ir(s, p.ir);
    if (wanted) {
      std::string head = std::string("-- after ") + p.name;
      if (!opts_.instrument.empty()) head += " (instrument ~" + opts_.instrument + ")";
      if (ir == last_) *opts_.dump_out += head + " (unchanged)\n";
      else *opts_.dump_out += head + "\n" + ir;
    }
    last_ = std::move(ir);
  }

 private:
  const PipelineOptions& opts_;
  std::string last_;
};

}  // namespace

std::vector<std::string> pass_names() {
  std::vector<std::string> out;
  for (const Pass& p : kPasses) out.emplace_back(p.name);
  return out;
}

std::shared_ptr<Plan> run_pipeline(const ProgramSignals& program, Diagnostics& diags, const PipelineOptions& opts) {
  State s{program, diags, opts, {}, {}, nullptr};
  const bool instrument = !opts.instrument.empty();
  PassLogger log(opts);
  for (const Pass& p : kPasses) {
    if (p.runs_for == (instrument ? For::Program : For::Instrument)) continue;
    p.run(s);
    log.after(p, s);
    if (diags.has_errors()) return nullptr;
    if (!instrument && opts.dump == "graph" && opts.dump_out && std::string_view(p.name) == "infer_rates")
      *opts.dump_out += print_graph(s.graph);
  }
  if (!instrument && opts.dump == "plan" && opts.dump_out) *opts.dump_out += print_plan(*s.plan);
  return s.plan;
}

}  // namespace phonon
