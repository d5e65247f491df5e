// The architectures a typed kernel test runs on: every compiled-in architecture this CPU supports, then "scalar"
// (the reference table), and the gtest name of each ("sse4.2" -> "sse42": gtest names allow no dots).
#pragma once
#include <string>
#include <vector>

#include "kernels/kernel.hpp"

namespace phonon::kern::test_archs {

inline std::vector<std::string> archs_under_test() {
  std::vector<std::string> out;
  for (auto a : available_archs()) out.emplace_back(a);
  out.emplace_back("scalar");
  return out;
}

struct ArchTestName {
  template <class Info>
  std::string operator()(const Info& info) const {
    std::string s;
    for (char c : info.param)
      if (c != '.') s += c;
    return s;
  }
};

}  // namespace phonon::kern::test_archs
