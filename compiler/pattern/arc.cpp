#include "compiler/pattern/arc.hpp"

namespace phonon {

std::vector<Arc> Arc::cycles() const {
  std::vector<Arc> out;
  for_each_cycle([&](const Arc& a) { out.push_back(a); });
  return out;
}

std::optional<Arc> Arc::sub_arc(const Arc& o) const {
  Rational s = max(begin, o.begin), e = min(end, o.end);
  if (s == e) {
    if (s == end && begin < end) return std::nullopt;
    if (s == o.end && o.begin < o.end) return std::nullopt;
  }
  if (s <= e) return Arc(s, e);
  return std::nullopt;
}

std::string Arc::to_string() const { return "(" + begin.to_string() + ">" + end.to_string() + ")"; }

}  // namespace phonon
