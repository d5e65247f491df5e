// The STANDARD VOICE through the real Engine, and whole programs, against the realtime budget.
//
// Standard voice: interpolated read of a 2 s mono sample at speed 0.9, attack-release envelope, resonant 2-pole
// low-pass with a per-voice cutoff, equal-power pan into stereo. A Plan whose voice source emits N onsets per cycle
// (cps 1, each voice lasts one cycle) keeps ~N voices sounding. The sample is synthesised into a temporary
// Dirt-style folder. One benchmark iteration = one 512-frame Engine::process block after one cycle of warm-up.
// Counters:
//   voice_samples/s  sounding voices x frames per second of wall time (the throughput figure of perf/RESULTS.md)
//   budget%          mean block time as a percentage of the realtime budget (512 / 44100 s)
//   voices           mean voices sounding
// Names: std_voice/<N>/threads:<T>. Whole programs: program/<name>/threads:<T>/block:<B>.
// std_voice_render/<N>: the same voices through VoiceRenderer::render alone (no pattern query, no batching, one
// thread): the per-core voice throughput without the per-cycle event query of the engine benchmark.
// std_voice_render_lanes/<N>: the same voices through the lane path (LaneRenderer, groups of 16), as the engine
// renders them now.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/audio_file.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/voice_fx.hpp"
#include "runtime/voices/voice_params.hpp"
#include "runtime/voices/voice_render.hpp"
#include "runtime/voices/voice_render_lanes.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;
constexpr double kRate = 44100.0;

const std::string& std_sample_root() {
  static const std::string root = [] {
    fs::path dir = fs::temp_directory_path() / ("phonon_stdvoice_" + std::to_string(::getpid()));
    fs::create_directories(dir / "stdvoice");
    const int n = 2 * 44100;
    std::vector<float> data(n);
    uint32_t seed = 1;
    for (int i = 0; i < n; ++i) {
      seed = seed * 1664525u + 1013904223u;
      const float noise = static_cast<float>(seed >> 8) / 16777216.0f * 2.0f - 1.0f;
      data[i] = (0.6f * std::sin(6.2831853f * 220.0f * i / 44100.0f) + 0.3f * noise) * (1.0f - float(i) / n) * 0.4f;
    }
    AudioFileWriter w((dir / "stdvoice" / "0.wav").string(), 44100, 1, SampleFormat::Float32);
    w.write_interleaved(data.data(), n);
    w.commit();
    return dir.string();
  }();
  return root;
}

std::string std_voice_program(int voices) {
  return "cps: 1\nout: s \"stdvoice*" + std::to_string(voices) +
         "\" # speed 0.9 # cutoff (range 300 4000 rand) # resonance 0.3 # pan rand # attack 0.01 # release 0.99\n";
}

std::string read_text(const std::string& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Runs `text` block by block; one iteration = one block.
void run_program(benchmark::State& st, const std::string& text, const std::vector<std::string>& roots, int threads,
                 int block, int max_voices, double warmup_seconds) {
  CompileResult r = compile_source(std::make_shared<const SourceFile>("bench.ph", text));
  if (!r.ok()) {
    st.SkipWithError(r.diagnostics.render_all().c_str());
    return;
  }
  SampleBank bank(default_sample_roots(roots), false);
  EngineOptions eo;
  eo.rate = kRate;
  eo.max_block = block;
  eo.threads = threads;
  eo.max_voices = max_voices;
  Engine engine(eo);
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  std::vector<float> buf(static_cast<size_t>(block) * 2);
  // As in `phonon live`, the next cycles' pattern queries run off the audio thread (Engine::prefetch): between
  // blocks, outside the timed region, so a block costs what the audio callback costs.
  for (int64_t f = 0; f < static_cast<int64_t>(warmup_seconds * kRate); f += block) {
    engine.process(buf.data(), block);
    engine.prefetch();
  }
  double voice_frames = 0;
  int64_t blocks = 0;
  for (auto _ : st) {
    engine.process(buf.data(), block);
    st.PauseTiming();
    engine.prefetch();
    st.ResumeTiming();
    voice_frames += static_cast<double>(engine.stats().voices) * block;
    ++blocks;
  }
  st.counters["voice_samples/s"] = benchmark::Counter(voice_frames, benchmark::Counter::kIsRate);
  st.counters["voices"] = blocks ? voice_frames / block / blocks : 0.0;
  // Realtime budget ratio: (seconds per block) / (block / rate), from the rate counter machinery.
  st.counters["budget%"] = benchmark::Counter(
      block / (100.0 * kRate), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  st.SetItemsProcessed(blocks * block);
}

void BM_StdVoice(benchmark::State& st) {
  const int voices = static_cast<int>(st.range(0));
  const int threads = static_cast<int>(st.range(1));
  run_program(st, std_voice_program(voices), {std_sample_root()}, threads, 512, voices + voices / 4 + 64, 1.0);
}
BENCHMARK(BM_StdVoice)
    ->Name("std_voice")
    ->ArgNames({"voices", "threads"})
    ->ArgsProduct({{64, 256, 512, 1024, 4096, 16384}, {1, 2}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

void BM_StdVoiceRender(benchmark::State& st, bool lanes) {
  const int voices = static_cast<int>(st.range(0));
  constexpr int kBlock = 512;
  const int len = 2 * 44100;
  SampleData sd;
  sd.allocate(1, len);
  uint32_t seed = 1;
  for (int i = 0; i < len; ++i) {
    seed = seed * 1664525u + 1013904223u;
    const float noise = static_cast<float>(seed >> 8) / 16777216.0f * 2.0f - 1.0f;
    sd.mutable_channel(0)[i] =
        (0.6f * std::sin(6.2831853f * 220.0f * i / 44100.0f) + 0.3f * noise) * (1.0f - float(i) / len) * 0.4f;
  }
  // Voices as Engine::start_sample makes them for the std_voice program, spread over one cycle (44100 frames).
  std::vector<Voice> vs(static_cast<size_t>(voices));
  for (int k = 0; k < voices; ++k) {
    Voice& v = vs[static_cast<size_t>(k)];
    v.sample = &sd;
    v.inc = 0.9;
    v.lo = 0.0;
    v.hi = len;
    v.attack = 441;
    v.release = static_cast<int64_t>(0.99 * kRate);
    v.length = 441;
    const double pan = (k * 0.618034) - std::floor(k * 0.618034);
    v.gain_l = static_cast<float>(std::cos(pan * M_PI / 2) * M_SQRT2);
    v.gain_r = static_cast<float>(std::sin(pan * M_PI / 2) * M_SQRT2);
    v.level = 1.0f;
    v.pan_l = static_cast<float>(std::cos(pan * M_PI / 2) * M_SQRT2);
    v.pan_r = static_cast<float>(std::sin(pan * M_PI / 2) * M_SQRT2);
    // The low-pass stage as voice_start builds it (resonance 0.3: q ~ 7.9).
    VoiceParams vp;
    vp.cutoff = 300.0 + 3700.0 * pan;
    vp.resonance = 0.3;
    v.stages = kStageSample;
    build_fx_chain(vp, static_cast<float>(kRate), v);
    v.elapsed = static_cast<int64_t>(k) * 44100 / voices;
    v.active = true;
  }
  // A finished voice starts again from its beginning, its filter state cleared (the engine would start a new one).
  auto restart = [](Voice& v) {
    v.elapsed = 0;
    float* mem = fx_lpf_mem(v);
    std::fill(mem + kBiquadStateOffset, mem + kBiquadStateOffset + 4, 0.0f);
  };
  VoiceRenderer renderer(static_cast<float>(kRate), kBlock);
  VoiceScratch sc;
  sc.allocate(kBlock);
  std::vector<float> acc(static_cast<size_t>(kBlock) * 6);
  const LaneRenderer lane_renderer(kBlock);
  double voice_frames = 0;
  for (auto _ : st) {
    std::fill(acc.begin(), acc.begin() + 2 * kBlock, 0.0f);
    if (lanes) {
      // Groups of kLaneRows mono voices, as render_all_voices forms them.
      for (size_t g = 0; g < vs.size(); g += kLaneRows) {
        Voice* group[kLaneRows];
        bool alive[kLaneRows];
        const int count = static_cast<int>(std::min<size_t>(kLaneRows, vs.size() - g));
        for (int j = 0; j < count; ++j) group[j] = &vs[g + static_cast<size_t>(j)];
        lane_renderer.render(group, count, kBlock, acc.data(), alive);
        for (int j = 0; j < count; ++j)
          if (!alive[j]) restart(*group[j]);
      }
    } else {
      for (Voice& v : vs) {
        if (!renderer.render(v, nullptr, kBlock, acc.data(), sc)) restart(v);
      }
    }
    benchmark::DoNotOptimize(acc.data());
    voice_frames += static_cast<double>(voices) * kBlock;
  }
  st.counters["voice_samples/s"] = benchmark::Counter(voice_frames, benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_StdVoiceRender, vr, false)
    ->Name("std_voice_render")
    ->ArgNames({"voices"})
    ->Arg(64)
    ->Arg(1024)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_StdVoiceRender, lanes, true)
    ->Name("std_voice_render_lanes")
    ->ArgNames({"voices"})
    ->Arg(64)
    ->Arg(1024)
    ->Unit(benchmark::kMicrosecond);

void BM_Program(benchmark::State& st, const std::string& path, int threads, int block) {
  run_program(st, read_text(path), {std::string(PHONON_SHARED_DIR) + "/samples"}, threads, block, 4096, 0.0);
}

void register_programs() {
  const std::vector<std::pair<std::string, std::string>> progs = {
      {"m.ph", PHONON_SHARED_DIR "/programs/m.ph"},
      {"synth.ph", PHONON_SOURCE_DIR "/perf/programs/synth.ph"},
  };
  for (const auto& [name, path] : progs)
    for (int threads : {1, 2})
      for (int block : {64, 512}) {
        const std::string n =
            "program/" + name + "/threads:" + std::to_string(threads) + "/block:" + std::to_string(block);
        benchmark::RegisterBenchmark(n.c_str(), BM_Program, path, threads, block)
            ->Unit(benchmark::kMicrosecond)
            ->UseRealTime();
      }
}
const int registered = (register_programs(), 0);

}  // namespace
}  // namespace phonon
