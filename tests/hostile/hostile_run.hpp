// Runs the real `phonon` binary (PHONON_BINARY) on generated hostile input: exit status, signal, wall time, peak
// memory and both output streams, with a hard time limit (the child is killed when it is exceeded). Shared by the
// hostile-input suites in this folder.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace phonon::hostile {

struct RunResult {
  int exit_code = -1;      // when the process exited
  int signal = 0;          // when a signal ended it (SIGSEGV, SIGABRT, ...; SIGKILL after a time-out)
  bool timed_out = false;  // killed at the time limit
  double seconds = 0;      // wall time
  long max_rss_kb = 0;     // peak resident memory
  std::string out, err;

  bool crashed() const { return signal != 0 && !timed_out; }
  // "exit 1 in 0.12 s" / "signal 11" / "timed out", for failure messages.
  std::string describe() const {
    std::ostringstream s;
    if (timed_out) s << "timed out after " << seconds << " s";
    else if (signal) s << "killed by signal " << signal;
    else s << "exit " << exit_code << " in " << seconds << " s, " << max_rss_kb / 1024 << " MB";
    s << "\n--- stderr (" << err.size() << " bytes) ---\n" << err.substr(0, 3000);
    return s.str();
  }
};

// A fresh folder under the system temp dir, removed with its contents when the object goes.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag) {
    std::string tmpl = (std::filesystem::temp_directory_path() / ("phonon-hostile-" + tag + "-XXXXXX")).string();
    if (char* d = mkdtemp(tmpl.data())) path_ = d;
  }
  ~ScratchDir() {
    std::error_code ec;
    // Folders made unreadable by a test must be readable again to be removed.
    for (auto it = std::filesystem::recursive_directory_iterator(
             path_, std::filesystem::directory_options::skip_permission_denied, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      ::chmod(it->path().c_str(), 0755);
    ::chmod(path_.c_str(), 0755);
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Runs PHONON_BINARY with `args`, stdin from /dev/null, extra environment `env` ("NAME=value"), killing it after
// `timeout_s` seconds.
inline RunResult run_phonon(const std::vector<std::string>& args, double timeout_s,
                            const std::vector<std::string>& env = {}) {
  RunResult r;
  char out_tmpl[] = "/tmp/phonon-hostile-out-XXXXXX";
  char err_tmpl[] = "/tmp/phonon-hostile-err-XXXXXX";
  int out_fd = mkstemp(out_tmpl), err_fd = mkstemp(err_tmpl);
  if (out_fd < 0 || err_fd < 0) return r;
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    std::string bin = PHONON_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  for (;;) {
    pid_t w = wait4(pid, &status, WNOHANG, &ru);
    if (w == pid) break;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > timeout_s) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &ru);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kb = ru.ru_maxrss;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  close(out_fd);
  close(err_fd);
  r.out = read_file(out_tmpl);
  r.err = read_file(err_tmpl);
  unlink(out_tmpl);
  unlink(err_tmpl);
  return r;
}

// The number of lines of `text` that contain `needle`.
inline size_t count_lines_with(const std::string& text, const std::string& needle) {
  size_t n = 0;
  std::istringstream s(text);
  for (std::string line; std::getline(s, line);)
    if (line.find(needle) != std::string::npos) ++n;
  return n;
}

}  // namespace phonon::hostile
