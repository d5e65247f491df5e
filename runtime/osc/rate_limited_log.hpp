// Log lines about bad network input, at most a few per second: a flood of hostile packets must not flood the
// terminal (or slow the network thread down). Lines over the limit are counted and summed up in the next line
// that gets through. One thread writes (the network thread that owns it).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace phonon {

class RateLimitedLog {
 public:
  using Sink = std::function<void(const std::string&)>;
  explicit RateLimitedLog(Sink sink, int per_second = 5) : sink_(std::move(sink)), per_second_(per_second) {}

  void line(const std::string& text) {
    const auto now = std::chrono::steady_clock::now();
    if (now - window_ >= std::chrono::seconds(1)) {
      window_ = now;
      in_window_ = 0;
    }
    if (in_window_ >= per_second_) {
      ++suppressed_;
      return;
    }
    ++in_window_;
    std::string out = text;
    if (suppressed_) out += " (" + std::to_string(suppressed_) + " more such lines were not shown)";
    suppressed_ = 0;
    if (sink_) sink_(out);
  }
  uint64_t suppressed() const { return suppressed_; }

 private:
  Sink sink_;
  int per_second_;
  std::chrono::steady_clock::time_point window_{};
  int in_window_ = 0;
  uint64_t suppressed_ = 0;
};

}  // namespace phonon
