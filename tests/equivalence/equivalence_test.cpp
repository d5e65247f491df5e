// Equivalence of renders that must not differ:
// - EquivalenceThreads: every program in tests/programs, examples/ and perf/programs/synth.ph, plus a dense
//   voice program (enough voices that the parallel voice path runs) renders bit-identically with 1, 2 and 4
//   OpenMP threads (FNV-1a hash of the float output).
// - EquivalenceBlocks: the same programs at block sizes 1 and 64 against 512. Block size changes where block-form
//   kernels (biquad state-space blocks, ramps restarted per block) round, so the stated tolerance is a maximum
//   absolute difference of 1e-3 (-60 dBFS) per sample; the test also reports how many samples differ at all.
// Rendering goes through the library (compile_source + load_plan + Engine::process), limiter off.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;

struct Program {
  std::string name;
  std::string text;
};

std::string read_text(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<Program> programs() {
  std::vector<Program> out;
  std::vector<fs::path> files;
  for (const fs::path& dir : {fs::path(PHONON_TEST_PROGRAMS), fs::path(PHONON_SOURCE_DIR) / "examples"}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".ph") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  files.push_back(fs::path(PHONON_SOURCE_DIR) / "perf/programs/synth.ph");
  for (const auto& f : files)
    out.push_back({f.parent_path().filename().string() + "/" + f.filename().string(), read_text(f)});
  // Dense voices from the shared library: ~100 overlapping filtered voices, so batches run on several threads.
  out.push_back({"dense_voices",
                 "cps: 1\n"
                 "o1: s \"hh*64\" # n (irand 12) # speed 0.9 # cutoff (range 300 4000 rand) # resonance 0.3 "
                 "# pan rand # attack 0.01 # release 0.99\n"
                 "o2: s \"rave*16\" # n (irand 8) # room 0.3 # delay 0.2 # shape 0.3\n"});
  return out;
}

std::vector<float> render(const Program& p, int threads, int block, double seconds, bool* ok) {
  *ok = false;
  CompileResult r = compile_source(std::make_shared<const SourceFile>(p.name, p.text));
  if (!r.ok()) return {};
  SampleBank bank(default_sample_roots({std::string(PHONON_TEST_SAMPLES)}));
  EngineOptions eo;
  eo.max_block = block;
  eo.threads = threads;
  eo.limiter = false;
  Engine engine(eo);
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  const int64_t total = static_cast<int64_t>(seconds * eo.rate);
  std::vector<float> out(static_cast<size_t>(total) * 2);
  for (int64_t done = 0; done < total; done += block)
    engine.process(out.data() + 2 * done, static_cast<int>(std::min<int64_t>(block, total - done)));
  *ok = true;
  return out;
}

uint64_t fnv1a(const std::vector<float>& v) {
  uint64_t h = 1469598103934665603ull;
  const auto* b = reinterpret_cast<const unsigned char*>(v.data());
  for (size_t i = 0; i < v.size() * sizeof(float); ++i) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

class EquivalenceThreads : public ::testing::TestWithParam<Program> {};

TEST_P(EquivalenceThreads, BitIdenticalFor1And2And4Threads) {
  const Program& p = GetParam();
  bool ok = false;
  auto one = render(p, 1, 512, 6.0, &ok);
  if (!ok) GTEST_SKIP() << p.name << " does not compile with this build";
  const uint64_t h1 = fnv1a(one);
  double energy = 0;
  for (float x : one) energy += static_cast<double>(x) * x;
  EXPECT_GT(energy, 0.0) << p.name << " renders silence: the comparison would prove nothing";
  for (int t : {2, 4}) {
    auto many = render(p, t, 512, 6.0, &ok);
    ASSERT_TRUE(ok);
    EXPECT_EQ(fnv1a(many), h1) << p.name << " differs with " << t << " threads";
  }
  // Run-to-run: the same thread count twice gives the same output.
  auto again = render(p, 2, 512, 6.0, &ok);
  EXPECT_EQ(fnv1a(again), h1) << p.name << " differs between two runs with 2 threads";
}

class EquivalenceBlocks : public ::testing::TestWithParam<Program> {};

TEST_P(EquivalenceBlocks, BlockSizes1And64MatchBlock512WithinTolerance) {
  const Program& p = GetParam();
  if (p.name == "dense_voices") GTEST_SKIP() << "covered by the thread test (block 1 with ~100 voices is slow)";
  bool ok = false;
  const double seconds = 4.0;
  auto ref = render(p, 1, 512, seconds, &ok);
  if (!ok) GTEST_SKIP() << p.name << " does not compile with this build";
  for (int block : {1, 64}) {
    auto other = render(p, 1, block, seconds, &ok);
    ASSERT_TRUE(ok);
    ASSERT_EQ(other.size(), ref.size());
    double worst = 0;
    size_t differ = 0, at = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
      const double d = std::fabs(static_cast<double>(ref[i]) - other[i]);
      if (d > 0) ++differ;
      if (d > worst) worst = d, at = i;
    }
    EXPECT_LE(worst, 1e-3) << p.name << " block " << block << ": max difference " << worst << " at frame " << at / 2;
    RecordProperty(p.name + "_block" + std::to_string(block) + "_max_diff", std::to_string(worst));
    std::printf("[ info ] %s block %d vs 512: max |diff| %.3g, %zu of %zu samples differ\n", p.name.c_str(), block,
                worst, differ, ref.size());
  }
}

std::string param_name(const ::testing::TestParamInfo<Program>& info) {
  std::string s = info.param.name;
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Programs, EquivalenceThreads, ::testing::ValuesIn(programs()), param_name);
INSTANTIATE_TEST_SUITE_P(Programs, EquivalenceBlocks, ::testing::ValuesIn(programs()), param_name);

}  // namespace
}  // namespace phonon
