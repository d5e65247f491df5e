#include "runtime/live/watcher.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace phonon {

namespace {
constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_CREATE | IN_ATTRIB;
// A writer that never pauses would otherwise postpone the report forever.
constexpr int kMaxDebounceMs = 2000;
// Events that end a save: the writer closed the file, or a finished file was renamed into place.
constexpr uint32_t kSaveDone = IN_CLOSE_WRITE | IN_MOVED_TO;
}  // namespace

FileWatcher::FileWatcher(const std::string& path, int debounce_ms, int settle_ms)
    : path_(path), debounce_ms_(debounce_ms), settle_ms_(std::max(debounce_ms, settle_ms)) {
  const auto slash = path.rfind('/');
  dir_ = slash == std::string::npos ? std::string(1, '.') : path.substr(0, slash == 0 ? 1 : slash);
  base_ = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base_.empty()) throw std::runtime_error("cannot watch `" + path + "`: not a file name");
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error(std::string("inotify_init1 failed: ") + std::strerror(errno));
  wd_ = inotify_add_watch(fd_, dir_.c_str(), kMask);
  if (wd_ < 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("cannot watch directory `" + dir_ + "`: " + std::strerror(err));
  }
}

FileWatcher::~FileWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileWatcher::drain_events(bool* save_done) {
  alignas(inotify_event) char buf[16 * 1024];
  bool ours = false;
  for (;;) {
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) break;  // EAGAIN: nothing more pending
    for (ssize_t off = 0; off < n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
      if (ev->len > 0 && base_ == ev->name) {
        ours = true;
        *save_done = (ev->mask & kSaveDone) != 0;  // the last event decides: a later IN_MODIFY reopens the save
      }
      if (ev->mask & IN_Q_OVERFLOW) {  // events were lost: assume the file changed and settle
        ours = true;
        *save_done = false;
      }
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
    }
  }
  return ours;
}

bool FileWatcher::wait(int timeout_ms) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::milliseconds(timeout_ms);
  pollfd pfd{fd_, POLLIN, 0};
  bool changed = false, save_done = false;
  clock::time_point first{}, last{};
  for (;;) {
    const auto now = clock::now();
    int wait_ms;
    if (changed) {
      // A file still open for writing (truncated, written in part) is given the settle time to finish.
      const auto quiet_until = last + std::chrono::milliseconds(save_done ? debounce_ms_ : settle_ms_);
      const auto cap = first + std::chrono::milliseconds(kMaxDebounceMs);
      if (now >= quiet_until || now >= cap) return true;
      wait_ms = static_cast<int>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(std::min(quiet_until, cap) - now).count()) +
                1;
    } else {
      if (now >= deadline) return false;
      wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
    }
    const int r = ::poll(&pfd, 1, wait_ms);
    if (r < 0 && errno != EINTR) return changed;
    if (r > 0 && drain_events(&save_done)) {
      last = clock::now();
      if (!changed) first = last;
      changed = true;
    }
  }
}

}  // namespace phonon
