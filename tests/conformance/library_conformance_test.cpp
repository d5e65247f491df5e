// The library cases (tests/conformance/library_cases.json, goldens from Tidal 1.7.10; see library_cases.md)
// through the CLI: `phonon query --cases`, compared with tests/conformance/golden_compare.hpp.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "compiler/eval/json_value.hpp"
#include "tests/conformance/golden_compare.hpp"

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kHere = std::string(PHONON_SOURCE_DIR) + "/tests/conformance";

TEST(LibraryConformance, QueryCasesMatchTidalGoldens) {
  const std::map<std::string, std::string> known_gaps = {};
  const int passed = phonon::golden_compare::check_query_cases(
      kHere + "/library_cases.json", kHere + "/library_golden.json", "phonon_library_out.json", known_gaps);
  EXPECT_GT(passed, 60);
}

TEST(LibraryConformance, EveryCaseHasAGolden) {
  auto cases = phonon::json::parse_json(read_text(kHere + "/library_cases.json"));
  auto golden = phonon::json::parse_json(read_text(kHere + "/library_golden.json"));
  ASSERT_EQ(cases.array.size(), golden.get("cases")->array.size());
  for (size_t i = 0; i < cases.array.size(); ++i) {
    EXPECT_EQ(cases.array[i].get("id")->string, golden.get("cases")->array[i].get("id")->string);
    EXPECT_EQ(golden.get("cases")->array[i].get("error"), nullptr)
        << "Tidal rejects case " << cases.array[i].get("id")->string;
  }
}

}  // namespace
