#include "runtime/live/compile_guard.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "compiler/compile.hpp"

extern char** environ;

namespace phonon {

namespace {

constexpr size_t kMaxMessageBytes = size_t{4} << 20;  // a runaway diagnostic flood is cut here

// The child's result on the pipe: one status byte, then the messages.
constexpr char kAccepted = 'A';
constexpr char kRejected = 'R';
constexpr char kFailed = 'F';

[[gnu::noinline]] int recurse_forever(int depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (depth == INT_MAX) return frame[0];
  return recurse_forever(depth + 1) + frame[0];
}

void write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

// Size of the process's address space now (VmSize), or 0 if unknown.
size_t address_space_bytes() {
  std::ifstream f("/proc/self/statm");
  size_t pages = 0;
  if (!(f >> pages)) return 0;
  return pages * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

// Stack left to the calling thread below this frame, or 0 if unknown.
size_t stack_left() {
  pthread_attr_t attr;
  if (::pthread_getattr_np(::pthread_self(), &attr) != 0) return 0;
  void* base = nullptr;
  size_t size = 0;
  const int r = ::pthread_attr_getstack(&attr, &base, &size);
  ::pthread_attr_destroy(&attr);
  if (r != 0) return 0;
  const auto low = reinterpret_cast<uintptr_t>(base);
  const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  return here > low ? here - low : 0;
}

struct ChildJob {
  std::string name, text, result;
};

void compile_in_child(ChildJob& job) {
  char status = kFailed;
  std::string messages;
  const std::string& name = job.name;
  try {
    run_debug_compile_fault(job.text);
    CompileResult r = compile_source(std::make_shared<const SourceFile>(name, job.text));
    messages = r.diagnostics.render_all();
    status = r.ok() ? kAccepted : kRejected;
  } catch (const std::bad_alloc&) {
    messages = name +
               ": error: compiling this version needs more memory than live mode allows; the program is "
               "probably far larger than intended\n";
  } catch (const std::exception& e) {
    messages = name + ": error: internal compiler error: " + e.what() +
               "\nhint: this is a bug in Phonon; please report it with the file\n";
  } catch (...) {
    messages = name +
               ": error: internal compiler error (unknown exception)\n"
               "hint: this is a bug in Phonon; please report it with the file\n";
  }
  job.result = status + messages;
}

void* compile_thread(void* arg) {
  compile_in_child(*static_cast<ChildJob*>(arg));
  return nullptr;
}

// How long a check may take in wall time, as a multiple of its CPU-time bound.
constexpr double kWallFactor = 10.0;

// CPU time (user + system) the process has used so far, from /proc/PID/stat; 0 if unknown.
double cpu_seconds(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(f, stat);
  const size_t close = stat.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return 0.0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {  // fields 14 and 15: utime, stime (clock ticks)
    if (i == 14) utime = std::strtoull(field.c_str(), nullptr, 10);
    if (i == 15) stime = std::strtoull(field.c_str(), nullptr, 10);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::string describe_death(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGSEGV || sig == SIGBUS)
      return "crashed (" + std::string(strsignal(sig)) + "; a stack overflow from very deep nesting does this)";
    return "crashed (" + std::string(strsignal(sig)) + ")";
  }
  if (WIFEXITED(status)) return "stopped with status " + std::to_string(WEXITSTATUS(status)) + " before finishing";
  return "stopped before finishing";
}

}  // namespace

void run_debug_compile_fault(const std::string& text) {
  const char* env = std::getenv("PHONON_DEBUG_COMPILE_FAULTS");
  if (!env || std::strcmp(env, "1") != 0) return;
  const std::string marker = "phonon-debug-fault:";
  const size_t at = text.find(marker);
  if (at == std::string::npos) return;
  size_t end = at + marker.size();
  while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
  const std::string kind = text.substr(at + marker.size(), end - at - marker.size());
  if (kind == "crash") {
    ::raise(SIGSEGV);
  } else if (kind == "abort") {
    std::abort();
  } else if (kind == "throw") {
    throw std::out_of_range("stoi");
  } else if (kind == "hang") {
    volatile unsigned long spin = 0;
    for (;;) spin = spin + 1;
  } else if (kind == "overflow") {
    recurse_forever(0);
  } else if (kind == "oom") {
    std::vector<std::unique_ptr<char[]>> hoard;
    for (int i = 0; i < 4096; ++i) hoard.emplace_back(new char[size_t{64} << 20]);  // 256 GiB at most
    throw std::bad_alloc();
  }
}

int compile_check_main(int argc, char** argv) {
  // argv: __check-compile NAME STACK_BYTES MEMORY_BYTES; the source on standard input, the result on stdout.
  if (argc != 4) return 2;
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the player
  rlimit core{0, 0};
  ::setrlimit(RLIMIT_CORE, &core);  // a crash here is expected and reported; no core file
  const size_t stack = std::strtoull(argv[2], nullptr, 10);
  const size_t memory = std::strtoull(argv[3], nullptr, 10);
  if (const size_t now = address_space_bytes(); now > 0 && memory > 0) {
    rlimit as{now + memory, now + memory};
    ::setrlimit(RLIMIT_AS, &as);
  }
  ChildJob job;
  job.name = argv[1];
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    job.text.append(buf, static_cast<size_t>(n));
  }
  // The compile runs on a thread with the stack the parent will have, less the margin (see the header).
  pthread_attr_t attr;
  ::pthread_attr_init(&attr);
  if (stack >= static_cast<size_t>(PTHREAD_STACK_MIN)) ::pthread_attr_setstacksize(&attr, stack);
  pthread_t thread;
  if (::pthread_create(&thread, &attr, compile_thread, &job) != 0) compile_in_child(job);
  else ::pthread_join(thread, nullptr);
  ::pthread_attr_destroy(&attr);
  if (job.result.size() > kMaxMessageBytes) job.result.resize(kMaxMessageBytes);
  write_all(1, job.result.data(), job.result.size());
  ::_exit(0);  // no destructors of half-built compiler state
}

CompileCheck check_compile_isolated(const std::string& name, const std::string& text,
                                    const CompileGuardOptions& options, const std::atomic<bool>* cancel) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  CompileCheck out;
  auto finish = [&](CheckOutcome outcome) {
    out.outcome = outcome;
    out.ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
    return out;
  };

  // The source goes in through an in-memory file (no pipe to keep fed while reading the result).
  const int source = ::memfd_create("phonon-source", MFD_CLOEXEC);
  if (source < 0) return finish(CheckOutcome::Unavailable);
  write_all(source, text.data(), text.size());
  ::lseek(source, 0, SEEK_SET);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    ::close(source);
    return finish(CheckOutcome::Unavailable);
  }
  size_t stack = stack_left();
  stack = stack > 2 * kStackMarginBytes ? stack - kStackMarginBytes : size_t{8} << 20;
  const std::string stack_arg = std::to_string(stack), memory_arg = std::to_string(options.memory_bytes);
  std::vector<char*> argv{const_cast<char*>(options.executable.c_str()),
                          const_cast<char*>("__check-compile"),
                          const_cast<char*>(name.c_str()),
                          const_cast<char*>(stack_arg.c_str()),
                          const_cast<char*>(memory_arg.c_str()),
                          nullptr};
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "PHONON_NO_REEXEC=", 17) != 0) env_strings.emplace_back(*e);
  env_strings.emplace_back("PHONON_NO_REEXEC=1");  // the child needs no OpenMP tuning: skip main()'s re-exec
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, source, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group: Ctrl-C in the terminal goes to the player, which ends the child itself. Default
  // signal handling and an empty mask, whatever the spawning thread had.
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  // posix_spawn uses vfork semantics: no copy of the player's page tables, so the audio thread never meets a
  // copy-on-write fault because of a check.
  const int spawned = ::posix_spawn(&pid, options.executable.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(source);
  ::close(fds[1]);
  if (spawned != 0) {
    ::close(fds[0]);
    return finish(CheckOutcome::Unavailable);
  }

  // The bound is on the child's CPU time, so that a machine busy with other work does not turn a valid version
  // into a timeout; the wall-clock bound (kWallFactor times longer) catches a child that waits without computing.
  const auto deadline = t0 + std::chrono::duration_cast<clock::duration>(
                                 std::chrono::duration<double>(options.timeout_seconds * kWallFactor));
  std::string data;
  bool eof = false, timed_out = false, cancelled = false;
  char buf[65536];
  while (!eof) {
    if (cancel && cancel->load(std::memory_order_acquire)) {
      cancelled = true;
      break;
    }
    const auto now = clock::now();
    if (now >= deadline || cpu_seconds(pid) > options.timeout_seconds) {
      timed_out = true;
      break;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    pollfd pfd{fds[0], POLLIN, 0};
    const int r = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left + 1, 50)));
    if (r < 0 && errno != EINTR) break;
    if (r <= 0) continue;
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      break;
    }
    if (n == 0) eof = true;
    else if (data.size() < kMaxMessageBytes + 1) data.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  if (!eof) ::kill(pid, SIGKILL);
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  if (cancelled) return finish(CheckOutcome::Cancelled);
  if (timed_out) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", options.timeout_seconds);
    out.messages = name + ": error: compiling took longer than " + seconds +
                   " s and was abandoned\nhint: `--compile-timeout S` raises the bound (CPU seconds)\n";
    return finish(CheckOutcome::TimedOut);
  }
  if (data.empty() || !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    out.messages = name + ": error: the compiler " + describe_death(status) +
                   " on this version\nhint: this is a bug in Phonon; please report it with the file\n";
    return finish(CheckOutcome::Failed);
  }
  out.messages = data.substr(1);
  switch (data[0]) {
    case kAccepted: return finish(CheckOutcome::Accepted);
    case kRejected: return finish(CheckOutcome::Rejected);
    default: return finish(CheckOutcome::Failed);
  }
}

}  // namespace phonon
