// Graph kernel `fx.lookahead_limiter`: SuperCollider's `Limiter` (SuperDirt's output stage), scalar in time.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

namespace lookahead_limiter_detail {
// Frames per analysis window: ceil(dur * rate), at least 1 (dur = params[1], clamped to [0.0001, 0.1] s).
// Internal linkage: ODR rule in kernel_util.hpp.
static inline int window(const float* params, float rate) {
  const float d = params ? params[1] : 0.01f;
  const double dur = d < 0.0001f ? 0.0001 : (d > 0.1f ? 0.1 : d);
  const int w = static_cast<int>(ceil(dur * rate));
  return w < 1 ? 1 : w;
}
}  // namespace lookahead_limiter_detail

struct FxLookaheadLimiter {
  // State: header (write position, frames into the window, the gain at the window's start, its target at the
  // window's end, this window's peak, the previous window's peak), then the delay line of 2 windows.
  static constexpr int kHeader = 6;
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.lookahead_limiter";
    s.doc =
        "Look-ahead peak limiter with SuperCollider's Limiter behaviour (SuperDirt's output stage): the "
        "output is the input delayed by two windows of `dur` seconds (default 0.01; window = ceil(dur * rate) "
        "frames) times a gain. At the end of every window the gain gets a new target, min(1, level / the "
        "peak of the last two windows), and moves to it in a straight line over the next window "
        "(start + (target - start) * k / window at frame k), so |out| <= level (default 1) and the gain never "
        "jumps. The first two windows output silence.";
    s.inputs = {"in"};
    s.outputs = {"out"};
    s.params = {"level", "dur"};
    s.param_defaults = {1.0f, 0.01f};
    s.init = init;
    s.state_size = state_size;
    return s;
  }
  static std::size_t state_size(const float* params, float rate) {
    return kHeader + 2 * static_cast<std::size_t>(lookahead_limiter_detail::window(params, rate));
  }
  static void init(float* state, const float*, float) { state[2] = state[3] = 1.0f; }  // gain 1
  // Frames by which the output lags the input.
  static int latency(const float* params, float rate) { return 2 * lookahead_limiter_detail::window(params, rate); }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  template <class Tag>
  static void run(const KernelArgs& a) {
    const int w = lookahead_limiter_detail::window(a.params, a.rate);
    const float level = util::fmax_f(a.params ? a.params[0] : 1.0f, 1e-6f);
    float* st = a.state;
    float* line = st + kHeader;
    const int len = 2 * w;
    int pos = static_cast<int>(util::load_u32(st));
    int fill = static_cast<int>(util::load_u32(st + 1));
    if (pos >= len) pos = 0;
    if (fill >= w) fill = 0;
    float start = st[2], target = st[3], peak = st[4], prev = st[5];
    const float inv_w = 1.0f / static_cast<float>(w);
    // Pieces that neither cross a window's end nor the line's end: branch-free loops that vectorise.
    for (int i = 0; i < a.frames;) {
      int m = a.frames - i;
      if (m > w - fill) m = w - fill;
      if (m > len - pos) m = len - pos;
      const float* __restrict x = a.in[0] + i;
      float* __restrict y = a.out[0] + i;
      float* __restrict l = line + pos;
      const float slope = (target - start) * inv_w;
      for (int t = 0; t < m; ++t) y[t] = (start + slope * static_cast<float>(fill + t)) * l[t];  // 2 windows ago
      // The peak as the largest |x| bit pattern (non-negative floats order as their bits; an integer maximum
      // vectorises where a float one would not, for NaN's sake).
      std::uint32_t pk = 0;
      for (int t = 0; t < m; ++t) {
        std::uint32_t b;
        __builtin_memcpy(&b, x + t, sizeof b);
        b &= 0x7fffffffu;
        pk = b > pk ? b : pk;
        l[t] = x[t];
      }
      float pkf;
      __builtin_memcpy(&pkf, &pk, sizeof pkf);
      if (!(pkf <= 3.4e38f)) pkf = 0.0f;  // NaN or Inf input: ignored by the gain (the caller silences it)
      peak = pkf > peak ? pkf : peak;
      i += m;
      pos += m;
      if (pos == len) pos = 0;
      fill += m;
      if (fill == w) {
        // The window just read and the one before it are the next two to be output: aim the gain at them.
        fill = 0;
        start = target;
        const float p = peak > prev ? peak : prev;
        target = p > level ? level / p : 1.0f;
        prev = peak;
        peak = 0.0f;
      }
    }
    util::store_u32(st, static_cast<std::uint32_t>(pos));
    util::store_u32(st + 1, static_cast<std::uint32_t>(fill));
    st[2] = start, st[3] = target, st[4] = peak, st[5] = prev;
  }
};

}  // namespace phonon::kern
