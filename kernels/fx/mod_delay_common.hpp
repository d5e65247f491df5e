// Shared pieces of the modulated-delay effects (fx.chorus, fx.flanger): a ring buffer with fractional reads.
#pragma once
#include "kernels/kernel_util.hpp"

namespace phonon::kern::mod_delay {

// Ring buffer length for `ms` milliseconds of history at `rate`.
static inline long length(float ms, float rate) { return static_cast<long>(ceil(ms * 0.001 * rate)) + 4; }

// Linear-interpolated read `d` samples (>= 1) behind write index w.
static inline float read(const float* buf, long len, long w, float d) {
  const long di = static_cast<long>(d);
  const float fr = d - static_cast<float>(di);
  long r0 = w - di;
  if (r0 < 0) r0 += len;
  long r1 = r0 - 1;
  if (r1 < 0) r1 += len;
  return buf[r0] + fr * (buf[r1] - buf[r0]);
}

}  // namespace phonon::kern::mod_delay
