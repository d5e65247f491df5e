// The library cases (tests/conformance/library_cases.json, goldens from Tidal 1.7.10; see library_cases.md)
// through the CLI: `phonon query --cases`, compared by the shared compare.py (exact times, numbers within 1e-6).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/eval/json_value.hpp"

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kHere = std::string(PHONON_SOURCE_DIR) + "/tests/conformance";

TEST(LibraryConformance, QueryCasesMatchTidalGoldens) {
  std::string out = ::testing::TempDir() + "phonon_library_out.json";
  std::string cmd = std::string("\"") + PHONON_BINARY + "\" query --cases \"" + kHere + "/library_cases.json\" > \"" +
                    out + "\"";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string report = ::testing::TempDir() + "phonon_library_report.txt";
  std::string cmp = "python3 \"" + std::string(PHONON_SHARED_DIR) + "/conformance/compare.py\" \"" + kHere +
                    "/library_golden.json\" \"" + out + "\" > \"" + report + "\"";
  int rc = std::system(cmp.c_str());
  std::string text = read_text(report);
  EXPECT_EQ(rc, 0) << text;
  auto golden = phonon::json::parse_json(read_text(kHere + "/library_golden.json"));
  size_t n = golden.get("cases")->array.size();
  EXPECT_GT(n, 60u);
  EXPECT_NE(text.find(std::to_string(n) + " passed, 0 failed"), std::string::npos) << text;
}

TEST(LibraryConformance, EveryCaseHasAGolden) {
  auto cases = phonon::json::parse_json(read_text(kHere + "/library_cases.json"));
  auto golden = phonon::json::parse_json(read_text(kHere + "/library_golden.json"));
  ASSERT_EQ(cases.array.size(), golden.get("cases")->array.size());
  for (size_t i = 0; i < cases.array.size(); ++i) {
    EXPECT_EQ(cases.array[i].get("id")->string, golden.get("cases")->array[i].get("id")->string);
    EXPECT_EQ(golden.get("cases")->array[i].get("error"), nullptr) << "Tidal rejects case " << cases.array[i].get("id")->string;
  }
}

}  // namespace
