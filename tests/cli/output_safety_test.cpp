// Files are never destroyed by `phonon render`: the input program and existing non-audio files are refused, the
// temporary `.part` file goes away on SIGINT, SIGTERM and SIGHUP, and a stale one from a killed run is removed by
// the next run to the same target.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/cli_support.hpp"

extern char** environ;

namespace phonon {
namespace {

using namespace cli_support;

const char* kProgram = "o1: s \"bd*4 [sn cp]\"\n";

TEST(OutputSafety, RenderRefusesToOverwriteItsInput) {
  ScratchDir dir;
  // A program whose name ends in .wav, given under two spellings of the same path.
  const std::string song = dir.write("song.wav", kProgram);
  for (const std::string& out : {song, (dir.path() / "." / "song.wav").string()}) {
    CliRun r = run_phonon("render " + song + " -o " + out + " --duration 0.5");
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("is the input program; it is kept"), std::string::npos) << r.output;
    EXPECT_EQ(read_file(song), kProgram);
  }
  EXPECT_TRUE(dir.names_with(".part").empty());
}

TEST(OutputSafety, RenderRefusesAnExistingFileThatIsNotAudio) {
  ScratchDir dir;
  const std::string ph = dir.write("p.ph", kProgram);
  const std::string notes = dir.write("notes.wav", "my notes, not audio\n");
  CliRun r = run_phonon("render " + ph + " -o " + notes + " --duration 0.5");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("it exists and is not an audio file, so it is kept"), std::string::npos) << r.output;
  EXPECT_EQ(read_file(notes), "my notes, not audio\n");
  // A folder is refused too.
  std::filesystem::create_directories(dir.path() / "d.wav");
  r = run_phonon("render " + ph + " -o " + dir.file("d.wav") + " --duration 0.5");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("it is a folder"), std::string::npos) << r.output;
  EXPECT_TRUE(dir.names_with(".part").empty());
}

TEST(OutputSafety, RenderReplacesAnEarlierRender) {
  ScratchDir dir;
  const std::string ph = dir.write("p.ph", kProgram);
  ASSERT_EQ(run_phonon("render " + ph + " -o " + dir.file("o.wav") + " --duration 0.5").status, 0);
  const auto first = std::filesystem::file_size(dir.file("o.wav"));
  CliRun r = run_phonon("render " + ph + " -o " + dir.file("o.wav") + " --duration 1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_GT(std::filesystem::file_size(dir.file("o.wav")), first);
}

TEST(OutputSafety, StalePartOfADeadRunIsRemovedAndALiveOneKept) {
  ScratchDir dir;
  const std::string ph = dir.write("p.ph", kProgram);
  // The PID of a process that has ended.
  pid_t dead = fork();
  if (dead == 0) _exit(0);
  ASSERT_GT(dead, 0);
  waitpid(dead, nullptr, 0);
  const std::string stale = "o.wav.part-" + std::to_string(dead) + "-0badf00d";
  const std::string live = "o.wav.part-" + std::to_string(::getpid()) + "-0000cafe";  // this test runs
  dir.write(stale, "half a render");
  dir.write(live, "another writer's file");
  dir.write("other.wav.part-" + std::to_string(dead) + "-00000001", "another target's");
  CliRun r = run_phonon("render " + ph + " -o " + dir.file("o.wav") + " --duration 0.5");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("removed `" + dir.file(stale) + "`, left by an interrupted render"), std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir.file(stale)));
  EXPECT_TRUE(std::filesystem::exists(dir.file(live)));
  EXPECT_EQ(dir.names_with("other.wav.part").size(), 1u);
}

// Starts a day-long render, waits for its temporary file, sends `sig`, and checks that the process ended by
// that signal and left nothing behind.
void expect_signal_cleans_up(int sig) {
  ScratchDir dir;
  const std::string ph = dir.write("p.ph", "o1: s \"bd*16 sn*8\" # n (irand 8)\no2: sine 220 * 0.1\n");
  const std::string out = dir.file("o.wav");
  std::vector<std::string> args = {PHONON_BINARY, "render", ph, "-o", out, "--duration", "86400"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, s);
  posix_spawnattr_setsigdefault(&attr, &defaults);  // ctest may start us with SIGINT ignored
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, PHONON_BINARY, nullptr, &attr, argv.data(), environ), 0);
  posix_spawnattr_destroy(&attr);
  bool started = false;
  for (int i = 0; i < 300 && !started; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    started = !dir.names_with("o.wav.part-").empty() &&
              std::filesystem::file_size(dir.path() / dir.names_with("o.wav.part-")[0]) > 100000;
  }
  EXPECT_TRUE(started) << "the render did not start writing";
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "status " << status;
  EXPECT_TRUE(dir.names_with(".part").empty()) << dir.names_with(".part")[0];
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(OutputSafety, SigintRemovesTheTemporaryFile) { expect_signal_cleans_up(SIGINT); }
TEST(OutputSafety, SigtermRemovesTheTemporaryFile) { expect_signal_cleans_up(SIGTERM); }
TEST(OutputSafety, SighupRemovesTheTemporaryFile) { expect_signal_cleans_up(SIGHUP); }

}  // namespace
}  // namespace phonon
