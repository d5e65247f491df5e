#include "runtime/samples/audio_file.hpp"

#include <fcntl.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
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

// A fresh name next to `path`, created exclusively (so two writers never share it). Returns the open fd.
int create_temp(const std::string& path, std::string* temp_path) {
  std::random_device rd;
  std::mt19937_64 rng((static_cast<uint64_t>(rd()) << 32) ^ rd() ^
                      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                      static_cast<uint64_t>(::getpid()));
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".part-%012llx",
                  static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
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

}  // namespace

AudioFileWriter::AudioFileWriter(const std::string& path, double rate, int channels, SampleFormat fmt)
    : path_(path), channels_(channels) {
  const std::string ext = extension_of(path);
  int major = 0;
  bool is_flac = false, is_ogg = false;
  if (ext == "wav" || ext == "wave") {
    major = SF_FORMAT_RF64;  // downgraded to plain WAV on close when small enough (see SFC_RF64_AUTO_DOWNGRADE)
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

  int fd = create_temp(path, &temp_path_);
  SNDFILE* sf = sf_open_fd(fd, SFM_WRITE, &info, /*close_desc=*/SF_TRUE);
  if (!sf) {
    std::string why = sf_strerror(nullptr);
    ::close(fd);  // sf_open_fd does not close the descriptor when it fails
    ::unlink(temp_path_.c_str());
    fail_write(path, why);
  }
  sndfile_ = sf;
  scratch_.assign(static_cast<size_t>(4096) * static_cast<size_t>(channels), 0.0f);
  if (major == SF_FORMAT_RF64) sf_command(sf, SFC_RF64_AUTO_DOWNGRADE, nullptr, SF_TRUE);
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
  temp_path_.clear();
  committed_ = true;
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
    return fail("bad header (channels " + std::to_string(info.channels) + ", rate " +
                std::to_string(info.samplerate) + ")");
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
