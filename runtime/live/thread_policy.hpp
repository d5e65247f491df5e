// Live mode's worker threads: how many of the engine's threads to use, from the measured load of the audio
// callback, so that `phonon live` uses the cores a program needs without a flag.
//
// One thread while the load is light: a parallel region costs a wake-up and a barrier per block, and the other
// thread runs without the audio thread's priority, so it only pays when there is much to share. All threads as
// soon as the load over the last few buffers reaches half the budget; back to one after 5 s below 15 % (the
// hysteresis keeps the count from flapping). The output does not depend on the count: the engine renders and sums
// in a fixed order whatever the number of threads (tests/equivalence).
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>

namespace phonon {

class ThreadPolicy {
 public:
  static constexpr double kJoin = 0.5;    // load (share of the buffer's duration) at which every thread joins
  static constexpr double kLeave = 0.15;  // load under which they leave, once it has lasted kLight
  static constexpr std::chrono::seconds kLight{5};
  static constexpr uint64_t kWindow = 8;  // buffers a load figure must span

  explicit ThreadPolicy(int max_threads) : max_(max_threads < 1 ? 1 : max_threads) {}

  // The output's load figures (the mean over `buffers` buffers since its last reset) at `now`; returns the number
  // of threads to use from now on.
  int update(double load_mean, uint64_t buffers, std::chrono::steady_clock::time_point now);
  int threads() const { return threads_; }

 private:
  int max_;
  int threads_ = 1;
  double last_mean_ = 0.0;
  uint64_t last_buffers_ = 0;
  std::optional<std::chrono::steady_clock::time_point> light_since_;
};

}  // namespace phonon
