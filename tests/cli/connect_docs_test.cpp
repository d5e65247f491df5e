// docs/connect.md: its programs (```ph file=NAME blocks) are written out, its `phonon render` commands run and
// their files checked, and its `phonon live` command lines parse (they stop at the missing song.ph, after every
// option was accepted). The MIDI and OSC behaviour it describes is tested in tests/live/gear_jack_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/samples/audio_file.hpp"
#include "tests/cli/cli_support.hpp"

namespace phonon {
namespace {

// `phonon ARGS` (shell text) run in folder `dir`.
cli_support::CliRun run_in(const std::string& dir, const std::string& args) {
  const std::string cmd = "cd '" + dir + "' && " + std::string(PHONON_BINARY) + " " + args + " 2>&1";
  cli_support::CliRun r{0, {}};
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (fgets(buf, sizeof buf, p)) r.output += buf;
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

TEST(ConnectDocs, ProgramsRenderAndCommandLinesParse) {
  const std::string doc = cli_support::read_file(std::string(PHONON_SOURCE_DIR) + "/docs/connect.md");
  ASSERT_FALSE(doc.empty());
  auto dir = std::filesystem::temp_directory_path() / ("phonon-connect-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::istringstream in(doc);
  std::string line, file;
  bool in_ph = false, in_sh = false;
  std::ofstream ph;
  std::vector<std::string> commands;
  while (std::getline(in, line)) {
    if (in_ph || in_sh) {
      if (line == "```") {
        if (in_ph) ph.close();
        in_ph = in_sh = false;
      } else if (in_ph) {
        ph << line << "\n";
      } else if (line.rfind("phonon ", 0) == 0) {
        commands.push_back(line.substr(7));
      }
    } else if (line.rfind("```ph file=", 0) == 0) {
      ph.open(dir / line.substr(11));
      in_ph = true;
    } else if (line == "```sh") {
      in_sh = true;
    }
  }
  ASSERT_GE(commands.size(), 5u);
  int renders = 0;
  for (const std::string& c : commands) {
    const auto r = run_in(dir.string(), c);
    if (c.rfind("render", 0) == 0) {
      EXPECT_EQ(r.status, 0) << c << "\n" << r.output;
      ++renders;
    } else {
      EXPECT_EQ(r.status, 1) << c << "\n" << r.output;
      EXPECT_NE(r.output.find("cannot read `song.ph`"), std::string::npos) << c << "\n" << r.output;
    }
  }
  EXPECT_GE(renders, 1);
  // orbits.wav: the kick on channels 3-4, the hi-hat on channel 6, nothing elsewhere.
  AudioFileData d;
  std::string error;
  ASSERT_TRUE(read_audio_file((dir / "orbits.wav").string(), &d, &error)) << error;
  ASSERT_EQ(d.channels, 8);
  std::vector<double> peak(8, 0.0);
  for (size_t i = 0; i < d.interleaved.size(); ++i)
    peak[i % 8] = std::max(peak[i % 8], static_cast<double>(std::fabs(d.interleaved[i])));
  for (int c = 0; c < 8; ++c) EXPECT_EQ(peak[static_cast<size_t>(c)] > 0.01, c == 2 || c == 3 || c == 5) << c;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace phonon
