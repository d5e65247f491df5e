// Event storms in live mode: a sound pattern too dense for the compiler's 8-cycle probe of its controls is still
// recognised as a sound pattern and plays (it used to compile to nothing and play silence).
#include <gtest/gtest.h>

#include <memory>

#include "compiler/compile.hpp"
#include "compiler/plan.hpp"

namespace phonon {
namespace {

TEST(Storm, ASoundPatternOfTwoHundredThousandEventsPerCycleStillMakesVoices) {
  // 200000 events per cycle: 8 cycles exceed the 2^20 events one query may return.
  CompileResult r = compile_source(std::make_shared<const SourceFile>("storm.ph", "o1: s \"bd*200000\"\n"));
  ASSERT_TRUE(r.ok()) << r.diagnostics.render_all();
  EXPECT_EQ(r.plan->voice_sources.size(), 1u);
}

}  // namespace
}  // namespace phonon
