// Following an external MIDI clock (`--clock midi`): from the clock's messages and their arrival times, the tempo
// (24 ticks per quarter note, beats_per_cycle quarter notes per cycle) and the cycle position each tick stands
// for. Pure bookkeeping, no I/O: the MIDI input thread feeds it (runtime/inbound/midi_in.hpp) and the sync thread
// steers the engine from it (runtime/sync/midi_clock_sync.hpp).
//
// As MIDI defines it: the first tick after Start is the song's position 0; Song Position Pointer (in sixteenth
// notes, 6 ticks) moves the position the next tick stands for; Continue resumes from there; Stop holds the
// position. Devices send ticks while stopped too: the tempo follows them, the position does not move.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>

namespace phonon {

class MidiClockFollower {
 public:
  explicit MidiClockFollower(int beats_per_cycle) : ticks_per_cycle_(24 * beats_per_cycle) {}

  // One message (clock, start, continue, stop, song position; others are ignored) that arrived at `steady_ns`.
  void message(const unsigned char* bytes, size_t size, int64_t steady_ns);

  struct Position {
    bool valid = false;     // a tempo is known (enough ticks) and the clock has started
    bool running = false;   // between Start/Continue and Stop
    int64_t steady_ns = 0;  // when the latest tick arrived …
    double cycle = 0.0;     // … and the cycle it stands for
    double cps = 0.0;       // the tempo the recent ticks give
  };
  Position position() const;
  // Grows each time Start or a song position moves the position (the follower jumps instead of steering).
  uint64_t relocations() const { return relocations_; }

  // The tempo is fitted over this many recent ticks (a beat): short enough to follow a tempo change within a
  // beat, long enough that JACK MIDI's period jitter moves it by well under 1 %.
  static constexpr size_t kTempoTicks = 24;

 private:
  const int ticks_per_cycle_;
  std::deque<int64_t> tick_ns_;  // arrival times of the recent ticks
  bool started_ = false;         // a Start, Continue or song position has been seen
  bool running_ = false;
  int64_t next_tick_ = 0;   // the position (in ticks) the next tick stands for
  int64_t last_tick_ = -1;  // the position of the latest tick while running
  int64_t last_tick_ns_ = 0;
  uint64_t relocations_ = 0;
};

}  // namespace phonon
