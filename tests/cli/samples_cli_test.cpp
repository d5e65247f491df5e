// `--samples` through the real binary: a folder that does not exist, or one sound's folder given instead of the
// library root (a common mistake), is a warning naming the folder; the program still renders.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/cli/cli_support.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;

std::string run(const std::string& args, int* status) {
  cli_support::CliRun r = cli_support::run_phonon(args);
  *status = r.status;
  return r.output;
}

TEST(SamplesCli, MissingOrSoundFolderIsAWarning) {
  const fs::path dir = fs::temp_directory_path() / ("phonon_samples_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string ph = (dir / "p.ph").string();
  std::ofstream(ph) << "out: s \"bd\"\n";
  const std::string wav = (dir / "o.wav").string();
  int status = 0;
  std::string out =
      run("render " + ph + " -o " + wav + " --duration 0.2 --samples " + (dir / "nope").string(), &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("--samples " + (dir / "nope").string() + ": no such folder"), std::string::npos) << out;

  const std::string bd = std::string(PHONON_TEST_SAMPLES) + "/bd";
  out = run("render " + ph + " -o " + wav + " --duration 0.2 --samples " + bd, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("holds audio files, not sound folders"), std::string::npos) << out;

  out = run("render " + ph + " -o " + wav + " --duration 0.2 --samples " + std::string(PHONON_TEST_SAMPLES), &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_EQ(out.find("warning: --samples"), std::string::npos) << out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace phonon
