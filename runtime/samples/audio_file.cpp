#include "runtime/samples/audio_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <stdexcept>

namespace phonon {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Extension after the last '.' of the file name (not of a folder), lower case, without the dot; "" if none.
std::string extension_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return lower(path.substr(dot + 1));
}

[[noreturn]] void fail_write(const std::string& path, const std::string& why) {
  throw std::runtime_error("cannot write `" + path + "`: " + why);
}

// A fresh name next to `path`, `path.part-PID-RANDOM`, created exclusively (so two writers never share it).
// Returns the open fd. The PID tells a later run whether the file's writer still runs.
int create_temp(const std::string& path, std::string* temp_path) {
  std::random_device rd;
  std::mt19937_64 rng((static_cast<uint64_t>(rd()) << 32) ^ rd() ^
                      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                      static_cast<uint64_t>(::getpid()));
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[48];
    std::snprintf(suffix, sizeof suffix, ".part-%ld-%08llx", static_cast<long>(::getpid()),
                  static_cast<unsigned long long>(rng() & 0xffffffffULL));
    std::string candidate = path + suffix;
    int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      *temp_path = candidate;
      return fd;
    }
    if (errno != EEXIST) fail_write(path, std::strerror(errno));
  }
  fail_write(path, "could not create a temporary file next to it");
}

// Removes `path.part-PID-…` files whose process no longer runs (a run killed before it could clean up), and
// `path.part-XXXXXXXXXXXX` files of versions that did not record the PID.
void remove_stale_temps(const std::string& path, std::vector<std::string>* removed) {
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".part-";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const size_t dash = rest.find('-');
    bool stale = false;
    if (dash == std::string::npos) {
      stale = rest.size() == 12 && rest.find_first_not_of("0123456789abcdef") == std::string::npos;
    } else if (dash > 0 && rest.find_first_not_of("0123456789") == dash) {
      const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
      stale = pid > 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
    }
    const std::string full = (slash == std::string::npos ? "" : dir) + name;
    if (stale && ::unlink(full.c_str()) == 0) removed->push_back(full);
  }
  ::closedir(d);
}

// An existing `path` is only replaced when it is audio (or empty): never a folder, a device or a program.
void check_replaceable(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // absent; other problems show when the temporary file is made
  if (S_ISDIR(st.st_mode)) fail_write(path, "it is a folder");
  if (!S_ISREG(st.st_mode)) fail_write(path, "it exists and is not a regular file, so it is left alone");
  if (st.st_size == 0) return;
  SF_INFO info{};
  if (SNDFILE* sf = sf_open(path.c_str(), SFM_READ, &info)) {
    sf_close(sf);
    return;
  }
  fail_write(path, "it exists and is not an audio file, so it is kept (remove it first, or choose another name)");
}

// The temporary files to remove when a signal ends the process. A fixed table, so that the handler only reads
// memory and calls unlink(), both async-signal-safe.
constexpr int kSignalSlots = 32;
constexpr size_t kSlotPathSize = 4096;
struct SignalSlot {
  std::atomic<int> state{0};  // 0 free, 1 being filled, 2 armed
  char path[kSlotPathSize];
};
SignalSlot g_signal_slots[kSignalSlots];

int arm_signal_slot(const std::string& temp_path) {
  if (temp_path.size() >= kSlotPathSize) return -1;
  for (int i = 0; i < kSignalSlots; ++i) {
    int expected = 0;
    if (!g_signal_slots[i].state.compare_exchange_strong(expected, 1)) continue;
    std::memcpy(g_signal_slots[i].path, temp_path.c_str(), temp_path.size() + 1);
    g_signal_slots[i].state.store(2, std::memory_order_release);
    return i;
  }
  return -1;  // more than kSignalSlots writers at once: the extra ones are only removed by their destructor
}

void disarm_signal_slot(int slot) {
  if (slot >= 0) g_signal_slots[slot].state.store(0, std::memory_order_release);
}

extern "C" void remove_temps_and_die(int sig) {
  for (auto& slot : g_signal_slots)
    if (slot.state.load(std::memory_order_acquire) == 2) ::unlink(slot.path);
  // SA_RESETHAND restored the default action; the signal is blocked until this handler returns, then ends the
  // process with the usual status.
  ::raise(sig);
}

}  // namespace

AudioFileWriter::AudioFileWriter(const std::string& path, double rate, int channels, SampleFormat fmt,
                                 int64_t expected_frames)
    : path_(path), channels_(channels) {
  const std::string ext = extension_of(path);
  int major = 0;
  bool is_flac = false, is_ogg = false, unknown_length = false;
  if (ext == "wav" || ext == "wave") {
    // Plain RIFF WAV holds at most 4 GiB (32-bit sizes); keep some room for the header chunks.
    constexpr double kPlainWavBytes = 4294967295.0 - 65536.0;
    const int bytes_per_sample = fmt == SampleFormat::Pcm16 ? 2 : fmt == SampleFormat::Pcm24 ? 3 : 4;
    if (expected_frames < 0) {
      major = SF_FORMAT_RF64;  // downgraded to plain WAV on close when small enough (see SFC_RF64_AUTO_DOWNGRADE)
      unknown_length = true;
    } else if (static_cast<double>(expected_frames) * channels * bytes_per_sample > kPlainWavBytes) {
      major = SF_FORMAT_RF64;
    } else if (channels > 2) {
      major = SF_FORMAT_WAVEX;  // libsndfile writes the standard speaker mask for 1, 2, 4, 6 and 8 channels
    } else {
      major = SF_FORMAT_WAV;
    }
  } else if (ext == "flac") {
    major = SF_FORMAT_FLAC;
    is_flac = true;
  } else if (ext == "ogg" || ext == "oga") {
    major = SF_FORMAT_OGG;
    is_ogg = true;
  } else if (ext == "aiff" || ext == "aif") {
    major = SF_FORMAT_AIFF;
  } else {
    fail_write(path, (ext.empty() ? std::string("no file extension") : "unsupported extension `." + ext + "`") +
                         " (supported: .wav, .flac, .ogg, .aiff)");
  }
  if (channels < 1 || channels > 64) fail_write(path, "bad channel count " + std::to_string(channels));
  if (!(rate >= 1.0 && rate <= 1e6) || std::round(rate) != rate)
    fail_write(path, "bad sample rate " + std::to_string(rate) + " (need a whole number of Hz)");

  int sub = 0;
  if (is_ogg) {
    sub = SF_FORMAT_VORBIS;
  } else {
    switch (fmt) {
      case SampleFormat::Pcm16: sub = SF_FORMAT_PCM_16; break;
      case SampleFormat::Pcm24: sub = SF_FORMAT_PCM_24; break;
      case SampleFormat::Float32:
        if (is_flac) fail_write(path, "FLAC stores 16- or 24-bit integer samples only (choose 16 or 24 bits)");
        sub = SF_FORMAT_FLOAT;
        break;
    }
  }
  SF_INFO info{};
  info.samplerate = static_cast<int>(rate);
  info.channels = channels;
  info.format = major | sub;
  if (!sf_format_check(&info)) {
    fail_write(path, "libsndfile cannot write this combination of format, " + std::to_string(channels) +
                         " channels and " + std::to_string(info.samplerate) + " Hz");
  }

  check_replaceable(path);
  remove_stale_temps(path, &stale_removed_);
  int fd = create_temp(path, &temp_path_);
  SNDFILE* sf = sf_open_fd(fd, SFM_WRITE, &info, /*close_desc=*/SF_TRUE);
  if (!sf) {
    std::string why = sf_strerror(nullptr);
    ::close(fd);  // sf_open_fd does not close the descriptor when it fails
    ::unlink(temp_path_.c_str());
    fail_write(path, why);
  }
  sndfile_ = sf;
  signal_slot_ = arm_signal_slot(temp_path_);
  scratch_.assign(static_cast<size_t>(4096) * static_cast<size_t>(channels), 0.0f);
  if (unknown_length) {
    sf_command(sf, SFC_RF64_AUTO_DOWNGRADE, nullptr, SF_TRUE);
    // A recording stays a valid file at any moment (a kill, a full disk): the header follows every write.
    sf_command(sf, SFC_SET_UPDATE_HEADER_AUTO, nullptr, SF_TRUE);
  }
  if (!is_ogg && sub != SF_FORMAT_FLOAT) sf_command(sf, SFC_SET_CLIPPING, nullptr, SF_TRUE);
}

AudioFileWriter::~AudioFileWriter() {
  if (!committed_) discard();
}

void AudioFileWriter::discard() noexcept {
  if (sndfile_) {
    sf_close(static_cast<SNDFILE*>(sndfile_));
    sndfile_ = nullptr;
  }
  if (!temp_path_.empty()) {
    disarm_signal_slot(signal_slot_);
    signal_slot_ = -1;
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
  }
}

void AudioFileWriter::write_interleaved(const float* data, int64_t frames) {
  if (committed_ || !sndfile_) throw std::logic_error("AudioFileWriter: write after commit");
  if (frames <= 0) return;
  auto* sf = static_cast<SNDFILE*>(sndfile_);
  const int64_t chunk = static_cast<int64_t>(scratch_.size()) / channels_;
  for (int64_t done_frames = 0; done_frames < frames;) {
    const int64_t n = std::min(chunk, frames - done_frames);
    const float* src = data + done_frames * channels_;
    for (int64_t i = 0; i < n * channels_; ++i) {
      const float v = src[i];
      scratch_[static_cast<size_t>(i)] = std::isfinite(v) ? v : 0.0f;
    }
    errno = 0;
    sf_count_t done = sf_writef_float(sf, scratch_.data(), static_cast<sf_count_t>(n));
    if (done != n) {
      std::string why = sf_strerror(sf);
      if (errno != 0) why += std::string(" (") + std::strerror(errno) + ")";
      fail_write(path_, why);
    }
    done_frames += n;
    frames_written_ += n;
  }
}

void AudioFileWriter::commit() {
  if (committed_ || !sndfile_) throw std::logic_error("AudioFileWriter: commit called twice");
  auto* sf = static_cast<SNDFILE*>(sndfile_);
  sf_write_sync(sf);
  int err = sf_close(sf);
  sndfile_ = nullptr;
  if (err != 0) {
    std::string why = sf_error_number(err);
    discard();
    fail_write(path_, why);
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    std::string why = std::strerror(errno);
    discard();
    fail_write(path_, why);
  }
  disarm_signal_slot(signal_slot_);
  signal_slot_ = -1;
  temp_path_.clear();
  committed_ = true;
}

void remove_temp_files_on_signals() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0) continue;
    if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) continue;  // someone else's, or ignored
    struct sigaction sa {};
    sa.sa_handler = remove_temps_and_die;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    ::sigaction(sig, &sa, nullptr);
  }
}

bool read_audio_file(const std::string& path, AudioFileData* out, std::string* error) {
  auto fail = [&](const std::string& why) {
    if (error) *error = "cannot read `" + path + "`: " + why;
    return false;
  };
  SF_INFO info{};
  SNDFILE* sf = sf_open(path.c_str(), SFM_READ, &info);
  if (!sf) return fail(sf_strerror(nullptr));
  if (info.channels < 1 || info.samplerate <= 0) {
    sf_close(sf);
    return fail("bad header (channels " + std::to_string(info.channels) + ", rate " + std::to_string(info.samplerate) +
                ")");
  }
  AudioFileData data;
  data.rate = info.samplerate;
  data.channels = info.channels;
  // Read in chunks until the end: some formats (Ogg, MP3) only estimate the frame count in the header.
  const sf_count_t chunk = 65536;
  if (info.frames > 0 && info.frames < (int64_t{1} << 31))
    data.interleaved.reserve(static_cast<size_t>(info.frames) * static_cast<size_t>(info.channels));
  std::vector<float> buf(static_cast<size_t>(chunk) * static_cast<size_t>(info.channels));
  for (;;) {
    sf_count_t got = sf_readf_float(sf, buf.data(), chunk);
    if (got < 0) break;
    if (got == 0) {
      if (sf_error(sf) != SF_ERR_NO_ERROR) {
        std::string why = sf_strerror(sf);
        sf_close(sf);
        return fail(why);
      }
      break;
    }
    data.interleaved.insert(data.interleaved.end(), buf.begin(), buf.begin() + got * info.channels);
    data.frames += got;
  }
  sf_close(sf);
  *out = std::move(data);
  return true;
}

}  // namespace phonon
