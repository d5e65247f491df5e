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
  // Tempo set from outside the program (Ableton Link, an external clock; runtime/engine/clock_control.hpp), which
  // may change it every few milliseconds: the tempo is rounded to kExternalCpsGrid and the cycle at f down to the
  // grid that tempo and the rate make, so that the exact segment arithmetic keeps small denominators however
  // many changes come (a plan's set_cps stays exact). The rounding moves the cycle by less than 1/2^20 of a frame.
  void set_cps_external(int64_t frame, double cps);
  // From frame f on the cycle is `cycle` (rounded down to the same grid); the tempo is kept. The frame's own
  // ownership starts at the jump: cycle_at_half(f) == cycle_at(f), so an event at `cycle` starts at frame f.
  void jump(int64_t frame, double cycle);
  static constexpr int64_t kExternalCpsGrid = int64_t{1} << 20;

  Rational cycle_at(int64_t frame) const;         // cycle(frame)
  Rational cycle_at_half(int64_t frame) const;    // cycle(frame - 1/2): start of the frame's ownership
  int64_t frame_of(const Rational& cycle) const;  // round-half-up frame of a cycle position
  double cps() const { return cps_d_; }
  Rational cps_exact() const { return cps_; }
  double rate() const { return rate_d_; }

 private:
  Rational rate_{44100};
  double rate_d_ = 44100.0;
  Rational cps_{1, 2};
  double cps_d_ = 0.5;
  Rational snapped(const Rational& cycle) const;  // down to the external grid
  int64_t seg_frame_ = 0;
  Rational seg_cycle_{0};
  bool seg_jump_ = false;  // the segment starts with a jump (nothing before seg_frame_ belongs to it)
};

}  // namespace phonon
