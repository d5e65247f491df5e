// The clock: maps output frames to exact cycle positions and back, per tempo segment.
// cycle(f) = seg_cycle + (f - seg_frame) * cps / rate, in exact rationals, computed from the segment start (never
// accumulated), so there is no drift after hours. An event at cycle c starts at frame
// round((c - seg_cycle) / cps * rate) + seg_frame (halves round up), so a block of frames [f0, f1) owns the
// cycles [cycle(f0 - 1/2), cycle(f1 - 1/2)).
#pragma once
#include <cstdint>

#include "compiler/pattern/rational.hpp"

namespace phonon {

class Clock {
 public:
  Clock() = default;
  Clock(double rate, double cps) { reset(rate, cps); }
  void reset(double rate, double cps);
  // Tempo change at frame f: the cycle position at f is kept.
  void set_cps(int64_t frame, double cps);

  Rational cycle_at(int64_t frame) const;            // cycle(frame)
  Rational cycle_at_half(int64_t frame) const;       // cycle(frame - 1/2): start of the frame's ownership
  int64_t frame_of(const Rational& cycle) const;     // round-half-up frame of a cycle position
  double cps() const { return cps_d_; }
  Rational cps_exact() const { return cps_; }
  double rate() const { return rate_d_; }

 private:
  Rational rate_{44100};
  double rate_d_ = 44100.0;
  Rational cps_{1, 2};
  double cps_d_ = 0.5;
  int64_t seg_frame_ = 0;
  Rational seg_cycle_{0};
};

}  // namespace phonon
