// Throughput of every kernel on every available architecture, block size 512, in samples (frames) per second
// (items_per_second). Names: kernel/<name>/<arch> and voice/<name>/<arch>. Run a subset with
// --benchmark_filter='kernel/osc' etc.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/arch/arch_table.hpp"
#include "kernels/kernel.hpp"

namespace phonon::kern {
namespace {

constexpr int kBlock = 512;
constexpr float kRate = 48000.0f;

std::vector<float> noise(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

void bench_graph(benchmark::State& st, const KernelSpec* spec, KernelFn fn) {
  std::vector<float> params = spec->param_defaults;
  params.resize(spec->params.size(), 0.0f);
  std::vector<std::vector<float>> inputs;
  for (std::size_t k = 0; k < spec->inputs.size(); ++k) {
    if (spec->inputs[k] == "in" || spec->input_defaults.empty()) {
      inputs.push_back(noise(kBlock, static_cast<unsigned>(k) + 1));
      if (spec->inputs[k] != "in")
        for (float& x : inputs.back()) x = 0.5f + 0.25f * x;
    } else {
      inputs.emplace_back(kBlock, spec->input_defaults[k]);
    }
  }
  std::vector<std::vector<float>> outs(spec->outputs.size(), std::vector<float>(kBlock));
  std::vector<const float*> in;
  for (auto& v : inputs) in.push_back(v.data());
  std::vector<float*> out;
  for (auto& v : outs) out.push_back(v.data());
  std::vector<float> state(state_floats_for(*spec, params.data(), kRate), 0.0f);
  if (spec->init) spec->init(state.data(), params.data(), kRate);
  const KernelArgs args{in.data(), out.data(), state.data(), params.data(), kBlock, kRate};
  for (auto _ : st) {
    fn(args);
    benchmark::DoNotOptimize(outs[0].data());
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(st.iterations() * kBlock);
}

// A filter kernel (inputs in, cutoff, q/res) whose cutoff sweeps every frame (a 200..5200 Hz triangle over 16
// blocks), so every 16th frame recomputes the coefficients: the modulated path (kernel/<name> measures constant
// inputs, the fast path).
void bench_filter_modulated(benchmark::State& st, const KernelSpec* spec, KernelFn fn) {
  constexpr int kBlocks = 16;
  std::vector<float> params = spec->param_defaults;
  params.resize(spec->params.size(), 0.0f);
  const std::vector<float> x = noise(kBlock, 1);
  std::vector<float> cutoff(kBlock * kBlocks);
  for (int i = 0; i < kBlock * kBlocks; ++i) {
    const double ph = static_cast<double>(i) / (kBlock * kBlocks);
    cutoff[static_cast<size_t>(i)] = static_cast<float>(200.0 + 5000.0 * (ph < 0.5 ? 2 * ph : 2 - 2 * ph));
  }
  const std::vector<float> q(kBlock, spec->input_defaults.size() > 2 ? spec->input_defaults[2] : 0.707f);
  const std::vector<float> extra(kBlock, 0.0f);
  std::vector<const float*> in = {x.data(), cutoff.data(), q.data()};
  while (in.size() < spec->inputs.size()) in.push_back(extra.data());
  std::vector<std::vector<float>> outs(spec->outputs.size(), std::vector<float>(kBlock));
  std::vector<float*> outp;
  for (auto& v : outs) outp.push_back(v.data());
  std::vector<float> state(state_floats_for(*spec, params.data(), kRate), 0.0f);
  if (spec->init) spec->init(state.data(), params.data(), kRate);
  const KernelArgs args{in.data(), outp.data(), state.data(), params.data(), kBlock, kRate};
  int block = 0;
  for (auto _ : st) {
    in[1] = cutoff.data() + block * kBlock;
    block = (block + 1) % kBlocks;
    fn(args);
    benchmark::DoNotOptimize(outs[0].data());
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(st.iterations() * kBlock);
}

void bench_voice(benchmark::State& st, const VoiceFns* f, int which) {
  const int len = 48000;
  std::vector<float> src(len + 8, 0.0f), src2(len + 8, 0.0f);
  const auto n = noise(len, 9);
  std::copy(n.begin(), n.end(), src.begin() + 4);
  std::copy(n.begin(), n.end(), src2.begin() + 4);
  std::vector<float> a(kBlock), b(kBlock), env(kBlock, 0.7f), accl(kBlock), accr(kBlock);
  const auto io0 = noise(kBlock, 3);
  std::vector<float> io = io0;
  const BiquadCoefs c = biquad_lowpass(1200.0f, 0.9f, kRate);
  float z[2] = {0, 0};
  double pos = 100.0;
  std::vector<std::vector<float>> lanes(32, std::vector<float>(64));
  std::vector<float*> lane_ptr;
  for (auto& v : lanes) lane_ptr.push_back(v.data());
  std::vector<BiquadCoefs> lane_c;
  for (int v = 0; v < 32; ++v) lane_c.push_back(biquad_lowpass(300.0f + 100.0f * v, 0.8f, kRate));
  std::vector<float> lane_z(64, 0.0f);
  // The standard voice's shapes: 16 voices x 512 frames (one batch, one block).
  std::vector<std::vector<float>> big(16, std::vector<float>(kBlock));
  std::vector<float*> big_ptr;
  for (auto& v : big) big_ptr.push_back(v.data());
  for (auto _ : st) {
    switch (which) {
      case 0:  // sample_read, stereo, speed 1
        f->sample_read(src.data() + 4, src2.data() + 4, 0, len, pos, 1.0, a.data(), b.data(), kBlock);
        pos = pos > 40000 ? 100.25 : pos + kBlock;
        break;
      case 1:  // sample_read, stereo, speed 1.37
        f->sample_read(src.data() + 4, src2.data() + 4, 0, len, pos, 1.37, a.data(), b.data(), kBlock);
        pos = pos > 40000 ? 100.25 : pos + kBlock * 1.37;
        break;
      case 2: f->ramp(a.data(), 0.1f, 1e-4f, kBlock); break;
      case 3: f->pan_mix_add(io0.data(), io0.data(), env.data(), 0.6f, 0.8f, accl.data(), accr.data(), kBlock); break;
      case 4:
        std::copy(io0.begin(), io0.end(), io.begin());
        f->biquad_process(c, z, io.data(), kBlock);
        break;
      case 5:  // 32 voices of 64 frames each through biquad_process (items = 32 * 64 frames, like the others)
      case 6:  // the same through biquad_process_lanes
        for (int v = 0; v < 32; ++v) std::copy(io0.begin(), io0.begin() + 64, lanes[v].begin());
        if (which == 5) {
          for (int v = 0; v < 32; ++v) f->biquad_process(lane_c[v], lane_z.data() + 2 * v, lanes[v].data(), 64);
        } else {
          f->biquad_process_lanes(lane_c.data(), lane_z.data(), lane_ptr.data(), 32, 64);
        }
        break;
      case 7:  // sample_read, mono, speed 0.9 (the standard voice)
        f->sample_read(src.data() + 4, nullptr, 0, len, pos, 0.9, a.data(), nullptr, kBlock);
        pos = pos > 40000 ? 100.25 : pos + kBlock * 0.9;
        break;
      case 8:  // 16 voices x 512 frames through biquad_process (items = 16 * 512 frames)
      case 9:  // the same through biquad_process_lanes
        for (int v = 0; v < 16; ++v) std::copy(io0.begin(), io0.end(), big[v].begin());
        if (which == 8) {
          for (int v = 0; v < 16; ++v) f->biquad_process(lane_c[v], lane_z.data() + 2 * v, big[v].data(), kBlock);
        } else {
          f->biquad_process_lanes(lane_c.data(), lane_z.data(), big_ptr.data(), 16, kBlock);
        }
        break;
    }
    benchmark::DoNotOptimize(a.data());
    benchmark::DoNotOptimize(io.data());
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(st.iterations() * (which >= 8 ? 16 * kBlock : which >= 5 && which <= 6 ? 32 * 64 : kBlock));
}

struct Registrar {
  Registrar() {
    std::vector<std::string> archs;
    for (auto a : available_archs()) archs.emplace_back(a);
    archs.emplace_back("scalar");
    for (const KernelSpec* spec : all_kernels()) {
      for (const std::string& arch : archs) {
        const KernelFn fn = process_for_arch(*spec, arch);
        if (!fn) continue;
        benchmark::RegisterBenchmark(("kernel/" + std::string(spec->name) + "/" + arch).c_str(),
                                     [spec, fn](benchmark::State& st) { bench_graph(st, spec, fn); });
        if (std::string(spec->name).rfind("filter.", 0) == 0 && spec->inputs.size() >= 3) {
          benchmark::RegisterBenchmark(("kernel_mod/" + std::string(spec->name) + "/" + arch).c_str(),
                                       [spec, fn](benchmark::State& st) { bench_filter_modulated(st, spec, fn); });
        }
      }
    }
    const char* voice_names[] = {"sample_read_speed1",
                                 "sample_read_speed1.37",
                                 "ramp",
                                 "pan_mix_add",
                                 "biquad",
                                 "biquad_32voices_x64frames",
                                 "biquad_lanes_32voices_x64frames",
                                 "sample_read_mono_speed0.9",
                                 "biquad_16voices_x512frames",
                                 "biquad_lanes_16voices_x512frames"};
    for (int w = 0; w < 10; ++w) {
      for (const std::string& arch : archs) {
        const VoiceFns* f = voice_fns_for_arch(arch);
        if (!f) continue;
        benchmark::RegisterBenchmark(("voice/" + std::string(voice_names[w]) + "/" + arch).c_str(),
                                     [f, w](benchmark::State& st) { bench_voice(st, f, w); });
      }
    }
  }
};
const Registrar registrar;

}  // namespace
}  // namespace phonon::kern
