// A reload keeps what did not change: when a save changes one statement, the others keep sounding exactly as
// if nothing had been reloaded (their oscillator phases, filter and delay states carry over, and their sample
// voices ring on), the way Tidal's `d2 $ …` leaves d1 alone. Checked in-process: an engine that swaps in the
// edited program at a cycle boundary against one that never reloads, sample for sample.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "tests/engine_support.hpp"

namespace phonon {
namespace {

using test::load_program;

// Renders `blocks` blocks of 512 frames of `first`; when `second` is given it is handed over after `swap_after`
// blocks and takes effect at the next cycle boundary.
std::vector<float> render(const std::string& first, const std::string& second, int swap_after, int blocks) {
  SampleBank bank = test::test_sample_bank();
  EngineOptions eo;
  Engine engine(eo);
  auto p = load_program(engine, bank, first);
  if (!p) return {};
  engine.start(std::move(p));
  std::vector<float> out(static_cast<size_t>(blocks) * 512 * 2);
  for (int b = 0; b < blocks; ++b) {
    if (b == swap_after && !second.empty()) {
      auto q = load_program(engine, bank, second);
      if (!q) return {};
      engine.schedule_swap(std::move(q), SwapMode::NextCycle);
    }
    engine.process(out.data() + static_cast<size_t>(b) * 1024, 512);
    engine.prefetch();
    engine.collect_garbage();
  }
  EXPECT_EQ(engine.stats().swaps, second.empty() ? 0u : 1u);
  return out;
}

double peak(const std::vector<float>& v) {
  double m = 0;
  for (float x : v) m = std::max(m, static_cast<double>(std::fabs(x)));
  return m;
}

// The statements that stay: a swept, filtered saw (oscillator and filter state), a feedback delay line (state
// that rings for many cycles) and sample voices that last past the boundary.
const std::string kKept =
    "cps: 0.9\n"
    "~lfo: sine 0.37\n"
    "~blip: sine \"880 ~!15\" * 0.3 # ar 0.001 0.02\n"
    "~echo: (~blip + ~echo * 0.6) # delay 0.23 0 1\n"
    "o1: saw (110 + ~lfo * 7) * 0.2 # lpf (~lfo * 900 + 1500) 0.6\n"
    "o2: ~blip + ~echo\n"
    "d3 $ s \"bd*2 sn\" # legato 3\n";

TEST(ReloadState, StatementsThatDidNotChangeSoundAsIfThereHadBeenNoReload) {
  const int blocks = 400;  // about 4.6 s: the edit lands at the boundary after block 100 (1.16 s)
  // The edit changes one statement to another silent one and adds a silent output: what sounds is the same
  // program, so any difference is state that the reload lost.
  const std::string edited = kKept + "o4: sine 300 * 0\n";
  const std::string before = kKept + "o4: saw 200 * 0\n";
  const std::vector<float> reference = render(before, "", 0, blocks);
  const std::vector<float> reloaded = render(before, edited, 100, blocks);
  ASSERT_EQ(reference.size(), reloaded.size());
  ASSERT_GT(peak(reference), 0.05);
  size_t first_diff = reference.size();
  for (size_t i = 0; i < reference.size(); ++i)
    if (reference[i] != reloaded[i]) {
      first_diff = i;
      break;
    }
  EXPECT_EQ(first_diff, reference.size()) << "the reload changed the sound at frame " << first_diff / 2;
}

TEST(ReloadState, AnEditToAKeptStatementChangesTheSoundFromItsBoundary) {
  // The same comparison where the kept statements do change (the saw's filter moves): the sound differs from
  // the boundary on, so the comparison above can fail.
  const int blocks = 200;
  const std::string before = kKept + "o4: saw 200 * 0\n";
  std::string changed = kKept + "o4: saw 200 * 0\n";
  changed.replace(changed.find("0.6\n"), 4, "0.61\n");
  const std::vector<float> reference = render(before, "", 0, blocks);
  const std::vector<float> reloaded = render(before, changed, 100, blocks);
  ASSERT_EQ(reference.size(), reloaded.size());
  EXPECT_EQ(std::memcmp(reference.data(), reloaded.data(), 100 * 1024 * sizeof(float)), 0)
      << "before the edit both play the same";
  EXPECT_NE(std::memcmp(reference.data(), reloaded.data(), reference.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace phonon
