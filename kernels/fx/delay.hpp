// Graph kernel `fx.delay`: feedback delay line (ring buffer in the instance state; scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

namespace delay_detail {
// Frames in a delay line of max_seconds = params[0] (clamped to [0.001, 60] s), plus 2 (the line of fx.delay,
// fx.delay_read and fx.delay_write). Internal linkage: ODR rule in kernel_util.hpp.
static inline std::size_t line_length(const float* params, float rate) {
  const double sec = params[0] < 0.001f ? 0.001 : (params[0] > 60.0f ? 60.0 : params[0]);
  return static_cast<std::size_t>(ceil(sec * rate)) + 2;
}
}  // namespace delay_detail

struct FxDelay {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.delay";
    s.doc =
        "Feedback delay: wet = the delay line read `time` seconds ago (linear interpolation; clamped to "
        "[1 sample, max_seconds]; a delay within 0.001 sample + 2 float ulps of an integer is read "
        "exactly, so integer delays are sample-accurate), line input = in + feedback * wet (feedback clamped to "
        "[-0.995, 0.995]), "
        "out = in * (1 - mix) + wet * mix. Param max_seconds (default 2, clamped to [0.001, 60]) sizes the "
        "ring buffer: state is 1 + ceil(max_seconds * rate) + 2 floats (KernelSpec::state_size).";
    s.inputs = {"in", "time", "feedback", "mix"};
    s.outputs = {"out"};
    s.feedback_role = FeedbackRole::Delay;
    s.params = {"max_seconds"};
    s.param_defaults = {2.0f};
    s.input_defaults = {0.0f, 0.25f, 0.5f, 0.5f};
    return s;
  }
  static std::size_t line_length(const float* params, float rate) { return delay_detail::line_length(params, rate); }
  static std::size_t state_size(const float* params, float rate) { return 1 + line_length(params, rate); }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  template <class Tag>
  static void run(const KernelArgs& a) {
    const long len = static_cast<long>(delay_detail::line_length(a.params, a.rate));
    float* buf = a.state + 1;
    long w = static_cast<long>(util::load_u32(a.state));
    if (w >= len) w = 0;
    for (int i = 0; i < a.frames; ++i) {
      double d = static_cast<double>(a.in[1][i]) * a.rate;
      if (!(d >= 1.0)) d = 1.0;
      if (d > static_cast<double>(len - 1)) d = static_cast<double>(len - 1);
      // `time` is a float: snap to the integer delay it represents (1e-3 sample plus 2 float ulps of d).
      const double rd = floor(d + 0.5);
      if (fabs(d - rd) < 1e-3 + d * 2.4e-7) d = rd;
      const long di = static_cast<long>(floor(d));
      const float fr = static_cast<float>(d - static_cast<double>(di));
      long r0 = w - di;
      if (r0 < 0) r0 += len;
      long r1 = r0 - 1;
      if (r1 < 0) r1 += len;
      const float wet = buf[r0] + fr * (buf[r1] - buf[r0]);
      const float fb = util::clamp_f(a.in[2][i], -0.995f, 0.995f);
      const float mix = a.in[3][i];
      buf[w] = util::flush_f(a.in[0][i] + fb * wet);
      if (++w == len) w = 0;
      a.out[0][i] = a.in[0][i] * (1.0f - mix) + wet * mix;
    }
    util::store_u32(a.state, static_cast<std::uint32_t>(w));
  }
};

}  // namespace phonon::kern
