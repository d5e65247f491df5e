// phonon bench FILE.ph [--threads N] [--block B] [--seconds S] [--rate R] [--samples DIR]...
// phonon bench --kernels
// Renders without writing and reports speed against the realtime budget (block frames / sample rate).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "compiler/plan.hpp"
#include "kernels/kernel.hpp"

namespace phonon::cli {

int cmd_bench(int argc, char** argv) {
  std::string input;
  EngineOptions eo;
  double seconds = 60.0;
  bool kernels = false;
  std::vector<std::string> sample_dirs;
  try {
    Args a(argc, argv);
    while (!a.done()) {
      std::string arg = a.take_option(a.next());
      if (arg == "-h" || arg == "--help") {
        std::puts("usage: phonon bench FILE.ph [--threads N] [--block B] [--seconds S] [--rate R] [--samples DIR]\n"
                  "       phonon bench --kernels      (kernel architecture in use and every kernel)");
        return 0;
      } else if (arg == "--threads") eo.threads = a.integer(arg, 1, 256);
      else if (arg == "--block") eo.max_block = a.integer(arg, 1, 16384);
      else if (arg == "--seconds") seconds = a.number(arg, 0.01, 24 * 3600.0);
      else if (arg == "--rate") eo.rate = a.number(arg, 8000, 384000);
      else if (arg == "--samples") sample_dirs.push_back(a.value(arg));
      else if (arg == "--max-voices") eo.max_voices = a.integer(arg, 1, 1 << 20);
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
  SampleBank bank(default_sample_roots(sample_dirs));
  Engine engine(eo);
  engine.start(load_and_report(engine, bank, plan));

  const int64_t total = static_cast<int64_t>(seconds * eo.rate);
  std::vector<float> buf(static_cast<size_t>(eo.max_block) * 2);
  std::vector<double> block_times;
  block_times.reserve(static_cast<size_t>(total / eo.max_block + 1));
  double voices_sum = 0;
  int64_t blocks = 0;
  double compute = 0;
  for (int64_t done = 0; done < total; done += eo.max_block) {
    int n = static_cast<int>(std::min<int64_t>(eo.max_block, total - done));
    auto t0 = std::chrono::steady_clock::now();
    engine.process(buf.data(), n);
    double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    compute += dt;
    block_times.push_back(dt / (n / eo.rate));
    voices_sum += engine.stats().voices;
    ++blocks;
  }
  std::vector<double> sorted = block_times;
  std::sort(sorted.begin(), sorted.end());
  double mean = compute / (static_cast<double>(total) / eo.rate);
  double p99 = sorted[std::min(sorted.size() - 1, static_cast<size_t>(0.99 * sorted.size()))];
  double worst = sorted.back();
  double audio = static_cast<double>(total) / eo.rate;
  std::printf("program:   %s\n", input.c_str());
  std::printf("setup:     %.0f Hz, block %d (budget %.3f ms), threads %d, %.1f s of audio\n", eo.rate, eo.max_block,
              1000.0 * eo.max_block / eo.rate, eo.threads, audio);
  std::printf("kernels:   %s\n", std::string(kern::active_arch()).c_str());
  std::printf("block time (%% of budget): mean %.3f%%  p99 %.3f%%  max %.3f%%\n", 100 * mean, 100 * p99,
              100 * worst);
  std::printf("voices:    mean %.1f  max %d\n", voices_sum / std::max<int64_t>(1, blocks), engine.stats().voices_max);
  std::printf("realtime x%.1f\n", compute > 0 ? audio / compute : 0.0);
  return 0;
}

}  // namespace phonon::cli
