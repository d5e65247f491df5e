// The compiler passes after elaboration, one per file, run in order by one driver, run_pipeline (pipeline.cpp),
// for the program and, with PipelineOptions::instrument, for each instrument template:
//   build_graph      signal expressions (+ buses) -> Graph; resolves bus references, rejects delay-free cycles
//   fold_constants   pure kernel nodes whose inputs are all constants -> constants (through the kernel's reference)
//   eliminate_common identical nodes (same kernel, inputs, params) -> one node
//   check_instrument (instruments) rejects patterns inside a bus played as an instrument
//   scale_pitch      (instruments) every frequency input times the voice's pitch ratio
//   default_envelope (instruments) a short attack/release envelope on a bus that has none
//   infer_channels   mono/stereo per node (voices and pan are stereo; kernels follow their widest input)
//   infer_feedback_channels  widens feedback delays' reads (and what follows) to the width of what they store
//   infer_rates      constant / block / control (event-rate) / audio per node; LFO sines -> block-rate kernel
//   schedule         topological order of live nodes, stripes (independent groups) and their levels
//   lower_plan       nodes -> steps with buffer slots reused after their last reader (liveness)
//   collect_samples  the sample names the voice sources play, for preloading (and warn_unsupported_controls)
//   build_instruments buses played by name (`s "~pad"`) compiled into per-voice template plans
// No pass recognises a kernel by its name: each asks the facts in kern::KernelSpec (pure, frequency_inputs,
// follows_gate, feedback_role, block_rate_form). No pass recurses in proportion to the program's size.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/graph/graph.hpp"
#include "compiler/plan.hpp"

namespace phonon {

struct ProgramSignals {
  double cps = 0.5;
  std::vector<std::pair<std::string, SignalPtr>> outputs;  // label ("out", "o1"), expression
  std::map<std::string, SignalPtr> buses;                  // name without '~'
  std::map<std::string, SourceSpan> bus_spans;
};

Graph build_graph(const ProgramSignals& program, Diagnostics& diags);
void fold_constants(Graph& g);
void eliminate_common(Graph& g);
void infer_channels(Graph& g);
void infer_feedback_channels(Graph& g);
void infer_rates(Graph& g);

struct Schedule {
  std::vector<int> order;       // live node ids, topologically sorted
  std::vector<int> stripe_of;   // per node id (-1 for dead)
  std::vector<Stripe> stripes;  // Stripe::steps hold node ids here (lower_plan maps them to steps)
};
Schedule schedule(const Graph& g);
std::shared_ptr<Plan> lower_plan(const Graph& g, const Schedule& s);
void collect_samples(Plan& plan);
void warn_unsupported_controls(const Plan& plan, Diagnostics& diags);
struct PipelineOptions;
void build_instruments(const ProgramSignals& program, Plan& plan, Diagnostics& diags, const PipelineOptions& opts);

// The instrument passes (graph -> graph), for the bus `name` compiled on its own; errors are located at `used_at`
// when the node has no span.
void check_instrument(const Graph& g, const std::string& name, const SourceSpan& used_at, Diagnostics& diags);
void scale_pitch(Graph& g);
void default_envelope(Graph& g);

struct PipelineOptions {
  // Non-empty: compile the bus `~instrument` (the program's only output) as a per-voice template. The instrument
  // passes run; the passes that only make sense once per program (samples, warnings, instruments) do not.
  std::string instrument;
  SourceSpan used_at;  // where the instrument is played (for its errors)
  // "graph" or "plan": the IR after infer_rates / after the last pass goes to *dump_out (`--dump=`).
  std::string dump;
  // A pass name or "all": the IR after that pass (each pass) goes to *dump_out, marked "(unchanged)" when the pass
  // left it as it was (`--dump-after=`). Instrument templates are logged too, under their bus's name.
  std::string dump_after;
  std::string* dump_out = nullptr;
};

// Runs every pass in order; null when there were errors.
std::shared_ptr<Plan> run_pipeline(const ProgramSignals& program, Diagnostics& diags, const PipelineOptions& opts = {});
// The passes' names in order (what `--dump-after` accepts, besides "all").
std::vector<std::string> pass_names();

}  // namespace phonon
