// `live --record` on a full disk: the recorder warns at once (failed() turns true while the music still plays),
// keeps draining the ring, and leaves a valid file holding everything written before the disk filled. Runs on a
// 1 MiB tmpfs in a private user+mount namespace (`unshare -rm`); where the platform does not allow that, the test
// skips with a line saying so.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "runtime/live/live_session.hpp"
#include "runtime/samples/audio_file.hpp"

namespace phonon {
namespace {

float sample_at(int64_t frame, int channel) {
  return static_cast<float>(0.5 * std::sin(2 * M_PI * (440.0 + 220.0 * channel) * static_cast<double>(frame) / 44100));
}

// The body, inside the namespace with the small disk at `dir`.
void record_until_full(const std::string& dir) {
  const std::string path = dir + "/rec.wav";
  Recorder rec(path, 44100, 8.0);
  const int64_t total = 6 * 44100;  // 2 MiB of float stereo: twice the disk
  std::vector<float> chunk(2 * 4410);
  int64_t pushed = 0;
  bool warned_while_playing = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (pushed < total && std::chrono::steady_clock::now() < deadline) {
    const int64_t n = std::min<int64_t>(4410, total - pushed);
    for (int64_t i = 0; i < n; ++i)
      for (int c = 0; c < 2; ++c) chunk[static_cast<size_t>(2 * i + c)] = sample_at(pushed + i, c);
    size_t done = 0;
    while (done < static_cast<size_t>(2 * n)) {
      done += rec.ring().push(chunk.data() + done, static_cast<size_t>(2 * n) - done);
      if (done < static_cast<size_t>(2 * n)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    pushed += n;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // about 20x real time
    if (rec.failed()) warned_while_playing = true;
  }
  EXPECT_EQ(pushed, total) << "the ring stopped draining after the disk filled";
  EXPECT_TRUE(warned_while_playing) << "no warning before the end";
  std::string error;
  EXPECT_FALSE(rec.finish(&error));
  EXPECT_NE(error.find("holds the"), std::string::npos) << error;
  AudioFileData d;
  std::string read_error;
  ASSERT_TRUE(read_audio_file(path, &d, &read_error)) << read_error;
  EXPECT_EQ(d.channels, 2);
  EXPECT_GE(d.frames, rec.frames_written());
  EXPECT_GT(d.frames, 44100 / 2);
  EXPECT_LT(d.frames, total);
  for (int64_t i = 0; i < rec.frames_written(); i += 997)
    ASSERT_FLOAT_EQ(d.interleaved[static_cast<size_t>(2 * i + 1)], sample_at(i, 1)) << "frame " << i;
}

TEST(RecordFullDisk, WarnsAtOnceKeepsPlayingAndLeavesAValidFile) {
  if (const char* dir = std::getenv("PHONON_FULL_DISK_DIR")) {
    record_until_full(dir);
    return;
  }
  // Run this test again in a namespace of its own, with a 1 MiB tmpfs mounted for it.
  char self[4096] = {};
  const ssize_t len = ::readlink("/proc/self/exe", self, sizeof self - 1);
  ASSERT_GT(len, 0);
  const std::string cmd =
      "unshare -rm sh -c 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs \"$d\" || exit 77; "
      "PHONON_FULL_DISK_DIR=\"$d\" \"" +
      std::string(self) +
      "\" --gtest_filter=RecordFullDisk.WarnsAtOnceKeepsPlayingAndLeavesAValidFile; rc=$?; umount \"$d\"; "
      "rmdir \"$d\"; exit $rc' > /tmp/phonon_full_disk_" +
      std::to_string(::getpid()) + ".log 2>&1";
  const int st = std::system(cmd.c_str());
  const std::string log = "/tmp/phonon_full_disk_" + std::to_string(::getpid()) + ".log";
  std::string text;
  if (FILE* f = std::fopen(log.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
  }
  std::filesystem::remove(log);
  if (WIFEXITED(st) && (WEXITSTATUS(st) == 77 || (WEXITSTATUS(st) == 1 && text.find("unshare:") == 0)))
    GTEST_SKIP() << "cannot mount a small tmpfs here (unshare -rm / mount not permitted): full-disk test skipped\n"
                 << text;
  EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << text;
  EXPECT_NE(text.find("[  PASSED  ] 1 test"), std::string::npos) << text;
  EXPECT_NE(text.find("warning: "), std::string::npos) << "the recorder did not warn:\n" << text;
}

}  // namespace
}  // namespace phonon
