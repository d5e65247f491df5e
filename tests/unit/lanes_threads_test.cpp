// Thousands of sounding voices (so that the engine makes large voice batches and the lane path fills whole lane
// groups) render bit-identically with 1, 2 and 4 threads, with plain voices (lane path), filtered and effected
// voices (VoiceRenderer) and orbit sends mixed in the same batches.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon {
namespace {

std::vector<float> render(const std::string& text, int threads, int block, double seconds, int* peak_voices) {
  CompileResult r = compile_source(std::make_shared<const SourceFile>("lanes_threads.ph", text));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  if (!r.ok()) return {};
  SampleBank bank(default_sample_roots({std::string(PHONON_TEST_SAMPLES)}));
  EngineOptions eo;
  eo.max_block = block;
  eo.threads = threads;
  eo.limiter = false;
  eo.max_voices = 8000;
  Engine engine(eo);
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  const int64_t total = static_cast<int64_t>(seconds * eo.rate);
  std::vector<float> out(static_cast<size_t>(total) * 2);
  *peak_voices = 0;
  for (int64_t done = 0; done < total; done += block) {
    engine.process(out.data() + 2 * done, static_cast<int>(std::min<int64_t>(block, total - done)));
    *peak_voices = std::max(*peak_voices, engine.stats().voices);
  }
  return out;
}

TEST(LanesThreads, ThousandsOfVoicesBitIdenticalFor1And2And4Threads) {
  const std::string text =
      "cps: 1\n"
      "o1: s \"hh*2500\" # n (irand 12) # speed (range 0.5 1.7 rand) # cutoff (range 300 4000 rand) "
      "# resonance 0.3 # pan rand # attack 0.01 # release 0.99\n"
      "o2: s \"rave*500\" # n (irand 8) # speed 0.9 # room 0.3 # delay 0.2 # attack 0.01 # release 0.99\n"
      "o3: s \"hh*300\" # hcutoff 2000 # shape 0.3 # release 0.5\n";
  int v1 = 0, v2 = 0, v4 = 0;
  const std::vector<float> a = render(text, 1, 512, 1.5, &v1);
  const std::vector<float> b = render(text, 2, 512, 1.5, &v2);
  const std::vector<float> c = render(text, 4, 512, 1.5, &v4);
  ASSERT_FALSE(a.empty());
  EXPECT_GT(v1, 2048);  // enough voices for batches larger than the minimum
  EXPECT_EQ(v1, v2);
  EXPECT_EQ(v1, v4);
  float peak = 0;
  for (float x : a) peak = std::max(peak, std::fabs(x));
  EXPECT_GT(peak, 0.01f);
  ASSERT_EQ(a.size(), b.size());
  ASSERT_EQ(a.size(), c.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0) << "2 threads differ from 1";
  EXPECT_EQ(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)), 0) << "4 threads differ from 1";
}

}  // namespace
}  // namespace phonon
