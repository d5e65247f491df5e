// Pattern query benchmarks: the cost of querying one audio block's arc, and one cycle of each conformance case.
// Target: < 5 us median for one 512-frame block (44.1 kHz, cps 0.5) of the reference pattern, on one core.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/eval/evaluator.hpp"
#include "compiler/eval/json_value.hpp"

namespace {

using namespace phonon;

Pattern pattern_of(const std::string& text) {
  eval::Term t = eval::evaluate_expression_text(text);
  eval::Evaluator ev(eval::make_standard_registry());
  return ev.resolve_default(t).pattern;
}

void BM_PatternBlockQuery(benchmark::State& state) {
  Pattern p = pattern_of("jux rev $ stut 8 0.125 0.1 $ s \"rave(3,8,1)\" # n 2");
  // arc length per block: 512 / 44100 * 0.5 cycles; use an exact rational step (512 * 0.5 / 44100 = 256/44100).
  const Rational step(256, 44100);
  Rational t(0);
  std::vector<Event> out;
  out.reserve(256);
  size_t events = 0;
  for (auto _ : state) {
    out.clear();
    Rational e = t + step;
    p.query(Arc(t, e), out);
    events += out.size();
    t = e;
    if (t > Rational(1000)) t = Rational(0);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["events/query"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_PatternBlockQuery);

std::vector<std::pair<std::string, std::string>> load_cases() {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(std::string(PHONON_SHARED_DIR) + "/conformance/cases.json");
  if (!in) return out;
  std::stringstream ss;
  ss << in.rdbuf();
  json::JsonValue root = json::parse_json(ss.str());
  const json::JsonValue* list = root.type == json::JsonValue::Type::Object ? root.get("cases") : &root;
  if (!list) return out;
  for (const auto& c : list->array)
    if (c.get("id") && c.get("tidal")) out.emplace_back(c.get("id")->string, c.get("tidal")->string);
  return out;
}

void BM_ConformanceCaseCycle(benchmark::State& state, std::string text) {
  Pattern p;
  try {
    p = pattern_of(text);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  std::vector<Event> out;
  int64_t c = 0;
  for (auto _ : state) {
    out.clear();
    p.query(Arc(Rational(c), Rational(c + 1)), out);
    c = (c + 1) % 64;
    benchmark::DoNotOptimize(out.data());
  }
}

const bool registered = [] {
  for (auto& [id, text] : load_cases())
    benchmark::RegisterBenchmark(("BM_ConformanceCaseCycle/" + id).c_str(), BM_ConformanceCaseCycle, text);
  return true;
}();

}  // namespace
