// Graph kernel `fx.delay_write`: the write half of a delay inside a feedback loop (scalar in time).
// Shares its state with the `fx.delay_read` step that produced `wet` (see kernels/fx/delay_read.hpp): writes
// in + feedback * wet into the line, as fx.delay does, and advances the write position.
#pragma once
#include "kernels/fx/delay.hpp"
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

struct FxDelayWrite {
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.delay_write";
    s.doc =
        "Write half of a feedback-loop delay (paired with fx.delay_read, whose state it shares): line[w] = "
        "in + feedback * wet (feedback clamped to [-0.995, 0.995], tiny values flushed to 0), w advances one "
        "frame per sample; out = what was written. Param max_seconds sizes the ring as in fx.delay.";
    s.inputs = {"in", "wet", "feedback"};
    s.outputs = {"line"};
    s.feedback_role = FeedbackRole::Write;
    s.params = {"max_seconds"};
    s.param_defaults = {2.0f};
    s.input_defaults = {0.0f, 0.0f, 0.5f};
    return s;
  }
  static std::size_t state_size(const float* params, float rate) { return 1 + delay_detail::line_length(params, rate); }
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
      const float fb = util::clamp_f(a.in[2][i], -0.995f, 0.995f);
      const float x = util::flush_f(a.in[0][i] + fb * a.in[1][i]);
      buf[w] = x;
      a.out[0][i] = x;
      if (++w == len) w = 0;
    }
    util::store_u32(a.state, static_cast<std::uint32_t>(w));
  }
};

}  // namespace phonon::kern
