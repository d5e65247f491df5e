// Ableton Link (`--link`): Phonon joins the session on the local network, follows its tempo and lines its cycle
// starts up with the session's bars. A thread of its own (never the audio thread: Link's app-thread API) reads
// the session every 10 ms and steers the engine through Engine::request_cps / request_jump:
// - tempo: cps = bpm / 60 / beats_per_cycle, plus a small correction (at most 10 %) that removes a phase error
//   in about a third of a second; being behind by more than kJumpSeconds (or ahead by more than a quarter
//   second) is removed at once by a jump forward: the cycle never runs backwards;
// - when Phonon is alone in the session at start, the session's bars are set to start with its cycles;
// - phase: a cycle starts where a bar (quantum = beats_per_cycle) of the session starts, at the time the frame
//   is heard: the block's start on the steady clock (Engine::block_stamp) plus the output latency;
// - a tempo set by the program (`setcps`, `cps:`) goes to the session;
// - resetCycles: cycle 0 at the session's next bar (as Tidal's Link clock does);
// - start/stop sync: when the session starts playing, the count restarts at 0 at the start time's bar.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace phonon {

class Engine;

struct LinkConfig {
  int beats_per_cycle = 4;
  double latency_seconds = 0.0;  // from the start of a block's rendering to hearing its first frame
  std::string log_path;          // --link-log: one line per cycle start (empty: none)
};

class LinkSync {
 public:
  static constexpr double kJumpSeconds = 0.05;

  // Joins the session (enables Link) and starts the thread. `report` gets one-line messages (peers joining).
  LinkSync(Engine& engine, const LinkConfig& config, std::function<void(const std::string&)> report);
  ~LinkSync();  // leaves the session
  LinkSync(const LinkSync&) = delete;
  LinkSync& operator=(const LinkSync&) = delete;

  // resetCycles (`to` 0) and setCycle: asks for cycle `to` at the session's next bar; returns at once (the engine
  // jumps there). The session's bar phase then keeps steering the count, so a fractional `to` moves to a bar.
  void reset_cycles(double to = 0.0);
  size_t peers() const;
  double bpm() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace phonon
