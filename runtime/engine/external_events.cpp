#include "runtime/engine/external_events.hpp"

#include <algorithm>
#include <ctime>

namespace phonon {

ExternalEvents::ExternalEvents(int capacity, double rate, double epoch_unix)
    : slots_(static_cast<size_t>(capacity)),
      submitted_(static_cast<size_t>(capacity)),
      used_(static_cast<size_t>(capacity)),
      rate_(rate),
      epoch_(epoch_unix) {
  free_.reserve(static_cast<size_t>(capacity));
  for (int s = capacity - 1; s >= 0; --s) free_.push_back(s);
  pending_.reserve(static_cast<size_t>(capacity));
}

int ExternalEvents::acquire() {
  reclaim();
  if (free_.empty()) return -1;
  const int s = free_.back();
  free_.pop_back();
  return s;
}

void ExternalEvents::submit(int s, double time) {
  const Ticket t{s, time};
  submitted_.push(&t, 1);  // never full: at most `capacity` slots are in flight
  received_.fetch_add(1, std::memory_order_relaxed);
}

void ExternalEvents::reclaim() {
  int32_t s;
  while (used_.pop(&s, 1) == 1) {
    slots_[static_cast<size_t>(s)] = ExternalEvent{};  // frees the map here, on the producer's thread
    free_.push_back(s);
  }
}

bool ExternalEvents::take_hush() {
  const uint64_t h = hush_.load(std::memory_order_acquire);
  if (h == hush_seen_) return false;
  hush_seen_ = h;
  // Pending events are dropped too: hush means silence from now on.
  for (const Pending& p : pending_) used_.push(&p.slot, 1);
  pending_.clear();
  return true;
}

void ExternalEvents::set_manual_anchor(double t0, int64_t f0) {
  manual_ = true;
  anchored_ = true;
  t0_ = t0;
  f0_ = f0;
}

double ExternalEvents::wall_now() const {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);  // the vDSO: no system call, safe on the audio thread
  return (static_cast<double>(ts.tv_sec) - epoch_) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void ExternalEvents::anchor_block(int64_t frame) {
  if (manual_) return;
  const double now = wall_now();
  if (anchored_ && std::fabs(now - (t0_ + static_cast<double>(frame - f0_) / rate_)) <= kReanchorSeconds) return;
  anchored_ = true;
  t0_ = now;
  f0_ = frame;
}

void ExternalEvents::take_arrivals(int64_t frame) {
  Ticket t;
  while (submitted_.pop(&t, 1) == 1) {
    int64_t f = frame;
    if (!std::isnan(t.time)) {
      f = f0_ + std::llround((t.time - t0_) * rate_);
      if (f < frame) {
        late_.fetch_add(1, std::memory_order_relaxed);
        f = frame;
      }
    }
    const Pending p{f, seq_++, t.slot};
    auto at = std::upper_bound(pending_.begin(), pending_.end(), p, [](const Pending& a, const Pending& b) {
      return a.frame != b.frame ? a.frame < b.frame : a.seq < b.seq;
    });
    pending_.insert(at, p);  // within the reserved capacity: no allocation
  }
}

}  // namespace phonon
