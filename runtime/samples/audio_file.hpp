// Audio file output and input through libsndfile.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace phonon {

enum class SampleFormat { Pcm16, Pcm24, Float32 };

// Writes an N-channel file. The container comes from the extension (case-insensitive): .wav, .flac, .ogg (Vorbis;
// the sample format is ignored), .aiff/.aif. A .wav whose length is known (`expected_frames` >= 0) is the plainest
// WAV that holds it, so that every reader takes it: 1-2 channels and under 4 GiB is a canonical RIFF WAV (format 1
// for PCM, format 3 for float); more channels is WAVE_FORMAT_EXTENSIBLE with the standard channel mask (mono, stereo,
// quad, 5.1, 7.1; none for other counts); over 4 GiB is RF64. Of unknown length (a recording) it is RF64, written as
// plain WAV when it ends small enough, with its header rewritten after every write so that the file is valid at
// any moment. PCM writes clip (no wrap-around) values beyond [-1, 1].
//
// Files are never destroyed: an existing `path` that is a folder, not a regular file, or a non-empty file that is
// not audio (a program, a text) is refused. The audio goes to a temporary file `path.part-PID-XXXX` in the same
// folder which commit() renames to `path`; a writer destroyed without commit() removes it, so a half-written output
// never appears under `path`, and remove_temp_files_on_signals() removes it when the process is interrupted. A
// temporary file for the same `path` left by a process that no longer runs is removed when the writer opens.
class AudioFileWriter {
 public:
  // Throws std::runtime_error with a clear message, e.g. "cannot write `x/y.wav`: No such file or directory",
  // for an unknown extension (naming the supported ones), FLAC with Float32 (with a hint), a bad rate or
  // channel count, an existing `path` that must not be overwritten (see above), or when the temporary file cannot
  // be created.
  AudioFileWriter(const std::string& path, double rate, int channels, SampleFormat fmt, int64_t expected_frames = -1);
  ~AudioFileWriter();  // removes the temporary file if not committed; never throws
  AudioFileWriter(const AudioFileWriter&) = delete;
  AudioFileWriter& operator=(const AudioFileWriter&) = delete;

  // Appends `frames` interleaved frames (frames * channels floats); NaN/Inf values are written as 0. Throws
  // std::runtime_error on I/O error (e.g. a full disk); the frames written before stay, and commit() still
  // finishes the file with them. Does not allocate.
  void write_interleaved(const float* data, int64_t frames);
  // Finishes the file and renames it to `path`. Throws std::runtime_error on failure (the temporary file is
  // then removed). Calling it twice, or writing after it, throws std::logic_error.
  void commit();

  const std::string& path() const { return path_; }
  int channels() const { return channels_; }
  int64_t frames_written() const { return frames_written_; }
  // Temporary files of earlier, interrupted runs to the same path that the constructor removed.
  const std::vector<std::string>& stale_removed() const { return stale_removed_; }

 private:
  void discard() noexcept;
  std::string path_;
  std::string temp_path_;
  void* sndfile_ = nullptr;  // SNDFILE*
  int channels_ = 0;
  int64_t frames_written_ = 0;
  std::vector<float> scratch_;  // sanitised chunk, allocated once
  std::vector<std::string> stale_removed_;
  int signal_slot_ = -1;  // this writer's entry in the table remove_temp_files_on_signals() clears
  bool committed_ = false;
};

// Installs handlers for SIGINT, SIGTERM and SIGHUP (where the signal still has its default action) that remove
// every open writer's temporary file, then end the process as the signal would have. For commands that have no
// handlers of their own (render); idempotent.
void remove_temp_files_on_signals();

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
