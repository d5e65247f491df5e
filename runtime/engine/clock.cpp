#include "runtime/engine/clock.hpp"

#include <cmath>

namespace phonon {

static Rational exact(double x) { return Rational::from_double(x, 100000); }

void Clock::reset(double rate, double cps) {
  rate_ = exact(rate);
  rate_d_ = rate;
  cps_ = exact(cps);
  cps_d_ = cps;
  seg_frame_ = 0;
  seg_cycle_ = Rational(0);
}

void Clock::set_cps(int64_t frame, double cps) {
  Rational c = exact(cps);
  if (c == cps_) return;
  seg_cycle_ = cycle_at(frame);
  seg_frame_ = frame;
  cps_ = c;
  cps_d_ = cps;
}

Rational Clock::cycle_at(int64_t frame) const {
  return seg_cycle_ + Rational(frame - seg_frame_) * cps_ / rate_;
}

Rational Clock::cycle_at_half(int64_t frame) const {
  return seg_cycle_ + Rational(2 * (frame - seg_frame_) - 1, 2) * cps_ / rate_;
}

int64_t Clock::frame_of(const Rational& cycle) const {
  Rational x = (cycle - seg_cycle_) * rate_ / cps_ + Rational(1, 2);
  return seg_frame_ + x.floor();
}

}  // namespace phonon
