// Programs for tests that drive an Engine by hand: compiled from text and made ready to run, as live mode's
// reload does (runtime/engine/load.hpp). A program that does not compile is a test failure and gives null.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon::test {

inline std::unique_ptr<LoadedPlan> load_program(const Engine& engine, SampleBank& bank, const std::string& text) {
  CompileResult r = compile_source(std::make_shared<const SourceFile>("<test>", text));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  if (!r.ok()) return nullptr;
  std::vector<std::string> warnings;
  return load_plan(engine, bank, r.plan, &warnings);
}

// The bank of the tests' own sample library.
inline SampleBank test_sample_bank() { return SampleBank(default_sample_roots({std::string(PHONON_TEST_SAMPLES)})); }

}  // namespace phonon::test
