// Register transposes of a W x W float tile (W = SIMD width): rows[r] lane c  ->  rows[c] lane r. Used by the
// lanes-across-voices kernels (kernels/filter/biquad_voice_simd.hpp) to turn W voices' time-major rows into one
// vector per frame with voices in lanes, and back. Included by kernels/arch/*.cpp (via the kernels that use it).
// A pure permutation: values are moved, never computed, so it is exact on every architecture.
#pragma once
#include <xsimd/xsimd.hpp>
#if defined(__SSE2__) || defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace phonon::kern {

template <class Arch>
static inline void transpose_tile(Arch, xsimd::batch<float, Arch>* r) {
  using B = xsimd::batch<float, Arch>;
  constexpr int W = static_cast<int>(B::size);
#if defined(__AVX512F__)
  if constexpr (W == 16) {
    // 16 unpacks, 16 in-lane shuffles (4x4 within each 128-bit lane), then a 4x4 transpose of 128-bit lanes.
    __m512 t[16], u[16];
    for (int k = 0; k < 8; ++k) {
      t[2 * k] = _mm512_unpacklo_ps(r[2 * k], r[2 * k + 1]);
      t[2 * k + 1] = _mm512_unpackhi_ps(r[2 * k], r[2 * k + 1]);
    }
    for (int k = 0; k < 4; ++k) {  // u[4k + c], 128-bit lane L: column 4L + c of rows 4k .. 4k+3
      u[4 * k] = _mm512_shuffle_ps(t[4 * k], t[4 * k + 2], 0x44);
      u[4 * k + 1] = _mm512_shuffle_ps(t[4 * k], t[4 * k + 2], 0xEE);
      u[4 * k + 2] = _mm512_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0x44);
      u[4 * k + 3] = _mm512_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0xEE);
    }
    for (int c = 0; c < 4; ++c) {
      const __m512 x0 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x44), x1 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xEE);
      const __m512 x2 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x44),
                   x3 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xEE);
      r[c] = _mm512_shuffle_f32x4(x0, x2, 0x88);
      r[4 + c] = _mm512_shuffle_f32x4(x0, x2, 0xDD);
      r[8 + c] = _mm512_shuffle_f32x4(x1, x3, 0x88);
      r[12 + c] = _mm512_shuffle_f32x4(x1, x3, 0xDD);
    }
    return;
  }
#endif
#if defined(__AVX__)
  if constexpr (W == 8) {
    __m256 t[8], u[8];
    for (int k = 0; k < 4; ++k) {
      t[2 * k] = _mm256_unpacklo_ps(r[2 * k], r[2 * k + 1]);
      t[2 * k + 1] = _mm256_unpackhi_ps(r[2 * k], r[2 * k + 1]);
    }
    for (int k = 0; k < 2; ++k) {
      u[4 * k] = _mm256_shuffle_ps(t[4 * k], t[4 * k + 2], 0x44);
      u[4 * k + 1] = _mm256_shuffle_ps(t[4 * k], t[4 * k + 2], 0xEE);
      u[4 * k + 2] = _mm256_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0x44);
      u[4 * k + 3] = _mm256_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0xEE);
    }
    for (int c = 0; c < 4; ++c) {
      r[c] = _mm256_permute2f128_ps(u[c], u[4 + c], 0x20);
      r[4 + c] = _mm256_permute2f128_ps(u[c], u[4 + c], 0x31);
    }
    return;
  }
#endif
#if defined(__SSE2__)
  if constexpr (W == 4) {
    __m128 a = r[0], b = r[1], c = r[2], d = r[3];
    _MM_TRANSPOSE4_PS(a, b, c, d);
    r[0] = a, r[1] = b, r[2] = c, r[3] = d;
    return;
  }
#endif
  // Any other width: through memory.
  alignas(64) float m[W][W];
  for (int i = 0; i < W; ++i) r[i].store_aligned(m[i]);
  alignas(64) float col[W];
  for (int c = 0; c < W; ++c) {
    for (int i = 0; i < W; ++i) col[i] = m[i][c];
    r[c] = B::load_aligned(col);
  }
}

}  // namespace phonon::kern
