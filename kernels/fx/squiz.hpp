// Graph kernel `fx.squiz`: SuperDirt's `squiz` (dirt_squiz = sc3-plugins' Squiz UGen with its defaults), a
// pitch-raising distortion that replays chunks of the input, cut at positive-going zero crossings, faster.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxSquiz {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.squiz";
    s.doc =
        "SuperDirt's `squiz` (Squiz.ar(in, ratio, zcperchunk, memlen)): the input is written into a buffer of "
        "memlen seconds (param, default 0.1, clamped to [0.001, 1]; state is 4 + floor(memlen * rate) floats, "
        "KernelSpec::state_size) while a read head plays the buffer back `ratio` times faster (ratio clamped to "
        "[1, buffer length]; uninterpolated). Every `zcperchunk` positive-going zero crossings (param, default "
        "1; prev < 0 <= cur) or when the buffer is full, writing and reading restart at the buffer's start, so "
        "each chunk of the input is heard ratio times higher; once the read head has passed the buffer's end it "
        "outputs 0 until the next restart. ratio 1 delays the input by one frame.";
    s.inputs = {"in", "ratio"};
    s.outputs = {"out"};
    s.params = {"zcperchunk", "memlen"};
    s.param_defaults = {1.0f, 0.1f};
    s.input_defaults = {0.0f, 2.0f};
    return s;
  }
  // Buffer length in frames for the params and rate (at least 1).
  static std::size_t buffer_length(const float* params, float rate) {
    const double sec = params[1] < 0.001f ? 0.001 : (params[1] > 1.0f ? 1.0 : params[1]);
    const std::size_t n = static_cast<std::size_t>(sec * rate);
    return n < 1 ? 1 : n;
  }
  // State: write position, read position, previous input, zero crossings so far, then the buffer.
  static std::size_t state_size(const float* params, float rate) { return 4 + buffer_length(params, rate); }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  // Sequential by nature (each frame may restart the chunk): the scalar loop is also the vector path.
  template <class Tag>
  static void run(const KernelArgs& a) {
    const int buflen = static_cast<int>(buffer_length(a.params, a.rate));
    const int zcperchunk = a.params[0] < 1.0f ? 1 : static_cast<int>(a.params[0]);
    float* buf = a.state + 4;
    int writepos = static_cast<int>(a.state[0]);
    float readpos = a.state[1];
    float prev = a.state[2];
    int zc = static_cast<int>(a.state[3]);
    const float* in = a.in[0];
    const float* ratio_in = a.in[1];
    float* out = a.out[0];
    for (int i = 0; i < a.frames; ++i) {
      const float ratio = util::clamp_f(ratio_in[i], 1.0f, static_cast<float>(buflen));
      // Read first (the frame written last time is the oldest one the head can reach)...
      const int r = static_cast<int>(readpos);
      float y = 0.0f;
      if (r < buflen) {
        y = buf[r];
        readpos += ratio;
      }
      // ...then write, restarting the chunk at a full buffer or every zcperchunk-th rising zero crossing.
      const float x = in[i];
      ++writepos;
      if (writepos >= buflen || (prev < 0.0f && x >= 0.0f && ++zc >= zcperchunk)) {
        writepos = 0;
        readpos = 0.0f;
        zc = 0;
      }
      buf[writepos] = x;
      out[i] = y;
      prev = x;
    }
    a.state[0] = static_cast<float>(writepos);
    a.state[1] = readpos;
    a.state[2] = prev;
    a.state[3] = static_cast<float>(zc);
  }
};

}  // namespace phonon::kern
