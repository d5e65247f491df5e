// Events that leave Phonon (MIDI out, OSC out): the one hand-over from the audio thread to the senders.
//
// The engine knows a fixed table of targets (sound names like `midi` or `synth`, and at most one target that
// receives every event, as Tidal's SuperDirt target does). For each onset whose `s` names a target (or for every
// onset, for an all-events target) it copies a fixed-size OutboundEvent — its time as a wall-clock estimate of
// when Phonon's own audio plays that frame, its cycle, the tempo and its controls — into a lock-free
// single-producer ring. Once per block it also pushes a Tick (the block's start cycle and tempo), which the MIDI
// clock follows. Sender threads (runtime/outbound/midi_out.cpp, osc_out.cpp) drain the ring and do the
// socket/port work; the audio thread never allocates, locks or touches a port. An event whose `s` names a target
// plays no sound.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/pattern/value.hpp"
#include "runtime/live/ring_buffer.hpp"

namespace phonon {

// The steady clock in nanoseconds: the time base of every outbound event's time.
int64_t steady_now_ns();

struct OutboundControl {
  static constexpr size_t kName = 24, kText = 32;
  char name[kName];
  char kind;  // 'f' number, 's' text
  double num;
  char text[kText];
};

struct OutboundEvent {
  static constexpr int kMaxControls = 40;
  enum Kind : uint8_t { Event, Tick } kind = Event;
  int8_t target = -1;   // index into Outbound::targets (Event); -1 for a Tick
  int64_t time_ns = 0;  // steady_clock time at which Phonon's audio plays the onset (before any latency)
  double cycle = 0.0;   // the onset's cycle (Tick: the block's first frame's cycle)
  double cps = 0.5;
  double delta = 0.0;      // the event's whole in seconds (Tidal's `delta`)
  int count = 0;           // controls used
  bool truncated = false;  // the event had more controls (or longer names/text) than fit
  bool playing = true;     // Tick: the program plays something (false after `hush`: MIDI clock stop)
  OutboundControl controls[kMaxControls];

  const OutboundControl* find(std::string_view name) const;
  double number(std::string_view name, double fallback) const;
  std::string_view text(std::string_view name) const;
};

// Fills `out`'s controls from an event's control map; no allocation.
void copy_controls(const ControlMap& m, OutboundEvent& out);

class Outbound {
 public:
  struct Target {
    std::string name;  // the sound name it takes (`midi`, `synth`); empty: every event
    std::atomic<uint64_t> events{0};
  };
  explicit Outbound(size_t capacity = 1024) : ring(capacity) {}

  // Off the audio thread, before the engine runs: a target for sound `name` (empty = every event); returns its
  // index.
  int add_target(const std::string& name);
  // Audio thread: the target that takes sound `s` (-1: none).
  int target_of(std::string_view s) const;
  int all_events_target() const { return all_; }
  bool empty() const { return targets_.empty(); }
  const std::vector<std::string>& names() const { return names_; }

  // Audio thread: the block starting at `frame` is rendered now: updates the frame -> wall clock mapping (a
  // frame plays output_latency_ns after it is rendered, in steady state).
  void begin_block(int64_t frame, double rate);
  int64_t time_of(int64_t frame, double rate) const;
  // Set before the engine runs: how long after rendering a frame the device plays it (the device buffer).
  int64_t output_latency_ns = 0;
  // Audio thread: pushes (counts a full ring as dropped).
  void push(const OutboundEvent& e);
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

  SpscRing<OutboundEvent> ring;

 private:
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<Target>> targets_;
  int all_ = -1;
  int64_t ref_frame_ = 0, ref_ns_ = 0;  // frame ref_frame_ plays at steady_clock ref_ns_ (audio thread)
  bool anchored_ = false;
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace phonon
