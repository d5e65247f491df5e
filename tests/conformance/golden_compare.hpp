// The comparison of Phonon's events with goldens measured from Tidal (the format of tests/conformance/*golden.json):
// exact rational times, events as a multiset, numbers within 1e-6, `bd:3` equal to {s: bd, n: 3}. Used by every
// conformance suite, in-process and through `phonon query --cases`.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/eval/json_value.hpp"
#include "compiler/pattern/rational.hpp"
#include "compiler/pattern/value.hpp"

namespace phonon::golden_compare {

using json::JsonValue;

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Rational parse_rat(const std::string& s) {
  auto slash = s.find('/');
  if (slash == std::string::npos) return Rational(std::stoll(s));
  return Rational(std::stoll(s.substr(0, slash)), std::stoll(s.substr(slash + 1)));
}

// Normalised value: map key -> (number or string).
struct NVal {
  std::map<std::string, std::pair<bool, std::pair<double, std::string>>> fields;  // is_number, (num, str)
};

inline void split_sample(NVal& v) {
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

inline NVal from_json(const JsonValue& v) {
  NVal out;
  for (const auto& [k, x] : v.object) {
    std::string key = k == "sound" ? "s" : k;
    if (x.type == JsonValue::Type::Number) out.fields[key] = {true, {x.number, ""}};
    else out.fields[key] = {false, {0, x.string}};
  }
  split_sample(out);
  return out;
}

inline NVal from_value(const Value& v) {
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

inline bool same_value(const NVal& a, const NVal& b) {
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
inline std::vector<NEvent> events_of_json(const JsonValue& c) {
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
inline std::string mismatch(const std::vector<NEvent>& want, const std::vector<NEvent>& got) {
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

// Runs `phonon query --cases CASES` and compares every case of GOLDEN with its output; each difference is a
// test failure naming the case. `known_gaps` maps a case id to the error Phonon gives for it today: such a case
// must fail with exactly that error (so fixing it makes the test say so). Returns the number of cases that matched.
inline int check_query_cases(const std::string& cases, const std::string& golden_path, const std::string& out_name,
                             const std::map<std::string, std::string>& known_gaps = {}) {
  const std::string out = ::testing::TempDir() + out_name;
  const std::string cmd = std::string("\"") + PHONON_BINARY + "\" query --cases \"" + cases + "\" > \"" + out + "\"";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const JsonValue root = json::parse_json(read_text(out));
  const JsonValue golden = json::parse_json(read_text(golden_path));
  const JsonValue* got_cases = root.get("cases");
  if (!got_cases) {
    ADD_FAILURE() << "no cases in the output of " << cmd;
    return 0;
  }
  std::map<std::string, const JsonValue*> by_id;
  for (const auto& c : got_cases->array) by_id[c.get("id")->string] = &c;
  int passed = 0, failed = 0;
  for (const auto& g : golden.get("cases")->array) {
    const std::string& id = g.get("id")->string;
    auto it = by_id.find(id);
    const std::string why = it == by_id.end()          ? "not in the output"
                            : it->second->get("error") ? "error: " + it->second->get("error")->string
                                                       : mismatch(events_of_json(g), events_of_json(*it->second));
    if (auto gap = known_gaps.find(id); gap != known_gaps.end()) {
      EXPECT_NE(why.find(gap->second), std::string::npos)
          << id << " is listed as a known gap failing with `" << gap->second
          << "`, but: " << (why.empty() ? "it now matches Tidal; remove it from the list" : why);
      continue;
    }
    if (why.empty()) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << id << ": " << why;
    }
  }
  EXPECT_EQ(failed, 0) << passed << " passed, " << failed << " failed";
  EXPECT_EQ(passed + static_cast<int>(known_gaps.size()), static_cast<int>(golden.get("cases")->array.size()));
  return passed;
}

}  // namespace phonon::golden_compare
