// A sampler voice: one event's sound, from its onset frame until its sample, envelope or duration ends.
// Voices live in a preallocated pool (runtime/engine/voice_pool.hpp); starting one never allocates.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/voices/synths/synths.hpp"

namespace phonon {

struct SampleData;
class InstrumentTemplate;

// A voice's effect chain (runtime/voices/voice_fx.hpp builds and runs it).
// The stages, in SuperDirt's module order (the order kFxDefs lists them in and a chain runs them in).
enum class FxKind : uint8_t {
  Vowel,
  Shape,
  Hpf,
  Bpf,
  Crush,
  Coarse,
  Lpf,
  Tremolo,
  Phaser,
  Waveloss,
  Squiz,
  Fshift,
  Triode,
  Krush,
  Octer,
  Ring,
  Distort,
  Djf,
  Count
};
inline constexpr int kFxKinds = static_cast<int>(FxKind::Count);

// One stage of a voice's chain: its kind and where its constants and per-channel state live in Voice::fx_mem.
struct FxStage {
  FxKind kind;
  uint8_t mem;  // offset into Voice::fx_mem
};
inline constexpr int kMaxFxStages = 8;    // stages a voice runs at most (the rest are dropped, in module order)
inline constexpr int kFxMemFloats = 128;  // constants and state of all of a voice's stages

// The stages a voice runs beyond reading, enveloping and panning, recorded where each is set up
// (runtime/engine/voice_start.cpp; the effect stages' bits in runtime/voices/voice_fx.cpp). The lane path
// (runtime/voices/voice_render_lanes.hpp) takes a voice whose stages are exactly the ones it renders, so a new
// stage keeps its voices on VoiceRenderer without any list to update.
enum VoiceStage : uint32_t {
  kStageSample = 1u << 0,  // reads a sample (else a synth or an instrument)
  kStageSynth = 1u << 1,
  kStageInstrument = 1u << 2,
  kStageAccelerate = 1u << 3,
  kStageLoop = 1u << 4,
  kStageAdsr = 1u << 5,
  kStageLowpass = 1u << 6,
  kStageHighpass = 1u << 7,
  kStageBandpass = 1u << 8,
  kStageVowel = 1u << 9,
  kStageShape = 1u << 10,
  kStageCrush = 1u << 11,
  kStageCoarse = 1u << 12,
  kStageSquiz = 1u << 13,
  kStageEffect = 1u << 14,  // a stage of default-effects-extra or tremolo (runtime/voices/voice_fx.cpp)
};

struct Voice {
  const SampleData* sample = nullptr;  // null for a synth voice
  SynthId synth = SynthId::None;       // a built-in synth (its params and state live in Engine's synth slots)
  class InstrumentTemplate* instrument = nullptr;  // an instrument voice (`s "~bus"`): the template it runs
  // Set when the voice starts: the lane path may render it (lane_eligible in runtime/voices/voice_render_lanes.hpp);
  // the per-block check then only adds the fade and the onset (fields kept near the top: 16k voices stream through the
  // cache every block).
  bool lane_ok = false;
  // Playback: source position (frames, double) at the voice's first frame, and source frames per output frame.
  double start_pos = 0.0;
  double inc = 1.0;
  double accel = 0.0;         // change of inc per output frame (SuperDirt `accelerate`)
  double lo = 0.0, hi = 0.0;  // playable source range [lo, hi) (begin/end)
  int64_t elapsed = 0;        // output frames rendered so far
  int start_offset = 0;       // frame offset of the onset inside the current block (0 once started)
  // Envelope (frames): attack ramp, hold, release ramp; length = -1 means "until the sample ends".
  int64_t attack = 0;
  int64_t length = -1;  // frames from onset to the start of the release (or to the end if release == 0)
  int64_t release = 0;
  // ADSR (`adsr` on an event pattern): after the attack, a linear decay over `decay` frames from 1 to
  // `sustain_level`, held until `length`; the release then runs from the level reached at `length` (which may be
  // inside the attack or decay) to 0. Without env_adsr the release starts at max(length, attack) from 1.
  int64_t decay = 0;
  float sustain_level = 1.0f;
  bool env_adsr = false;
  // SuperDirt `loop`: > 0 = the source range [lo, hi) repeats, playing until the read head has travelled
  // `loops` times its width (fractions end mid-pass); 0 = play once.
  double loops = 0.0;
  float gain_l = 0.0f, gain_r = 0.0f;  // amp * equal-power pan
  // Fade-out when stolen or cut (frames left of a linear fade from 1 to 0); -1 = not fading.
  int fade_left = -1;
  int fade_len = 0;
  int inst_slot = -1;            // its state slot in the template
  int64_t gate_frames = 0;       // instrument: frames the note's gate stays high
  float pitch_ratio = 1.0f;      // instrument: speed * 2^(note/12) at the onset
  float pitch_ratio_end = 1.0f;  // instrument: the ratio reached after glide_frames (`accelerate`)
  int64_t glide_frames = 0;      // instrument: frames of the linear glide (the note's gate)
  int quiet_frames = 0;          // instrument: consecutive near-silent frames after the gate closed
  const void* owner = nullptr;   // the LoadedPlan that started it (kept alive while its instrument voices sound)
  // Level: SuperDirt's amp * gain^4 (applied last) and the equal-power pan gains (applied first).
  float level = 0.0f, pan_l = 0.0f, pan_r = 0.0f;
  // The effect chain (runtime/voices/voice_fx.hpp), in SuperDirt's module order. fx_after_pan: some stage does
  // not commute with the pan gains, so the chain runs on the panned stereo signal.
  uint8_t fx_count = 0;
  bool fx_after_pan = false;
  FxStage fx[kMaxFxStages] = {};
  float fx_mem[kFxMemFloats] = {};
  // The state of stages too large for fx_mem (squiz's buffer, the phaser's delay line), per channel, in an
  // FxBufferPool slot the engine gives the voice after the start (null: none free, those stages play without).
  int fx_buf_slot = -1;
  float* fx_buf[2] = {nullptr, nullptr};
  // Sends to the orbit's global reverb and delay (0 = none).
  float send_rev = 0.0f, send_del = 0.0f;
  // Bookkeeping.
  uint32_t stages = 0;  // VoiceStage bits
  uint64_t serial = 0;  // start order (the oldest voice is stolen first)
  int cut = 0;          // cut group (0 = none)
  int orbit = 0;
  bool active = false;
};

// Preallocated states of the large stages (two channels per slot; the layout of a channel is fx_buffer_layout,
// runtime/voices/voice_fx.hpp): a squiz buffer (0.1 s) or a phaser delay line is too large to live in every
// Voice, so a voice with such a stage takes a free slot when it starts (off nothing: allocate() runs at engine
// construction). A slot is free when the voice that took it has ended or its Voice slot was reused.
struct FxBufferPool {
  std::vector<float> mem;
  std::size_t per_channel = 0;   // state floats per channel
  std::vector<int> voice;        // per slot: the voice index that took it (-1 = never)
  std::vector<uint64_t> serial;  // per slot: that voice's serial
  void allocate(int slots, std::size_t floats_per_channel) {
    per_channel = floats_per_channel;
    mem.assign(static_cast<std::size_t>(slots) * 2 * per_channel, 0.0f);
    voice.assign(static_cast<std::size_t>(slots), -1);
    serial.assign(static_cast<std::size_t>(slots), 0);
  }
  int slots() const { return static_cast<int>(voice.size()); }
  float* state(int slot, int ch) { return mem.data() + (static_cast<std::size_t>(slot) * 2 + ch) * per_channel; }
};

// A synth voice's parameters and state (kept beside the pool, one per voice slot).
struct SynthSlot {
  SynthParams params;
  SynthState state;
};

}  // namespace phonon
