#include "cli/spectrogram.hpp"

#include <fftw3.h>
#include <png.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace phonon::cli {

namespace {

std::string lower_extension(const std::string& path) {
  const size_t dot = path.find_last_of('.');
  const size_t slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// dB level (-96..0) to a colour: black, violet, red, orange, pale yellow (a perceptually ordered ramp).
void colour(float db, unsigned char* rgb) {
  static const float stops[5][3] = {{0, 0, 4}, {80, 18, 123}, {183, 55, 121}, {252, 137, 97}, {252, 253, 191}};
  float t = std::clamp((db + 96.0f) / 96.0f, 0.0f, 1.0f) * 4.0f;
  const int i = std::min(3, static_cast<int>(t));
  const float f = t - static_cast<float>(i);
  for (int c = 0; c < 3; ++c)
    rgb[c] = static_cast<unsigned char>(std::lround(stops[i][c] + f * (stops[i + 1][c] - stops[i][c])));
}

void png_append(png_structp png, png_bytep data, png_size_t n) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char*>(data), n);
}

std::string base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return out;
}

}  // namespace

struct Spectrogram::Fft {
  float* in = nullptr;
  fftwf_complex* out = nullptr;
  fftwf_plan plan = nullptr;
  explicit Fft(int n) {
    in = fftwf_alloc_real(static_cast<size_t>(n));
    out = fftwf_alloc_complex(static_cast<size_t>(n / 2 + 1));
    plan = fftwf_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
  }
  ~Fft() {
    fftwf_destroy_plan(plan);
    fftwf_free(in);
    fftwf_free(out);
  }
};

std::string spectrogram_path_error(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == "png" || ext == "svg") return "";
  return "--spectrogram `" + path + "`: the picture must be .png or .svg";
}

Spectrogram::Spectrogram(double rate, int64_t total_frames, int columns)
    : rate_(rate), total_(std::max<int64_t>(total_frames, 1)), columns_wanted_(std::max(1, columns)) {
  window_ = 4096;
  recent_.assign(static_cast<size_t>(window_), 0.0f);
  hann_.resize(static_cast<size_t>(window_));
  for (int i = 0; i < window_; ++i)
    hann_[static_cast<size_t>(i)] = static_cast<float>(0.5 - 0.5 * std::cos(2 * M_PI * i / window_));
  fft_ = std::make_unique<Fft>(window_);
  columns_.reserve(static_cast<size_t>(columns_wanted_));
}

Spectrogram::~Spectrogram() = default;

double Spectrogram::row_frequency(int row) const {
  const double lo = std::log(20.0), hi = std::log(rate_ / 2);
  return std::exp(hi - (hi - lo) * (row + 0.5) / kRows);
}

// Column k is centred on frame (k + 0.5) * total / columns; it is computed once the window after it has arrived.
void Spectrogram::add(const float* interleaved, int frames) {
  for (int i = 0; i < frames; ++i) {
    recent_[static_cast<size_t>(seen_ % window_)] = 0.5f * (interleaved[2 * i] + interleaved[2 * i + 1]);
    ++seen_;
    while (static_cast<int>(columns_.size()) < columns_wanted_) {
      const int64_t centre =
          static_cast<int64_t>((columns_.size() + 0.5) * static_cast<double>(total_) / columns_wanted_);
      const int64_t end = std::min(centre + window_ / 2, total_);
      if (seen_ < end) break;
      compute_column(seen_);
    }
  }
}

void Spectrogram::compute_column(int64_t end) {
  // The window_ samples before `end` (zeros before the start), windowed.
  for (int i = 0; i < window_; ++i) {
    const int64_t at = end - window_ + i;
    const float x = at >= 0 && at < seen_ && seen_ - at <= window_ ? recent_[static_cast<size_t>(at % window_)] : 0.0f;
    fft_->in[i] = x * hann_[static_cast<size_t>(i)];
  }
  fftwf_execute(fft_->plan);
  // Full-scale sine -> 0 dB: the Hann window's coherent gain is window_/2, and one side holds half the power.
  const double norm = 4.0 / window_;
  std::vector<float> col(kRows);
  const double bin_hz = rate_ / window_;
  for (int r = 0; r < kRows; ++r) {
    // The strongest bin between this row's edges (at least the nearest one).
    const double f_hi = row_frequency(r) * std::exp((std::log(rate_ / 2) - std::log(20.0)) / kRows / 2);
    const double f_lo = row_frequency(r) / std::exp((std::log(rate_ / 2) - std::log(20.0)) / kRows / 2);
    int b0 = static_cast<int>(std::floor(f_lo / bin_hz)), b1 = static_cast<int>(std::ceil(f_hi / bin_hz));
    b0 = std::clamp(b0, 0, window_ / 2);
    b1 = std::clamp(std::max(b1, b0), 0, window_ / 2);
    double best = 0;
    for (int b = b0; b <= b1; ++b) {
      const double m = std::hypot(fft_->out[b][0], fft_->out[b][1]) * norm;
      best = std::max(best, m);
    }
    col[static_cast<size_t>(r)] = static_cast<float>(best > 1e-9 ? 20.0 * std::log10(best) : -180.0);
  }
  columns_.push_back(std::move(col));
}

std::string Spectrogram::png() const {
  const int width = static_cast<int>(columns_.size()), height = kRows;
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) throw std::runtime_error("libpng could not start");
  std::vector<unsigned char> rows(static_cast<size_t>(width) * height * 3);
  std::vector<png_bytep> row_ptrs(static_cast<size_t>(height));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x)
      colour(columns_[static_cast<size_t>(x)][static_cast<size_t>(y)], &rows[(static_cast<size_t>(y) * width + x) * 3]);
    row_ptrs[static_cast<size_t>(y)] = &rows[static_cast<size_t>(y) * width * 3];
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("libpng failed to encode the spectrogram");
  }
  png_set_write_fn(png, &out, png_append, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_rows(png, info, row_ptrs.data());
  png_write_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

std::string Spectrogram::picture(const std::string& path) {
  if (columns_.empty() || static_cast<int>(columns_.size()) < columns_wanted_) {
    while (static_cast<int>(columns_.size()) < columns_wanted_ && seen_ > 0) compute_column(seen_);
    if (columns_.empty()) compute_column(seen_);
  }
  const std::string image = png();
  if (lower_extension(path) != "svg") return image;
  const int w = static_cast<int>(columns_.size());
  const int left = 56, top = 8, bottom = 28;
  auto num = [](double x) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", x);
    return std::string(b);
  };
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                  std::to_string(left + w + 10) + "\" height=\"" + std::to_string(top + kRows + bottom) +
                  "\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" "
                  "fill=\"#15151a\"/>\n<image x=\"" +
                  std::to_string(left) + "\" y=\"" + std::to_string(top) + "\" width=\"" + std::to_string(w) +
                  "\" height=\"" + std::to_string(kRows) +
                  "\" preserveAspectRatio=\"none\" href=\"data:image/png;base64," + base64(image) + "\"/>\n";
  const double lo = std::log(20.0), hi = std::log(rate_ / 2);
  for (double f : {50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0, 20000.0}) {
    if (f >= rate_ / 2) break;
    const double y = top + kRows * (hi - std::log(f)) / (hi - lo);
    s += "<text x=\"" + std::to_string(left - 4) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\" fill=\"#c8c8d0\">" +
         (f >= 1000 ? num(f / 1000) + "k" : num(f)) + "</text>\n";
  }
  const double seconds = static_cast<double>(total_) / rate_;
  const double step = seconds <= 4 ? 0.5 : seconds <= 10 ? 1 : seconds <= 60 ? 5 : 30;
  for (double t = 0; t <= seconds + 1e-9; t += step) {
    const double x = left + w * t / seconds;
    s += "<text x=\"" + num(x) + "\" y=\"" + std::to_string(top + kRows + 16) +
         "\" text-anchor=\"middle\" fill=\"#c8c8d0\">" + num(t) + " s</text>\n";
  }
  s += "<text x=\"4\" y=\"" + std::to_string(top + 10) + "\" fill=\"#8888a0\">Hz</text>\n</svg>\n";
  return s;
}

}  // namespace phonon::cli
