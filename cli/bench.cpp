// phonon bench FILE.ph [--threads N] [--block B] [--seconds S] [--rate R] [--samples DIR] [--max-voices V]
//                      [--warmup S] [--repeat K]
// phonon bench --kernels
// Renders without writing and reports speed against the realtime budget (block frames / sample rate).
//
// Every figure is a ratio against the budget. Wall-clock block times include whatever the OS does to the process
// (preemption on a loaded machine shows up as a slow block); the CPU-time figures (the rendering thread's own CPU
// time, CLOCK_THREAD_CPUTIME_ID) do not, so on a shared machine they are the steadier single-thread measure.
// With --repeat K the program is rendered K times from the start (a fresh engine each time) and the median run
// is reported. The last line is always `realtime x<factor>` (wall clock, median run).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "compiler/plan.hpp"
#include "kernels/kernel.hpp"
#include "runtime/drivers/engine_source.hpp"
#include "runtime/drivers/offline.hpp"

namespace phonon::cli {

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct RunResult {
  double wall = 0;         // seconds spent in process() and prefetch()
  double prefetch = 0;     // seconds of those spent in prefetch() (pattern queries ahead of the audio thread)
  int worst_block = -1;    // index of the slowest block (wall)
  double worst_cycle = 0;  // cycle position at the end of that block
  double cpu_thread = 0;   // CPU seconds of the rendering thread in process()
  double cpu_process = 0;  // CPU seconds of every thread of the process during the run
  double mean = 0, p99 = 0, worst = 0;              // wall block time / budget
  double cpu_mean = 0, cpu_p99 = 0, cpu_worst = 0;  // thread CPU block time / budget
  double voice_samples = 0;                         // sum over blocks of (voices sounding x frames)
  double voices_mean = 0;
  int voices_max = 0;
};

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

// Frames measured: `seconds` rounded up to whole blocks, as a device plays them (a short last block would be
// measured against a tiny budget that its fixed costs dominate).
int64_t measured_frames(double seconds, const EngineOptions& eo) {
  const int64_t b = eo.max_block;
  return (static_cast<int64_t>(seconds * eo.rate) + b - 1) / b * b;
}

// The bench's consumer of the offline clock: each block's wall and CPU time against its budget, then (between
// blocks, as `phonon live`'s main loop does) the pattern queries ahead, counted in the realtime factor (it is work)
// but not in the block times (it is not on the audio thread). The CPU clock reads are a system call each (~0.4
// us): outside the wall-clock intervals.
struct BenchConsumer final : OfflineConsumer {
  Engine& engine;
  const EngineOptions& eo;
  bool measure;  // false: warm-up (prefetch only)
  RunResult r;
  std::vector<double> wall_ratio, cpu_ratio;
  double voices_sum = 0;
  int64_t blocks = 0;
  double c0 = 0;
  std::chrono::steady_clock::time_point t0;
  BenchConsumer(Engine& e, const EngineOptions& o, bool m) : engine(e), eo(o), measure(m) {}
  void before_block(int) override {
    if (!measure) return;
    c0 = thread_cpu_seconds();
    t0 = std::chrono::steady_clock::now();
  }
  void after_block(const float*, int n, int, int64_t) override {
    if (!measure) {
      engine.prefetch();
      return;
    }
    const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double dc = thread_cpu_seconds() - c0;
    const double budget = n / eo.rate;
    r.wall += dt;
    r.cpu_thread += dc;
    if (wall_ratio.empty() || dt / budget > r.worst) {
      r.worst = dt / budget;
      r.worst_block = static_cast<int>(blocks);
      r.worst_cycle = engine.stats().cycle;
    }
    wall_ratio.push_back(dt / budget);
    cpu_ratio.push_back(dc / budget);
    const double pc0 = thread_cpu_seconds();
    const auto p0 = std::chrono::steady_clock::now();
    engine.prefetch();
    const double pdt = std::chrono::duration<double>(std::chrono::steady_clock::now() - p0).count();
    r.cpu_thread += thread_cpu_seconds() - pc0;
    r.wall += pdt;
    r.prefetch += pdt;
    const EngineStats st = engine.stats();
    voices_sum += st.voices;
    r.voice_samples += static_cast<double>(st.voices) * n;
    r.voices_max = std::max(r.voices_max, st.voices);
    ++blocks;
  }
};

RunResult run_once(const std::shared_ptr<const Plan>& plan, SampleBank& bank, const EngineOptions& eo, double seconds,
                   double warmup) {
  Engine engine(eo);
  engine.start(load_and_report(engine, bank, plan));
  EngineSource source(engine);
  OfflineDriver driver(source, eo.max_block, 2);
  // Warm-up: rendered and prefetched like the measured part (voices build up, caches fill), not measured.
  BenchConsumer warm(engine, eo, false);
  driver.run(static_cast<int64_t>(warmup * eo.rate), warm);

  const int64_t total = measured_frames(seconds, eo);
  BenchConsumer bench(engine, eo, true);
  bench.wall_ratio.reserve(static_cast<size_t>(total / eo.max_block + 1));
  bench.cpu_ratio.reserve(bench.wall_ratio.capacity());
  const double pc0 = process_cpu_seconds();
  driver.run(total, bench);
  RunResult r = bench.r;
  r.cpu_process = process_cpu_seconds() - pc0;
  const double audio = static_cast<double>(total) / eo.rate;
  r.mean = r.wall / audio;
  r.p99 = percentile(bench.wall_ratio, 0.99);
  r.cpu_mean = r.cpu_thread / audio;
  r.cpu_p99 = percentile(bench.cpu_ratio, 0.99);
  r.cpu_worst = bench.cpu_ratio.empty() ? 0 : *std::max_element(bench.cpu_ratio.begin(), bench.cpu_ratio.end());
  r.voices_mean = bench.voices_sum / static_cast<double>(std::max<int64_t>(1, bench.blocks));
  return r;
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  std::string input;
  EngineOptions eo;
  double seconds = 60.0;
  double warmup = 0.0;
  int repeat = 1;
  bool kernels = false;
  std::vector<std::string> sample_dirs;
  try {
    Args a(argc, argv);
    while (!a.done()) {
      std::string arg = a.take_option(a.next());
      if (arg == "-h" || arg == "--help") {
        std::puts(
            "usage: phonon bench FILE.ph [--threads N] [--block B] [--seconds S] [--rate R] [--samples DIR]\n"
            "                    [--max-voices V] [--warmup S] [--repeat K]\n"
            "       phonon bench --kernels      (kernel architecture in use and every kernel)\n"
            "Figures are ratios against the realtime budget (block frames / rate). --warmup renders S seconds\n"
            "first without measuring; --repeat renders K times and reports the median run.");
        return 0;
      } else if (arg == "--threads") eo.threads = a.integer(arg, 1, 256);
      else if (arg == "--block") eo.max_block = a.integer(arg, 1, 16384);
      else if (arg == "--seconds") seconds = a.number(arg, 0.01, 24 * 3600.0);
      else if (arg == "--warmup") warmup = a.number(arg, 0.0, 3600.0);
      else if (arg == "--repeat") repeat = a.integer(arg, 1, 1000);
      else if (arg == "--rate") eo.rate = a.number(arg, 8000, 384000);
      else if (arg == "--samples") sample_dirs.push_back(a.value(arg));
      else if (arg == "--max-voices") eo.max_voices = max_voices_option(a, arg);
      else if (arg == "--kernels") kernels = true;
      else if (arg.size() > 1 && arg[0] == '-') throw UsageError("unknown option `" + arg + "`");
      else if (input.empty()) input = arg;
      else throw UsageError("more than one input file");
    }
    if (!kernels && input.empty()) throw UsageError("no input file (try `phonon bench FILE.ph`)");
  } catch (const UsageError& e) {
    std::fprintf(stderr, "phonon bench: error: %s\n", e.what());
    return 2;
  }
  if (kernels) {
    std::printf("kernel architecture: %s (available:", std::string(kern::active_arch()).c_str());
    for (auto a : kern::available_archs()) std::printf(" %s", std::string(a).c_str());
    std::printf(")\n");
    for (const auto* k : kern::all_kernels()) std::printf("  %s\n", std::string(k->name).c_str());
    return 0;
  }
  auto plan = compile_and_report(input);
  if (!plan) return 1;
  SampleBank bank(sample_roots_from_cli(sample_dirs));

  std::vector<RunResult> runs;
  for (int k = 0; k < repeat; ++k) runs.push_back(run_once(plan, bank, eo, seconds, warmup));
  std::sort(runs.begin(), runs.end(), [](const RunResult& a, const RunResult& b) { return a.wall < b.wall; });
  const RunResult& r = runs[runs.size() / 2];
  const double audio = static_cast<double>(measured_frames(seconds, eo)) / eo.rate;

  std::printf("program:   %s\n", input.c_str());
  std::printf("setup:     %.0f Hz, block %d (budget %.3f ms), threads %d, %.1f s of audio", eo.rate, eo.max_block,
              1000.0 * eo.max_block / eo.rate, eo.threads, audio);
  if (warmup > 0) std::printf(" after %.1f s warm-up", warmup);
  if (repeat > 1) std::printf(", median of %d runs", repeat);
  std::printf("\n");
  std::printf("kernels:   %s\n", std::string(kern::active_arch()).c_str());
  std::printf("block time (%% of budget, wall): mean %.3f%%  p99 %.3f%%  max %.3f%%\n", 100 * r.mean, 100 * r.p99,
              100 * r.worst);
  if (r.worst_block >= 0) std::printf("slowest block: #%d, ending at cycle %.3f\n", r.worst_block, r.worst_cycle);
  std::printf("pattern queries ahead (prefetch, off the audio thread): mean %.3f%% of budget\n",
              100 * r.prefetch / audio);
  std::printf("block time (%% of budget, cpu):  mean %.3f%%  p99 %.3f%%  max %.3f%%   (rendering thread)\n",
              100 * r.cpu_mean, 100 * r.cpu_p99, 100 * r.cpu_worst);
  if (eo.threads > 1)
    std::printf("cpu, all threads: %.3f%% of budget (includes OpenMP workers waiting)\n", 100 * r.cpu_process / audio);
  std::printf("voices:    mean %.1f  max %d\n", r.voices_mean, r.voices_max);
  std::printf("throughput: %.1f M voice-samples/s (wall)\n", r.wall > 0 ? r.voice_samples / r.wall / 1e6 : 0.0);
  if (repeat > 1) {
    std::printf("runs (realtime x):");
    for (const auto& x : runs) std::printf(" %.1f", x.wall > 0 ? audio / x.wall : 0.0);
    std::printf("\n");
  }
  std::printf("cpu realtime x%.1f\n", r.cpu_thread > 0 ? audio / r.cpu_thread : 0.0);
  std::printf("realtime x%.1f\n", r.wall > 0 ? audio / r.wall : 0.0);
  return 0;
}

}  // namespace phonon::cli
