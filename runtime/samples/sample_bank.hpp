// The sample bank: audio files of a Dirt-Samples style library (<root>/<name>/*.wav ...) and the built-in kit,
// loaded off the audio thread (preload) and read lock-free from the audio thread (get).
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace phonon {

// Zero frames stored before and after the audio of every channel, so that interpolating readers may look up to
// kGuard frames outside [0, frames) without bounds checks.
inline constexpr int kGuard = 4;

// One decoded sound, planar float at the file's own rate.
struct SampleData {
  static constexpr int kGuard = phonon::kGuard;

  std::string name;       // "<folder>:<index>", e.g. "bd:3" (index = position in the sorted folder)
  std::string path;       // the file path, or "builtin:bd/0" for the built-in kit
  double rate = 44100.0;  // the file's sample rate, unchanged (44101 stays 44101; playback resamples)
  int channels = 0;       // 1 or 2
  int64_t frames = 0;     // frames of audio (guard frames not counted)

  // Channel c (0 or 1) at frame 0; reading [-kGuard, frames + kGuard) is valid and the guard frames are zero.
  // For a mono sample channel(1) is nullptr (no aliasing of channel 0).
  const float* channel(int c) const {
    return (c >= 0 && c < channels) ? storage[static_cast<size_t>(c)].data() + kGuard : nullptr;
  }
  float* mutable_channel(int c) {
    return (c >= 0 && c < channels) ? storage[static_cast<size_t>(c)].data() + kGuard : nullptr;
  }
  // Sets channels/frames and allocates zeroed storage (audio and guards) for each channel. channels: 1 or 2.
  void allocate(int channel_count, int64_t frame_count);

  // Storage: one vector per channel of frames + 2 * kGuard floats (unused channels stay empty).
  std::array<std::vector<float>, 2> storage;
};

// The sample roots in search order: `cli_dirs` (--samples, repeatable), then $PHONON_SAMPLES (colon separated),
// SuperDirt's ~/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples, then ./samples. Folders that do not
// exist are kept (so warnings can name them); the bank skips them. A leading "~/" is expanded with $HOME;
// duplicates are removed (first occurrence kept).
std::vector<std::string> default_sample_roots(const std::vector<std::string>& cli_dirs);

class SampleBank {
 public:
  // `builtin_kit`: whether names found in no root fall back to the synthesised kit (runtime/samples/builtin_kit.hpp).
  explicit SampleBank(std::vector<std::string> roots, bool builtin_kit = true);
  ~SampleBank();
  SampleBank(SampleBank&&) noexcept;
  SampleBank& operator=(SampleBank&&) noexcept;
  SampleBank(const SampleBank&) = delete;
  SampleBank& operator=(const SampleBank&) = delete;

  // Loads (once) every audio file of the folder `name` in the first root whose folder holds at least one
  // readable audio file (files sorted by name; any extension libsndfile reads, in any case), else the built-in
  // kit's `name`. Returns true when `name` has at least one sample. Problems are appended to *warning (lines
  // separated by '\n'; `warning` may be nullptr):
  // - unknown name (once per name): "unknown sample `foo` (searched: dir1, dir2, built-in kit)"
  // - unreadable/corrupt/empty/too large files are skipped with a warning naming the file and the reason, as are
  //   entries with an audio extension that are not files (folders, FIFOs, dangling links, symlink loops) and
  //   sound folders or roots that cannot be read; each path is reported once per bank
  // - files with more than 2 channels keep the first two (one warning per name)
  // Names containing '/' or '\\', or that are empty, "." or "..", are rejected as unknown.
  // Thread-safety: call from one non-audio thread at a time. It may run while the audio thread calls
  // get()/id_of()/count() (already published samples never move or change).
  bool preload(const std::string& name, std::string* warning);

  // The i-th sample of `name`, i modulo the count (negative i wraps too: -1 is the last); nullptr when `name`
  // was not preloaded or has nothing. No allocation, no locking, no I/O: audio-thread safe.
  const SampleData* get(std::string_view name, int index) const;
  // (Name arguments are string_views so that the audio thread can look up a name without building a string.)
  // Integer id per loaded name (stable for the bank's lifetime); -1 if not loaded. Audio-thread safe.
  int id_of(std::string_view name) const;
  const SampleData* get(int id, int index) const;  // nullptr for an invalid id
  int count(std::string_view name) const;          // 0 if not loaded
  int count(int id) const;                         // 0 for an invalid id
  const std::vector<std::string>& roots() const { return roots_; }
  bool has_builtin_kit() const { return builtin_kit_; }

  // Most distinct names a bank holds; preload fails with a warning beyond it.
  static constexpr int kMaxNames = 4096;

  // Largest decoded size of one sample file (frames x kept channels x 4 bytes); a larger file is skipped with a
  // warning rather than loaded whole into memory. The default is 256 MiB (about 12 minutes of 44.1 kHz stereo);
  // $PHONON_MAX_SAMPLE_MB overrides it for every bank (docs/samples.md).
  static constexpr uint64_t kDefaultMaxSampleBytes = uint64_t{256} << 20;
  uint64_t max_sample_bytes() const { return max_sample_bytes_; }
  void set_max_sample_bytes(uint64_t bytes) { max_sample_bytes_ = bytes; }

 private:
  struct Impl;
  std::vector<std::string> roots_;
  bool builtin_kit_ = true;
  uint64_t max_sample_bytes_ = kDefaultMaxSampleBytes;
  std::unique_ptr<Impl> impl_;
};

}  // namespace phonon
