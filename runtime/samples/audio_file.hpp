// Audio file output and input through libsndfile.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace phonon {

enum class SampleFormat { Pcm16, Pcm24, Float32 };

// Writes an N-channel file. The container comes from the extension (case-insensitive): .wav (RF64 above 4 GiB),
// .flac, .ogg (Vorbis; the sample format is ignored), .aiff/.aif. The audio goes to a temporary file in the same
// folder which commit() renames to `path`; a writer destroyed without commit() removes it, so a half-written
// output never appears under `path`. PCM writes clip (no wrap-around) values beyond [-1, 1].
class AudioFileWriter {
 public:
  // Throws std::runtime_error with a clear message, e.g. "cannot write `x/y.wav`: No such file or directory",
  // for an unknown extension (naming the supported ones), FLAC with Float32 (with a hint), a bad rate or
  // channel count, or when the temporary file cannot be created.
  AudioFileWriter(const std::string& path, double rate, int channels, SampleFormat fmt);
  ~AudioFileWriter();  // removes the temporary file if not committed; never throws
  AudioFileWriter(const AudioFileWriter&) = delete;
  AudioFileWriter& operator=(const AudioFileWriter&) = delete;

  // Appends `frames` interleaved frames (frames * channels floats); NaN/Inf values are written as 0. Throws
  // std::runtime_error on I/O error. Does not allocate.
  void write_interleaved(const float* data, int64_t frames);
  // Finishes the file and renames it to `path`. Throws std::runtime_error on failure (the temporary file is
  // then removed). Calling it twice, or writing after it, throws std::logic_error.
  void commit();

  const std::string& path() const { return path_; }
  int channels() const { return channels_; }
  int64_t frames_written() const { return frames_written_; }

 private:
  void discard() noexcept;
  std::string path_;
  std::string temp_path_;
  void* sndfile_ = nullptr;  // SNDFILE*
  int channels_ = 0;
  int64_t frames_written_ = 0;
  std::vector<float> scratch_;  // sanitised chunk, allocated once
  bool committed_ = false;
};

// A whole file as interleaved float.
struct AudioFileData {
  double rate = 0.0;
  int channels = 0;
  int64_t frames = 0;
  std::vector<float> interleaved;  // frames * channels values
};

// Reads a whole file (any format libsndfile reads). Returns false and sets *error (if not null) to a message
// naming the file, e.g. "cannot read `x.wav`: Format not recognised.", on failure.
bool read_audio_file(const std::string& path, AudioFileData* out, std::string* error);

}  // namespace phonon
