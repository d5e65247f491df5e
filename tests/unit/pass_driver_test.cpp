// The pass driver (compiler/passes/pipeline.cpp) and the kernel facts the passes ask (kern::KernelSpec):
//  - `--dump-after=all` logs every pass in order, "(unchanged)" when a pass changed nothing; one pass alone;
//  - instrument templates run through the same driver, with the instrument passes, logged under their name;
//  - constant folding gives the value the kernel itself computes at run time, for every pure kernel;
//  - the facts are consistent: pure kernels keep no state, frequency inputs exist, feedback halves come in pairs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/passes/passes.hpp"
#include "kernels/kernel.hpp"

namespace phonon {
namespace {

std::string dump_after(const std::string& code, const std::string& pass) {
  CompileOptions o;
  o.dump_after = pass;
  CompileResult r = compile_source(std::make_shared<SourceFile>("driver.ph", code), o);
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  return r.dump;
}

std::vector<std::string> headers(const std::string& log) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = log.find("-- after ", pos)) != std::string::npos) {
    size_t end = log.find('\n', pos);
    out.push_back(log.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

TEST(PassDriver, DumpAfterAllLogsEveryProgramPassInOrderAndMarksUnchangedOnes) {
  const auto h = headers(dump_after("out: sine 440 * 0.5\n", "all"));
  const std::vector<std::string> want = {"-- after build_graph",
                                         "-- after fold_constants (unchanged)",
                                         "-- after eliminate_common (unchanged)",
                                         "-- after infer_channels",
                                         "-- after infer_feedback_channels (unchanged)",
                                         "-- after infer_rates",
                                         "-- after schedule",
                                         "-- after lower_plan",
                                         "-- after collect_samples (unchanged)",
                                         "-- after build_instruments (unchanged)"};
  EXPECT_EQ(h, want);
}

TEST(PassDriver, DumpAfterOnePassPrintsOnlyItsIr) {
  // `stack` of signals sums them: 0.25 + 0.25 is a math.add of two constants, folded to 0.5.
  const std::string log = dump_after("out: sine 440 * stack [0.25, 0.25, sine 0]\n", "fold_constants");
  EXPECT_EQ(headers(log), std::vector<std::string>{"-- after fold_constants"});
  EXPECT_NE(log.find("n4 = const 0.5\n"), std::string::npos) << log;
  EXPECT_EQ(log.find("math.add (n2, n3)"), std::string::npos) << log;
}

TEST(PassDriver, InstrumentsRunTheSamePassesWithTheirOwnRewrites) {
  const auto h = headers(dump_after("~pad: saw 220\nout: s \"~pad\" # note \"0 7\"\n", "all"));
  auto has = [&](const std::string& s) { return std::find(h.begin(), h.end(), s) != h.end(); };
  EXPECT_TRUE(has("-- after scale_pitch (instrument ~pad)"));
  EXPECT_TRUE(has("-- after default_envelope (instrument ~pad)"));
  EXPECT_TRUE(has("-- after infer_rates (instrument ~pad)"));
  EXPECT_TRUE(has("-- after lower_plan (instrument ~pad)"));
  EXPECT_FALSE(has("-- after scale_pitch")) << "the instrument passes do not run on the program";
}

TEST(PassDriver, EveryPassNameIsAcceptedByDumpAfter) {
  for (const auto& p : pass_names()) {
    CompileOptions o;
    o.dump_after = p;
    CompileResult r = compile_source(std::make_shared<SourceFile>("driver.ph", "out: sine 440 * 0.1\n"), o);
    EXPECT_TRUE(r.ok()) << p;
  }
}

// Folding a pure kernel over constants gives exactly what the dispatched kernel writes for those inputs.
TEST(KernelFacts, FoldedConstantEqualsWhatTheKernelComputesAtRunTime) {
  int folded = 0;
  for (const kern::KernelSpec* k : kern::all_kernels()) {
    if (!k->pure || k->outputs.size() != 1) continue;
    Graph g;
    std::vector<int> ins;
    std::vector<float> values;
    for (size_t i = 0; i < k->inputs.size(); ++i) {
      values.push_back(0.37f + 0.91f * static_cast<float>(i));
      GraphNode c;
      c.kind = SignalKind::Const;
      c.value = values.back();
      ins.push_back(g.add(c));
    }
    std::vector<float> params = k->param_defaults;
    params.resize(k->params.size(), 0.0f);
    const int id = g.add_kernel(k->name, ins, params);
    fold_constants(g);
    ASSERT_EQ(g.nodes[id].kind, SignalKind::Const) << k->name;
    std::vector<const float*> ptrs;
    for (const float& v : values) ptrs.push_back(&v);
    float out = 0.0f;
    float* outs[1] = {&out};
    k->process(kern::KernelArgs{ptrs.data(), outs, nullptr, params.data(), 1, 44100.0f});
    EXPECT_EQ(static_cast<float>(g.nodes[id].value), out) << k->name;
    ++folded;
  }
  EXPECT_GE(folded, 5);  // math.add, sub, mul, div, mtof at least
}

TEST(KernelFacts, PureKernelsKeepNoStateAndFactsPointAtRealPorts) {
  int reads = 0, writes = 0;
  for (const kern::KernelSpec* k : kern::all_kernels()) {
    if (k->pure) {
      EXPECT_TRUE(k->state_floats == 0 && !k->state_size && !k->init) << k->name;
    }
    for (int p : k->frequency_inputs) EXPECT_LT(p, static_cast<int>(k->inputs.size())) << k->name;
    if (k->follows_gate) {
      EXPECT_FALSE(k->inputs.empty()) << k->name;
    }
    if (!k->block_rate_form.empty()) {
      EXPECT_NE(kern::find_kernel(k->block_rate_form), nullptr) << k->name;
    }
    reads += k->feedback_role == kern::FeedbackRole::Read;
    writes += k->feedback_role == kern::FeedbackRole::Write;
  }
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(writes, 1);
}

}  // namespace
}  // namespace phonon
