// Flush denormals to zero (FTZ/DAZ) for the scope: every thread that runs kernels sets this, so a decaying filter
// or reverb tail never falls into the slow denormal path.
#pragma once
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace phonon {

class ScopedDenormalsOff {
 public:
  ScopedDenormalsOff() {
#if defined(__SSE__) || defined(__x86_64__)
    saved_ = _mm_getcsr();
    _mm_setcsr(saved_ | 0x8040);  // FTZ (bit 15) | DAZ (bit 6)
#endif
  }
  ~ScopedDenormalsOff() {
#if defined(__SSE__) || defined(__x86_64__)
    _mm_setcsr(saved_);
#endif
  }
  ScopedDenormalsOff(const ScopedDenormalsOff&) = delete;
  ScopedDenormalsOff& operator=(const ScopedDenormalsOff&) = delete;

 private:
  unsigned saved_ = 0;
};

}  // namespace phonon
