// The SuperDirt controls of one event, read from its control map for starting a voice.
#pragma once
#include <limits>
#include <string_view>

#include "compiler/pattern/value.hpp"

namespace phonon {

class SampleBank;
struct SampleData;

// Controls of the per-voice effects of SuperDirt's default-effects-extra (and its tremolo and phaser), by Tidal name;
// their names are in kFxControlNames (voice_params.cpp), their stages in runtime/voices/voice_fx.cpp.
enum FxControl : uint8_t {
  kFxTremolorate,
  kFxTremolodepth,
  kFxTriode,
  kFxKrush,
  kFxKcutoff,
  kFxOcter,
  kFxOctersub,
  kFxOctersubsub,
  kFxRing,
  kFxRingf,
  kFxRingdf,
  kFxDjf,
  kFxDistort,
  kFxWaveloss,
  kFxPhaserrate,
  kFxPhaserdepth,
  kFxFshift,
  kFxFshiftnote,
  kFxFshiftphase,
  kNumFxControls
};
// The Tidal control name of each FxControl.
extern const std::string_view kFxControlNames[kNumFxControls];

struct VoiceParams {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::string_view s;         // sample name without the ":index" suffix
  int index = 0;              // from "name:i", overridden by `n`
  double note = 0.0;          // semitones (note + up + 12*octave offset from 5)
  bool has_note = false;      // `note` was given (synths then take their pitch from it, else from `n`)
  double n = 0.0;             // the raw `n` (a pitch for synths)
  double pitch_offset = 0.0;  // up + 12*(octave-5), part of `note` above
  double speed = 1.0;
  double accelerate = 0.0;
  double gain = 1.0;
  double amp = 0.4;  // SuperDirt's default amplitude
  double pan = 0.5;
  double begin = 0.0, end = 1.0;
  double attack = 0.0, release = 0.0, sustain = -1.0, legato = -1.0;
  // `sustain` / `legato` were given. Any value counts: SuperDirt drops an event whose sustain (given, or delta *
  // legato) is below its minSustain, so `legato 0`, negative legato and negative sustain are silent.
  bool has_sustain = false, has_legato = false;
  double cps = 0.0;  // SuperDirt per-event `cps` (unit "c", delay lock); 0 = not given (the clock's tempo)
  bool has_attack = false, has_release = false;  // `attack` / `release` were given (SuperDirt's envelope module)
  double hold = -1.0;  // SuperDirt `hold`: seconds at full level between attack and release (-1 = not given)
  // `adsr a d s r` on an event pattern: decay time (seconds) and sustain LEVEL (0..1). SuperDirt's `sustain` above
  // is a duration; the level has its own key `sustainlevel`. has_adsr: `sustainlevel` was given (alone, `decay` is
  // a synth parameter, e.g. superhat's).
  double decay = 0.0, sustain_level = 1.0;
  bool has_adsr = false;
  double loop = 1.0;      // SuperDirt `loop`: play begin..end |loop| times
  bool has_loop = false;  // `loop` was given
  double squiz = 0.0;     // SuperDirt `squiz`: Squiz pitch ratio (> 1 to take effect)
  bool lock = false;      // SuperDirt `lock`: delaytime in cycles instead of seconds
  double cutoff = 0.0, resonance = 0.0, hcutoff = 0.0, hresonance = 0.0, bandf = 0.0, bandq = 10.0;
  double shape = 0.0, crush = 0.0, coarse = 0.0;
  char vowel = 0;              // a e i o u (0 = none)
  bool has_resonance = false;  // `resonance` was given (the vowel module's default is 0.5)
  // The FxControl values; NaN = not given (SuperDirt runs a module when its control is given).
  double fx[kNumFxControls] = {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN,
                               kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
  bool has(FxControl c) const { return fx[c] == fx[c]; }
  double get(FxControl c, double dflt) const { return has(c) ? fx[c] : dflt; }
  double room = 0.0, size = 0.1, dry = 0.0;                   // orbit reverb send (SuperDirt)
  double delay = 0.0, delaytime = 0.25, delayfeedback = 0.5;  // orbit delay send (SuperDirt)
  int cut = 0;
  int orbit = 0;
  int channel = 0;           // SuperDirt `channel`: channels up from the orbit's first (runtime/engine/routing.hpp)
  double nudge = 0.0;        // Tidal `nudge`: seconds later than the event's time
  bool unit_cycles = false;  // unit "c"
  bool finite = true;        // false when a numeric control is NaN or infinite
};

// False when the value is not a control map with a sample name (`s`/`sound`).
bool read_voice_params(const Value& v, VoiceParams* out);

// An event's voice parameters, resolved when its cycle is queried (runtime/engine/event_window.hpp: by the prefetching
// thread in steady state) rather than when the voice starts: reading a control map and looking a name up in the
// bank cost ~0.7 us per voice on the audio thread, mostly cache misses on the event's map (queried a cycle ago).
// `vp.s` views the event's own value, so a PreparedOnset is valid while its event is (same window, never moved).
struct PreparedOnset {
  VoiceParams vp;
  const SampleData* sample = nullptr;  // the bank's sample for vp.s / vp.index (null: none, or a `~bus` name)
  bool ok = false;                     // read_voice_params succeeded (the event names a sound)
};
// Thread-safe (SampleBank::get is lock-free); `bank` may be null (then no sample is resolved).
PreparedOnset prepare_onset(const Value& v, const SampleBank* bank);

}  // namespace phonon
