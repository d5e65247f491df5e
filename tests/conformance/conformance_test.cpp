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

namespace phonon {
namespace {

using json::JsonValue;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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

Rational parse_rat(const std::string& s) {
  auto slash = s.find('/');
  if (slash == std::string::npos) return Rational(std::stoll(s));
  return Rational(std::stoll(s.substr(0, slash)), std::stoll(s.substr(slash + 1)));
}

// Normalised value: map key -> (number or string).
struct NVal {
  std::map<std::string, std::pair<bool, std::pair<double, std::string>>> fields;  // is_number, (num, str)
};

void split_sample(NVal& v) {
  auto it = v.fields.find("s");
  if (it == v.fields.end() || it->second.first || v.fields.count("n")) return;
  const std::string& s = it->second.second.second;
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 >= s.size()) return;
  std::string idx = s.substr(colon + 1);
  if (idx.find_first_not_of("-0123456789") != std::string::npos) return;
  v.fields["n"] = {true, {std::stod(idx), ""}};
  it->second.second.second = s.substr(0, colon);
}

NVal from_json(const JsonValue& v) {
  NVal out;
  for (const auto& [k, x] : v.object) {
    std::string key = k == "sound" ? "s" : k;
    if (x.type == JsonValue::Type::Number) out.fields[key] = {true, {x.number, ""}};
    else out.fields[key] = {false, {0, x.string}};
  }
  split_sample(out);
  return out;
}

NVal from_value(const Value& v) {
  NVal out;
  if (!v.is_map()) return out;
  for (const auto& [k, x] : v.as_map().entries()) {
    std::string key = k == "sound" ? "s" : k;
    if (x.is_number() || x.is_bool()) out.fields[key] = {true, {x.as_number(), ""}};
    else if (x.is_string()) out.fields[key] = {false, {0, x.as_string()}};
  }
  split_sample(out);
  return out;
}

bool same_value(const NVal& a, const NVal& b) {
  if (a.fields.size() != b.fields.size()) return false;
  for (const auto& [k, x] : a.fields) {
    auto it = b.fields.find(k);
    if (it == b.fields.end() || it->second.first != x.first) return false;
    if (x.first) {
      double p = x.second.first, q = it->second.second.first;
      if (std::fabs(p - q) > 1e-6 * std::max({1.0, std::fabs(p), std::fabs(q)})) return false;
    } else if (x.second.second != it->second.second.second) {
      return false;
    }
  }
  return true;
}

struct NEvent {
  bool has_whole = false;
  Rational wb, we, pb, pe;
  NVal value;
  std::string show() const {
    std::string s = has_whole ? wb.to_string() + "-" + we.to_string() : std::string("~");
    s += " part " + pb.to_string() + "-" + pe.to_string() + " {";
    for (const auto& [k, x] : value.fields)
      s += k + ": " + (x.first ? std::to_string(x.second.first) : x.second.second) + ", ";
    return s + "}";
  }
};

// The events of one case in the golden JSON format.
std::vector<NEvent> events_of_json(const JsonValue& c) {
  std::vector<NEvent> out;
  const JsonValue* events = c.get("events");
  if (!events) return out;
  for (const auto& g : events->array) {
    NEvent n;
    n.has_whole = !g.get("whole_begin")->is_null();
    if (n.has_whole) n.wb = parse_rat(g.get("whole_begin")->string), n.we = parse_rat(g.get("whole_end")->string);
    n.pb = parse_rat(g.get("part_begin")->string), n.pe = parse_rat(g.get("part_end")->string);
    n.value = from_json(*g.get("value"));
    out.push_back(n);
  }
  return out;
}

// "" when `got` holds exactly the events of `want` (as a multiset), else what differs.
std::string mismatch(const std::vector<NEvent>& want, const std::vector<NEvent>& got) {
  std::vector<bool> used(got.size(), false);
  std::vector<std::string> missing;
  for (const auto& w : want) {
    bool found = false;
    for (size_t i = 0; i < got.size() && !found; ++i) {
      const NEvent& g = got[i];
      if (used[i] || g.has_whole != w.has_whole || g.pb != w.pb || g.pe != w.pe) continue;
      if (w.has_whole && (g.wb != w.wb || g.we != w.we)) continue;
      if (!same_value(g.value, w.value)) continue;
      used[i] = found = true;
    }
    if (!found) missing.push_back(w.show());
  }
  std::vector<std::string> extra;
  for (size_t i = 0; i < got.size(); ++i)
    if (!used[i]) extra.push_back(got[i].show());
  if (missing.empty() && extra.empty()) return "";
  return "missing " + std::to_string(missing.size()) + (missing.empty() ? "" : ", first: " + missing[0]) +
         "; unexpected " + std::to_string(extra.size()) + (extra.empty() ? "" : ", first: " + extra[0]);
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
  std::string out = ::testing::TempDir() + "phonon_conformance_out.json";
  std::string cmd = std::string("\"") + PHONON_BINARY + "\" query --cases \"" + kDir + "/cases.json\" > \"" + out + "\"";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  JsonValue root = json::parse_json(read_text(out));
  const JsonValue* cases = root.get("cases");
  ASSERT_NE(cases, nullptr);
  std::map<std::string, const JsonValue*> by_id;
  for (const auto& c : cases->array) by_id[c.get("id")->string] = &c;
  int passed = 0, failed = 0;
  for (const auto& g : golden_root().get("cases")->array) {
    const std::string& id = g.get("id")->string;
    auto it = by_id.find(id);
    std::string why = it == by_id.end()            ? "not in the output"
                      : it->second->get("error")  ? "error: " + it->second->get("error")->string
                                                  : mismatch(events_of_json(g), events_of_json(*it->second));
    if (why.empty()) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << id << ": " << why;
    }
  }
  EXPECT_EQ(failed, 0) << passed << " passed, " << failed << " failed";
  EXPECT_EQ(passed, static_cast<int>(golden_root().get("cases")->array.size()));
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
