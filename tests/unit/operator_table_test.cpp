// The operator table (compiler/graph/operators.hpp): which `+ - * /` is audio and which is Tidal's pattern
// arithmetic, and that the compiled programs follow it.
#include <gtest/gtest.h>

#include "compiler/compile.hpp"
#include "compiler/graph/operators.hpp"

namespace phonon {
namespace {

using M = OperatorMeaning;
using O = Operand;

TEST(OperatorTable, SignalsMakeAudioEverywhereSoundPatternsOnlyAtTheTop) {
  EXPECT_EQ(operator_meaning("*", O::Signal, O::Number, false), M::Audio);
  EXPECT_EQ(operator_meaning("+", O::Pattern, O::Signal, false), M::Audio);
  EXPECT_EQ(operator_meaning("*", O::SoundPattern, O::Number, true), M::Audio);
  EXPECT_EQ(operator_meaning("+", O::SoundPattern, O::SoundPattern, true), M::Audio);
  EXPECT_EQ(operator_meaning("*", O::SoundPattern, O::Number, false), M::Tidal);
  EXPECT_EQ(operator_meaning("+", O::Pattern, O::Number, true), M::Tidal);
}

TEST(OperatorTable, SoundPatternPlusOrMinusANumberIsTidalsValueMapArithmetic) {
  EXPECT_EQ(operator_meaning("-", O::SoundPattern, O::Number, true), M::Tidal);
  EXPECT_EQ(operator_meaning("+", O::Number, O::SoundPattern, true), M::Tidal);
  EXPECT_EQ(operator_meaning("/", O::SoundPattern, O::Number, true), M::Audio);
}

TEST(OperatorTable, AnEffectWaitingForItsInputIsNeverAudioArithmetic) {
  EXPECT_EQ(operator_meaning("+", O::Signal, O::Effect, true), M::Tidal);
  EXPECT_EQ(operator_meaning("*", O::Effect, O::SoundPattern, true), M::Tidal);
}

TEST(OperatorTable, EverySpellingOfAnOperatorOnSignalsHasOneKernel) {
  EXPECT_EQ(signal_kernel("+"), "math.add");
  EXPECT_EQ(signal_kernel("~+"), "math.add");
  EXPECT_EQ(signal_kernel("|-|"), "math.sub");
  EXPECT_EQ(signal_kernel("~*"), "math.mul");
  EXPECT_EQ(signal_kernel("/"), "math.div");
  EXPECT_TRUE(signal_kernel("<~").empty());
}

TEST(OperatorTable, CompiledProgramsFollowTheTable) {
  auto graph = [](const std::string& code) {
    CompileOptions o;
    o.dump = "graph";
    CompileResult r = compile_source(std::make_shared<SourceFile>("ops.ph", code), o);
    EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
    return r.dump;
  };
  // Audio: the voices are scaled by a math.mul.
  EXPECT_NE(graph("out: s \"bd\" * 0.8\n").find("math.mul"), std::string::npos);
  // Tidal: n - 2 changes the events; no kernel.
  EXPECT_EQ(graph("out: s \"bd\" - 2\n").find("math."), std::string::npos);
}

}  // namespace
}  // namespace phonon
