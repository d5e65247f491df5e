// Pass: instruments.
// Contract: for each bus that an event pattern plays by name (`s "~pad*4" # note "c e g"`), the bus's signal is
// compiled on its own into a template Plan that the runtime runs once per voice:
//  - every oscillator frequency (and FM carrier/modulator) is multiplied by a per-voice pitch ratio (a PitchRatio
//    constant slot, 2^(note/12)), so `note` shifts the bus by semitones: a bus tuned to middle C (261.63 Hz) plays
//    note names at their absolute pitch;
//  - envelopes follow the note's gate (a VoiceGate constant slot: 1 while the note is held, then 0); a bus with no
//    envelope gets a short attack/release one so notes never click;
//  - a bus that plays event patterns or number patterns itself cannot be an instrument (an error at its use).
// Names are collected like sample names (first 64 cycles); they are removed from Plan::sample_names.
#include <set>

#include "compiler/passes/passes.hpp"

namespace phonon {

namespace {

std::set<std::string> instrument_names(const Plan& plan, std::vector<std::string>* samples) {
  std::set<std::string> names;
  std::vector<std::string> keep;
  for (const auto& n : *samples) {
    if (!n.empty() && n[0] == '~') names.insert(n.substr(1));
    else keep.push_back(n);
  }
  *samples = keep;
  return names;
}

bool is_frequency_port(const GraphNode& n, size_t port) {
  if (!n.spec || n.kernel.rfind("osc.", 0) != 0 || port >= n.spec->inputs.size()) return false;
  std::string_view name = n.spec->inputs[port];
  return name == "freq" || name == "carrier" || name == "modulator";
}

}  // namespace

std::shared_ptr<Plan> build_instrument(const ProgramSignals& program, const std::string& name,
                                       const SourceSpan& used_at, Diagnostics& diags) {
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
  Graph g = build_graph(one, diags);
  if (diags.has_errors()) return nullptr;
  fold_constants(g);
  eliminate_common(g);
  // Reject what an instrument cannot do yet (patterns inside it), on the live part only.
  Schedule live = schedule(g);
  bool has_env = false;
  for (int id : live.order) {
    const GraphNode& n = g.nodes[id];
    if (n.kind == SignalKind::Voices || n.kind == SignalKind::Pattern) {
      diags.error(n.span.valid() ? n.span : used_at,
                  "bus `~" + name + "` is played as an instrument, so it cannot contain patterns",
                  "give the instrument fixed values; patterns belong to the events that play it (`# note ...`)");
      return nullptr;
    }
    if (n.kernel.rfind("env.", 0) == 0) has_env = true;
  }
  // Per-voice pitch ratio on every oscillator frequency.
  GraphNode ratio;
  ratio.kind = SignalKind::Const;
  ratio.value = 1.0;
  ratio.role = ConstRole::PitchRatio;
  int ratio_id = g.add(ratio);
  const size_t count = g.nodes.size();
  for (size_t i = 0; i < count; ++i) {
    if (g.nodes[i].dead || g.nodes[i].kind != SignalKind::Kernel) continue;
    for (size_t p = 0; p < g.nodes[i].inputs.size(); ++p) {
      if (!is_frequency_port(g.nodes[i], p)) continue;
      GraphNode mul;
      mul.kind = SignalKind::Kernel;
      mul.kernel = "math.mul";
      mul.spec = kern::find_kernel("math.mul");
      mul.inputs = {g.nodes[i].inputs[p], ratio_id};
      int m = g.add(mul);
      g.nodes[i].inputs[p] = m;
    }
  }
  if (!has_env) {
    // out * env.ar(gate): 5 ms attack, 50 ms release.
    GraphNode gate;
    gate.kind = SignalKind::Const;
    gate.value = 1.0;
    gate.role = ConstRole::VoiceGate;
    int gate_id = g.add(gate);
    GraphNode env;
    env.kind = SignalKind::Kernel;
    env.kernel = "env.ar";
    env.spec = kern::find_kernel("env.ar");
    env.inputs = {gate_id};
    env.params = {0.005f, 0.05f};
    int env_id = g.add(env);
    GraphNode mul;
    mul.kind = SignalKind::Kernel;
    mul.kernel = "math.mul";
    mul.spec = kern::find_kernel("math.mul");
    mul.inputs = {g.outputs[0].node, env_id};
    g.outputs[0].node = g.add(mul);
  }
  infer_channels(g);
  Schedule s = schedule(g);
  auto plan = lower_plan(g, s);
  return plan;
}

void build_instruments(const ProgramSignals& program, Plan& plan, Diagnostics& diags) {
  std::set<std::string> names = instrument_names(plan, &plan.sample_names);
  SourceSpan at = plan.voice_sources.empty() ? SourceSpan{} : plan.voice_sources[0].span;
  for (const auto& name : names) {
    auto t = build_instrument(program, name, at, diags);
    if (t) plan.instruments.emplace_back(name, t);
  }
}

}  // namespace phonon
