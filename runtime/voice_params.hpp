// The SuperDirt controls of one event, read from its control map for starting a voice.
#pragma once
#include <string_view>

#include "compiler/pattern/value.hpp"

namespace phonon {

struct VoiceParams {
  std::string_view s;     // sample name without the ":index" suffix
  int index = 0;          // from "name:i", overridden by `n`
  double note = 0.0;      // semitones (note + up + 12*octave offset from 5)
  double speed = 1.0;
  double accelerate = 0.0;
  double gain = 1.0;
  double amp = 0.4;       // SuperDirt's default amplitude
  double pan = 0.5;
  double begin = 0.0, end = 1.0;
  double attack = 0.0, release = 0.0, sustain = -1.0, legato = -1.0;
  double cutoff = 0.0, resonance = 0.0, hcutoff = 0.0, hresonance = 0.0, bandf = 0.0, bandq = 10.0;
  int cut = 0;
  int orbit = 0;
  bool unit_cycles = false;  // unit "c"
  bool finite = true;        // false when a numeric control is NaN or infinite
};

// False when the value is not a control map with a sample name (`s`/`sound`).
bool read_voice_params(const Value& v, VoiceParams* out);

}  // namespace phonon
