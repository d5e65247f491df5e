// The offline clock and the engine as an AudioSource (runtime/drivers/): what `phonon render` and `phonon bench`
// run the engine through.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "compiler/compile.hpp"
#include "runtime/drivers/engine_source.hpp"
#include "runtime/drivers/offline.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon {
namespace {

constexpr const char* kProgram = "cps: 1\no1: saw 110 * 0.5 # lpf 600\no2: sine 440 * 0.3\n";

std::unique_ptr<Engine> started_engine(int block, SampleBank& bank) {
  CompileResult r = compile_source(std::make_shared<const SourceFile>("t.ph", kProgram));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  EngineOptions eo;
  eo.max_block = block;
  auto engine = std::make_unique<Engine>(eo);
  std::vector<std::string> warnings;
  engine->start(load_plan(*engine, bank, r.plan, &warnings));
  return engine;
}

struct Collect final : OfflineConsumer {
  std::vector<float> frames;
  std::vector<int> sizes;
  std::vector<int64_t> firsts;
  int before = 0;
  void before_block(int) override { ++before; }
  void after_block(const float* b, int n, int channels, int64_t first) override {
    frames.insert(frames.end(), b, b + static_cast<size_t>(n) * static_cast<size_t>(channels));
    sizes.push_back(n);
    firsts.push_back(first);
  }
};

TEST(OfflineDriver, BlocksOfAtMostTheBlockSizeWithAShorterLastOneEqualProcessCalledDirectly) {
  SampleBank bank({}, false);
  auto direct = started_engine(64, bank);
  std::vector<float> expected(1000 * 2);
  for (int done = 0; done < 1000; done += 64) direct->process(expected.data() + 2 * done, std::min(64, 1000 - done));

  auto engine = started_engine(64, bank);
  EngineSource source(*engine);
  OfflineDriver driver(source, 64, 2);
  Collect c;
  driver.run(1000, c);
  EXPECT_EQ(c.frames, expected);
  ASSERT_EQ(c.sizes.size(), 16u);
  EXPECT_EQ(c.sizes.back(), 1000 - 15 * 64);
  EXPECT_EQ(c.firsts[3], 3 * 64);
  EXPECT_EQ(c.before, 16);
}

TEST(EngineSource, ABufferLongerThanTheBlockIsRenderedInEngineBlocks) {
  SampleBank bank({}, false);
  auto a = started_engine(64, bank);
  auto b = started_engine(64, bank);
  std::vector<float> blocks(256 * 2), whole(256 * 2);
  for (int done = 0; done < 256; done += 64) a->process(blocks.data() + 2 * done, 64);
  EngineSource source(*b);
  source.render(whole.data(), 256, 2);  // a device buffer of 4 engine blocks
  EXPECT_EQ(whole, blocks);
}

TEST(EngineSource, OtherChannelCountsGetTheMonoSumOnEveryChannel) {
  SampleBank bank({}, false);
  auto a = started_engine(64, bank);
  auto b = started_engine(64, bank);
  std::vector<float> stereo(64 * 2), four(64 * 4);
  a->process(stereo.data(), 64);
  EngineSource source(*b);
  source.render(four.data(), 64, 4);
  for (int i = 0; i < 64; ++i)
    for (int c = 0; c < 4; ++c) EXPECT_EQ(four[4 * i + c], 0.5f * (stereo[2 * i] + stereo[2 * i + 1]));
}

}  // namespace
}  // namespace phonon
