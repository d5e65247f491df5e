// `phonon render --spectrogram OUT.png|OUT.svg`: a picture of what was rendered, built block by block while the
// render runs (the audio is not kept), with FFTW for the transforms and libpng for the image.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace phonon::cli {

class Spectrogram {
 public:
  // `total_frames` long at `rate`; `columns` time slices across the picture.
  Spectrogram(double rate, int64_t total_frames, int columns = 800);
  ~Spectrogram();
  Spectrogram(const Spectrogram&) = delete;
  Spectrogram& operator=(const Spectrogram&) = delete;

  // The next `frames` stereo frames (interleaved), mixed to mono.
  void add(const float* interleaved, int frames);
  // The picture: PNG bytes for a .png `path`, an SVG (the PNG inside, with time and frequency axes) for .svg.
  // Frequencies on a log scale from 20 Hz to the Nyquist frequency, level from -96 to 0 dBFS.
  std::string picture(const std::string& path);

  // The level in dBFS of each column's rows (row 0 = highest frequency); for tests.
  const std::vector<std::vector<float>>& columns() const { return columns_; }
  double row_frequency(int row) const;
  static constexpr int kRows = 256;

 private:
  void compute_column(int64_t end);
  std::string png() const;

  double rate_;
  int64_t total_;
  int columns_wanted_;
  int window_;
  std::vector<float> recent_;  // the last window_ mono samples, circular
  int64_t seen_ = 0;
  std::vector<float> hann_;
  std::vector<std::vector<float>> columns_;
  struct Fft;
  std::unique_ptr<Fft> fft_;
};

// Checks the extension of a --spectrogram path (.png or .svg); "" when fine, else the error message.
std::string spectrogram_path_error(const std::string& path);

}  // namespace phonon::cli
