// Graph kernel `fx.dirt_reverb`: SuperDirt's orbit reverb (its `dirt_reverb` synth), mono in, stereo out; scalar
// in time.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern {

namespace dirt_reverb_detail {
// SuperDirt draws these lengths at random (uniformly in the ranges noted) each time its reverb synth starts;
// Phonon uses fixed values spread over the same ranges, different per channel, so that a render is repeatable.
// Seconds, [channel][stage].
static constexpr float kInputAllpass[2][4] = {{0.0063f, 0.0091f, 0.0137f, 0.0179f},  // 5..20 ms, decay 1 s
                                              {0.0071f, 0.0109f, 0.0153f, 0.0191f}};
static constexpr float kLoopAllpass1[2] = {0.0230f, 0.0370f};  // 10..50 ms, decay 2 s
static constexpr float kLoopDelay[2] = {0.1900f, 0.2600f};     // 0.19 and 0.26 s, +-3 ms
// 30..150 ms, decay 2 s; but SuperDirt gives this allpass a buffer for 0.05 s, which SuperCollider rounds up to
// 4096 frames: a longer delay is cut to the buffer (92.9 ms at 44.1 kHz) while its feedback gain is still computed
// from the time asked for. Left: 62 ms; right: 120 ms asked, cut to the buffer.
static constexpr float kLoopAllpass2[2] = {0.0620f, 0.1200f};
static constexpr float kDepthExtra = 0.025f;  // the feedback gain's random extra, 0..0.05
static constexpr int kLocalBlock = 64;  // SuperCollider's LocalIn reads what LocalOut wrote one 64-frame block ago
static constexpr int kLines = 8;        // per channel: 4 input allpasses, loop allpass, loop delay, allpass, block

// Frames of line k of a channel (at least 1). Internal linkage: ODR rule in kernel_util.hpp.
static inline int line_frames(int c, int k, float rate) {
  float sec = 0.0f;
  if (k < 4) sec = kInputAllpass[c][k];
  else if (k == 4) sec = kLoopAllpass1[c];
  else if (k == 5) sec = kLoopDelay[c];
  else if (k == 6) sec = kLoopAllpass2[c];
  else return kLocalBlock;
  int n = static_cast<int>(sec * rate);  // SuperCollider's non-interpolating delays truncate
  if (k == 6) {
    int buf = 1;  // the buffer SuperCollider allocates for 0.05 s
    while (buf < static_cast<int>(ceilf(0.05f * rate + 1.0f)) + 64) buf *= 2;
    if (n > buf) n = buf;
  }
  return n < 1 ? 1 : n;
}
// An allpass's feedback coefficient for a delay and a -60 dB decay time (SuperCollider's AllpassN).
static inline float allpass_gain(float delay_s, float decay_s) { return expf(-6.907755f * delay_s / decay_s); }
}  // namespace dirt_reverb_detail

struct FxDirtReverb {
  // State: per channel, kLines write positions, then 3 filter memories (one-pole, DC blocker in and out); then the
  // lines, channel by channel.
  static constexpr int kPerChannel = dirt_reverb_detail::kLines + 3;
  static constexpr int kHeader = 2 * kPerChannel;
  static KernelSpec spec() {
    KernelSpec s;
    s.name = "fx.dirt_reverb";
    s.doc =
        "SuperDirt's orbit reverb (`room`/`size`): `in` (mono) goes through 4 series allpasses per channel "
        "(6.3..19.1 ms, decay 1 s) into a feedback loop per channel: gain depth = 0.01 * 98^size + 0.025 "
        "(size clamped to [0, 1]), one-pole low-pass (coefficient 0.5), allpass (23/37 ms, decay 2 s), delay "
        "(0.19/0.26 s), allpass (62 ms / 120 ms cut to 4096 frames at 44.1 kHz, decay 2 s), plus the diffused input, "
        "DC blocker (0.995), fed back "
        "after one 64-frame block. The outputs are the loop signals (wet only). SuperDirt draws the delay "
        "lengths at random in ranges around these values; here they are fixed.";
    s.inputs = {"in", "size"};
    s.outputs = {"left", "right"};
    s.input_defaults = {0.0f, 0.1f};
    s.state_size = state_size;
    return s;
  }
  static std::size_t state_size(const float*, float rate) {
    std::size_t n = kHeader;
    for (int c = 0; c < 2; ++c)
      for (int k = 0; k < dirt_reverb_detail::kLines; ++k)
        n += static_cast<std::size_t>(dirt_reverb_detail::line_frames(c, k, rate));
    return n;
  }
  template <class Arch>
  static void process(Arch, const KernelArgs& a) {
    run<Arch>(a);
  }
  static void reference(const KernelArgs& a) { run<void>(a); }

 private:
  struct Line {
    float* buf;
    int len;
    int pos;
    float read() const { return buf[pos]; }  // the value written len frames ago
    void write(float v) {
      buf[pos] = v;
      if (++pos == len) pos = 0;
    }
  };
  // SuperCollider's allpass: w = x + g * w[n - D]; y = w[n - D] - g * w.
  static float allpass(Line& l, float g, float x) {
    const float d = l.read();
    const float w = util::flush_f(x + g * d);
    l.write(w);
    return d - g * w;
  }

  template <class Tag>
  static void run(const KernelArgs& a) {
    namespace d = dirt_reverb_detail;
    float* st = a.state;
    float* p = st + kHeader;
    Line lines[2][d::kLines];
    float g[2][7];
    for (int c = 0; c < 2; ++c) {
      for (int k = 0; k < d::kLines; ++k) {
        const int len = d::line_frames(c, k, a.rate);
        int pos = static_cast<int>(util::load_u32(st + c * kPerChannel + k));
        lines[c][k] = Line{p, len, pos < len ? pos : 0};
        p += len;
      }
      for (int k = 0; k < 4; ++k) g[c][k] = d::allpass_gain(d::kInputAllpass[c][k], 1.0f);
      g[c][4] = d::allpass_gain(d::kLoopAllpass1[c], 2.0f);
      g[c][6] = d::allpass_gain(d::kLoopAllpass2[c], 2.0f);
    }
    for (int c = 0; c < 2; ++c) {
      float* m = st + c * kPerChannel + d::kLines;
      float lp = m[0], dc_x = m[1], dc_y = m[2];
      Line* l = lines[c];
      const float* gc = g[c];
      float* out = a.out[c];
      float size = -1.0f, depth = 0.0f;
      for (int i = 0; i < a.frames; ++i) {
        float x = a.in[0][i];
        for (int k = 0; k < 4; ++k) x = allpass(l[k], gc[k], x);
        if (a.in[1][i] != size) {
          size = a.in[1][i];
          depth = 0.01f * exp2f(6.6147098f * util::clamp_f(size, 0.0f, 1.0f)) + d::kDepthExtra;  // 0.01 * 98^size
        }
        lp = util::flush_f(0.5f * (l[7].read() * depth) + 0.5f * lp);
        float v = allpass(l[4], gc[4], lp);
        const float dl = l[5].read();
        l[5].write(v);
        v = allpass(l[6], gc[6], dl) + x;
        const float y = util::flush_f(v - dc_x + 0.995f * dc_y);
        dc_x = v;
        dc_y = y;
        l[7].write(y);
        out[i] = y;
      }
      m[0] = lp, m[1] = util::flush_f(dc_x), m[2] = dc_y;
      for (int k = 0; k < d::kLines; ++k)
        util::store_u32(st + c * kPerChannel + k, static_cast<std::uint32_t>(l[k].pos));
    }
  }
};

}  // namespace phonon::kern
