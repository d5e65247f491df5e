// Pass (instruments): notes that never click.
// Contract: an instrument whose live part has no envelope on the note's gate (KernelSpec::follows_gate) is
// multiplied by env.ar on the voice's gate (a VoiceGate constant: 1 while the note is held, then 0) with a 5 ms
// attack and a 50 ms release.
#include "compiler/passes/passes.hpp"

namespace phonon {

void default_envelope(Graph& g) {
  for (int id : schedule(g).order)
    if (g.nodes[id].spec && g.nodes[id].spec->follows_gate) return;
  GraphNode gate;
  gate.kind = SignalKind::Const;
  gate.value = 1.0;
  gate.role = ConstRole::VoiceGate;
  const int gate_id = g.add(gate);
  const int env_id = g.add_kernel("env.ar", {gate_id}, {0.005f, 0.05f});
  g.outputs[0].node = g.add_kernel("math.mul", {g.outputs[0].node, env_id});
}

}  // namespace phonon
