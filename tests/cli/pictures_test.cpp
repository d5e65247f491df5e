// Pictures made by the project: `phonon query --svg` (piano roll / drum grid, parsed back here: the right number
// of notes in the right lanes at the right places) and `phonon render --spectrogram` (the strongest row of a
// sine's spectrogram is its frequency, at its level).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli/spectrogram.hpp"
#include "tests/cli/cli_support.hpp"

namespace phonon {
namespace {

using namespace cli_support;

struct Note {
  std::string lane, begin, end;
  double x = 0, y = 0;
};

std::string attr(const std::string& tag, const std::string& name) {
  std::smatch m;
  if (std::regex_search(tag, m, std::regex(" " + name + "=\"([^\"]*)\""))) return m[1];
  return "";
}

std::vector<Note> notes_of(const std::string& svg) {
  std::vector<Note> out;
  std::regex rect("<rect class=\"note\"[^>]*>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator(); ++it) {
    const std::string tag = it->str();
    out.push_back({attr(tag, "data-lane"), attr(tag, "data-begin"), attr(tag, "data-end"), std::stod(attr(tag, "x")),
                   std::stod(attr(tag, "y"))});
  }
  return out;
}

std::vector<std::string> lanes_of(const std::string& svg) {
  std::vector<std::string> out;
  std::regex text("<text class=\"lane\"[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

double rational(const std::string& r) {
  const size_t slash = r.find('/');
  return std::stod(r.substr(0, slash)) / std::stod(r.substr(slash + 1));
}

// Geometry of cli/roll_svg.cpp: a cycle is 480 px wide after a 110 px label column; lanes are 18 px from y 22.
double x_of(double cycle_pos) { return 110 + 480 * cycle_pos + 0.5; }
double y_of(int lane) { return 22 + 18 * lane + 2; }

TEST(Pictures, DrumGridHasOneLanePerSoundAndEveryHitInPlace) {
  ScratchDir dir;
  const std::string svg = dir.file("roll.svg");
  CliRun r = run_phonon("query -e 's \"bd*4 [sn cp]\"' --cycles 2 --svg " + svg);
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string text = read_file(svg);
  EXPECT_EQ(lanes_of(text), (std::vector<std::string>{"bd", "cp", "sn"}));
  const auto notes = notes_of(text);
  ASSERT_EQ(notes.size(), 12u);
  std::map<std::string, std::vector<double>> begins;
  for (const auto& n : notes) {
    begins[n.lane].push_back(rational(n.begin));
    const int lane = n.lane == "bd" ? 0 : n.lane == "cp" ? 1 : 2;
    EXPECT_NEAR(n.x, x_of(rational(n.begin)), 1e-3) << n.lane << " " << n.begin;
    EXPECT_NEAR(n.y, y_of(lane), 1e-3) << n.lane;
  }
  EXPECT_EQ(begins["bd"], (std::vector<double>{0, 0.125, 0.25, 0.375, 1, 1.125, 1.25, 1.375}));
  EXPECT_EQ(begins["sn"], (std::vector<double>{0.5, 1.5}));
  EXPECT_EQ(begins["cp"], (std::vector<double>{0.75, 1.75}));
}

TEST(Pictures, PianoRollHasEveryPitchBetweenLowestAndHighest) {
  ScratchDir dir;
  const std::string ph = dir.write("chord.ph", "o1: note \"0 4 7 12\" # s \"superpiano\"\no2: s \"bd sn\"\n");
  const std::string svg = dir.file("roll.svg");
  CliRun r = run_phonon("query " + ph + " --svg " + svg);
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string text = read_file(svg);
  const auto lanes = lanes_of(text);
  ASSERT_EQ(lanes.size(), 13u + 2u);  // 12 down to 0 for o1, then bd and sn for o2
  EXPECT_EQ(lanes.front(), "o1 superpiano 12");
  EXPECT_EQ(lanes[12], "o1 superpiano 0");
  EXPECT_EQ(lanes[13], "o2 bd");
  const auto notes = notes_of(text);
  ASSERT_EQ(notes.size(), 6u);
  std::map<std::string, Note> by_lane;
  for (const auto& n : notes) by_lane[n.lane] = n;
  EXPECT_NEAR(by_lane["o1 superpiano 7"].y, y_of(5), 1e-3);
  EXPECT_NEAR(by_lane["o1 superpiano 7"].x, x_of(0.5), 1e-3);
  EXPECT_NEAR(by_lane["o1 superpiano 12"].y, y_of(0), 1e-3);
  EXPECT_NEAR(by_lane["o2 sn"].y, y_of(14), 1e-3);
}

TEST(Pictures, QuerySvgRefusesToOverwriteAProgram) {
  ScratchDir dir;
  const std::string ph = dir.write("p.ph", "o1: s \"bd\"\n");
  CliRun r = run_phonon("query " + ph + " --svg " + ph);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_EQ(read_file(ph), "o1: s \"bd\"\n");
}

TEST(Pictures, SpectrogramPeaksAtTheSineFrequencyAndLevel) {
  const double rate = 44100;
  const int64_t frames = 44100;
  cli::Spectrogram spec(rate, frames, 50);
  std::vector<float> block(2 * 512);
  for (int64_t done = 0; done < frames;) {
    const int n = static_cast<int>(std::min<int64_t>(512, frames - done));
    for (int i = 0; i < n; ++i)
      block[2 * i] = block[2 * i + 1] = static_cast<float>(0.5 * std::sin(2 * M_PI * 1000.0 * (done + i) / rate));
    spec.add(block.data(), n);
    done += n;
  }
  ASSERT_EQ(spec.columns().size(), 50u);
  // Columns 3..46 are centred at least half a window (2048 frames) inside the signal; the others see silence too.
  for (size_t k = 3; k <= 46; ++k) {
    const auto& col = spec.columns()[k];
    int best = 0;
    for (int r = 1; r < cli::Spectrogram::kRows; ++r)
      if (col[r] > col[best]) best = r;
    EXPECT_NEAR(std::log2(spec.row_frequency(best) / 1000.0), 0.0, 0.05);
    EXPECT_NEAR(col[best], 20 * std::log10(0.5), 1.5);
  }
}

TEST(Pictures, RenderWritesASpectrogramPngAndSvg) {
  ScratchDir dir;
  const std::string ph = dir.write("p.ph", "out: sine 1000 * 0.5\n");
  CliRun r =
      run_phonon("render " + ph + " -o " + dir.file("o.wav") + " --duration 2 --spectrogram " + dir.file("s.png"));
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string png = read_file(dir.file("s.png"));
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  EXPECT_EQ(be32(16), 800);  // IHDR width: columns
  EXPECT_EQ(be32(20), 256);  // height: rows
  r = run_phonon("render " + ph + " -o " + dir.file("o.wav") + " --duration 2 --spectrogram " + dir.file("s.svg"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(read_file(dir.file("s.svg")).find("href=\"data:image/png;base64,iVBOR"), std::string::npos);
  r = run_phonon("render " + ph + " -o " + dir.file("o.wav") + " --spectrogram " + dir.file("s.jpg"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("must be .png or .svg"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace phonon
