#include "compiler/pattern/arc.hpp"

namespace phonon {

void throw_too_many_events() {
  throw PatternLimitError("event storm: more than " + std::to_string(kMaxEventsPerQuery) +
                          " events in one cycle (the limit)");
}
void throw_too_many_cycles() {
  throw PatternLimitError("event storm: a query would step through more than " + std::to_string(kMaxCyclesPerQuery) +
                          " cycles (the limit), e.g. `fast 1e7`");
}

std::vector<Arc> Arc::cycles() const {
  std::vector<Arc> out;
  for_each_cycle([&](const Arc& a) { out.push_back(a); });
  return out;
}

std::string Arc::to_string() const { return "(" + begin.to_string() + ">" + end.to_string() + ")"; }

}  // namespace phonon
