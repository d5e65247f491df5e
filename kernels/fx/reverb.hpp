// Graph kernel `fx.reverb`: Freeverb-style mono reverb (8 damped combs + 4 allpasses; scalar in time).
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

namespace reverb_detail {
// Free functions with internal linkage (ODR rule in kernel_util.hpp): buffer lengths scaled to the rate.
static inline int comb_len(int k, float rate) {
  static constexpr int kTune[8] = {1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617};
  return static_cast<int>(kTune[k] * (rate / 44100.0f)) + 1;
}
static inline int allpass_len(int k, float rate) {
  static constexpr int kTune[4] = {556, 441, 341, 225};
  return static_cast<int>(kTune[k] * (rate / 44100.0f)) + 1;
}
}  // namespace reverb_detail

struct FxReverb {
  static constexpr int kCombs = 8, kAllpasses = 4;
  static constexpr int kHeader = 2 * kCombs + kAllpasses;  // comb indices, comb filter stores, allpass indices
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.reverb";
    s.doc =
        "Mono Schroeder/Moorer reverb with Freeverb's structure and tunings (8 parallel low-pass-feedback "
        "combs of 1116..1617 samples and 4 series allpasses of 556..225 samples at 44.1 kHz, scaled to the "
        "rate). room (0..1) sets the comb feedback 0.7 + 0.28 room (RT60 ~ 0.6 s at 0, ~8 s at 1), damping "
        "(0..1) the in-loop low-pass 0.4 damping; out = in * (1 - mix) + wet * mix. Buffers live in the "
        "instance state (KernelSpec::state_size depends on the rate).";
    s.inputs = {"in", "room", "damping", "mix"};
    s.outputs = {"out"};
    s.input_defaults = {0.0f, 0.5f, 0.5f, 0.3f};
    return s;
  }
  static std::size_t state_size(const float*, float rate) {
    std::size_t n = kHeader;
    for (int k = 0; k < kCombs; ++k) n += static_cast<std::size_t>(reverb_detail::comb_len(k, rate));
    for (int k = 0; k < kAllpasses; ++k) n += static_cast<std::size_t>(reverb_detail::allpass_len(k, rate));
    return n;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  static constexpr int kMaxSub = 128;  // frames per sub-block (stack tiles)

  // Frame by frame this is Freeverb's loop: 8 damped combs summed, then 4 allpasses in series. It runs in
  // sub-blocks no longer than the shortest delay line (and kMaxSub), so within a sub-block every line is read only
  // where it was written before the sub-block: the combs' reads are gathered into a frame-major tile, their 8
  // recursions (independent) advance together frame by frame (the inner loop over 8 combs vectorises), and the
  // allpasses and the mix run along time. Each value is computed with the same operations in the same order as
  // the one-frame-at-a-time loop, so the result does not depend on the sub-block or block size.
  // Calls f(line index, first frame, count) for the contiguous pieces of n frames of a circular line of length len
  // starting at idx (at most two pieces, as n <= len); returns the index after them.
  template <class F>
  static int segments(int idx, int len, int n, F&& f) {
    int t = 0;
    while (t < n) {
      const int m = (n - t) < (len - idx) ? (n - t) : (len - idx);
      f(idx, t, m);
      t += m;
      idx += m;
      if (idx == len) idx = 0;
    }
    return idx;
  }

  template <class Tag>
  static void run(const KernelArgs& a) {
    float* st = a.state;
    float* comb_buf[kCombs];
    int comb_n[kCombs];
    float* ap_buf[kAllpasses];
    int ap_n[kAllpasses];
    float* p = st + kHeader;
    for (int k = 0; k < kCombs; ++k) comb_n[k] = reverb_detail::comb_len(k, a.rate), comb_buf[k] = p, p += comb_n[k];
    for (int k = 0; k < kAllpasses; ++k) ap_n[k] = reverb_detail::allpass_len(k, a.rate), ap_buf[k] = p, p += ap_n[k];
    int ci[kCombs], ai[kAllpasses];
    alignas(32) float store[kCombs];
    for (int k = 0; k < kCombs; ++k) ci[k] = static_cast<int>(st[k]) % comb_n[k], store[k] = st[kCombs + k];
    for (int k = 0; k < kAllpasses; ++k) ai[k] = static_cast<int>(st[2 * kCombs + k]) % ap_n[k];
    int sub = kMaxSub;
    for (int k = 0; k < kCombs; ++k) sub = comb_n[k] < sub ? comb_n[k] : sub;
    for (int k = 0; k < kAllpasses; ++k) sub = ap_n[k] < sub ? ap_n[k] : sub;
    alignas(32) float y[kMaxSub][kCombs], w[kMaxSub][kCombs];
    alignas(32) float x[kMaxSub], fb[kMaxSub], damp[kMaxSub], keep[kMaxSub], wet[kMaxSub];
    for (int off = 0; off < a.frames; off += sub) {
      const int n = a.frames - off < sub ? a.frames - off : sub;
      for (int t = 0; t < n; ++t) {
        fb[t] = 0.7f + 0.28f * util::clamp_f(a.in[1][off + t], 0.0f, 1.0f);
        damp[t] = 0.4f * util::clamp_f(a.in[2][off + t], 0.0f, 1.0f);
        keep[t] = 1.0f - damp[t];
        x[t] = a.in[0][off + t] * 0.015f;
      }
      // Comb reads (the past only: n <= every comb's length), frame-major.
      for (int k = 0; k < kCombs; ++k)
        segments(ci[k], comb_n[k], n, [&](int idx, int t0, int m) {
          const float* src = comb_buf[k] + idx;
          for (int t = 0; t < m; ++t) y[t0 + t][k] = src[t];
        });
      // The 8 comb recursions, side by side.
      {
        alignas(32) float s[kCombs];
        for (int k = 0; k < kCombs; ++k) s[k] = store[k];
        for (int t = 0; t < n; ++t) {
          const float kp = keep[t], dp = damp[t], xt = x[t], f = fb[t];
          const float* yt = y[t];
          float* wt = w[t];
          for (int k = 0; k < kCombs; ++k) {
            const float v = yt[k] * kp + s[k] * dp;
            s[k] = v;
            const float u = xt + v * f;
            wt[k] = (u > -1e-15f && u < 1e-15f) ? 0.0f : u;  // util::flush_f
          }
        }
        for (int k = 0; k < kCombs; ++k) store[k] = s[k];
      }
      for (int k = 0; k < kCombs; ++k)
        ci[k] = segments(ci[k], comb_n[k], n, [&](int idx, int t0, int m) {
          float* dst = comb_buf[k] + idx;
          for (int t = 0; t < m; ++t) dst[t] = w[t0 + t][k];
        });
      for (int t = 0; t < n; ++t) {
        float sum = 0.0f;
        for (int k = 0; k < kCombs; ++k) sum += y[t][k];
        wet[t] = sum;
      }
      // Allpasses in series, each along time (n <= its length: it reads what was written before the sub-block).
      for (int k = 0; k < kAllpasses; ++k)
        ai[k] = segments(ai[k], ap_n[k], n, [&](int idx, int t0, int m) {
          float* __restrict buf = ap_buf[k] + idx;
          float* __restrict wt = wet + t0;
          for (int t = 0; t < m; ++t) {
            const float b = buf[t];
            const float u = wt[t] + b * 0.5f;
            buf[t] = (u > -1e-15f && u < 1e-15f) ? 0.0f : u;  // util::flush_f
            wt[t] = b - wt[t];
          }
        });
      for (int t = 0; t < n; ++t) {
        const float mix = a.in[3][off + t];
        a.out[0][off + t] = a.in[0][off + t] * (1.0f - mix) + wet[t] * mix;
      }
    }
    for (int k = 0; k < kCombs; ++k) st[k] = static_cast<float>(ci[k]), st[kCombs + k] = util::flush_f(store[k]);
    for (int k = 0; k < kAllpasses; ++k) st[2 * kCombs + k] = static_cast<float>(ai[k]);
  }
};

}  // namespace phonon::kern
