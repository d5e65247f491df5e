// Voice start: from an event's SuperDirt controls to an initialised Voice. Pure functions of their arguments: they
// write only the Voice (and a synth voice's SynthSlot) they are given, so they can be tested without an engine.
// The engine around them picks the pool slot, cuts the event's group, takes a squiz state and sets the orbit's
// effect parameters (runtime/engine/engine.cpp).
#pragma once
#include <cstdint>

#include "runtime/voices/voice.hpp"
#include "runtime/voices/voice_params.hpp"

namespace phonon {

struct SampleData;

// ~1.5 ms at 44.1 kHz: a steal or a cut fades over this many frames and never clicks; a voice with a gate but no
// release ends with the same fade.
inline constexpr int kStealFadeFrames = 64;

// What a voice start needs besides the event: engine-wide facts at the moment the voice starts.
struct VoiceStartContext {
  double rate = 44100.0;
  double cps = 0.5;             // the clock's tempo (an event's own `cps` wins, see event_cps)
  uint64_t serial = 0;          // the voice's start order (the oldest voice is stolen first; synth noise seeds)
  uint32_t orbit_fx_ready = 0;  // bit o: orbit o has a reverb and a delay to send to
};

// The event's place in time: its whole's duration in seconds (0 without a whole) and its onset frame in the block.
struct EventTiming {
  double seconds = 0.0;
  int offset = 0;
  double cycle = 0.0;  // the onset's cycle position (Tidal's `cycle`, which a synth such as cyclo reads)
};

// SuperDirt's per-event `cps` (DirtEvent: unit "c" and the delay's lock use the event's cps), else the tempo.
inline double event_cps(const VoiceParams& vp, double cps) { return vp.cps > 0.0 ? vp.cps : cps; }
// The note's gate in seconds: `sustain`, else `legato` (default 1) times the event's duration.
double gate_seconds(const VoiceParams& vp, double event_seconds);
// SuperDirt drops an event whose sustain is below orbit.minSustain (8 / sample rate): an explicit `sustain`, or
// `legato` times the event's duration, shorter than 8 frames (so `legato 0`, negative legato or sustain are
// silent, as `loop 0` is). Without either the sound's own length applies and nothing is dropped here.
bool dropped_by_sustain(const VoiceParams& vp, double event_seconds, double rate);
// An instrument voice's pitch ratio at the onset and after its glide are finite (else the event is dropped and
// counted as NaN).
bool instrument_pitch_finite(const VoiceParams& vp);

// Each resets `v` and initialises it for the event; false: the event starts no voice (v is then meaningless).
// A sample voice (`sd` has frames).
bool start_sample_voice(const VoiceParams& vp, const SampleData& sd, const EventTiming& et,
                        const VoiceStartContext& ctx, Voice& v);
// A built-in synth voice; `controls` is the event's control map (every numeric control goes to the synth).
bool start_synth_voice(const VoiceParams& vp, SynthId synth, const ControlMap& controls, const EventTiming& et,
                       const VoiceStartContext& ctx, Voice& v, SynthSlot& slot);
// An instrument voice (`s "~bus"`): pitch, glide, envelope and the template's gate. The caller sets
// v.instrument, v.inst_slot and v.owner.
bool start_instrument_voice(const VoiceParams& vp, const EventTiming& et, const VoiceStartContext& ctx, Voice& v);

}  // namespace phonon
