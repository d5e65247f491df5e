// Watches one file for saves, through inotify on the file's DIRECTORY, so that every way an editor saves is seen:
// writing in place (IN_CLOSE_WRITE / IN_MODIFY), writing a temporary file and renaming it over the original
// (IN_MOVED_TO), deleting and re-creating (IN_CREATE). Bursts of events (an editor that truncates, writes and
// renames) are merged. A save counts as finished when the last event is a close after writing (IN_CLOSE_WRITE)
// or a rename into place (IN_MOVED_TO); it is reported once the file has then been quiet for the debounce
// interval. A file changed but not closed (truncated by an editor that has not written yet, written in part)
// is reported only after the longer settle interval without events.
// Not thread-safe: one thread owns a watcher. The watcher reports that the file MAY have changed; comparing the
// contents with the last version is the caller's job.
#pragma once
#include <string>

namespace phonon {

class FileWatcher {
 public:
  // Throws std::runtime_error (with the reason) if inotify or the directory cannot be watched.
  explicit FileWatcher(const std::string& path, int debounce_ms = 50, int settle_ms = 500);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  // Blocks for at most about timeout_ms (plus the debounce interval once a change started). Returns true if the
  // file was written, created or replaced since the last call that returned true (or since construction).
  bool wait(int timeout_ms);

  const std::string& path() const { return path_; }

 private:
  // Reads pending inotify events; true if one concerns our file. *save_done: whether the last of them finished
  // a save (left unchanged if none concerns our file).
  bool drain_events(bool* save_done);

  std::string path_;
  std::string dir_;
  std::string base_;
  int debounce_ms_;
  int settle_ms_;
  int fd_ = -1;
  int wd_ = -1;
};

}  // namespace phonon
