#include "compiler/pattern/arc.hpp"

namespace phonon {

std::vector<Arc> Arc::cycles() const {
  std::vector<Arc> out;
  for_each_cycle([&](const Arc& a) { out.push_back(a); });
  return out;
}

std::string Arc::to_string() const { return "(" + begin.to_string() + ">" + end.to_string() + ")"; }

}  // namespace phonon
