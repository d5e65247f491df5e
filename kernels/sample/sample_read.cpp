#include "kernels/sample/sample_read.hpp"

#include <math.h>

#include "kernels/arch/arch_table.hpp"

namespace phonon::kern {

namespace {
float hermite_ref(const float* s, int64_t k, float t) {
  const float xm1 = s[k - 1], x0 = s[k], x1 = s[k + 1], x2 = s[k + 2];
  const float c1 = 0.5f * (x1 - xm1);
  const float c2 = xm1 - 2.5f * x0 + 2.0f * x1 - 0.5f * x2;
  const float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
  if (t == 0.0f) return x0;  // a zero fraction reads the frame itself
  return ((c3 * t + c2) * t + c1) * t + x0;
}

int64_t to_fixed(double x, double limit) {
  if (!(x >= -limit)) x = -limit;  // also catches NaN
  if (x > limit) x = limit;
  // floor(y) without libm (this file is built for the baseline architecture, where floor() is a call): |y| < 2^62.
  const double y = x * kSampleFixedOne + 0.5;
  int64_t i = static_cast<int64_t>(y);  // truncates toward zero
  if (static_cast<double>(i) > y) --i;
  return i;
}

}  // namespace

// The double-position entry points: convert once, then run in chunks of at most 4096 frames (exact: the chunk's
// start position is pos + done * inc in int64).
int sample_read_with(SampleReadFixedFn fn, const float* ch0, const float* ch1, double begin, double end, double pos,
                     double inc, float* out0, float* out1, int frames) {
  const int64_t b = sample_pos_fixed(begin), e = sample_pos_fixed(end), i = sample_inc_fixed(inc);
  int64_t p = sample_pos_fixed(pos);
  int leading = 0;
  bool still = true;
  for (int done = 0; done < frames;) {
    const int n = frames - done < 4096 ? frames - done : 4096;
    const int got = fn(ch0, ch1, b, e, p, i, out0 + done, out1 ? out1 + done : nullptr, n);
    if (still) {
      leading += got;
      still = got == n;
    }
    p += static_cast<int64_t>(n) * i;
    done += n;
  }
  return leading;
}

int64_t sample_pos_fixed(double x) { return to_fixed(x, kSampleMaxPos); }
int64_t sample_inc_fixed(double x) { return to_fixed(x, kSampleMaxInc); }

int sample_read_fixed_reference(const float* ch0, const float* ch1, int64_t begin, int64_t end, int64_t pos,
                                int64_t inc, float* out0, float* out1, int frames) {
  int leading = 0;
  bool still_leading = true;
  for (int i = 0; i < frames; ++i) {
    const int64_t p = pos + static_cast<int64_t>(i) * inc;
    if (p >= begin && p < end) {
      const int64_t k = p >> 32;
      const float t = static_cast<float>(static_cast<int32_t>((p & 0xffffffff) >> 8)) * 0x1p-24f;
      out0[i] = hermite_ref(ch0, k, t);
      if (out1) out1[i] = ch1 ? hermite_ref(ch1, k, t) : out0[i];
      if (still_leading) ++leading;
    } else {
      out0[i] = 0.0f;
      if (out1) out1[i] = 0.0f;
      still_leading = false;
    }
  }
  return leading;
}

int sample_read_fixed(const float* ch0, const float* ch1, int64_t begin, int64_t end, int64_t pos, int64_t inc,
                      float* out0, float* out1, int frames) {
  return selected_voice_fns().sample_read_fixed(ch0, ch1, begin, end, pos, inc, out0, out1, frames);
}

int sample_read_reference(const float* ch0, const float* ch1, double begin, double end, double pos, double inc,
                          float* out0, float* out1, int frames) {
  return sample_read_with(&sample_read_fixed_reference, ch0, ch1, begin, end, pos, inc, out0, out1, frames);
}

int sample_read(const float* ch0, const float* ch1, double begin, double end, double pos, double inc, float* out0,
                float* out1, int frames) {
  return selected_voice_fns().sample_read(ch0, ch1, begin, end, pos, inc, out0, out1, frames);
}

}  // namespace phonon::kern
