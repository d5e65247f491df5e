// `phonon query --svg`: the events of a few cycles drawn as a piano roll / drum grid (one lane per sound, like
// Strudel's pianoroll and punchcard).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "compiler/pattern/event.hpp"

namespace phonon::cli {

// One named pattern's events (a program's output "o1", or "" for a single expression).
struct RollTrack {
  std::string name;
  std::vector<Event> events;
};

// An SVG document over [0, cycles). Lanes: one per sound, labelled `s` (with `:n` for a sample index) or, for
// pitched events (`note`, or `n` on a synth), by pitch, highest at the top; a pitched track's lanes are every
// pitch between its lowest and highest, so that intervals look like intervals. Every event with a whole becomes
// one <rect class="note"> with data-lane, data-begin and data-end (exact rationals of its part) and a <title>;
// continuous events (no whole) are not drawn. Cycle lines and numbers on top.
std::string roll_svg(const std::vector<RollTrack>& tracks, int64_t cycles);

}  // namespace phonon::cli
