// Registry and dispatch tests.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

#include "kernels/kernel.hpp"

namespace phonon::kern {
namespace {

TEST(KernelRegistry, NamesUniqueSortedAndComplete) {
  const auto& all = all_kernels();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1]->name, all[i]->name);
  for (const KernelSpec* s : all) {
    EXPECT_EQ(find_kernel(s->name), s);
    EXPECT_NE(s->process, nullptr) << s->name;
    EXPECT_NE(s->reference, nullptr) << s->name;
    EXPECT_FALSE(s->doc.empty()) << s->name;
    EXPECT_FALSE(s->outputs.empty()) << s->name;
    EXPECT_NE(s->name.find('.'), std::string_view::npos) << s->name;
    if (!s->input_defaults.empty()) {
      EXPECT_EQ(s->input_defaults.size(), s->inputs.size()) << s->name;
    }
    if (!s->param_defaults.empty()) {
      EXPECT_EQ(s->param_defaults.size(), s->params.size()) << s->name;
    }
  }
  EXPECT_EQ(find_kernel("no.such_kernel"), nullptr);
}

TEST(KernelRegistry, ArchitecturesAreConsistent) {
  const auto archs = available_archs();
  const std::string active(active_arch());
  bool active_listed = active == "scalar";
  for (auto a : archs) {
    if (a == active) active_listed = true;
    for (const KernelSpec* s : all_kernels()) EXPECT_NE(process_for_arch(*s, a), nullptr) << s->name << " " << a;
  }
  EXPECT_TRUE(active_listed) << active;
#if defined(__x86_64__)
  // Every x86-64 CPU has SSE2; all our build machines have SSE4.2.
  EXPECT_FALSE(archs.empty());
#endif
  const KernelSpec* add = find_kernel("math.add");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(process_for_arch(*add, "scalar"), add->reference);
  EXPECT_EQ(process_for_arch(*add, "no-such-arch"), nullptr);
}

// The ODR rule of kernels/kernel_util.hpp, checked on the built objects: no external symbol may be shared between
// the per-architecture objects (kernels/tools/check_arch_odr.sh). The build directory is found from PHONON_BINARY
// (the `phonon` executable lives in the build directory or one level below it).
TEST(KernelRegistry, ArchObjectsShareNoSymbols) {
#if defined(PHONON_BINARY) && defined(PHONON_SOURCE_DIR) && defined(__x86_64__)
  if (std::system("command -v nm > /dev/null 2>&1") != 0) GTEST_SKIP() << "nm not installed";
  std::string dir = PHONON_BINARY, build_dir;
  for (int up = 0; up < 3 && build_dir.empty(); ++up) {
    dir = dir.substr(0, dir.rfind('/'));
    const std::string objs = dir + "/kernels/CMakeFiles/phonon_kernels.dir/arch/avx512.cpp.o";
    if (std::system(("test -f '" + objs + "'").c_str()) == 0) build_dir = dir;
  }
  if (build_dir.empty()) GTEST_SKIP() << "kernel objects not found near " << PHONON_BINARY;
  const std::string cmd =
      std::string("sh '") + PHONON_SOURCE_DIR + "/kernels/tools/check_arch_odr.sh' '" + build_dir + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
#else
  GTEST_SKIP() << "needs PHONON_BINARY and an x86-64 build";
#endif
}

}  // namespace
}  // namespace phonon::kern
