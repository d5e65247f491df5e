// Following an external MIDI clock (`--clock midi`): the tempo of the clock's ticks, and the cycle position that
// its Start and Song Position give, at the moment each tick arrives. The MIDI input thread hands the clock's
// messages over (message()); a thread of its own steers the engine every 10 ms through Engine::request_cps /
// request_jump, as the Link sync does (runtime/sync/link_sync.hpp): a small tempo correction removes a phase
// error, a large one (or a Start, a song position) is a jump. While the clock is stopped, or before its Start,
// only the tempo follows.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace phonon {

class Engine;

struct MidiClockSyncConfig {
  int beats_per_cycle = 4;       // quarter notes per cycle (24 ticks each)
  double latency_seconds = 0.0;  // from the start of a block's rendering to hearing its first frame
};

class MidiClockSync {
 public:
  MidiClockSync(Engine& engine, const MidiClockSyncConfig& config);
  ~MidiClockSync();
  MidiClockSync(const MidiClockSync&) = delete;
  MidiClockSync& operator=(const MidiClockSync&) = delete;

  // The MIDI input thread: a clock, start, continue, stop or song position message and when it arrived.
  void message(const unsigned char* bytes, size_t size, int64_t steady_ns);
  double bpm() const;    // the clock's tempo (0 before it is known)
  bool running() const;  // between the clock's Start/Continue and Stop

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace phonon
