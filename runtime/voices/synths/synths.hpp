// The built-in SuperDirt-style synths, played with `s`: superpiano supersaw supersquare superkick supersnare
// superhat superfm. The engine resolves one SynthParams per event (pitch, sustain, SuperDirt synth controls),
// calls synth_start once, then synth_render per block; its own amp/pan/envelope/filters apply afterwards.
// See docs/synths.md for each synth's sound and controls.
//
// Pitch convention (SuperDirt): freq = 261.6256 * 2^((note + 12*(octave-5)) / 12) with note = `note`, or `n` for
// synths; note 0 (c5) is middle C. The drum synths read their "n" from freq the same way
// (n = 12*log2(freq/261.6256)), so `superkick` at note 0 is a 60 Hz kick, as SuperDirt's (n+60 - 25.5).midicps.
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace phonon {

enum class SynthId : int {
  None = -1,
#define PHONON_SYNTH(id, name) id,
#include "runtime/voices/synths/synth_list.inc"
#undef PHONON_SYNTH
};

constexpr int kSynthCount = 0
#define PHONON_SYNTH(id, name) +1
#include "runtime/voices/synths/synth_list.inc"
#undef PHONON_SYNTH
    ;

// The synth called `name` (exact, case-sensitive), or None if `name` is not a built-in synth.
SynthId synth_by_name(std::string_view name);
// All built-in synth names, in SynthId order.
std::vector<std::string> synth_names();
// The name of `id` ("" for None).
std::string_view synth_name(SynthId id);

// "Not given" marker for SynthParams fields whose default depends on the synth (NaN).
constexpr double kSynthUnset = std::numeric_limits<double>::quiet_NaN();

// superfm: a 6-operator phase-modulation matrix (DX7-like, as SuperDirt's superfm with FM7). Operator i (0-based
// here, 1-based in control names) runs at freq * ratio[i] + detune[i] Hz, its amplitude follows its own 4-segment
// envelope from the onset (stage k reaches eglevel[i][k] in max(0.1 / egrate[i][k], 0.001) * sustain seconds), and
// its output is heard with level amp[i]. mod[i][j] is how much operator j's output phase-modulates operator i
// (radians); the diagonal mod[i][i] is self-feedback, scaled by `feedback`. Defaults are SuperDirt's (every
// operator heard at 1, ratio 1, egrate 10 0.3 0.1 0.1, eglevel 1); SuperDirt's detunes are random within +-0.1 Hz
// per boot, these are fixed within that range. `voice` 1..5 selects a built-in preset that replaces these fields
// except lfofreq/lfodepth (0 = as given).
struct FmParams {
  float amp[6] = {1, 1, 1, 1, 1, 1};
  float ratio[6] = {1, 1, 1, 1, 1, 1};
  float detune[6] = {0.031f, -0.074f, 0.058f, -0.017f, 0.083f, -0.046f};
  float mod[6][6] = {};
  float eglevel[6][4] = {{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}};
  float egrate[6][4] = {{10, 0.3f, 0.1f, 0.1f}, {10, 0.3f, 0.1f, 0.1f}, {10, 0.3f, 0.1f, 0.1f},
                        {10, 0.3f, 0.1f, 0.1f}, {10, 0.3f, 0.1f, 0.1f}, {10, 0.3f, 0.1f, 0.1f}};
  float feedback = 0.0f;
  float lfofreq = 1.0f;   // pitch LFO (Hz, triangle)
  float lfodepth = 0.0f;  // pitch LFO depth (fraction of freq)
};

// Per-event parameters, resolved by the engine. Values outside a synth's sensible range are clamped by the synth;
// NaN/Inf are treated as "not given". Field <- SuperDirt control (default):
struct SynthParams {
  double freq = 261.6256;          // Hz, from note/n/octave (see top). Clamped to [0, 0.45 * rate].
  double sustain = -1.0;           // seconds: explicit `sustain`, or `legato` * event duration; < 0 = synth default
  double rate = 44100.0;           // output sample rate (Hz)
  uint64_t seed = 0;               // noise seed; give each voice its own (e.g. the voice serial) for varied noise
  double accelerate = 0.0;         // `accelerate`: pitch glide, freq * (1 -> 1+accelerate) over the sustain
  double voice = kSynthUnset;      // `voice`: saw detune/phase, square pulse width (0.5); superfm preset (0)
  double decay = kSynthUnset;      // `decay`: saw/square envelope decay (0); kick click / snare noise length (1)
  double semitone = kSynthUnset;   // `semitone`: saw/square second oscillator offset (12); sossnare mod ratio (0.452)
  double resonance = kSynthUnset;  // `resonance`: filter resonance, per synth (saw/square 0.2, x4 internally)
  double lfo = 1.0;                // `lfo`: saw/square/pwm filter LFO depth
  double lfo_rate = 1.0;           // `rate`: LFO rate / envelope speed multiplier (each synth's own meaning)
  double pitch1 = kSynthUnset;     // `pitch1`: filter cutoff multiplier (1); soskick FM freq (0); soshats FM index
  double pitch2 = kSynthUnset;     // `pitch2`: superchip 2nd voice ratio (2); soskick beater noise level (0)
  double pitch3 = 3.0;             // `pitch3`: superchip 3rd voice ratio
  double slide = kSynthUnset;      // `slide`: pitch/filter glide amount (0); superzow phase speed (1)
  double speed = 1.0;              // `speed`: soskick beater sweep (SuperDirt always sends speed, 1 by default)
  double velocity = 1.0;           // `velocity`: superpiano hammer strength (0..1+), supervibe brightness
  double detune = kSynthUnset;     // `detune`: superpiano string stretch/detune (0.1); per synth otherwise
  double muffle = 1.0;             // `muffle`: superpiano darkening (0..1+)
  double stereo = 0.2;             // `stereo`: superpiano stereo width (0..1)
  double vibrato = 0.5;            // `vibrato`: superhammond vibrato depth
  double vrate = 7.0;              // `vrate`: superhammond vibrato rate (Hz)
  double perc = 0.0;               // `perc`: superhammond percussion level
  double percf = 2.0;              // `percf`: superhammond percussion harmonic
  double modamp = 1.0;             // `modamp`: supervibe tremolo depth
  double modfreq = kSynthUnset;    // `modfreq`: supervibe tremolo rate (7 Hz)
  double delay = 1.0;              // `delay`: superclap echo spread multiplier
  double width = 0.3;              // `width`: gabor's Gaussian width
  double ratio = 1.0;              // `ratio`: cyclo's harmonic spacing
  double cycle = 0.0;              // the event's cycle position (as Tidal sends `cycle`): cyclo's partials
  FmParams fm;                     // superfm operators (`amp1`..`egrate64`, `feedback`, `lfofreq`, `lfodepth`)
};

// Sets the field of `p` named by SuperDirt control `name` (one of: accelerate voice decay semitone resonance (alias
// lpq, as Tidal sends lpq as resonance) lfo rate pitch1 pitch2 pitch3 slide speed velocity detune muffle stereo
// vibrato vrate perc percf modamp modfreq delay width ratio cycle feedback lfofreq lfodepth ampN ratioN detuneN modNM
// eglevelNK egrateNK, N, M in 1..6, K in 1..4). Returns false (p unchanged) for any other name:
// sustain/legato/n/note/gain/... are the engine's. No allocation: callable on the audio thread.
bool synth_set_control(SynthParams& p, std::string_view name, double value);

// The sustain (seconds) a synth uses when the event gives neither `sustain` nor `legato` (SuperDirt's SynthDef
// default: 1 s for all of them).
double synth_default_sustain(SynthId id);

// Fixed-size per-voice state (trivially copyable, no heap): lives inside the engine's preallocated Voice.
constexpr int kSynthStateBytes = 1536;
struct SynthState {
  int64_t total_frames = 0;  // frames from onset to the end of the synth's own envelope (set by synth_start)
  double sustain = 0.0;      // resolved sustain (seconds)
  alignas(16) unsigned char data[kSynthStateBytes] = {};
};

// Prepares `st` for a new voice of synth `id` with parameters `p` (resolves defaults, seeds noise, precomputes
// coefficients). Audio-thread safe. `id` must not be None.
void synth_start(SynthId id, const SynthParams& p, SynthState& st);

// Renders output frames [elapsed, elapsed + n) of the voice into l and r (both written; mono synths write the same
// into both). Returns the number of frames produced before the synth's own envelope ended: < n means the voice is
// finished after those frames (the rest of l/r is zeroed). `p` must be the same as given to synth_start. Output
// peaks around 0.5-1.0 (like a normalised drum sample) before the engine's amp/gain. Block-size invariant
// (rendering [0, N) in one call or many gives the same samples), deterministic, audio-thread safe (no allocation,
// lock, I/O or exception).
int synth_render(SynthId id, const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n);

// Total length in frames of a voice started with `p` (what synth_start stores in total_frames).
int64_t synth_total_frames(SynthId id, const SynthParams& p);

}  // namespace phonon
