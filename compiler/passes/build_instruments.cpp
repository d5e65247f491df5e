// Pass: instruments.
// Contract: for each bus that an event pattern plays by name (`s "~pad*4" # note "c e g"`), the bus's signal is
// compiled on its own, by the same pass driver with PipelineOptions::instrument, into a template Plan that the
// runtime runs once per voice. The instrument passes (check_instrument, scale_pitch, default_envelope) make it
// follow the note's pitch and gate. Names are collected like sample names (first 64 cycles); they are removed
// from Plan::sample_names.
#include <set>

#include "compiler/passes/passes.hpp"

namespace phonon {

namespace {

std::set<std::string> instrument_names(std::vector<std::string>* samples) {
  std::set<std::string> names;
  std::vector<std::string> keep;
  for (const auto& n : *samples) {
    if (!n.empty() && n[0] == '~') names.insert(n.substr(1));
    else keep.push_back(n);
  }
  *samples = keep;
  return names;
}

std::shared_ptr<Plan> build_instrument(const ProgramSignals& program, const std::string& name,
                                       const SourceSpan& used_at, Diagnostics& diags, const PipelineOptions& opts) {
  if (!program.buses.count(name)) {
    diags.error(used_at, "`~" + name + "` is played as an instrument but is not a signal bus",
                "define it as a signal, e.g. `~" + name + ": saw 220 # lpf 900 0.5`");
    return nullptr;
  }
  ProgramSignals one;
  one.cps = program.cps;
  one.buses = program.buses;
  one.bus_spans = program.bus_spans;
  one.outputs.emplace_back("~" + name, sig_bus(name, used_at));
  PipelineOptions o = opts;
  o.instrument = name;
  o.used_at = used_at;
  return run_pipeline(one, diags, o);
}

}  // namespace

void build_instruments(const ProgramSignals& program, Plan& plan, Diagnostics& diags, const PipelineOptions& opts) {
  std::set<std::string> names = instrument_names(&plan.sample_names);
  SourceSpan at = plan.voice_sources.empty() ? SourceSpan{} : plan.voice_sources[0].span;
  for (const auto& name : names) {
    auto t = build_instrument(program, name, at, diags, opts);
    if (t) plan.instruments.emplace_back(name, t);
  }
}

}  // namespace phonon
