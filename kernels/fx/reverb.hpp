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
    s.doc = "Mono Schroeder/Moorer reverb with Freeverb's structure and tunings (8 parallel low-pass-feedback "
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
    float store[kCombs];
    for (int k = 0; k < kCombs; ++k) ci[k] = static_cast<int>(st[k]) % comb_n[k], store[k] = st[kCombs + k];
    for (int k = 0; k < kAllpasses; ++k) ai[k] = static_cast<int>(st[2 * kCombs + k]) % ap_n[k];
    for (int i = 0; i < a.frames; ++i) {
      const float fb = 0.7f + 0.28f * util::clamp_f(a.in[1][i], 0.0f, 1.0f);
      const float damp = 0.4f * util::clamp_f(a.in[2][i], 0.0f, 1.0f);
      const float x = a.in[0][i] * 0.015f;
      float wet = 0.0f;
      for (int k = 0; k < kCombs; ++k) {
        const float y = comb_buf[k][ci[k]];
        store[k] = y * (1.0f - damp) + store[k] * damp;
        comb_buf[k][ci[k]] = util::flush_f(x + store[k] * fb);
        if (++ci[k] == comb_n[k]) ci[k] = 0;
        wet += y;
      }
      for (int k = 0; k < kAllpasses; ++k) {
        const float b = ap_buf[k][ai[k]];
        ap_buf[k][ai[k]] = util::flush_f(wet + b * 0.5f);
        wet = b - wet;
        if (++ai[k] == ap_n[k]) ai[k] = 0;
      }
      const float mix = a.in[3][i];
      a.out[0][i] = a.in[0][i] * (1.0f - mix) + wet * mix;
    }
    for (int k = 0; k < kCombs; ++k) st[k] = static_cast<float>(ci[k]), st[kCombs + k] = util::flush_f(store[k]);
    for (int k = 0; k < kAllpasses; ++k) st[2 * kCombs + k] = static_cast<float>(ai[k]);
  }
};

}  // namespace phonon::kern
