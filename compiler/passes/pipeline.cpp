// The pass pipeline, in order. Each pass's contract is at the top of its file.
#include "compiler/passes/passes.hpp"

namespace phonon {

std::shared_ptr<Plan> run_pipeline(const ProgramSignals& program, Diagnostics& diags, const std::string& dump,
                                   std::string* dump_out) {
  Graph g = build_graph(program, diags);
  if (diags.has_errors()) return nullptr;
  fold_constants(g);
  eliminate_common(g);
  infer_channels(g);
  infer_feedback_channels(g);
  infer_rates(g);
  if (dump == "graph" && dump_out) *dump_out += print_graph(g);
  Schedule s = schedule(g);
  auto plan = lower_plan(g, s);
  collect_samples(*plan);
  warn_unsupported_controls(*plan, diags);
  build_instruments(program, *plan, diags);
  if (diags.has_errors()) return nullptr;
  if (dump == "plan" && dump_out) *dump_out += print_plan(*plan);
  return plan;
}

}  // namespace phonon
