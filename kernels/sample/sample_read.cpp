#include "kernels/sample/sample_read.hpp"

#include <math.h>

#include "kernels/arch/arch_table.hpp"

namespace phonon::kern {

namespace {
float hermite_ref(const float* s, long k, float t) {
  const float xm1 = s[k - 1], x0 = s[k], x1 = s[k + 1], x2 = s[k + 2];
  const float c1 = 0.5f * (x1 - xm1);
  const float c2 = xm1 - 2.5f * x0 + 2.0f * x1 - 0.5f * x2;
  const float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
  return ((c3 * t + c2) * t + c1) * t + x0;
}
}  // namespace

int sample_read_reference(const float* ch0, const float* ch1, double begin, double end, double pos, double inc,
                          float* out0, float* out1, int frames) {
  int leading = 0;
  bool still_leading = true;
  for (int i = 0; i < frames; ++i) {
    const double p = pos + static_cast<double>(i) * inc;
    if (p >= begin && p < end) {
      const double fl = floor(p);
      const long k = static_cast<long>(fl);
      const float t = static_cast<float>(p - fl);
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

int sample_read(const float* ch0, const float* ch1, double begin, double end, double pos, double inc, float* out0,
                float* out1, int frames) {
  return selected_voice_fns().sample_read(ch0, ch1, begin, end, pos, inc, out0, out1, frames);
}

}  // namespace phonon::kern
