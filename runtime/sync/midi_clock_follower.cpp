#include "runtime/sync/midi_clock_follower.hpp"

namespace phonon {

namespace {
constexpr unsigned char kClock = 0xF8, kStart = 0xFA, kContinue = 0xFB, kStop = 0xFC, kSongPosition = 0xF2;
}

void MidiClockFollower::message(const unsigned char* bytes, size_t size, int64_t steady_ns) {
  if (size == 0) return;
  switch (bytes[0]) {
    case kClock:
      tick_ns_.push_back(steady_ns);
      if (tick_ns_.size() > kTempoTicks) tick_ns_.pop_front();
      if (running_) {
        last_tick_ = next_tick_++;
        last_tick_ns_ = steady_ns;
      }
      break;
    case kStart:
      next_tick_ = 0;
      started_ = running_ = true;
      last_tick_ = -1;
      ++relocations_;
      break;
    case kContinue: started_ = running_ = true; break;
    case kStop: running_ = false; break;
    case kSongPosition:
      if (size < 3) return;
      next_tick_ = 6 * static_cast<int64_t>((bytes[1] & 0x7F) | ((bytes[2] & 0x7F) << 7));
      last_tick_ = -1;
      started_ = true;
      ++relocations_;
      break;
    default: break;
  }
}

MidiClockFollower::Position MidiClockFollower::position() const {
  Position p;
  p.running = running_;
  const size_t n = tick_ns_.size();
  if (n < 3) return p;
  // The tick interval: a least-squares line through the recent arrival times, which averages out the jitter of
  // delivery (JACK MIDI arrives once per period).
  const double t0 = static_cast<double>(tick_ns_.front());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i), y = static_cast<double>(tick_ns_[i]) - t0;
    sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  const double dn = static_cast<double>(n);
  const double interval_ns = (dn * sxy - sx * sy) / (dn * sxx - sx * sx);
  if (!(interval_ns > 0)) return p;
  p.cps = 1e9 / (interval_ns * ticks_per_cycle_);
  if (!started_ || last_tick_ < 0) return p;
  p.valid = true;
  p.steady_ns = last_tick_ns_;
  p.cycle = static_cast<double>(last_tick_) / ticks_per_cycle_;
  return p;
}

}  // namespace phonon
