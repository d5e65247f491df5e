// Pass (instruments): the voice's pitch.
// Contract: every frequency input of every kernel (KernelSpec::frequency_inputs: an oscillator's freq, FM's
// carrier and modulator) is multiplied by a per-voice pitch ratio (a PitchRatio constant, 2^(note/12)), so `note`
// shifts the instrument by semitones: a bus tuned to middle C (261.63 Hz) plays note names at their absolute pitch.
#include "compiler/passes/passes.hpp"

namespace phonon {

void scale_pitch(Graph& g) {
  GraphNode ratio;
  ratio.kind = SignalKind::Const;
  ratio.value = 1.0;
  ratio.role = ConstRole::PitchRatio;
  const int ratio_id = g.add(ratio);
  const size_t count = g.nodes.size();
  for (size_t i = 0; i < count; ++i) {
    if (g.nodes[i].dead || g.nodes[i].kind != SignalKind::Kernel || !g.nodes[i].spec) continue;
    for (int p : g.nodes[i].spec->frequency_inputs) {
      if (p >= static_cast<int>(g.nodes[i].inputs.size())) continue;
      const int id = g.add_kernel("math.mul", {g.nodes[i].inputs[p], ratio_id});
      g.nodes[i].inputs[p] = id;
    }
  }
}

}  // namespace phonon
