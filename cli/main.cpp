// phonon: render | live | repl | compile | query | bench | devices
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "cli/commands.hpp"
#include "kernels/kernel.hpp"
#include "runtime/live/compile_guard.hpp"

namespace {
const char* kUsage =
    "usage: phonon <command> [options]\n"
    "\n"
    "commands:\n"
    "  render FILE.ph -o OUT.wav   render a program to an audio file\n"
    "  live FILE.ph                play a program and reload it on every save\n"
    "  repl                        play while reading Tidal blocks from standard input, as GHCi does\n"
    "  compile FILE.ph             print the compiled plan (--dump=ast|types|graph|plan, --json)\n"
    "  query FILE.ph | -e EXPR     print pattern events (--cases FILE.json for conformance)\n"
    "  bench FILE.ph               measure rendering speed against the realtime budget\n"
    "  devices                     list audio APIs and devices\n"
    "  dirt [FILE.ph]              play what Tidal sends to SuperDirt (OSC on UDP 57120)\n"
    "\n"
    "`phonon <command> --help` describes a command's options; `phonon --version` names the version and the\n"
    "SIMD instruction sets of this build.\n";

// The version, the SIMD targets compiled in (PHONON_SIMD_TARGETS, from cli/CMakeLists.txt), which of them this
// CPU can run, and the one in use (PHONON_ARCH may choose another).
void print_version() {
  std::printf("phonon %s\n", PHONON_VERSION);
  std::printf("SIMD targets built in: %s scalar\n", PHONON_SIMD_TARGETS);
  std::string here;
  for (std::string_view a : phonon::kern::available_archs()) here += std::string(a) + " ";
  std::printf("this CPU runs: %sscalar; in use: %s\n", here.c_str(), std::string(phonon::kern::active_arch()).c_str());
}
}  // namespace

int main(int argc, char** argv) {
  // OpenMP's default wait spins ~300k iterations after every parallel region, which makes a worker fight the audio
  // thread for a core on a busy 2-core machine; the passive policy instead wakes the worker by futex every block,
  // too late to share the block's first voices. A short spin (GOMP_SPINCOUNT=5000) keeps the worker ready for the
  // next block without holding a core for long (measurements: docs/performance.md). libgomp reads these when it
  // loads, so set them and start again; a user's own OMP_WAIT_POLICY or GOMP_SPINCOUNT wins.
  if (!std::getenv("OMP_WAIT_POLICY") && !std::getenv("GOMP_SPINCOUNT") && !std::getenv("PHONON_NO_REEXEC")) {
    setenv("GOMP_SPINCOUNT", "5000", 1);
    setenv("PHONON_NO_REEXEC", "1", 1);
    execv("/proc/self/exe", argv);  // only returns on failure: then run with the default policy
  }
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version") || !std::strcmp(argv[1], "-V")) {
    print_version();
    return 0;
  }
  std::string cmd = argv[1];
  try {
    using namespace phonon::cli;
    if (cmd == "render") return cmd_render(argc - 1, argv + 1);
    if (cmd == "compile") return cmd_compile(argc - 1, argv + 1);
    if (cmd == "query") return cmd_query(argc - 1, argv + 1);
    if (cmd == "bench") return cmd_bench(argc - 1, argv + 1);
    if (cmd == "live") return cmd_live(argc - 1, argv + 1);
    if (cmd == "repl") return cmd_repl(argc - 1, argv + 1);
    if (cmd == "devices") return cmd_devices(argc - 1, argv + 1);
    if (cmd == "dirt") return cmd_dirt(argc - 1, argv + 1);
    if (cmd == "__check-compile") return phonon::compile_check_main(argc - 1, argv + 1);  // live's compile guard
  } catch (const std::exception& e) {
    std::fprintf(stderr, "phonon %s: error: %s\n", cmd.c_str(), e.what());
    return 1;
  }
  std::fprintf(stderr, "phonon: error: unknown command `%s`\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
