// AVX-512 (BW/DQ/VL) instantiations of every kernel. Compiled with -mavx512f -mavx512bw ... (kernels/CMakeLists.txt).
// GCC 12 reports false positives inside its own intrinsics headers for xsimd code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// xsimd defines a few non-template inline functions (trigonometric range reduction); renaming them per arch file
// keeps each architecture's copy separate (see the ODR rule in kernels/kernel_util.hpp and
// kernels/tools/check_arch_odr.sh).
#define __kernel_rem_pio2 phonon_avx512_kernel_rem_pio2
#define __ieee754_rem_pio2 phonon_avx512_ieee754_rem_pio2
#include "kernels/arch/arch_table_impl.hpp"

namespace phonon::kern {

const ArchTable* arch_table_avx512() {
#if XSIMD_WITH_AVX512BW
  static constexpr ArchTable table = ArchTableFor<xsimd::avx512bw>::make("avx512bw");
  return &table;
#else
  return nullptr;
#endif
}

}  // namespace phonon::kern
