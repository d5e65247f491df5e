// No heap allocation in Engine::process in steady state (the audio path rule of docs/performance.md).
//
// tests/live/live_renderer_test.cpp already replaces the global operator new/delete of this binary (counting only
// while its own thread-local flag is set, which this file cannot reach). To count every allocation, from the
// calling thread and from OpenMP workers alike, this file interposes the C allocator instead (malloc, free and
// friends, forwarded to glibc's __libc_* entry points); operator new ends in malloc either way. Counting is on
// only inside the measured process() calls.
//
// Pattern queries run once per cycle (runtime/engine/event_window.hpp) and allocate inside the pattern library, so:
// - AllocEngine.NoAllocationInBlocksBetweenCycleBoundaries: every block that does not reach a new cycle allocates
//   nothing (m.ph with the test samples, perf/programs/synth.ph, a dense filtered-voice program; 1 and 2
//   threads), over several cycles of steady state;
// - the blocks that cross a cycle boundary are counted and printed (the known exception, see
//   docs/performance.md), and must be a small minority.
#include <gtest/gtest.h>

// Sanitizers replace malloc themselves; gcc says so with __SANITIZE_*__, clang only through __has_feature.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PHONON_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define PHONON_UNDER_SANITIZER 1
#endif
#endif
#if !defined(PHONON_UNDER_SANITIZER) && defined(__GLIBC__)
#define PHONON_ALLOC_INTERPOSE 1
#endif

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"

#ifdef PHONON_ALLOC_INTERPOSE
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocs{0};
inline void note() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocs.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void __libc_free(void*);
void* __libc_memalign(size_t, size_t);

void* malloc(size_t n) {
  note();
  return __libc_malloc(n);
}
void* calloc(size_t a, size_t b) {
  note();
  return __libc_calloc(a, b);
}
void* realloc(void* p, size_t n) {
  note();
  return __libc_realloc(p, n);
}
void free(void* p) {
  if (p) note();
  __libc_free(p);
}
void* memalign(size_t al, size_t n) {
  note();
  return __libc_memalign(al, n);
}
void* aligned_alloc(size_t al, size_t n) {
  note();
  return __libc_memalign(al, n);
}
int posix_memalign(void** out, size_t al, size_t n) {
  note();
  void* p = __libc_memalign(al, n);
  if (!p) return 12;  // ENOMEM
  *out = p;
  return 0;
}
}
#endif

namespace phonon {
namespace {

// Without the interposed allocator (under a sanitizer, which replaces malloc itself) there is nothing to count.
#ifdef PHONON_ALLOC_INTERPOSE
std::string read_text(const std::string& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct AllocResult {
  long quiet_blocks = 0, quiet_allocs = 0;        // blocks that stay inside one cycle
  long boundary_blocks = 0, boundary_allocs = 0;  // blocks that reach a new cycle
};

AllocResult measure(const std::string& text, int threads, int block) {
  AllocResult res;
  CompileResult r = compile_source(std::make_shared<const SourceFile>("alloc.ph", text));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  if (!r.ok()) return res;
  SampleBank bank(default_sample_roots({std::string(PHONON_TEST_SAMPLES)}));
  EngineOptions eo;
  eo.max_block = block;
  eo.threads = threads;
  Engine engine(eo);
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  std::vector<float> buf(static_cast<size_t>(block) * 2);
  // Warm-up: two cycles (voices reach their steady count, first-use initialisation happens).
  const double cps = engine.stats().cps;
  const int64_t warm = static_cast<int64_t>(2.0 / cps * eo.rate);
  for (int64_t f = 0; f < warm; f += block) engine.process(buf.data(), block);
  const double eps = 4.0 * cps / eo.rate;  // a few frames, in cycles
  const int64_t total = static_cast<int64_t>(4.0 / cps * eo.rate);
  for (int64_t f = 0; f < total; f += block) {
    const double c0 = engine.stats().cycle;
    g_allocs.store(0);
    g_counting.store(true);
    engine.process(buf.data(), block);
    g_counting.store(false);
    const long a = g_allocs.load();
    const double c1 = engine.stats().cycle;
    const bool boundary = std::floor(c0 - eps) != std::floor(c1 + eps);
    (boundary ? res.boundary_blocks : res.quiet_blocks)++;
    (boundary ? res.boundary_allocs : res.quiet_allocs) += a;
  }
  return res;
}

void check(const char* what, const std::string& text) {
  for (int threads : {1, 2}) {
    for (int block : {512, 64}) {
      AllocResult r = measure(text, threads, block);
      std::printf(
          "[ info ] %s threads %d block %d: %ld blocks inside a cycle, %ld allocation calls; "
          "%ld cycle-boundary blocks, %ld allocation calls\n",
          what, threads, block, r.quiet_blocks, r.quiet_allocs, r.boundary_blocks, r.boundary_allocs);
      EXPECT_GT(r.quiet_blocks, 0);
      EXPECT_GT(r.boundary_blocks, 0) << "steady state must cross cycle boundaries";
      EXPECT_EQ(r.quiet_allocs, 0) << what << ": heap calls in blocks between cycle boundaries (threads " << threads
                                   << ", block " << block << ")";
      EXPECT_LT(r.boundary_blocks * 10, r.quiet_blocks);
    }
  }
}

// The audio thread's side of live mode, from the very first block: a prefetching thread (here, the same thread
// between blocks, outside the counted window) queries each next cycle ahead, so no block queries a pattern or
// allocates, cycle boundaries and the first block included.
// `steer`: the clock is also moved from outside, as resetCycles and Ableton Link do (Engine::request_jump to
// cycle 0 and into the middle of a cycle, request_cps), between blocks.
long allocations_with_prefetch(const std::string& text, int block, long* blocks, bool steer = false) {
  CompileResult r = compile_source(std::make_shared<const SourceFile>("alloc.ph", text));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  if (!r.ok()) return -1;
  SampleBank bank(default_sample_roots({std::string(PHONON_TEST_SAMPLES)}));
  EngineOptions eo;
  eo.max_block = block;
  Engine engine(eo);
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  std::vector<float> buf(static_cast<size_t>(block) * 2);
  const int64_t total = static_cast<int64_t>(4.0 / engine.stats().cps * eo.rate);
  long allocs = 0;
  *blocks = 0;
  for (int64_t f = 0; f < total; f += block) {
    if (steer && *blocks % 97 == 50) engine.request_jump(*blocks % 2 ? 0.0 : 5.4);
    if (steer && *blocks % 13 == 5) engine.request_cps(0.6 + 0.01 * static_cast<double>(*blocks % 7));
    engine.prefetch();
    engine.collect_garbage();
    g_allocs.store(0);
    g_counting.store(true);
    engine.process(buf.data(), block);
    g_counting.store(false);
    allocs += g_allocs.load();
    ++*blocks;
  }
  return allocs;
}

TEST(AllocEngine, NoAllocationInAnyBlockFromTheFirstWhenPrefetchKeepsUp) {
  const std::string dense =
      "cps: 0.75\n"
      "o1: s \"[bd*4, hh*16, ~ sn, cp(3,8)]\"\n"
      "o2: jux rev $ stut 4 0.5 0.125 $ s \"arpy*8\" # n \"0 .. 7\"\n"
      "o3: s \"808bd(5,8) rave(3,8,1)\" # ar 0.01 0.2\n";
  for (int block : {512, 64}) {
    long blocks = 0;
    EXPECT_EQ(allocations_with_prefetch(dense, block, &blocks), 0) << "block " << block;
    EXPECT_GT(blocks, 0);
    EXPECT_EQ(allocations_with_prefetch(read_text(std::string(PHONON_TEST_PROGRAMS) + "/m.ph"), block, &blocks), 0)
        << "m.ph, block " << block;
  }
}

TEST(AllocEngine, NoAllocationWhenTheClockIsMovedFromOutside) {
  const std::string text = "cps: 0.75\no1: s \"[bd*4, hh*16, ~ sn, cp(3,8)]\"\no2: s \"arpy*8\" # n \"0 .. 7\"\n";
  for (int block : {512, 64}) {
    long blocks = 0;
    EXPECT_EQ(allocations_with_prefetch(text, block, &blocks, true), 0) << "block " << block;
    EXPECT_GT(blocks, 100);
  }
}

TEST(AllocEngine, CounterSeesAllocations) {
  // The hook itself works (otherwise the zero below would prove nothing).
  g_allocs.store(0);
  g_counting.store(true);
  std::vector<int>* v = new std::vector<int>(100);
  g_counting.store(false);
  delete v;
  EXPECT_GE(g_allocs.load(), 2);
}

TEST(AllocEngine, NoAllocationInBlocksBetweenCycleBoundaries) {
  check("m.ph", read_text(std::string(PHONON_TEST_PROGRAMS) + "/m.ph"));
  check("synth.ph", read_text(std::string(PHONON_SOURCE_DIR) + "/perf/programs/synth.ph"));
  check("dense voices",
        "cps: 1\no1: s \"hh*64\" # n (irand 12) # speed 0.9 # cutoff (range 300 4000 rand) # resonance 0.3 "
        "# pan rand # attack 0.01 # release 0.99\n");
  check("feedback loop", read_text(std::string(PHONON_SOURCE_DIR) + "/examples/feedback_echo.ph"));
  check("per-voice squiz, loop, adsr", "cps: 1\no1: s \"bd*8\" # squiz 2 # loop 2 # adsr 0.01 0.05 0.5 0.1\n");
}
#else
TEST(AllocEngine, NoAllocationInBlocksBetweenCycleBoundaries) {
  GTEST_SKIP() << "allocation counting needs glibc and no sanitizer";
}
#endif

}  // namespace
}  // namespace phonon
