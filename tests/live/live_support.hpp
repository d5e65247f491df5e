// Helpers for the live tests: run the real `phonon` binary as a child process, read its memory use, find a JACK
// server, analyse recordings.
#pragma once
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/drivers/audio_output.hpp"

namespace phonon::live_test {

// True when a JACK server with a playback port answers (the live tests skip otherwise).
inline bool jack_available() {
  std::string why;
  return !list_output_devices("jack", &why).empty();
}

// Skips the test, with a line saying so, unless a JACK server answers (the live tests run under
// scripts/jack-test.sh, which starts the dummy driver).
#define REQUIRE_JACK()                                                                          \
  do {                                                                                          \
    if (!::phonon::live_test::jack_available())                                                 \
      GTEST_SKIP() << "no JACK server running (run the live tests under scripts/jack-test.sh)"; \
  } while (0)

inline std::filesystem::path make_temp_dir(const std::string& tag) {
  auto dir = std::filesystem::temp_directory_path() / ("phonon_live_" + tag + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
}

// Writes `text` to a temporary file next to `path` and renames it over `path` (how many editors save).
inline void save_by_rename(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp~";
  write_file(tmp, text);
  std::filesystem::rename(tmp, path);
}

// A child process whose stdout and stderr go to files.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& out_path, const std::string& err_path,
        bool stdin_pipe = false) {
    int in_pipe[2] = {-1, -1};
    if (stdin_pipe && ::pipe(in_pipe) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out >= 0) ::dup2(out, 1);
      if (err >= 0) ::dup2(err, 2);
      if (stdin_pipe) {
        ::dup2(in_pipe[0], 0);
        ::close(in_pipe[0]);
        ::close(in_pipe[1]);
      } else {
        const int null_fd = ::open("/dev/null", O_RDONLY);
        if (null_fd >= 0) ::dup2(null_fd, 0);
      }
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    if (stdin_pipe) {
      ::close(in_pipe[0]);
      stdin_fd_ = in_pipe[1];
    }
  }
  ~Child() {
    close_stdin();
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      int st;
      ::waitpid(pid_, &st, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  bool started() const { return pid_ > 0; }
  void send(const std::string& text) {
    if (stdin_fd_ >= 0) {
      const ssize_t n = ::write(stdin_fd_, text.data(), text.size());
      (void)n;
    }
  }
  void close_stdin() {
    if (stdin_fd_ >= 0) ::close(stdin_fd_);
    stdin_fd_ = -1;
  }
  void signal(int sig) {
    if (pid_ > 0 && !exited_) ::kill(pid_, sig);
  }
  // Waits up to `timeout`; returns the exit status, or -1 (after killing the child) on a timeout, or 128+signal.
  int wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int st = 0;
      const pid_t r = ::waitpid(pid_, &st, WNOHANG);
      if (r == pid_) {
        exited_ = true;
        if (WIFEXITED(st)) return WEXITSTATUS(st);
        if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
        return -2;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    int st;
    ::waitpid(pid_, &st, 0);
    exited_ = true;
    return -1;
  }
  bool running() {
    if (exited_) return false;
    int st = 0;
    return ::waitpid(pid_, &st, WNOHANG) == 0;
  }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  bool exited_ = false;
};

// Resident memory of a process in KiB (VmRSS from /proc), or -1.
inline long vm_rss_kib(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// Polls a file until it contains `needle` or the timeout passes.
inline bool wait_for_text(const std::string& path, const std::string& needle, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (read_file(path).find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// The figure after `key` in the last line that has it (the summary's), or -1.
// `phonon repl`'s replies: how many `ok` lines the file holds, and waiting for n of them.
inline size_t ok_replies(const std::string& out) {
  size_t n = 0;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) n += line == "ok";
  return n;
}
inline bool wait_for_replies(const std::string& path, size_t n, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ok_replies(read_file(path)) >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// The first sample (interleaved index) where two recordings differ bit for bit; a.size() when they do not.
inline size_t first_difference(const std::vector<float>& a, const std::vector<float>& b) {
  for (size_t i = 0; i < a.size(); ++i)
    if (i >= b.size() || std::memcmp(&a[i], &b[i], sizeof(float)) != 0) return i;
  return a.size();
}

inline double summary_figure(const std::string& err, const std::string& key) {
  const auto at = err.rfind(key);
  if (at == std::string::npos) return -1;
  return std::strtod(err.c_str() + at + key.size(), nullptr);
}

// Whether Phonon kept within the audio budget, from the summary line (cli/common.cpp describe_load). JACK's
// underrun count cannot say: the dummy driver counts an xrun whenever any client or its own thread misses a
// period, and on a virtual machine the host stalls a virtual CPU for 3-17 ms several times a minute, whatever
// runs on it (tools/stall_probe.c). So the test is on Phonon's own buffers: 99 % of them took under half the
// period, and late ones (over the period) are no more than the stalls explain, one per 10 s of play. A cost that
// recurs (every cycle, every event, every reload) breaks either bound; one stall landing in a buffer does not.
inline ::testing::AssertionResult within_budget(const std::string& err) {
  const double played = summary_figure(err, "played ");
  const double p99 = summary_figure(err, " p99 ");
  const double late = summary_figure(err, "late buffers ");
  if (played < 0 || p99 < 0 || late < 0) return ::testing::AssertionFailure() << "no summary line with the load";
  const double allowed_late = std::max(1.0, std::floor(played / 10.0));
  if (p99 >= 50.0) return ::testing::AssertionFailure() << "99th percentile load " << p99 << "% (want < 50%)";
  if (late > allowed_late)
    return ::testing::AssertionFailure() << late << " late buffers in " << played << " s (allowed " << allowed_late
                                         << ")";
  if (const double underruns = summary_figure(err, "underruns: "); underruns > 0)
    std::fprintf(stderr, "note: %.0f underrun(s) counted by JACK; Phonon: p99 load %.1f%%, %.0f late buffer(s)\n",
                 underruns, p99, late);
  return ::testing::AssertionSuccess();
}

inline size_t count_of(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// Energy measures of frames [begin, end) of an interleaved stereo recording (left + right mixed to mono).
struct Band {
  double total = 0.0;  // mean square
  double high = 0.0;   // mean square of the first difference (weights high frequencies: ~4 sin^2(pi f / rate))
  double low = 0.0;    // mean square after a one-pole low-pass at ~150 Hz
};

inline Band band_energy(const std::vector<float>& stereo, int64_t begin, int64_t end, double rate) {
  Band b;
  const int64_t frames = static_cast<int64_t>(stereo.size() / 2);
  begin = std::max<int64_t>(1, begin);
  end = std::min(end, frames);
  if (end <= begin) return b;
  const double a = std::exp(-2.0 * M_PI * 150.0 / rate);
  double lp = 0.0;
  // Let the low-pass settle on a little audio before the window.
  for (int64_t i = std::max<int64_t>(0, begin - 2048); i < begin; ++i) {
    const double x = 0.5 * (stereo[2 * i] + stereo[2 * i + 1]);
    lp = (1 - a) * x + a * lp;
  }
  double prev = 0.5 * (stereo[2 * (begin - 1)] + stereo[2 * (begin - 1) + 1]);
  for (int64_t i = begin; i < end; ++i) {
    const double x = 0.5 * (stereo[2 * i] + stereo[2 * i + 1]);
    lp = (1 - a) * x + a * lp;
    b.total += x * x;
    b.high += (x - prev) * (x - prev);
    b.low += lp * lp;
    prev = x;
  }
  const double n = static_cast<double>(end - begin);
  b.total /= n;
  b.high /= n;
  b.low /= n;
  return b;
}

}  // namespace phonon::live_test
