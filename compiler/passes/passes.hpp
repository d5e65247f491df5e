// The compiler passes after elaboration, one per file, run in order by run_pipeline (pipeline.cpp):
//   build_graph      signal expressions (+ buses) -> Graph; resolves bus references, rejects delay-free cycles
//   fold_constants   kernel nodes whose inputs are all constants and which keep no state -> constants
//   eliminate_common identical nodes (same kernel, inputs, params) -> one node
//   infer_channels   mono/stereo per node (voices and pan are stereo; kernels follow their widest input)
//   infer_feedback_channels  widens feedback delays' reads (and what follows) to the width of what they store
//   infer_rates      constant / block / control (event-rate) / audio per node; LFO sines -> block-rate kernel
//   schedule         topological order of live nodes, stripes (independent groups) and their levels
//   lower_plan       nodes -> steps with buffer slots reused after their last reader (liveness)
//   collect_samples  the sample names the voice sources play, for preloading
//   build_instruments buses played by name (`s "~pad"`) compiled into per-voice template plans
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
  std::map<std::string, SignalPtr> buses;                   // name without '~'
  std::map<std::string, SourceSpan> bus_spans;
};

Graph build_graph(const ProgramSignals& program, Diagnostics& diags);
void fold_constants(Graph& g);
void eliminate_common(Graph& g);
void infer_channels(Graph& g);
void infer_feedback_channels(Graph& g);
void infer_rates(Graph& g);

struct Schedule {
  std::vector<int> order;                 // live node ids, topologically sorted
  std::vector<int> stripe_of;             // per node id (-1 for dead)
  std::vector<Stripe> stripes;            // Stripe::steps hold node ids here (lower_plan maps them to steps)
};
Schedule schedule(const Graph& g);
std::shared_ptr<Plan> lower_plan(const Graph& g, const Schedule& s);
void collect_samples(Plan& plan);
void warn_unsupported_controls(const Plan& plan, Diagnostics& diags);
void build_instruments(const ProgramSignals& program, Plan& plan, Diagnostics& diags);

// Runs every pass in order. `dump` ("graph", "plan" or empty) appends the IR after that stage to *dump_out.
std::shared_ptr<Plan> run_pipeline(const ProgramSignals& program, Diagnostics& diags,
                                   const std::string& dump = {}, std::string* dump_out = nullptr);

}  // namespace phonon
