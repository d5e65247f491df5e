#include "runtime/live/thread_policy.hpp"

namespace phonon {

int ThreadPolicy::update(double load_mean, uint64_t buffers, std::chrono::steady_clock::time_point now) {
  if (buffers < last_buffers_) {  // the output counts afresh (after a reload): start a new window
    last_mean_ = load_mean;
    last_buffers_ = buffers;
    return threads_;
  }
  if (buffers - last_buffers_ < kWindow) return threads_;
  // The mean over the buffers since the last figure: the total busy share grew by this much.
  const double window = (load_mean * static_cast<double>(buffers) - last_mean_ * static_cast<double>(last_buffers_)) /
                        static_cast<double>(buffers - last_buffers_);
  last_mean_ = load_mean;
  last_buffers_ = buffers;
  if (window >= kJoin) {
    threads_ = max_;
    light_since_.reset();
  } else if (threads_ > 1 && window < kLeave) {
    if (!light_since_) light_since_ = now;
    if (now - *light_since_ >= kLight) {
      threads_ = 1;
      light_since_.reset();
    }
  } else {
    light_since_.reset();
  }
  return threads_;
}

}  // namespace phonon
