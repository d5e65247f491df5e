// Graph kernel `fx.delay_read`: the read half of a delay inside a feedback loop (scalar in time).
//
// A `delay` whose input depends on its own output (a bus loop through the delay) is split by the compiler
// (compiler/passes/build_graph.cpp) into this read step and an `fx.delay_write` step that share ONE state:
// the ring buffer of `fx.delay` (state[0] = write position, state[1..] = the line). The read produces the wet
// signal from the line's history only, so it has no input in the same block; the engine runs a stripe holding
// such a loop in sub-blocks of at most whole_frames(time) frames, so every sample read was written by an
// earlier sub-block. The read does not advance the write position; the write step that follows it in the
// sub-block does. Together, read then write compute exactly what `fx.delay` computes sample by sample.
#pragma once
#include "kernels/fx/delay.hpp"
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxDelayRead {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.delay_read";
    s.doc =
        "Read half of a feedback-loop delay (paired with fx.delay_write, sharing its state): wet[i] = the "
        "line `time` seconds before frame i of the block (same interpolation, snapping and clamping as "
        "fx.delay). Params: max_seconds (ring size, as fx.delay), time (constant, seconds), line (which "
        "feedback delay of the program: keeps two identical delays distinct). Frames of the block must not "
        "exceed whole_frames(time, rate), so that no sample of the block itself is read; the engine "
        "sub-blocks loops to guarantee it.";
    s.inputs = {};
    s.outputs = {"wet"};
    s.feedback_role = FeedbackRole::Read;
    s.params = {"max_seconds", "time", "line"};
    s.param_defaults = {2.0f, 0.25f, 0.0f};
    return s;
  }
  static std::size_t line_length(const float* params, float rate) { return delay_detail::line_length(params, rate); }
  static std::size_t state_size(const float* params, float rate) { return 1 + line_length(params, rate); }
  // The delay in frames as fx.delay reads it: time * rate clamped to [1, len - 1], snapped to an integer
  // within 1e-3 sample + 2 float ulps. Its floor is the longest sub-block a loop through this delay may run.
  template <class Tag = void>
  static double delay_frames(float time, float rate, long len) {
    double d = static_cast<double>(time) * rate;
    if (!(d >= 1.0)) d = 1.0;
    if (d > static_cast<double>(len - 1)) d = static_cast<double>(len - 1);
    const double rd = floor(d + 0.5);
    if (fabs(d - rd) < 1e-3 + d * 2.4e-7) d = rd;
    return d;
  }
  template <class Tag = void>
  static long whole_frames(const float* params, float rate) {
    const long len = static_cast<long>(line_length(params, rate));
    return static_cast<long>(floor(delay_frames<Tag>(params[1], rate, len)));
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  template <class Tag>
  static void run(const KernelArgs& a) {
    const long len = static_cast<long>(delay_detail::line_length(a.params, a.rate));
    const float* buf = a.state + 1;
    long w = static_cast<long>(util::load_u32(a.state));
    if (w >= len) w = 0;
    const double d = delay_frames<Tag>(a.params[1], a.rate, len);
    const long di = static_cast<long>(floor(d));
    const float fr = static_cast<float>(d - static_cast<double>(di));
    long r0 = w - di;
    if (r0 < 0) r0 += len;
    for (int i = 0; i < a.frames; ++i) {
      long r1 = r0 - 1;
      if (r1 < 0) r1 += len;
      a.out[0][i] = buf[r0] + fr * (buf[r1] - buf[r0]);
      if (++r0 == len) r0 = 0;
    }
  }
};

}  // namespace phonon::kern
