// Internal to kernels/: the per-architecture tables of function pointers filled by kernels/arch/*.cpp and chosen
// at start-up by kernels/registry.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kernels/filter/biquad_voice.hpp"
#include "kernels/kernel.hpp"
#include "kernels/mix/pan_mix.hpp"
#include "kernels/sample/sample_read.hpp"

namespace phonon::kern {

struct VoiceFns {
  int (*sample_read)(const float*, const float*, double, double, double, double, float*, float*, int);
  void (*ramp)(float*, float, float, int);
  void (*pan_mix_add)(const float*, const float*, const float*, float, float, float*, float*, int);
  void (*biquad_process)(const BiquadCoefs&, float*, float*, int);
  void (*biquad_process_lanes)(const BiquadCoefs*, float*, float* const*, int, int);
  // Tables that do not name it (the scalar tables in kernels/registry.cpp) get the reference.
  void (*pan_mix_add_ramp)(const float*, const float*, float, float, float, float, float*, float*,
                           int) = &pan_mix_add_ramp_reference;
  int (*sample_read_fixed)(const float*, const float*, int64_t, int64_t, int64_t, int64_t, float*, float*,
                           int) = &sample_read_fixed_reference;
};

struct ArchTable {
  std::string_view name;  // "avx512bw", "avx2", "sse4.2"
  const KernelFn* graph;  // one per PHONON_KERNEL line of kernel_list.inc, in that order
  std::size_t graph_count;
  VoiceFns voice;
};

// Tables compiled into this binary; nullptr when the architecture is not compiled in (non-x86 builds).
const ArchTable* arch_table_avx512();
const ArchTable* arch_table_avx2();
const ArchTable* arch_table_sse();

// The voice kernels of the selected architecture (PHONON_ARCH or the best available; scalar references if none).
// Selected once, on first use; the runtime should call active_arch() at load time so that the choice is not made
// on the audio thread.
const VoiceFns& selected_voice_fns();
// The voice kernels of one architecture from available_archs() or "scalar" (tests/benchmarks); nullptr if absent.
const VoiceFns* voice_fns_for_arch(std::string_view arch);

}  // namespace phonon::kern
