// Parser over real inputs: every test program (tests/programs), every conformance case's Tidal expression, and
// golden AST files (tests/golden/ast/*.ast; PHONON_UPDATE_GOLDEN=1 rewrites them).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/ast_print.hpp"
#include "compiler/parser.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const fs::path kPrograms = PHONON_TEST_PROGRAMS;
const fs::path kConformance = PHONON_CONFORMANCE_DIR;
const fs::path kGoldenDir = fs::path(PHONON_SOURCE_DIR) / "tests" / "golden" / "ast";

TEST(ParserPrograms, EverySharedProgramParses) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(kPrograms)) {
    if (entry.path().extension() != ".ph") continue;
    ++count;
    auto file = std::make_shared<SourceFile>(entry.path().string(), read_text(entry.path()));
    Diagnostics diags;
    Program program = parse_program(file, diags);
    EXPECT_FALSE(diags.has_errors()) << diags.render_all();
    EXPECT_FALSE(program.statements.empty()) << entry.path();
  }
  EXPECT_GE(count, 5);
}

// The value of every `"tidal": "..."` member of cases.json (JSON string escapes undone). A deliberately tiny
// extraction, not a JSON parser: the file is machine-written with one case object per line.
std::vector<std::string> tidal_expressions(const std::string& json) {
  std::vector<std::string> out;
  const std::string key = "\"tidal\":";
  for (size_t at = json.find(key); at != std::string::npos; at = json.find(key, at + 1)) {
    size_t i = at + key.size();
    while (i < json.size() && json[i] == ' ') ++i;
    if (i >= json.size() || json[i] != '"') continue;
    std::string value;
    for (++i; i < json.size() && json[i] != '"'; ++i) {
      if (json[i] == '\\' && i + 1 < json.size()) {
        char c = json[++i];
        value += c == 'n' ? '\n' : c == 't' ? '\t' : c;  // \" \\ \/ and the common escapes
      } else {
        value += json[i];
      }
    }
    out.push_back(value);
  }
  return out;
}

TEST(ParserPrograms, EveryConformanceCaseParses) {
  std::vector<std::string> exprs = tidal_expressions(read_text(kConformance / "cases.json"));
  ASSERT_GE(exprs.size(), 100u);
  for (const auto& text : exprs) {
    auto file = std::make_shared<SourceFile>("<case>", text);
    Diagnostics diags;
    ExprPtr e = parse_expression(file, diags);
    EXPECT_TRUE(e != nullptr) << text << "\n" << diags.render_all();
    EXPECT_TRUE(diags.items().empty()) << text << "\n" << diags.render_all();
  }
}

// Golden text of one file: its AST, then its rendered diagnostics (file named by its base name only).
std::string golden_text(const fs::path& input) {
  auto file = std::make_shared<SourceFile>(input.filename().string(), read_text(input));
  Diagnostics diags;
  Program program = parse_program(file, diags);
  std::string out = print_ast(program);
  if (!diags.items().empty()) out += "-- diagnostics\n" + diags.render_all();
  return out;
}

void check_golden(const fs::path& input, const std::string& name) {
  ASSERT_TRUE(fs::exists(input)) << input;
  const fs::path golden = kGoldenDir / (name + ".ast");
  const std::string actual = golden_text(input);
  const char* update = std::getenv("PHONON_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with PHONON_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(read_text(golden), actual) << "golden mismatch for " << input
                                       << " (PHONON_UPDATE_GOLDEN=1 rewrites it after review)";
}

TEST(ParserGolden, SharedPrograms) {
  for (const char* name : {"m", "d", "z", "stack_demo", "wave2_integration"})
    check_golden(kPrograms / (std::string(name) + ".ph"), name);
}

TEST(ParserGolden, SyntaxTour) { check_golden(kGoldenDir / "syntax_tour.ph", "syntax_tour"); }

TEST(ParserGolden, Errors) { check_golden(kGoldenDir / "errors.ph", "errors"); }

}  // namespace
}  // namespace phonon
