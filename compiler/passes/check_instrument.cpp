// Pass (instruments): what a per-voice template cannot hold.
// Contract: a bus played as an instrument that plays event patterns or number patterns itself (on its live part)
// is an error at the pattern, or at the instrument's use when the pattern has no location: patterns belong to the
// events that play the instrument.
#include "compiler/passes/passes.hpp"

namespace phonon {

void check_instrument(const Graph& g, const std::string& name, const SourceSpan& used_at, Diagnostics& diags) {
  for (int id : schedule(g).order) {
    const GraphNode& n = g.nodes[id];
    if (n.kind == SignalKind::Voices || n.kind == SignalKind::Pattern) {
      diags.error(n.span.valid() ? n.span : used_at,
                  "bus `~" + name + "` is played as an instrument, so it cannot contain patterns",
                  "give the instrument fixed values; patterns belong to the events that play it (`# note ...`)");
      return;
    }
  }
}

}  // namespace phonon
