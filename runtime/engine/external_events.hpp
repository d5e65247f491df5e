// Events from outside the program (`phonon dirt`: SuperDirt's /dirt/play from Tidal) handed to the audio thread.
//
// Ownership: a fixed pool of slots, each holding one event's control map, its PreparedOnset and its duration. The
// producer (the network thread) fills a free slot, which may allocate there, and pushes a ticket {slot, time}
// through a lock-free SPSC ring. The audio thread keeps arrived tickets in a preallocated list sorted by frame,
// starts each event in the block that holds its frame, and hands the slot back through a second SPSC ring; the
// producer frees the slot's map when it takes it back (reclaim()). So the audio thread never allocates or frees.
//
// Time: a ticket's time is in seconds of the wall clock (CLOCK_REALTIME, the clock OSC timetags are in) relative
// to `epoch_unix`, the same for every ticket. The audio thread maps it to a frame through an anchor, a pair (wall
// time t0, frame f0): frame = f0 + round((time - t0) * rate). In real time the anchor is taken from the wall
// clock at the first block and kept while the blocks keep pace with it; when the wall clock and the frame count
// part by more than kReanchorSeconds (a stalled or suspended device, an xrun burst) the anchor is taken again.
// Keeping it fixed otherwise means two events a timetag interval apart start exactly that interval apart in
// frames. In manual mode (set_manual_anchor, used by `phonon dirt --replay`) the anchor is given and the wall
// clock is never read, which makes the timetag → frame mapping deterministic for tests.
#pragma once
#include <atomic>
#include <cmath>
#include <cstdint>
#include <vector>

#include "compiler/pattern/value.hpp"
#include "runtime/live/ring_buffer.hpp"
#include "runtime/voices/voice_params.hpp"

namespace phonon {

struct ExternalEvent {
  Value value;           // the control map (s, n, orbit, ...)
  PreparedOnset pre;     // resolved off the audio thread; pre.vp.s views value's string
  double seconds = 0.0;  // the event's duration (SuperDirt's `delta`), 0 = the sound's own length
};

class ExternalEvents {
 public:
  static constexpr double kReanchorSeconds = 0.05;
  static constexpr double kImmediate = NAN;  // a ticket time: play in the next block (an untimed message)

  // capacity: events in flight at once (arrived but not yet started). epoch_unix: subtracted from every wall
  // time so that times stay small and exact in a double.
  ExternalEvents(int capacity, double rate, double epoch_unix);

  // --- producer (one thread) ---
  // A free slot to fill, or -1 when every slot is in flight (the event is then dropped and counted).
  int acquire();
  ExternalEvent& slot(int s) { return slots_[static_cast<size_t>(s)]; }
  // Hands a filled slot over; `time` in seconds since epoch_unix, or kImmediate.
  void submit(int s, double time);
  // Takes back the slots the audio thread has used and frees what they hold. Call it regularly.
  void reclaim();
  // Stops the pending events and fades the sounding external voices (SuperDirt's hush: silence now).
  void hush() { hush_.fetch_add(1, std::memory_order_release); }
  double epoch_unix() const { return epoch_; }

  // --- audio thread ---
  // Block [frame, frame + n): moves arrived tickets into the pending list (a ticket whose frame is before the
  // block is late: counted, and played at the block's first frame), then calls f(event, offset) for each event
  // due in the block, in frame order.
  template <class F>
  void for_each_due(int64_t frame, int n, F&& f);
  // True once per hush() (the engine then fades the external voices).
  bool take_hush();
  // Manual anchor: wall time `t0` (seconds since epoch_unix) is frame `f0`; the wall clock is never read. Call
  // before the first block.
  void set_manual_anchor(double t0, int64_t f0);

  // --- any thread ---
  uint64_t late() const { return late_.load(std::memory_order_relaxed); }
  uint64_t received() const { return received_.load(std::memory_order_relaxed); }
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }  // no free slot
  void count_dropped() { dropped_.fetch_add(1, std::memory_order_relaxed); }

  // Seconds since epoch_unix on the wall clock now.
  double wall_now() const;

 private:
  struct Ticket {
    int32_t slot;
    double time;
  };
  struct Pending {
    int64_t frame;
    uint64_t seq;  // arrival order, for events on the same frame
    int32_t slot;
  };
  void anchor_block(int64_t frame);
  void take_arrivals(int64_t frame);

  std::vector<ExternalEvent> slots_;
  std::vector<int32_t> free_;     // producer only
  SpscRing<Ticket> submitted_;    // producer → audio
  SpscRing<int32_t> used_;        // audio → producer
  std::vector<Pending> pending_;  // audio only; reserved to capacity, sorted by (frame, seq)
  double rate_;
  double epoch_;
  bool manual_ = false;  // audio thread (set before the first block)
  bool anchored_ = false;
  double t0_ = 0.0;
  int64_t f0_ = 0;
  uint64_t seq_ = 0;
  uint64_t hush_seen_ = 0;
  std::atomic<uint64_t> hush_{0};
  std::atomic<uint64_t> late_{0};
  std::atomic<uint64_t> received_{0};
  std::atomic<uint64_t> dropped_{0};
};

template <class F>
void ExternalEvents::for_each_due(int64_t frame, int n, F&& f) {
  anchor_block(frame);
  take_arrivals(frame);
  size_t k = 0;
  while (k < pending_.size() && pending_[k].frame < frame + n) {
    const Pending& p = pending_[k];
    f(slots_[static_cast<size_t>(p.slot)], static_cast<int>(p.frame - frame));
    const int32_t s = p.slot;
    used_.push(&s, 1);  // never full: it has room for every slot
    ++k;
  }
  if (k) pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(k));  // no reallocation
}

}  // namespace phonon
