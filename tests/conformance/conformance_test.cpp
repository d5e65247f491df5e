// Conformance with TidalCycles 1.7.10 (tests/conformance, goldens measured from Tidal): every case of cases.json
// evaluated in-process and compared with golden.json (exact rational times, events as a multiset, numbers within
// 1e-6, `bd:3` == s/n), and the CLI path: `phonon query --cases` output compared case by case the same way.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/eval/evaluator.hpp"
#include "compiler/eval/json_value.hpp"
#include "tests/conformance/golden_compare.hpp"

namespace phonon {
namespace {

using json::JsonValue;
using namespace golden_compare;

const std::string kDir = PHONON_CONFORMANCE_DIR;

struct Case {
  std::string id, tidal;
  int64_t cycles = 1;
  const JsonValue* golden = nullptr;
};

const JsonValue& golden_root() {
  static const JsonValue root = json::parse_json(read_text(kDir + "/golden.json"));
  return root;
}

std::vector<Case> load_cases() {
  JsonValue cases = json::parse_json(read_text(kDir + "/cases.json"));
  std::map<std::string, const JsonValue*> golden;
  if (const JsonValue* list = golden_root().get("cases"))
    for (const auto& g : list->array) golden[g.get("id")->string] = &g;
  std::vector<Case> out;
  for (const auto& c : cases.array) {
    Case k;
    k.id = c.get("id")->string;
    k.tidal = c.get("tidal")->string;
    k.cycles = static_cast<int64_t>(c.get("cycles")->number);
    k.golden = golden.count(k.id) ? golden[k.id] : nullptr;
    out.push_back(k);
  }
  return out;
}

class ConformanceGolden : public ::testing::TestWithParam<Case> {};

TEST_P(ConformanceGolden, MatchesTidal) {
  const Case& c = GetParam();
  ASSERT_NE(c.golden, nullptr) << "no golden entry for " << c.id;
  auto reg = eval::make_standard_registry();
  eval::Evaluator ev(reg);
  eval::Term t;
  try {
    t = ev.resolve_default(eval::evaluate_expression_text(c.tidal, reg));
  } catch (const CompileError& e) {
    FAIL() << c.tidal << ": " << e.diag.render();
  }
  ASSERT_EQ(t.kind, eval::TermKind::Pattern) << c.tidal;
  std::vector<NEvent> got;
  for (const auto& e : t.pattern.query(Arc(Rational(0), Rational(c.cycles)))) {
    NEvent n;
    n.has_whole = e.whole.has_value();
    if (e.whole) n.wb = e.whole->begin, n.we = e.whole->end;
    n.pb = e.part.begin, n.pe = e.part.end;
    n.value = from_value(e.value);
    got.push_back(n);
  }
  EXPECT_EQ(mismatch(events_of_json(*c.golden), got), "") << c.id << ": " << c.tidal;
}

INSTANTIATE_TEST_SUITE_P(Conformance, ConformanceGolden, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.id; });

TEST(ConformanceCli, QueryCasesMatchGolden) {
  golden_compare::check_query_cases(kDir + "/cases.json", kDir + "/golden.json", "phonon_conformance_out.json");
}

TEST(ConformanceCli, BrokenCasesGetErrorsAndTheRunGoesOn) {
  std::string in = ::testing::TempDir() + "phonon_broken_cases.json";
  std::string out = ::testing::TempDir() + "phonon_broken_out.json";
  {
    std::ofstream f(in);
    f << R"([{"id": "syntax", "tidal": "s \"bd", "cycles": 1},
             {"id": "unknown", "tidal": "foo 2 $ s \"bd\"", "cycles": 1},
             {"id": "storm", "tidal": "s \"bd*1000000000\"", "cycles": 1},
             {"id": "euclid_storm", "tidal": "s \"bd(100000,200000)\"", "cycles": 1},
             {"id": "missing", "cycles": 1},
             {"id": "fine", "tidal": "s \"bd\"", "cycles": 2}])";
  }
  std::string cmd = std::string("\"") + PHONON_BINARY + "\" query --cases \"" + in + "\" > \"" + out + "\"";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  JsonValue root = json::parse_json(read_text(out));
  const JsonValue* cases = root.get("cases");
  ASSERT_NE(cases, nullptr);
  ASSERT_EQ(cases->array.size(), 6u);
  for (size_t i = 0; i < 5; ++i) EXPECT_NE(cases->array[i].get("error"), nullptr) << cases->array[i].get("id")->string;
  EXPECT_NE(cases->array[1].get("error")->string.find("unknown function `foo`"), std::string::npos);
  ASSERT_NE(cases->array[5].get("events"), nullptr);
  EXPECT_EQ(cases->array[5].get("events")->array.size(), 2u);
}

}  // namespace
}  // namespace phonon
