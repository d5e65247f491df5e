#include "runtime/engine/clock.hpp"

#include <algorithm>
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
  seg_jump_ = false;
}

void Clock::set_cps(int64_t frame, double cps) {
  Rational c = exact(cps);
  if (c == cps_) return;
  seg_cycle_ = cycle_at(frame);
  seg_frame_ = frame;
  seg_jump_ = false;
  cps_ = c;
  cps_d_ = cps;
}

Rational Clock::snapped(const Rational& cycle) const {
  const Rational grid = Rational(kExternalCpsGrid) * rate_;
  if ((grid / Rational(cycle.den())).is_integer()) return cycle;
  return Rational((cycle * grid).floor()) / grid;
}

void Clock::set_cps_external(int64_t frame, double cps) {
  const Rational c(std::max<int64_t>(1, std::llround(cps * static_cast<double>(kExternalCpsGrid))), kExternalCpsGrid);
  if (c == cps_) return;
  seg_cycle_ = snapped(cycle_at(frame));
  seg_frame_ = frame;
  seg_jump_ = false;
  cps_ = c;
  cps_d_ = c.to_double();
}

void Clock::jump(int64_t frame, double cycle) {
  const double grid = static_cast<double>(kExternalCpsGrid) * rate_d_;
  seg_cycle_ = snapped(Rational(static_cast<int64_t>(std::floor(cycle * grid)), kExternalCpsGrid) / rate_);
  seg_frame_ = frame;
  seg_jump_ = true;
}

Rational Clock::cycle_at(int64_t frame) const { return seg_cycle_ + Rational(frame - seg_frame_) * cps_ / rate_; }

Rational Clock::cycle_at_half(int64_t frame) const {
  if (seg_jump_ && frame == seg_frame_) return seg_cycle_;
  return seg_cycle_ + Rational(2 * (frame - seg_frame_) - 1, 2) * cps_ / rate_;
}

int64_t Clock::frame_of(const Rational& cycle) const {
  Rational x = (cycle - seg_cycle_) * rate_ / cps_ + Rational(1, 2);
  return seg_frame_ + x.floor();
}

}  // namespace phonon
