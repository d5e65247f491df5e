// The real-world corpus (tests/conformance/corpus_cases.json: Tidal statements from public sessions, workshops and
// the Tidal documentation, with Tidal 1.7.10 goldens; see corpus.md). Every statement must keep giving Tidal's events
// through `phonon query --cases`, except the reviewed ones in corpus_known_failures.txt, which must fail as listed
// (so a fix is noticed); and every statement must compile and render as `d1 $ …` without a crash.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/eval/json_value.hpp"
#include "compiler/plan.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "tests/conformance/golden_compare.hpp"

namespace phonon {
namespace {

const std::string kHere = std::string(PHONON_SOURCE_DIR) + "/tests/conformance";

// corpus_known_failures.txt: `id <TAB> text the failure contains <TAB> cause`; `#` starts a comment line.
std::map<std::string, std::string> known_failures() {
  std::map<std::string, std::string> out;
  std::istringstream in(golden_compare::read_text(kHere + "/corpus_known_failures.txt"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('\t');
    const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    EXPECT_NE(b, std::string::npos) << "corpus_known_failures.txt: expected `id<TAB>text<TAB>cause`: " << line;
    if (b == std::string::npos) continue;
    EXPECT_TRUE(out.emplace(line.substr(0, a), line.substr(a + 1, b - a - 1)).second) << "listed twice: " << line;
  }
  return out;
}

TEST(CorpusConformance, QueryMatchesTidalExceptTheReviewedKnownFailures) {
  const auto known = known_failures();
  const int passed = golden_compare::check_query_cases(kHere + "/corpus_cases.json", kHere + "/corpus_golden.json",
                                                       "phonon_corpus_out.json", known);
  const int total = passed + static_cast<int>(known.size());
  std::printf("[ corpus   ] %d of %d real-world statements give Tidal 1.7.10's events (%.1f %%)\n", passed, total,
              100.0 * passed / std::max(total, 1));
  EXPECT_GE(passed * 100, total * 95) << "issue 12 asks for at least 95 %";
}

TEST(CorpusConformance, EveryCaseHasAGoldenAndASource) {
  auto cases = json::parse_json(golden_compare::read_text(kHere + "/corpus_cases.json"));
  auto golden = json::parse_json(golden_compare::read_text(kHere + "/corpus_golden.json"));
  ASSERT_EQ(cases.array.size(), golden.get("cases")->array.size());
  for (size_t i = 0; i < cases.array.size(); ++i) {
    const auto& c = cases.array[i];
    EXPECT_EQ(c.get("id")->string, golden.get("cases")->array[i].get("id")->string);
    EXPECT_EQ(golden.get("cases")->array[i].get("error"), nullptr) << "Tidal rejects " << c.get("id")->string;
    ASSERT_NE(c.get("source"), nullptr) << c.get("id")->string;
    EXPECT_EQ(c.get("source")->string.rfind("https://github.com/", 0), 0u) << c.get("id")->string;
  }
}

// Each statement as a program (`defs`, then `d1 $ expr`), compiled and rendered for one cycle: a statement may be
// an error (a clear diagnostic), never a crash, a hang or a non-finite sample. A statement that `phonon query`
// evaluates must compile too: both share one evaluation path.
TEST(CorpusConformance, EveryStatementRendersWithoutACrash) {
  const auto started = std::chrono::steady_clock::now();
  auto cases = json::parse_json(golden_compare::read_text(kHere + "/corpus_cases.json"));
  const auto known = known_failures();
  static SampleBank bank({std::string(PHONON_TEST_SAMPLES)}, true);
  constexpr int kBlock = 512;
  int rendered = 0;
  for (const auto& c : cases.array) {
    const std::string& id = c.get("id")->string;
    const json::JsonValue* defs = c.get("defs");
    const std::string program = (defs ? defs->string + "\n" : std::string()) + "d1 $ " + c.get("tidal")->string + "\n";
    SCOPED_TRACE(id + ":\n" + program);
    CompileResult r = compile_source(std::make_shared<SourceFile>(id + ".ph", program));
    if (!r.ok()) {
      // only the statements Phonon does not evaluate (listed with an error) may fail to compile
      auto k = known.find(id);
      EXPECT_TRUE(k != known.end() && k->second != "missing") << r.diagnostics.render_all();
      continue;
    }
    EngineOptions eo;
    eo.max_block = kBlock;
    Engine engine(eo);
    std::vector<std::string> warnings;
    engine.start(load_plan(engine, bank, r.plan, &warnings));
    const int blocks = static_cast<int>(std::ceil(eo.rate / r.plan->cps / kBlock));
    std::vector<float> buf(2 * kBlock);
    bool finite = true;
    for (int b = 0; b < blocks && finite; ++b) {
      engine.process(buf.data(), kBlock);
      for (float x : buf) finite = finite && std::isfinite(x);
    }
    EXPECT_TRUE(finite) << "a non-finite sample";
    ++rendered;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("[ corpus   ] rendered %d of %zu statements for one cycle in %.1f s\n", rendered, cases.array.size(),
              seconds);
  EXPECT_GT(rendered, static_cast<int>(cases.array.size() * 9 / 10));
}

}  // namespace
}  // namespace phonon
