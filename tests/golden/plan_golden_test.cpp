// Goldens for the compiler's stages: `phonon compile --dump=types|graph|plan` of every test program and of the
// demo, compared with tests/golden/plan/<program>.<stage>. PHONON_UPDATE_GOLDEN=1 rewrites them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compile.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;

struct GoldenCase {
  std::string program;  // path
  std::string stage;
};

std::vector<GoldenCase> cases() {
  std::vector<std::string> programs;
  for (const auto& e : fs::directory_iterator(std::string(PHONON_TEST_PROGRAMS)))
    if (e.path().extension() == ".ph") programs.push_back(e.path().string());
  programs.push_back(std::string(PHONON_SOURCE_DIR) + "/examples/demo.ph");
  std::sort(programs.begin(), programs.end());
  std::vector<GoldenCase> out;
  for (const auto& p : programs)
    for (const char* stage : {"types", "graph", "plan"}) out.push_back({p, stage});
  return out;
}

class PlanGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(PlanGolden, DumpMatchesGolden) {
  const auto& c = GetParam();
  CompileOptions opt;
  opt.dump = c.stage;
  CompileResult r = compile_file(c.program, opt);
  ASSERT_TRUE(r.ok()) << r.diagnostics.render_all();
  ASSERT_FALSE(r.dump.empty());
  fs::path golden =
      fs::path(PHONON_SOURCE_DIR) / "tests/golden/plan" / (fs::path(c.program).stem().string() + "." + c.stage);
  const char* update = std::getenv("PHONON_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(golden) << r.dump;
    GTEST_SKIP() << "updated " << golden;
  }
  std::ifstream in(golden);
  ASSERT_TRUE(in) << "no golden " << golden << " (run with PHONON_UPDATE_GOLDEN=1)";
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(r.dump, ss.str()) << "stage " << c.stage << " of " << c.program
                              << " changed; if intended, rerun with PHONON_UPDATE_GOLDEN=1";
}

INSTANTIATE_TEST_SUITE_P(Programs, PlanGolden, ::testing::ValuesIn(cases()), [](const auto& info) {
  std::string n = fs::path(info.param.program).stem().string() + "_" + info.param.stage;
  for (char& ch : n)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

}  // namespace
}  // namespace phonon
