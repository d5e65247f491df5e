// Live mode's thread count follows the measured load (runtime/live/thread_policy.hpp): every thread joins when
// the load reaches half the budget, they leave after a light spell, and a count of the output's figures afresh
// starts a new window. The engine's output is the same whatever count it is given, even when it changes
// between blocks.
#include "runtime/live/thread_policy.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "tests/engine_support.hpp"

namespace phonon {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Feeds the policy what a steady load gives the output's cumulative mean: the same mean, more buffers.
struct Feed {
  ThreadPolicy policy{2};
  Clock::time_point t{};
  double busy = 0.0;  // total busy share, in buffers
  uint64_t buffers = 0;
  int step(double load, uint64_t n = 16, milliseconds dt = milliseconds(200)) {
    busy += load * static_cast<double>(n);
    buffers += n;
    t += dt;
    return policy.update(busy / static_cast<double>(buffers), buffers, t);
  }
};

TEST(ThreadPolicy, OneThreadWhileTheLoadIsLightAndAllOnceItReachesHalfTheBudget) {
  Feed f;
  for (int i = 0; i < 20; ++i) EXPECT_EQ(f.step(0.3), 1);
  // A jump in the load: the window is the last buffers, not the whole run, so it shows at once.
  EXPECT_EQ(f.step(0.7), 2);
}

TEST(ThreadPolicy, TheThreadsLeaveOnlyAfterFiveSecondsOfLightLoad) {
  Feed f;
  EXPECT_EQ(f.step(0.8), 2);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(f.step(0.1), 2) << "after " << (i + 1) * 200 << " ms";  // 4 s
  EXPECT_EQ(f.step(0.3), 2) << "a moderate load keeps them and restarts the light spell";
  for (int i = 0; i < 24; ++i) EXPECT_EQ(f.step(0.1), 2);
  EXPECT_EQ(f.step(0.1), 2);
  EXPECT_EQ(f.step(0.1), 1);  // 5 s since the spell began
}

TEST(ThreadPolicy, AFreshCountAfterAReloadStartsANewWindowAndShortWindowsWait) {
  Feed f;
  EXPECT_EQ(f.step(0.9), 2);
  ThreadPolicy p(4);
  Clock::time_point t{};
  EXPECT_EQ(p.update(0.9, 4, t), 1) << "fewer buffers than a window: no decision yet";
  EXPECT_EQ(p.update(0.9, 40, t), 4);
  EXPECT_EQ(p.update(0.05, 2, t + milliseconds(100)), 4) << "the count restarted: only the new start is taken";
}

std::vector<float> render(int threads, bool change_threads) {
  SampleBank bank = test::test_sample_bank();
  EngineOptions eo;
  eo.threads = threads;
  Engine engine(eo);
  const std::string program =
      "cps: 1\nd1 $ s \"[bd*32, hh*32, sn*32]\" # speed \"0.5 0.25\" # lpf 3000\n"
      "~lfo: sine 0.3\no2: saw (110 + ~lfo * 9) * 0.1 # lpf 1200 0.5\no3: pulse 220 0.3 * 0.05\n";
  engine.start(test::load_program(engine, bank, program));
  std::vector<float> out(200 * 512 * 2);
  for (int b = 0; b < 200; ++b) {
    if (change_threads) engine.set_active_threads(b % 3 == 0 ? 1 : 2);
    engine.process(out.data() + static_cast<size_t>(b) * 1024, 512);
    engine.prefetch();
  }
  // Enough voices that a block is shared between threads (the mixer's threshold is 32 voices at 512 frames).
  EXPECT_GT(engine.stats().voices_max, 40);
  return out;
}

TEST(ThreadPolicy, TheEngineSoundsTheSameWhenItsThreadCountChangesBetweenBlocks) {
  const std::vector<float> one = render(1, false), changing = render(2, true);
  ASSERT_EQ(one.size(), changing.size());
  EXPECT_EQ(std::memcmp(one.data(), changing.data(), one.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace phonon
