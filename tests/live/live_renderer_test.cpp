// LiveRenderer (the audio-thread side of `phonon live`) driven in-process, without a device:
// - it feeds the engine the same block sequence as a plain render loop, whatever the device buffer size;
// - --duration records exactly that many frames; a stop fades out over 50 ms and then stays silent;
// - LiveAudioThread: no heap allocation or free on the audio thread after start-up (global operator new/delete
//   of this test binary count calls made while a thread-local "in audio callback" flag is set).
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/live/live_session.hpp"
#include "runtime/live/ring_buffer.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "tests/engine_support.hpp"

// ---------------------------------------------------------------------------------------------------------------
// Allocation hook. Only counts while t_in_audio_callback is set on the calling thread; otherwise it is plain
// malloc/free, so the other tests of the binary are unaffected.
namespace {
thread_local bool t_in_audio_callback = false;
std::atomic<long> g_audio_heap_calls{0};

void* counted_alloc(std::size_t n) {
  if (t_in_audio_callback) g_audio_heap_calls.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* counted_aligned_alloc(std::size_t n, std::align_val_t al) {
  if (t_in_audio_callback) g_audio_heap_calls.fetch_add(1, std::memory_order_relaxed);
  const std::size_t a = std::max(sizeof(void*), static_cast<std::size_t>(al));
  void* p = nullptr;
  if (posix_memalign(&p, a, n ? n : 1) != 0) return nullptr;
  return p;
}
void counted_free(void* p) {
  if (p && t_in_audio_callback) g_audio_heap_calls.fetch_add(1, std::memory_order_relaxed);
  std::free(p);
}
}  // namespace

void* operator new(std::size_t n) {
  if (void* p = counted_alloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  if (void* p = counted_alloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_alloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_alloc(n); }
void* operator new(std::size_t n, std::align_val_t al) {
  if (void* p = counted_aligned_alloc(n, al)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t al) {
  if (void* p = counted_aligned_alloc(n, al)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, std::align_val_t al, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(n, al);
}
void* operator new[](std::size_t n, std::align_val_t al, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(n, al);
}
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { counted_free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { counted_free(p); }

namespace phonon {
namespace {

constexpr double kRate = 44100.0;

using test::load_program;
using test::test_sample_bank;

const char* kProgram = "cps: 1\nout: s \"[bd*4, hh*16, ~ sn]\"\n";

TEST(LiveRenderer, DeviceBuffersAreSplitIntoEngineBlocksLikeRender) {
  SampleBank bank = test_sample_bank();
  EngineOptions eo;
  eo.rate = kRate;
  eo.max_block = 64;
  Engine live_engine(eo), ref_engine(eo);
  auto p1 = load_program(live_engine, bank, kProgram);
  auto p2 = load_program(ref_engine, bank, kProgram);
  ASSERT_TRUE(p1 && p2);
  live_engine.start(std::move(p1));
  ref_engine.start(std::move(p2));

  LiveRenderConfig rc;
  rc.max_block = 64;
  rc.rate = kRate;
  LiveRenderer renderer(live_engine, rc);
  const int total = 512 * 40;
  std::vector<float> live(static_cast<size_t>(total) * 2), ref(static_cast<size_t>(total) * 2);
  // Device buffers of 512 frames (JACK's period), and a few odd ones.
  const int sizes[] = {512, 512, 100, 412, 512, 1024, 37, 475};
  int done = 0;
  for (int i = 0; done < total; ++i) {
    const int n = std::min(sizes[i % 8], total - done);
    renderer.render(live.data() + 2 * static_cast<size_t>(done), n, 2);
    done += n;
  }
  // The reference: the same device buffers, each cut into blocks of at most 64 frames by hand (for buffers that
  // are multiples of 64 this is exactly `phonon render --block 64`).
  done = 0;
  for (int i = 0; done < total; ++i) {
    int left = std::min(sizes[i % 8], total - done);
    while (left > 0) {
      const int n = std::min(64, left);
      ref_engine.process(ref.data() + 2 * static_cast<size_t>(done), n);
      done += n;
      left -= n;
    }
  }
  EXPECT_EQ(std::memcmp(live.data(), ref.data(), live.size() * sizeof(float)), 0);
  double peak = 0;
  for (float v : live) peak = std::max(peak, static_cast<double>(std::fabs(v)));
  EXPECT_GT(peak, 0.05);
  EXPECT_EQ(renderer.frames_played(), static_cast<uint64_t>(total));
}

TEST(LiveRenderer, DurationRecordsExactlyAndThenFadesOut) {
  SampleBank bank = test_sample_bank();
  EngineOptions eo;
  eo.rate = kRate;
  eo.max_block = 512;
  Engine engine(eo);
  auto p = load_program(engine, bank, "cps: 1\nout: s \"hh*16\"\n");
  ASSERT_TRUE(p);
  engine.start(std::move(p));
  SpscRing<float> ring(1 << 20);
  LiveRenderConfig rc;
  rc.max_block = 512;
  rc.rate = kRate;
  rc.stop_after_frames = 10000;  // not a multiple of the block
  rc.record = &ring;
  LiveRenderer renderer(engine, rc);
  // The output limiter's look-ahead: played first, left out of the recording (as `phonon render` leaves it out).
  const size_t skip = static_cast<size_t>(engine.output_latency());
  ASSERT_EQ(skip, 882u);
  std::vector<float> buf(512 * 2);
  std::vector<float> played;
  for (int i = 0; i < 40; ++i) {
    renderer.render(buf.data(), 512, 2);
    played.insert(played.end(), buf.begin(), buf.end());
    if (i == 25) {
      EXPECT_TRUE(renderer.finished());  // 882 + 10000 + 2205 frames end in buffer 25
    }
  }
  EXPECT_TRUE(renderer.finished());
  EXPECT_TRUE(renderer.duration_reached());
  EXPECT_EQ(renderer.frames_recorded(), 10000u);
  EXPECT_EQ(ring.size(), 20000u);
  std::vector<float> rec(20000);
  ring.pop(rec.data(), rec.size());
  // The recording is what was played after the look-ahead, up to the duration.
  EXPECT_EQ(std::memcmp(rec.data(), played.data() + 2 * skip, rec.size() * sizeof(float)), 0);
  // After it, 50 ms (2205 frames) of fade, then zeros.
  const size_t fade_end = (skip + 10000 + 2205) * 2;
  ASSERT_LE(fade_end + 1024, played.size());
  for (size_t i = fade_end; i < played.size(); ++i) ASSERT_EQ(played[i], 0.0f) << "at value " << i;
  // Finished: further buffers are silent.
  renderer.render(buf.data(), 512, 2);
  for (float v : buf) ASSERT_EQ(v, 0.0f);
}

TEST(LiveRenderer, StopRequestFadesOverFiftyMillisecondsAndRecordsTheFade) {
  SampleBank bank = test_sample_bank();
  EngineOptions eo;
  eo.rate = kRate;
  eo.max_block = 256;
  Engine engine(eo);
  auto p = load_program(engine, bank, "cps: 1\nout: s \"hh*16\"\n");
  ASSERT_TRUE(p);
  engine.start(std::move(p));
  SpscRing<float> ring(1 << 20);
  LiveRenderConfig rc;
  rc.max_block = 256;
  rc.rate = kRate;
  rc.record = &ring;
  LiveRenderer renderer(engine, rc);
  std::vector<float> buf(256 * 2);
  for (int i = 0; i < 20; ++i) renderer.render(buf.data(), 256, 2);
  EXPECT_FALSE(renderer.finished());
  renderer.request_stop();
  int buffers = 0;
  while (!renderer.finished() && buffers < 100) {
    renderer.render(buf.data(), 256, 2);
    ++buffers;
  }
  EXPECT_TRUE(renderer.finished());
  EXPECT_EQ(buffers, (2205 + 255) / 256);  // 50 ms at 44.1 kHz, whole buffers
  // Everything played but the output limiter's look-ahead at the start.
  EXPECT_EQ(renderer.frames_recorded(), static_cast<uint64_t>((20 + buffers) * 256 - engine.output_latency()));
  // Mono device: the stereo frames are mixed down.
  renderer.render(buf.data(), 128, 1);
  for (int i = 0; i < 128; ++i) ASSERT_EQ(buf[static_cast<size_t>(i)], 0.0f);
}

// Plays `a`, swaps to `b`, fades out; no heap call on the "audio thread" after the first 200 buffers.
void expect_no_heap_calls(const std::string& a, const std::string& b) {
  SampleBank bank = test_sample_bank();
  EngineOptions eo;
  eo.rate = kRate;
  eo.max_block = 64;
  Engine engine(eo);
  auto first = load_program(engine, bank, a);
  ASSERT_TRUE(first);
  engine.start(std::move(first));
  SpscRing<float> ring(1 << 22);
  LiveRenderConfig rc;
  rc.max_block = 64;
  rc.rate = kRate;
  rc.record = &ring;
  LiveRenderer renderer(engine, rc);
  std::vector<float> buf(512 * 2);
  std::vector<float> drain(1 << 16);
  auto run = [&](int buffers) {
    for (int i = 0; i < buffers; ++i) {
      t_in_audio_callback = true;
      renderer.render(buf.data(), 512, 2);
      t_in_audio_callback = false;
      engine.prefetch();  // what `phonon live`'s main loop does between callbacks
      while (ring.pop(drain.data(), drain.size()) > 0) {
      }
    }
  };
  run(200);  // start-up: first events, first voices
  g_audio_heap_calls.store(0);
  run(400);  // ~4.6 s
  EXPECT_EQ(g_audio_heap_calls.load(), 0) << "heap calls on the audio thread while playing";
  // A reload: prepared here (allocating is fine off the audio thread), swapped in by the audio thread.
  auto second = load_program(engine, bank, b);
  ASSERT_TRUE(second);
  engine.schedule_swap(std::move(second), SwapMode::NextCycle);
  g_audio_heap_calls.store(0);
  run(400);
  engine.collect_garbage();
  EXPECT_EQ(engine.stats().swaps, 1u);
  EXPECT_EQ(g_audio_heap_calls.load(), 0) << "heap calls on the audio thread across a swap";
  // And the fade-out at the end.
  renderer.request_stop();
  g_audio_heap_calls.store(0);
  run(20);
  EXPECT_TRUE(renderer.finished());
  EXPECT_EQ(g_audio_heap_calls.load(), 0) << "heap calls on the audio thread during the fade-out";
}

TEST(LiveAudioThread, NoHeapCallsWithDenseSamplePatterns) {
  expect_no_heap_calls(
      "cps: 2\no1: s \"[bd*4, hh*16, ~ sn, cp(3,8)]\"\no2: jux rev $ stut 4 0.5 0.125 $ s \"arpy*8 rave\"\n",
      "cps: 1.5\no1: s \"808bd(5,8) rave(3,8,1)\" # ar 0.01 0.2\no2: s \"hh*32\"\n");
}

TEST(LiveAudioThread, NoHeapCallsWithNumberControlPatterns) {
  // `# n "..."` combines a control pattern with a number pattern on every query.
  expect_no_heap_calls("cps: 2\no1: s \"arpy*8\" # n \"0 .. 7\"\n",
                       "cps: 2\no1: jux rev $ s \"arpy*8\" # n \"<0 3> 5\" # gain 0.9\n");
}

}  // namespace
}  // namespace phonon
