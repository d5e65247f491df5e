// The built-in kit: drum and synth sounds synthesised deterministically (no files), so Phonon makes sound
// without any sample library. Names follow Dirt-Samples (bd sn hh ...); each name has several variants (the
// `n` index) that differ audibly. Each variant is peak-normalised to about -1 dBFS.
#pragma once
#include <string>
#include <vector>

#include "runtime/samples/sample_bank.hpp"

namespace phonon {

// True if the kit synthesises `name` (exact, case-sensitive match).
bool builtin_kit_has(const std::string& name);
// All kit names, in a fixed order.
std::vector<std::string> builtin_kit_names();
// Generates every variant of `name` at `rate` (mono, planar with guard frames; name "bd:0", path "builtin:bd/0").
// Returns an empty vector for names the kit does not have. Deterministic: same output for the same arguments.
std::vector<SampleData> builtin_kit_make(const std::string& name, double rate = 44100.0);

}  // namespace phonon
