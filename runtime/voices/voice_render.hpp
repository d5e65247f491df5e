// Rendering one voice for one block: read (sample or synth) -> its effect chain (runtime/voices/voice_fx.hpp, with
// the pan gains before or after it) -> envelope and level into its batch's accumulators (dry pair, reverb-send pair,
// delay-send pair). Called from the audio thread (possibly several threads, each with its own VoiceScratch): no
// allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/kernel.hpp"
#include "runtime/voices/voice.hpp"

namespace phonon {

struct VoiceScratch {
  std::vector<float> l, r, env, a, b, c;  // a, b, c: effect parameter / output / formant buffers
  int thread = 0;                         // index of the thread that owns this scratch
  void allocate(size_t stride) {
    for (auto* v : {&l, &r, &env, &a, &b, &c}) v->assign(stride, 0.0f);
  }
};

// One piece of a voice's envelope: frames [off, off + len) of the block have gain start + i * step (i from 0).
struct EnvSegment {
  int off, len;
  float start, step;
};
constexpr int kMaxEnvSegments = 5;

// The envelope of frames [e0, e0 + n) of voice `v` (frames counted from its onset) as at most kMaxEnvSegments
// segments (attack ramp, decay ramp, hold at 1 or at the sustain level, release ramp, 0), covering the n frames
// in order. Returns the count.
int envelope_segments(const Voice& v, int64_t e0, int n, EnvSegment* seg);

class VoiceRenderer {
 public:
  VoiceRenderer(float rate, size_t stride);
  // Renders the block's frames of `v` into the batch accumulator `acc` (dry L at acc, dry R at acc + stride,
  // reverb sends at +2/+3 strides, delay sends at +4/+5 strides). `synth` is the voice's synth slot (synth
  // voices only). Returns false when the voice has finished.
  bool render(Voice& v, SynthSlot* synth, int n, float* acc, VoiceScratch& sc) const;
  // Envelope gain for frames [e0, e0 + n) of a voice.
  static void envelope(const Voice& v, int64_t e0, int n, float* out);

 private:
  float rate_;
  size_t stride_;
  const kern::KernelSpec* const* fx_kernels_;  // by FxKind (runtime/voices/voice_fx.hpp)
};

}  // namespace phonon
