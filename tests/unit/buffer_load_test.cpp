// BufferLoad (runtime/drivers/buffer_load.hpp): the live summary's mean, p99, worst and late-buffer figures.
#include "runtime/drivers/buffer_load.hpp"

#include <gtest/gtest.h>

namespace phonon {
namespace {

TEST(BufferLoad, OneStallMovesTheWorstAndTheLateCountButNotTheP99) {
  BufferLoad load;
  for (int i = 0; i < 999; ++i) load.add(10.0, 1000.0);  // 1 % each
  load.add(1500.0, 1000.0);                              // one stall: 150 %
  const BufferLoadSnapshot s = load.snapshot();
  EXPECT_EQ(s.buffers, 1000u);
  EXPECT_EQ(s.late, 1u);
  EXPECT_DOUBLE_EQ(s.worst, 1.5);
  EXPECT_NEAR(s.p99, 0.02, 1e-12);  // the 1 % bucket's upper bound
  EXPECT_NEAR(s.mean, (999 * 10.0 + 1500.0) / 1e6, 1e-12);
}

TEST(BufferLoad, ARecurringCostShowsInTheP99) {
  BufferLoad load;
  for (int i = 0; i < 1000; ++i) load.add(i % 50 == 0 ? 700.0 : 10.0, 1000.0);  // 2 % of the buffers at 70 %
  const BufferLoadSnapshot s = load.snapshot();
  EXPECT_EQ(s.late, 0u);
  EXPECT_DOUBLE_EQ(s.p99, 0.7);  // the 70 % bucket, whose upper bound (71 %) is capped at the worst
}

TEST(BufferLoad, LoadsBeyondTheLastBucketCountAsLateAndKeepTheirWorst) {
  BufferLoad load;
  load.add(5000.0, 1000.0);
  load.add(3000.0, 1000.0);
  const BufferLoadSnapshot s = load.snapshot();
  EXPECT_EQ(s.late, 2u);
  EXPECT_DOUBLE_EQ(s.worst, 5.0);
  EXPECT_DOUBLE_EQ(s.p99, 5.0);  // both in the last bucket: capped at the worst
}

TEST(BufferLoad, ResetForgetsEverything) {
  BufferLoad load;
  load.add(2000.0, 1000.0);
  load.reset();
  load.add(100.0, 1000.0);
  const BufferLoadSnapshot s = load.snapshot();
  EXPECT_EQ(s.buffers, 1u);
  EXPECT_EQ(s.late, 0u);
  EXPECT_DOUBLE_EQ(s.worst, 0.1);
  EXPECT_NEAR(s.p99, 0.1, 1e-12);  // bucket 10 % has upper bound 11 %, capped at the worst
  EXPECT_DOUBLE_EQ(s.mean, 0.1);
}

TEST(BufferLoad, AnEmptyMeasureReadsZero) {
  const BufferLoadSnapshot s = BufferLoad().snapshot();
  EXPECT_EQ(s.buffers, 0u);
  EXPECT_EQ(s.p99, 0.0);
  EXPECT_EQ(s.worst, 0.0);
}

}  // namespace
}  // namespace phonon
