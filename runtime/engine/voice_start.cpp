// Voice start: the SuperDirt event -> voice translation shared by sample, synth and instrument voices.
#include "runtime/engine/voice_start.hpp"

#include <algorithm>
#include <cmath>

#include "compiler/pattern/value.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/voice_fx.hpp"

namespace phonon {

namespace {

int64_t frames_of(double seconds, double rate) { return static_cast<int64_t>(std::llround(seconds * rate)); }

// SuperDirt's envelope module: attack and release in frames (the callers then set the gate `length`).
void set_attack_release(const VoiceParams& vp, double rate, Voice& v) {
  v.attack = frames_of(std::max(0.0, vp.attack), rate);
  v.release = frames_of(std::max(0.0, vp.release), rate);
}

// Envelope shape beyond attack/release and gate: `adsr`'s decay and sustain level, or `hold`.
void set_envelope_shape(const VoiceParams& vp, double rate, Voice& v) {
  if (vp.has_adsr) {
    v.env_adsr = true;
    v.stages |= kStageAdsr;
    v.decay = frames_of(std::max(0.0, vp.decay), rate);
    v.sustain_level = static_cast<float>(std::clamp(vp.sustain_level, 0.0, 1.0));
  } else if (vp.hold >= 0.0 && vp.release > 0.0 && v.length >= 0) {
    // `hold` with a release: the release starts at attack + hold at the latest (Env.linen in SuperDirt).
    v.length = std::min(v.length, v.attack + frames_of(vp.hold, rate));
  }
}

// SuperDirt's level: equal-power pan first (DirtPan in the sound's synth), amp (default 0.4) times gain^4 last
// (dirt_gate). gain_l/gain_r are both together, for a voice whose stages all commute with them.
void set_level(const VoiceParams& vp, Voice& v) {
  const double amp = vp.amp * std::pow(std::min(vp.gain, 2.0) + 1.1e-4, 4.0);
  const double pan = std::clamp(vp.pan, 0.0, 1.0);
  v.level = static_cast<float>(amp);
  v.pan_l = static_cast<float>(std::cos(pan * M_PI / 2));
  v.pan_r = static_cast<float>(std::sin(pan * M_PI / 2));
  v.gain_l = static_cast<float>(amp * std::cos(pan * M_PI / 2));
  v.gain_r = static_cast<float>(amp * std::sin(pan * M_PI / 2));
}

// The orbit and its sends (SuperDirt room/dry to the reverb, delay to the delay), when the orbit has them.
void set_orbit_sends(const VoiceParams& vp, const VoiceStartContext& ctx, Voice& v) {
  v.orbit = std::clamp(vp.orbit, 0, kOrbits - 1);
  const bool ready = (ctx.orbit_fx_ready >> v.orbit) & 1u;
  if (vp.room > 0 && ready)
    v.send_rev = static_cast<float>(std::min(vp.room, 1.0) * (1.0 - std::clamp(vp.dry, 0.0, 1.0)));
  if (vp.delay > 0 && ready) v.send_del = static_cast<float>(std::min(vp.delay, 1.0));
}

// The set-up every kind of voice shares once its gate `length` is known: the gate's closing fade, level, envelope
// shape, filters, effects, sends and bookkeeping.
void finish_start(const VoiceParams& vp, const EventTiming& et, const VoiceStartContext& ctx, Voice& v) {
  if (v.length >= 0 && v.release == 0) v.release = kStealFadeFrames;
  set_level(vp, v);
  set_envelope_shape(vp, ctx.rate, v);  // (may shorten `length` by `hold`)
  v.serial = ctx.serial;
  build_fx_chain(vp, static_cast<float>(ctx.rate), v);
  set_orbit_sends(vp, ctx, v);
  v.cut = vp.cut;
  v.start_offset = et.offset;
  v.active = true;
}

// The gate of a sample or synth voice: frames from the onset to the start of the release, -1 for "until the
// sound ends".
int64_t sample_or_synth_gate(const VoiceParams& vp, bool synth, double event_seconds, double rate, const Voice& v) {
  // SuperDirt's envelope module is Env.linen(attack, hold, release): with a release, the release starts after
  // attack + hold (hold defaults to 0: `ar a r` is percussive).
  const int64_t attack_hold = v.attack + frames_of(std::max(0.0, vp.hold), rate);
  // `adsr a d s r`: the gate is `sustain` seconds, else legato (default 1) times the event's duration.
  if (vp.has_adsr) return frames_of(gate_seconds(vp, event_seconds), rate);
  if (synth) return vp.release > 0.0 ? attack_hold : -1;  // the synth shapes its own sustain
  if (vp.has_sustain) return frames_of(vp.sustain, rate);
  if (vp.has_legato) return frames_of(vp.legato * event_seconds, rate);
  if (vp.release > 0.0) return attack_hold;  // `ar a r`: percussive attack-release
  return -1;
}

}  // namespace

double gate_seconds(const VoiceParams& vp, double event_seconds) {
  return vp.has_sustain ? vp.sustain : (vp.has_legato ? vp.legato : 1.0) * event_seconds;
}

bool dropped_by_sustain(const VoiceParams& vp, double event_seconds, double rate) {
  if (!vp.has_sustain && !vp.has_legato) return false;
  return !(gate_seconds(vp, event_seconds) >= 8.0 / rate);
}

bool instrument_pitch_finite(const VoiceParams& vp) {
  const double ratio = vp.speed * std::pow(2.0, (vp.has_note ? vp.note : vp.n + vp.pitch_offset) / 12.0);
  return std::isfinite(ratio) && std::isfinite(ratio * (1.0 + vp.accelerate));
}

bool start_sample_voice(const VoiceParams& vp, const SampleData& sd, const EventTiming& et,
                        const VoiceStartContext& ctx, Voice& v) {
  const double rate = ctx.rate;
  v = Voice{};
  v.sample = &sd;
  v.stages = kStageSample;
  double speed = vp.speed * std::pow(2.0, vp.note / 12.0);
  if (vp.unit_cycles) speed *= (static_cast<double>(sd.frames) / sd.rate) * event_cps(vp, ctx.cps);
  v.inc = speed * sd.rate / rate;
  const double len = static_cast<double>(sd.frames);
  v.lo = std::clamp(vp.begin, 0.0, 1.0) * len;
  v.hi = std::clamp(vp.end, 0.0, 1.0) * len;
  if (v.hi <= v.lo || v.inc == 0.0) return false;
  v.start_pos = v.inc > 0 ? v.lo : v.hi - 1e-9;
  // SuperDirt `loop` (only without sustain/legato, as in DirtEvent's calcTimeSpan): begin..end |loop| times;
  // loop 0 gives a zero sustain, which SuperDirt drops.
  double passes = 1.0;
  if (vp.has_loop && !vp.has_sustain && !vp.has_legato) {
    if (vp.loop == 0.0) return false;
    if (std::fabs(vp.loop) != 1.0) {
      v.loops = std::fabs(vp.loop);
      v.stages |= kStageLoop;
    }
    passes = std::fabs(vp.loop);
  }
  // The sound's own length (DirtEvent's unitDuration): begin..end `passes` times at the mean of the start and end
  // rates (accelerate glides the rate linearly from speed to speed * (1 + accelerate) over the sound).
  const double end_inc = v.inc * (1.0 + vp.accelerate);
  const double mean_inc = vp.accelerate != 0.0 ? 0.5 * (std::fabs(v.inc) + std::fabs(end_inc)) : std::fabs(v.inc);
  const double own_frames = mean_inc > 0.0 ? (v.hi - v.lo) * passes / mean_inc : 1e18;
  set_attack_release(vp, rate, v);
  v.length = sample_or_synth_gate(vp, false, et.seconds, rate, v);
  if (vp.accelerate != 0.0) {
    // The glide runs over the sound (or its shorter gate: SuperDirt's sustain is the smaller of the two).
    const double glide = v.length >= 0 ? std::min(own_frames, static_cast<double>(v.length)) : own_frames;
    v.accel = (end_inc - v.inc) / std::max(1.0, glide);
    v.stages |= kStageAccelerate;
  }
  // SuperDirt's gate (dirt_gate): a fade of 1 ms (at most 0.19 of the sound) at the end of a sound that plays to
  // its end, and a fade-in as long when it starts inside the sample (at begin > 0, or at end < 1 backwards:
  // DirtEvent swaps begin and end for a negative speed), so a cut never clicks.
  const int64_t fade = frames_of(std::min(0.001, 0.19098 * own_frames / rate), rate);
  if ((vp.speed < 0 ? vp.end : vp.begin) != 0.0) v.attack = std::max(v.attack, fade);
  if (v.length < 0 && own_frames < 1e17 && fade > 0) {
    v.length = std::max<int64_t>(v.attack, static_cast<int64_t>(std::llround(own_frames)) - fade);
    v.release = fade;
  }
  finish_start(vp, et, ctx, v);
  return true;
}

// A synth's pitch comes from `note` (else `n`) with c5 = middle C, its sustain from `sustain`, else legato
// (default 1) times the event's duration; every other numeric control goes to the synth (SuperDirt names).
bool start_synth_voice(const VoiceParams& vp, SynthId synth, const ControlMap& controls, const EventTiming& et,
                       const VoiceStartContext& ctx, Voice& v, SynthSlot& slot) {
  v = Voice{};
  v.synth = synth;
  v.stages = kStageSynth;
  SynthParams& p = slot.params;
  p = SynthParams{};
  const double semis = vp.has_note ? vp.note : vp.n + vp.pitch_offset;
  p.freq = 261.6256 * std::pow(2.0, semis / 12.0);
  p.rate = ctx.rate;
  p.seed = ctx.serial * 2654435761u + 1;
  p.sustain = gate_seconds(vp, et.seconds);
  // SuperDirt `loop` without sustain/legato: a synth (no unit duration) sounds |loop| event durations.
  if (vp.has_loop && !vp.has_sustain && !vp.has_legato) p.sustain = std::fabs(vp.loop) * et.seconds;
  // A per-voice `adsr` shapes the voice: the synth sounds through its whole gate and release.
  if (vp.has_adsr) p.sustain += std::max(0.0, vp.release);
  p.accelerate = vp.accelerate;
  p.cycle = et.cycle;  // an event that carries `cycle` itself (OSC from Tidal) sets it below
  for (const auto& [key, val] : controls.entries()) {
    // With a per-voice `adsr` its `decay` is the envelope's, not the synth's own decay parameter.
    if (vp.has_adsr && key == "decay") continue;
    if (val.is_number()) synth_set_control(p, key, val.as_number());
  }
  synth_start(synth, p, slot.state);
  set_attack_release(vp, ctx.rate, v);
  v.length = sample_or_synth_gate(vp, true, et.seconds, ctx.rate, v);
  finish_start(vp, et, ctx, v);
  return true;
}

// The bus's template runs with this voice's gate (legato, default 1, times the event's duration, or `sustain`
// seconds) and pitch ratio speed * 2^(note/12), gliding to (1 + accelerate) times that over the gate (as
// SuperDirt's synths: freq * Line(1, 1 + accelerate, sustain)). A per-voice `release` (or `adsr`'s release) keeps
// the template's gate open through the release, so the voice's own linear release shapes the end instead of the
// bus's automatic 50 ms one.
bool start_instrument_voice(const VoiceParams& vp, const EventTiming& et, const VoiceStartContext& ctx, Voice& v) {
  v = Voice{};
  v.stages = kStageInstrument;
  const double ratio = vp.speed * std::pow(2.0, (vp.has_note ? vp.note : vp.n + vp.pitch_offset) / 12.0);
  const int64_t gate = frames_of(std::max(0.0, gate_seconds(vp, et.seconds)), ctx.rate);
  v.pitch_ratio = static_cast<float>(ratio);
  v.pitch_ratio_end = static_cast<float>(ratio * (1.0 + vp.accelerate));
  v.glide_frames = gate;
  set_attack_release(vp, ctx.rate, v);
  v.length = vp.release > 0.0 ? std::max(v.attack, gate) : -1;
  if (vp.has_adsr) v.length = gate;  // the adsr's release starts at the gate from the level reached
  finish_start(vp, et, ctx, v);
  // The template's gate: the note's; with a voice-level release it stays open until that release has ended, so
  // the bus still sounds while the voice's own envelope fades it out.
  v.gate_frames = v.length >= 0 ? std::max(v.length, v.attack) + v.release : gate;
  return true;
}

}  // namespace phonon
