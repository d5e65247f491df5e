// docs/tutorial.md works as printed: every ```ph block renders through the real binary without errors or
// warnings and makes sound; the pictures it shows are the project's own output for docs/pictures/*.ph, whose
// programs appear in the tutorial word for word; README.md links the tutorial first.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/samples/audio_file.hpp"
#include "tests/cli/cli_support.hpp"

namespace phonon {
namespace {

using namespace cli_support;
namespace fs = std::filesystem;

const fs::path kDocs = fs::path(PHONON_SOURCE_DIR) / "docs";

// The bodies of the fenced blocks with info string `lang`.
std::vector<std::string> blocks(const std::string& md, const std::string& lang) {
  std::vector<std::string> out;
  const std::string open = "```" + lang + "\n";
  for (size_t at = md.find(open); at != std::string::npos; at = md.find(open, at + 1)) {
    const size_t begin = at + open.size();
    const size_t end = md.find("\n```", begin - 1);
    if (end == std::string::npos) break;
    out.push_back(md.substr(begin, end + 1 - begin));
  }
  return out;
}

TEST(Tutorial, EveryProgramRendersWithSound) {
  const std::string md = read_file(kDocs / "tutorial.md");
  const auto programs = blocks(md, "ph");
  ASSERT_GE(programs.size(), 12u);
  ScratchDir dir;
  for (size_t i = 0; i < programs.size(); ++i) {
    const std::string ph = dir.write("block" + std::to_string(i) + ".ph", programs[i]);
    const std::string wav = dir.file("block" + std::to_string(i) + ".wav");
    CliRun r = run_phonon("render " + ph + " -o " + wav + " --cycles 2");
    EXPECT_EQ(r.status, 0) << programs[i] << r.output;
    EXPECT_EQ(r.output.find("warning"), std::string::npos) << programs[i] << r.output;
    AudioFileData d;
    if (!read_audio_file(wav, &d, nullptr)) continue;
    float peak = 0;
    for (float x : d.interleaved) peak = std::max(peak, std::fabs(x));
    EXPECT_GT(peak, 0.01f) << "silent:\n" << programs[i];
  }
}

TEST(Tutorial, PicturesAreTheProjectsOwnOutputForTheProgramsShown) {
  const std::string md = read_file(kDocs / "tutorial.md");
  const auto programs = blocks(md, "ph");
  int pictures = 0;
  ScratchDir dir;
  for (const auto& e : fs::directory_iterator(kDocs / "pictures")) {
    if (e.path().extension() != ".ph") continue;
    ++pictures;
    const std::string stem = e.path().stem().string();
    const std::string text = read_file(e.path());
    EXPECT_NE(std::find(programs.begin(), programs.end(), text), programs.end())
        << e.path() << " is not shown in the tutorial";
    EXPECT_NE(md.find("(pictures/" + stem + ".svg)"), std::string::npos);
    EXPECT_NE(md.find("(pictures/" + stem + ".png)"), std::string::npos);
    // The piano roll is exact text: regenerate it and compare (scripts/make-doc-pictures.sh rewrites both).
    CliRun r = run_phonon("query " + e.path().string() + " --cycles 2 --svg " + dir.file(stem + ".svg"));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(read_file(dir.file(stem + ".svg")), read_file(kDocs / "pictures" / (stem + ".svg")))
        << "docs/pictures/" << stem << ".svg is stale: run scripts/make-doc-pictures.sh";
    const std::string png = read_file(kDocs / "pictures" / (stem + ".png"));
    EXPECT_EQ(png.substr(0, 4), "\x89PNG");
  }
  EXPECT_GE(pictures, 1);
}

TEST(Tutorial, ReadmeLinksItFirst) {
  const std::string readme = read_file(fs::path(PHONON_SOURCE_DIR) / "README.md");
  const size_t tutorial = readme.find("docs/tutorial.md");
  ASSERT_NE(tutorial, std::string::npos);
  EXPECT_LT(tutorial, readme.find("docs/language.md"));
}

}  // namespace
}  // namespace phonon
