// `phonon render --session FILE`: a performance replayed offline. The file is what `phonon repl --session-log`
// writes (or the same by hand): REPL blocks, each group after a line `-- @C` that says at which cycle it takes
// effect. Replaying hands each program to the engine exactly as the live session did, so with the same block
// size the render equals the live recording bit for bit.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine/engine.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon {
struct Plan;
}

namespace phonon::cli {

struct SessionEntry {
  double cycle = 0.0;                // when the program takes effect
  std::shared_ptr<const Plan> plan;  // the whole session's program from then on (null for a reset)
  bool reset = false;                // `resetCycles`, `setCycle`: the count goes on from `to` here; later markers
  double to = 0.0;                   // count from there
};

// Reads and evaluates the session file, compiling the program after each `-- @C` group. On a bad block or
// marker, prints located diagnostics to stderr and returns false.
bool load_session(const std::string& path, std::vector<SessionEntry>* entries);

// Hands the entries to the engine as the render advances: call before every engine.process().
class SessionPlayer {
 public:
  SessionPlayer(std::vector<SessionEntry> entries, SampleBank& bank) : entries_(std::move(entries)), bank_(bank) {}
  // The program at cycle 0 (a silent one if the session starts later); call once, before the first block.
  std::shared_ptr<const Plan> initial(const std::shared_ptr<const Plan>& silent);
  void before_block(Engine& engine);
  double last_cycle() const { return entries_.empty() ? 0.0 : entries_.back().cycle; }
  // Frames from the start to cycle `cycles` (of the count after the last resetCycles/setCycle), following the session's
  // tempo changes.
  int64_t frames_until(double cycles, double rate, double initial_cps) const;

 private:
  std::vector<SessionEntry> entries_;
  SampleBank& bank_;
  size_t next_ = 0;
};

}  // namespace phonon::cli
