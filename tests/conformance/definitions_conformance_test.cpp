// Conformance of cases with definitions (tests/conformance/definitions_cases.json, goldens from Tidal 1.7.10 in
// definitions_golden.json; see README.md there): `phonon query --cases` compared with golden_compare.hpp, and the
// `defs` field's error handling.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/eval/json_value.hpp"
#include "tests/conformance/golden_compare.hpp"

namespace phonon {
namespace {

using json::JsonValue;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kDir = std::string(PHONON_SOURCE_DIR) + "/tests/conformance";

JsonValue run_cases(const std::string& cases_path, const std::string& name) {
  std::string out = ::testing::TempDir() + name;
  std::string cmd = std::string("\"") + PHONON_BINARY + "\" query --cases \"" + cases_path + "\" > \"" + out + "\"";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return json::parse_json(read_text(out));
}

TEST(ConformanceDefinitions, QueryCasesWithDefinitionsMatchTidal) {
  const int passed = golden_compare::check_query_cases(
      kDir + "/definitions_cases.json", kDir + "/definitions_golden.json", "phonon_definitions_out.json");
  EXPECT_GE(passed, 50);
}

TEST(ConformanceDefinitions, BadDefinitionsMakeTheirCaseAnErrorAndTheRunGoesOn) {
  std::string in = ::testing::TempDir() + "phonon_bad_defs.json";
  {
    std::ofstream f(in);
    f << R"([{"id": "bad_def", "defs": "let p = fast \"xx\" $ s \"bd\"", "tidal": "p", "cycles": 1},
             {"id": "not_a_def", "defs": "d1 $ s \"bd\"", "tidal": "s \"bd\"", "cycles": 1},
             {"id": "defs_not_text", "defs": 3, "tidal": "s \"bd\"", "cycles": 1},
             {"id": "names_stay_in_their_case", "tidal": "s p", "cycles": 1},
             {"id": "fine", "defs": "let p = \"bd sn\"", "tidal": "s p", "cycles": 1}])";
  }
  JsonValue root = run_cases(in, "phonon_bad_defs_out.json");
  const JsonValue* cases = root.get("cases");
  ASSERT_NE(cases, nullptr);
  ASSERT_EQ(cases->array.size(), 5u);
  for (size_t i = 0; i < 4; ++i) ASSERT_NE(cases->array[i].get("error"), nullptr) << cases->array[i].get("id")->string;
  EXPECT_EQ(cases->array[0].get("error")->string.rfind("defs: 1:", 0), 0u) << cases->array[0].get("error")->string;
  EXPECT_NE(cases->array[1].get("error")->string.find("`defs` holds definitions only"), std::string::npos);
  EXPECT_NE(cases->array[3].get("error")->string.find("unknown function `p`"), std::string::npos);
  ASSERT_NE(cases->array[4].get("events"), nullptr);
  EXPECT_EQ(cases->array[4].get("events")->array.size(), 2u);
}

}  // namespace
}  // namespace phonon
