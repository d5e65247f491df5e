#include "compiler/pattern/arc.hpp"

#include <cmath>
#include <cstdio>

namespace phonon {

void throw_too_many_events() {
  throw PatternLimitError("event storm: more than " + std::to_string(kMaxEventsPerQuery) +
                          " events in one cycle (the limit)");
}
void throw_over_budget(uint64_t limit) {
  throw PatternLimitError("event storm: the query needs more than " + std::to_string(limit) +
                          " steps of work (patterns with many events combined with each other)");
}

thread_local QueryBudget* QueryBudget::current_ = nullptr;
QueryBudget::QueryBudget(uint64_t limit) : limit_(limit), remaining_(limit), outer_(current_) { current_ = this; }
QueryBudget::~QueryBudget() { current_ = outer_; }

void throw_too_many_cycles() {
  throw PatternLimitError("event storm: a query would step through more than " + std::to_string(kMaxCyclesPerQuery) +
                          " cycles (the limit), e.g. `fast 1e7`");
}

void check_steps(double n, const char* what) {
  if (std::fabs(n) <= static_cast<double>(kMaxSteps)) return;
  char buf[200];
  std::snprintf(buf, sizeof buf, "%s: %.15g steps is more than the limit of %lld", what, n,
                static_cast<long long>(kMaxSteps));
  throw PatternLimitError(buf);
}

void check_time_factor(double factor, bool slows, const char* what) {
  const double a = std::fabs(factor);
  char buf[200];
  if (!slows && !(a <= kMaxTimeFactor)) {
    std::snprintf(buf, sizeof buf, "%s: the factor %.15g is more than the limit of %.0f", what, factor, kMaxTimeFactor);
    throw PatternLimitError(buf);
  }
  if (slows && factor != 0.0 && !(a >= 1.0 / kMaxTimeFactor)) {
    std::snprintf(buf, sizeof buf, "%s: the factor %.15g is less than the limit of 1/%.0f", what, factor,
                  kMaxTimeFactor);
    throw PatternLimitError(buf);
  }
}

std::vector<Arc> Arc::cycles() const {
  std::vector<Arc> out;
  for_each_cycle([&](const Arc& a) { out.push_back(a); });
  return out;
}

std::string Arc::to_string() const { return "(" + begin.to_string() + ">" + end.to_string() + ")"; }

}  // namespace phonon
