// Internal to kernels/: builds the ArchTable of one architecture. Included only by kernels/arch/*.cpp, each
// compiled with its own instruction-set flags.
#pragma once
#include "kernels/all_kernels.hpp"
#include "kernels/arch/arch_table.hpp"
#include "kernels/env/ramp_simd.hpp"
#include "kernels/filter/biquad_voice_simd.hpp"
#include "kernels/mix/pan_mix_simd.hpp"
#include "kernels/sample/sample_read_simd.hpp"

namespace phonon::kern {

template <class K, class Arch>
void process_thunk(const KernelArgs& a) {
  K::process(Arch{}, a);
}

template <class Arch>
struct ArchTableFor {
  static int sample_read(const float* ch0, const float* ch1, double begin, double end, double pos, double inc,
                         float* out0, float* out1, int frames) {
    return sample_read_with(&sample_read_fixed, ch0, ch1, begin, end, pos, inc, out0, out1, frames);
  }
  static int sample_read_fixed(const float* ch0, const float* ch1, int64_t begin, int64_t end, int64_t pos, int64_t inc,
                               float* out0, float* out1, int frames) {
    return sample_read_fixed_simd(Arch{}, ch0, ch1, begin, end, pos, inc, out0, out1, frames);
  }
  static void ramp(float* out, float start, float step, int frames) { ramp_simd(Arch{}, out, start, step, frames); }
  static void pan_mix_add(const float* in0, const float* in1, const float* env, float gl, float gr, float* acc_l,
                          float* acc_r, int frames) {
    pan_mix_add_simd(Arch{}, in0, in1, env, gl, gr, acc_l, acc_r, frames);
  }
  static void pan_mix_add_ramp(const float* in0, const float* in1, float e0, float de, float gl, float gr, float* acc_l,
                               float* acc_r, int frames) {
    pan_mix_add_ramp_simd(Arch{}, in0, in1, e0, de, gl, gr, acc_l, acc_r, frames);
  }
  static void biquad_process(const BiquadCoefs& c, float* z, float* io, int frames) {
    biquad_process_simd(Arch{}, c, z, io, frames);
  }
  static void biquad_process_lanes(const BiquadCoefs* c, float* z, float* const* io, int count, int frames) {
    biquad_process_lanes_simd(Arch{}, c, z, io, count, frames);
  }

  static constexpr KernelFn graph[] = {
#define PHONON_KERNEL(K) &process_thunk<K, Arch>,
#include "kernels/kernel_list.inc"
#undef PHONON_KERNEL
  };

  static constexpr ArchTable make(std::string_view name) {
    return ArchTable{name, graph, sizeof(graph) / sizeof(graph[0]),
                     VoiceFns{&sample_read, &ramp, &pan_mix_add, &biquad_process, &biquad_process_lanes,
                              &pan_mix_add_ramp, &sample_read_fixed}};
  }
};

}  // namespace phonon::kern
