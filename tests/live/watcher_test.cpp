// FileWatcher: saves in place, saves by rename-over, unrelated files, debounce of bursts.
#include "runtime/live/watcher.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace phonon {
namespace {

namespace fs = std::filesystem;

class WatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("phonon_watch_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    file_ = (dir_ / "prog.ph").string();
    write(file_, "o1: s \"bd\"\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  static void write(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::trunc);
    f << text;
  }
  fs::path dir_;
  std::string file_;
};

TEST_F(WatcherTest, NothingHappensNoChange) {
  FileWatcher w(file_);
  EXPECT_FALSE(w.wait(150));
}

TEST_F(WatcherTest, SeesWriteInPlace) {
  FileWatcher w(file_);
  write(file_, "o1: s \"sn\"\n");
  EXPECT_TRUE(w.wait(1000));
  EXPECT_FALSE(w.wait(150));  // reported once
}

TEST_F(WatcherTest, SeesRenameOverSave) {
  FileWatcher w(file_);
  const std::string tmp = (dir_ / ".prog.ph.swp").string();
  write(tmp, "o1: s \"hh\"\n");
  // The temporary file alone is not our file.
  EXPECT_FALSE(w.wait(150));
  fs::rename(tmp, file_);
  EXPECT_TRUE(w.wait(1000));
}

TEST_F(WatcherTest, SeesDeleteAndRecreate) {
  FileWatcher w(file_);
  fs::remove(file_);
  write(file_, "o1: s \"cp\"\n");
  EXPECT_TRUE(w.wait(1000));
}

TEST_F(WatcherTest, IgnoresOtherFilesInTheDirectory) {
  FileWatcher w(file_);
  write((dir_ / "other.ph").string(), "x");
  write((dir_ / "prog.ph~").string(), "x");
  EXPECT_FALSE(w.wait(200));
}

TEST_F(WatcherTest, BurstOfWritesIsOneChange) {
  // Writes 10 ms apart, well inside a 300 ms debounce window, so that a loaded machine (a test runner beside
  // other builds) does not stretch a gap past the window; if it still does, the burst was not one burst.
  constexpr auto kDebounce = std::chrono::milliseconds(300);
  FileWatcher w(file_, static_cast<int>(kDebounce.count()));
  std::chrono::steady_clock::duration longest_gap{};
  const auto t0 = std::chrono::steady_clock::now();  // before the first write, however the threads are scheduled
  std::thread writer([&] {
    auto last = std::chrono::steady_clock::now();
    for (int i = 0; i < 5; ++i) {
      write(file_, "o1: s \"bd*" + std::to_string(i + 1) + "\"\n");
      const auto now = std::chrono::steady_clock::now();
      if (i > 0) longest_gap = std::max(longest_gap, now - last);
      last = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const bool changed = w.wait(2000);
  const auto waited = std::chrono::steady_clock::now() - t0;
  writer.join();
  if (longest_gap >= kDebounce) GTEST_SKIP() << "the machine stalled the writer longer than the debounce window";
  EXPECT_TRUE(changed);
  // The report comes after the burst ended (5 writes about 10 ms apart, then the window of quiet).
  EXPECT_GE(waited, kDebounce);
  EXPECT_FALSE(w.wait(500));
}

TEST_F(WatcherTest, AFileTruncatedAndStillOpenIsNotReportedUntilTheWriterCloses) {
  FileWatcher w(file_, 50, 500);
  std::thread editor([&] {
    const int fd = ::open(file_.c_str(), O_WRONLY | O_TRUNC);  // an editor truncates, then writes later
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string text = "o1: s \"sn\"\n";
    EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(fd);
  });
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(w.wait(2000));
  const auto waited = std::chrono::steady_clock::now() - t0;
  editor.join();
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  std::ifstream f(file_);
  std::string line;
  std::getline(f, line);
  EXPECT_EQ(line, "o1: s \"sn\"");  // the report came when the file was whole again
  EXPECT_FALSE(w.wait(150));
}

TEST_F(WatcherTest, AWriterThatNeverClosesIsReportedAfterTheSettleTime) {
  FileWatcher w(file_, 50, 400);
  const int fd = ::open(file_.c_str(), O_WRONLY | O_TRUNC);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(w.wait(2000));
  const auto waited = std::chrono::steady_clock::now() - t0;
  ::close(fd);
  EXPECT_GE(waited, std::chrono::milliseconds(380));
}

TEST_F(WatcherTest, RelativePathInCurrentDirectory) {
  const auto old = fs::current_path();
  fs::current_path(dir_);
  {
    FileWatcher w("prog.ph");
    write(file_, "o1: s \"arpy\"\n");
    EXPECT_TRUE(w.wait(1000));
  }
  fs::current_path(old);
}

TEST_F(WatcherTest, MissingDirectoryIsAClearError) {
  try {
    FileWatcher w((dir_ / "nope" / "x.ph").string());
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace phonon
