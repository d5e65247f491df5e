// Clock control from outside the program (Engine::request_cps / request_jump, runtime/engine/clock_control.hpp):
// what `resetCycles` and Ableton Link use. The sample is a one-frame click, so a non-zero frame is an onset.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/audio_file.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;

// `click`: one frame; `hold`: a second of a constant (a voice that is still sounding at a jump).
std::string library() {
  static const std::string dir = [] {
    fs::path d = fs::temp_directory_path() / ("phonon_clockctl_" + std::to_string(::getpid()));
    fs::create_directories(d / "click");
    fs::create_directories(d / "hold");
    std::vector<float> click(64, 0.0f);
    click[0] = 1.0f;
    AudioFileWriter w((d / "click" / "click.wav").string(), 44100, 1, SampleFormat::Float32);
    w.write_interleaved(click.data(), static_cast<int64_t>(click.size()));
    w.commit();
    std::vector<float> hold(44100, 0.5f);
    AudioFileWriter h((d / "hold" / "hold.wav").string(), 44100, 1, SampleFormat::Float32);
    h.write_interleaved(hold.data(), static_cast<int64_t>(hold.size()));
    h.commit();
    return d.string();
  }();
  return dir;
}

constexpr int kBlock = 256;

struct Rig {
  SampleBank bank{{library()}, false};
  Engine engine{[] {
    EngineOptions eo;
    eo.max_block = kBlock;
    eo.limiter = false;
    return eo;
  }()};
  std::vector<float> out;  // stereo, everything rendered so far

  explicit Rig(const std::string& code) { engine.start(plan(code)); }
  std::unique_ptr<LoadedPlan> plan(const std::string& code) {
    CompileResult r = compile_source(std::make_shared<SourceFile>("test.ph", code));
    EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
    std::vector<std::string> warnings;
    return load_plan(engine, bank, r.plan, &warnings);
  }
  int64_t frames() const { return static_cast<int64_t>(out.size() / 2); }
  // Renders until `until` frames (whole blocks), calling prefetch() before each block when asked.
  void render_to(int64_t until, bool prefetch) {
    while (frames() < until) {
      if (prefetch) engine.prefetch();
      const size_t at = out.size();
      out.resize(at + 2 * kBlock);
      engine.process(out.data() + at, kBlock);
    }
  }
  // Frames at which a click starts (a rise from zero) at or after `from`.
  std::vector<int64_t> onsets(int64_t from) const {
    std::vector<int64_t> f;
    for (int64_t i = std::max<int64_t>(from, 1); i < frames(); ++i)
      if (out[2 * i] != 0.0f && out[2 * (i - 1)] == 0.0f) f.push_back(i);
    return f;
  }
};

TEST(ClockControl, JumpToZeroStartsTheNextEventsAtTheJumpFrame) {
  for (bool prefetch : {false, true}) {
    Rig rig("cps: 0.5\no1: s \"click*4\"\n");
    rig.render_to(100 * kBlock, prefetch);  // 25600 frames: cycle ~0.29, past the onset at 1/4
    const int64_t jump_frame = rig.frames();
    ASSERT_TRUE(rig.engine.request_jump(0.0));
    rig.render_to(jump_frame + 3 * 22050 + 100, prefetch);
    const int64_t at = jump_frame;  // render_to prefetches (primes the jump) before the next block
    EXPECT_EQ(rig.onsets(jump_frame), (std::vector<int64_t>{at, at + 22050, at + 44100, at + 66150}))
        << "prefetch " << prefetch;
    EXPECT_EQ(rig.engine.stats().jumps, 1u);
    EXPECT_NEAR(rig.engine.stats().jump_from, (at / 44100.0) * 0.5, 1e-9);
  }
}

TEST(ClockControl, PrefetchedJumpLandsInTheCycleItPrimed) {
  // A jump into the middle of cycle 7, with the prefetcher priming cycle 7: the events after 7.3 play, at
  // their frames in the new position.
  Rig rig("cps: 0.5\no1: s \"click*4\"\n");
  rig.render_to(40 * kBlock, true);
  ASSERT_TRUE(rig.engine.request_jump(7.3));
  rig.render_to(120 * kBlock, true);
  const int64_t at = 40 * kBlock;
  ASSERT_EQ(rig.engine.stats().jumps, 1u);
  std::vector<int64_t> o = rig.onsets(40 * kBlock + 1);
  ASSERT_FALSE(o.empty());
  // The next onset is cycle 7.5, 0.2 cycles after the jump: 0.4 s at 0.5 cps.
  EXPECT_NEAR(static_cast<double>(o[0]), at + 0.2 / 0.5 * 44100.0, 1.0);
}

TEST(ClockControl, JumpAtAFrameToComeLandsOnThatFrame) {
  // As Ableton Link's resetCycles does: cycle 0 at a bar that lies ahead, mid-block. The count goes on until
  // then, and the first event of the new count starts on that very frame.
  for (bool prefetch : {false, true}) {
    Rig rig("cps: 0.5\no1: s \"click*4\"\n");
    rig.render_to(10 * kBlock, prefetch);
    const int64_t bar = 30 * kBlock + 77;
    ASSERT_TRUE(rig.engine.request_jump(0.0, bar));
    rig.render_to(bar + 22050 + 100, prefetch);
    EXPECT_EQ(rig.onsets(10 * kBlock), (std::vector<int64_t>{bar, bar + 22050})) << "prefetch " << prefetch;
    EXPECT_NEAR(rig.engine.stats().jump_from, bar / 44100.0 * 0.5, 1e-9);
  }
}

TEST(ClockControl, BlockStampsGiveTheFrameAndTimeOfEachCall) {
  SampleBank bank{{library()}, false};
  EngineOptions eo;
  eo.stamp_blocks = true;
  Engine engine(eo);
  int64_t f = 0, ns = 0;
  EXPECT_FALSE(engine.block_stamp(&f, &ns));
  CompileResult r = compile_source(std::make_shared<SourceFile>("t.ph", "o1: s \"click\"\n"));
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  float buf[2 * 64];
  engine.process(buf, 64);
  engine.process(buf, 64);
  ASSERT_TRUE(engine.block_stamp(&f, &ns));
  EXPECT_EQ(f, 64);
  EXPECT_GT(ns, 0);
}

TEST(ClockControl, TempoRequestChangesTheSpacingOfEvents) {
  Rig rig("cps: 0.5\no1: s \"click*4\"\n");
  rig.render_to(10 * kBlock, false);  // cycle 0.029
  ASSERT_TRUE(rig.engine.request_cps(1.0));
  rig.render_to(2 * 44100, false);
  const double c0 = 10.0 * kBlock / 44100.0 * 0.5;  // the cycle where the tempo changed
  std::vector<int64_t> expect;
  for (double c : {0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75})
    expect.push_back(static_cast<int64_t>(std::floor(10 * kBlock + (c - c0) / 1.0 * 44100.0 + 0.5)));
  std::vector<int64_t> got = rig.onsets(10 * kBlock);
  ASSERT_GE(got.size(), expect.size());
  got.resize(expect.size());
  for (size_t i = 0; i < expect.size(); ++i) EXPECT_NEAR(got[i], expect[i], 1) << i;
  EXPECT_EQ(got[1] - got[0], 11025);  // a quarter cycle at 1 cps
  EXPECT_NEAR(rig.engine.stats().cps, 1.0, 1e-9);
}

TEST(ClockControl, PlanKeepsAnOutsideTempoUnlessItSetsItsOwn) {
  Rig rig("cps: 0.5\no1: s \"click*4\"\n");
  rig.engine.request_cps(0.75);
  rig.render_to(4 * kBlock, false);
  rig.engine.schedule_swap(rig.plan("cps: 0.5\no1: s \"click*2\"\n"), SwapMode::Now);
  rig.render_to(8 * kBlock, false);
  EXPECT_NEAR(rig.engine.stats().cps, 0.75, 1e-9) << "the same `cps:` as before keeps the outside tempo";
  EXPECT_EQ(rig.engine.stats().plan_tempo_changes, 0u);
  rig.engine.schedule_swap(rig.plan("cps: 0.625\no1: s \"click*2\"\n"), SwapMode::Now);
  rig.render_to(12 * kBlock, false);
  EXPECT_NEAR(rig.engine.stats().cps, 0.625, 1e-9) << "a new `cps:` (setcps) still sets the tempo";
  EXPECT_EQ(rig.engine.stats().plan_tempo_changes, 1u);
}

TEST(ClockControl, VoicesKeepSoundingThroughAJump) {
  Rig rig("cps: 0.5\no1: s \"hold\"\n");
  rig.render_to(40 * kBlock, true);           // the voice from cycle 0 sounds for a second
  ASSERT_TRUE(rig.engine.request_jump(0.5));  // no event at 0.5: only the old voice is heard after the jump
  rig.render_to(80 * kBlock, true);
  for (int64_t f = 40 * kBlock; f < 80 * kBlock; ++f) ASSERT_NE(rig.out[2 * f], 0.0f) << "frame " << f;
  EXPECT_EQ(rig.engine.stats().jumps, 1u);
}

TEST(ClockControl, ManyTempoChangesKeepTheArithmeticExact) {
  // A Link session nudges the tempo every few milliseconds; hours of it must neither overflow the exact clock
  // nor drift. 20000 changes between two tempos, then onsets a quarter cycle apart at the last tempo.
  Rig rig("cps: 0.5\no1: s \"click*4\"\n");
  for (int i = 0; i < 20000; ++i) {
    rig.engine.request_cps(i % 2 ? 0.5003 : 0.4998);
    float buf[2 * 8];
    rig.engine.process(buf, 8);
  }
  rig.engine.request_cps(1.0);
  rig.render_to(2 * 44100, false);
  std::vector<int64_t> got = rig.onsets(0);
  ASSERT_GE(got.size(), 3u);
  EXPECT_EQ(got[2] - got[1], 11025);
}

TEST(ClockControl, RejectsTemposAndCyclesOutOfRange) {
  Rig rig("o1: s \"click\"\n");
  EXPECT_FALSE(rig.engine.request_cps(0.0));
  EXPECT_FALSE(rig.engine.request_cps(std::nan("")));
  EXPECT_FALSE(rig.engine.request_cps(1e6));
  EXPECT_FALSE(rig.engine.request_jump(-1.0));
  EXPECT_FALSE(rig.engine.request_jump(INFINITY));
  EXPECT_FALSE(rig.engine.request_jump(2e6));
  EXPECT_TRUE(rig.engine.request_jump(1e6));  // the furthest: the clock's arithmetic still holds there
  float buf[2 * 64];
  rig.engine.process(buf, 64);
  EXPECT_NEAR(rig.engine.stats().cycle, 1e6, 1e-3);
}

}  // namespace
}  // namespace phonon
