// Cycle-window event caches. A pattern is queried one whole cycle at a time and the events are handed out block
// by block, so a 512-frame block costs a few comparisons instead of a pattern query (~170 blocks share one
// query at 44.1 kHz and 0.5 cps). Tidal's semantics make this exact: an event's whole, value and onset do not
// depend on the arc it was queried with (continuous patterns are the exception: SignalWindow re-queries
// analog events per block).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "compiler/pattern/controller_input.hpp"
#include "compiler/pattern/pattern.hpp"
#include "runtime/voices/voice_params.hpp"

namespace phonon {

// Each event comes with its PreparedOnset (runtime/voices/voice_params.hpp), resolved with the window's sample bank
// when the cycle is queried.
class OnsetWindow {
 public:
  void reserve(size_t n) {
    events_.reserve(n);
    next_.reserve(n);
    prepared_.reserve(n);
    next_prepared_.reserve(n);
  }
  void set_bank(const SampleBank* bank) { bank_ = bank; }
  void reset() { started_ = false; }

  // Calls f(event, prepared) for every event of `p` with an onset in [arc.begin, arc.end), in onset order.
  // Successive calls must use successive arcs (a jump backwards restarts the window). When a prefetching thread
  // has already queried the next cycle (prefetch()), the window takes it over by swapping vectors: no allocation
  // or free on this (audio) thread. Otherwise it queries the cycle itself, with the same result.
  template <class F>
  void for_each_onset(const Pattern& p, const Arc& arc, F&& f) {
    take_refresh(arc);
    if (!started_ || arc.begin < begin_) {
      begin_ = end_ = Rational(arc.begin.floor());
      events_.clear();
      prepared_.clear();
      cursor_ = 0;
      started_ = true;
    }
    for (;;) {
      while (cursor_ < events_.size()) {
        const Rational& t = events_[cursor_].whole->begin;
        if (t >= arc.end) break;
        if (t >= arc.begin) f(events_[cursor_], prepared_[cursor_]);
        ++cursor_;
      }
      if (arc.end <= end_) return;
      begin_ = end_;
      end_ = end_ + Rational(1);
      cursor_ = 0;
      // Taking the prefetched cycle is a compare-exchange, so that the prefetcher can withdraw a cycle that
      // controller input has made stale (refresh()) without racing with this.
      int ready = kReady;
      if (state_.compare_exchange_strong(ready, kTaking, std::memory_order_acq_rel) && next_begin_ == begin_) {
        events_.swap(next_);  // the consumed cycle goes back to the prefetcher, which frees it
        prepared_.swap(next_prepared_);
        events_generation_.store(next_generation_, std::memory_order_release);
        state_.store(kFree, std::memory_order_release);
      } else {
        state_.store(kFree, std::memory_order_release);  // a stale prefetch is refilled
        events_generation_.store(ControllerInput::global().generation(), std::memory_order_release);
        query_window(p, begin_, events_, prepared_);
      }
      want_.store(end_.floor(), std::memory_order_release);
    }
  }

  // Non-audio thread: queries the cycle the audio thread will need next into the spare vector (freeing the
  // events of a consumed cycle here rather than on the audio thread). Call it more often than once per cycle,
  // from the thread that frees retired plans (so the plan stays alive meanwhile).
  void prefetch(const Pattern& p) {
    refresh(p);
    if (state_.load(std::memory_order_acquire) != kFree) return;
    int64_t w = want_.load(std::memory_order_acquire);
    if (w == kNone) return;
    Rational b(w);
    next_generation_ = ControllerInput::global().generation();
    query_window(p, b, next_, next_prepared_);
    next_begin_ = b;
    state_.store(kReady, std::memory_order_release);
  }

  // Non-audio thread (the prefetcher): the clock is about to jump into cycle `cycle` (Engine::request_jump), so
  // that cycle is queried now and the audio thread takes it over at the jump (jump()). Priming again replaces a
  // cycle primed before and not taken.
  void prime_jump(const Pattern& p, int64_t cycle) {
    int ready = kReady;
    jump_state_.compare_exchange_strong(ready, kFree, std::memory_order_acq_rel);
    if (jump_state_.load(std::memory_order_acquire) != kFree) return;
    jump_generation_ = ControllerInput::global().generation();
    query_window(p, Rational(cycle), jump_, jump_prepared_);
    jump_begin_ = Rational(cycle);
    jump_state_.store(kReady, std::memory_order_release);
  }

  // Audio thread: the clock jumped to `cycle`. The window goes on from that cycle, taken from the primed jump
  // slot by swapping vectors (the old cycle's events go back to the prefetcher, which frees them), or, when none
  // was primed for it, queried by the next for_each_onset. A cycle prefetched for the old position is withdrawn.
  void jump(const Rational& cycle) {
    const Rational k(cycle.floor());
    started_ = false;
    int ready = kReady;
    if (jump_state_.compare_exchange_strong(ready, kTaking, std::memory_order_acq_rel)) {
      if (jump_begin_ == k) {
        events_.swap(jump_);
        prepared_.swap(jump_prepared_);
        begin_ = k;
        end_ = k + Rational(1);
        cursor_ = 0;
        started_ = true;
        events_generation_.store(jump_generation_, std::memory_order_release);
      }
      jump_state_.store(kFree, std::memory_order_release);
    }
    ready = kReady;
    state_.compare_exchange_strong(ready, kFree, std::memory_order_acq_rel);
    want_.store(started_ ? k.floor() + 1 : k.floor(), std::memory_order_release);
  }

  // Non-audio thread, before the plan is handed to the audio thread: the plan will start at cycle boundary
  // `cycle` (a swap at the next cycle), so its window starts there and the first cycle is queried now.
  void prime(const Pattern& p, int64_t cycle) {
    started_ = true;
    begin_ = Rational(cycle - 1);
    end_ = Rational(cycle);
    events_.clear();
    prepared_.clear();
    cursor_ = 0;
    want_.store(cycle, std::memory_order_release);
    prefetch(p);
  }

 private:
  static constexpr int kFree = 0, kReady = 1, kTaking = 2;
  static constexpr int64_t kNone = INT64_MIN;

  // Controller input (cF "name" …) changed after the playing cycle was queried: the prefetching thread queries
  // that cycle again, so that the new value plays from the next event on rather than from the next cycle.
  void refresh(const Pattern& p) {
    const uint64_t g = ControllerInput::global().generation();
    if (next_generation_ != g) {
      int ready = kReady;
      state_.compare_exchange_strong(ready, kFree, std::memory_order_acq_rel);  // withdrawn: prefetched again
    }
    if (g == events_generation_.load(std::memory_order_acquire)) return;
    if (refresh_state_.load(std::memory_order_acquire) != kFree) return;
    const int64_t w = want_.load(std::memory_order_acquire);
    if (w == kNone) return;
    refresh_begin_ = Rational(w - 1);  // the cycle being played (want_ is the one after it)
    refresh_generation_ = g;
    query_window(p, refresh_begin_, refresh_, refresh_prepared_);
    refresh_state_.store(kReady, std::memory_order_release);
  }
  // Audio thread: swaps a refreshed query of the current cycle in (by swapping vectors: no allocation here) and
  // goes on from the first onset of this block.
  void take_refresh(const Arc& arc) {
    if (refresh_state_.load(std::memory_order_acquire) != kReady) return;
    if (started_ && refresh_begin_ == begin_) {
      events_.swap(refresh_);
      prepared_.swap(refresh_prepared_);
      cursor_ = 0;
      while (cursor_ < events_.size() && events_[cursor_].whole->begin < arc.begin) ++cursor_;
      events_generation_.store(refresh_generation_, std::memory_order_release);
    }
    refresh_state_.store(kFree, std::memory_order_release);  // (a refresh of a cycle already left is dropped)
  }

  void query_window(const Pattern& p, const Rational& b, std::vector<Event>& out,
                    std::vector<PreparedOnset>& prepared) const {
    out.clear();
    try {
      p.query(Arc(b, b + Rational(1)), out);
    } catch (...) {
      out.clear();  // an event storm or overflow drops this cycle's events (the compiler warns about dense patterns)
    }
    out.erase(std::remove_if(out.begin(), out.end(), [](const Event& e) { return !e.has_onset(); }), out.end());
    std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.whole->begin < b.whole->begin; });
    // After the sort: a PreparedOnset views its event's value, so the events must not move afterwards.
    prepared.clear();
    for (const Event& e : out) prepared.push_back(prepare_onset(e.value, bank_));
  }

  bool started_ = false;
  Rational begin_, end_;
  const SampleBank* bank_ = nullptr;
  std::vector<Event> events_;
  std::vector<PreparedOnset> prepared_;  // parallel to events_
  size_t cursor_ = 0;
  // Prefetch hand-over: next_ (and next_prepared_) belong to the prefetching thread while state_ is kFree, to
  // the audio thread while it is kReady or kTaking.
  std::vector<Event> next_;
  std::vector<PreparedOnset> next_prepared_;
  Rational next_begin_;
  std::atomic<int> state_{kFree};
  std::atomic<int64_t> want_{kNone};
  uint64_t next_generation_ = 0;  // ControllerInput's generation when next_ was queried (prefetcher)
  // The controller generation the playing cycle's events were queried at (written by the audio thread).
  std::atomic<uint64_t> events_generation_{0};
  // A fresh query of the playing cycle (refresh()): the prefetcher's while refresh_state_ is kFree.
  std::vector<Event> refresh_;
  std::vector<PreparedOnset> refresh_prepared_;
  Rational refresh_begin_;
  uint64_t refresh_generation_ = 0;
  std::atomic<int> refresh_state_{kFree};
  // A query of the cycle a requested jump lands in (prime_jump()): the prefetcher's while jump_state_ is kFree.
  std::vector<Event> jump_;
  std::vector<PreparedOnset> jump_prepared_;
  Rational jump_begin_;
  uint64_t jump_generation_ = 0;
  std::atomic<int> jump_state_{kFree};
};

// A PatternSignal's events, one cycle at a time. for_each_overlapping reports exactly the events a query of the
// block's arc would report (every event whose part overlaps the arc), but from a cycle's cached query, so a signal
// pattern costs one query per cycle. Parts are those of the cycle query (a part is never clipped to the block:
// callers clamp frames to the block). A cycle that holds continuous (analog) events is re-queried per block
// instead, into `block_scratch`, because analog values depend on the queried arc.
class SignalWindow {
 public:
  void reserve(size_t n) { events_.reserve(n); }

  template <class F>
  void for_each_overlapping(const Pattern& p, const Arc& arc, std::vector<Event>& block_scratch, F&& f) {
    Rational cur = arc.begin;
    while (cur < arc.end) {
      if (!started_ || cur < begin_ || cur >= end_) load(p, Rational(cur.floor()));
      if (analog_) {
        block_scratch.clear();
        try {
          p.query(arc, block_scratch);
        } catch (...) {
          block_scratch.clear();
        }
        for (const Event& e : block_scratch) f(e);
        return;
      }
      // A block that straddles a cycle boundary sees both cycles' events (an event cut at the boundary appears
      // as two parts, like in any query that spans the boundary).
      for (const Event& e : events_)
        if (e.part.begin < arc.end && arc.begin < e.part.end) f(e);
      cur = end_;
    }
  }

 private:
  void load(const Pattern& p, Rational cycle) {
    begin_ = cycle;
    end_ = cycle + Rational(1);
    started_ = true;
    analog_ = false;
    events_.clear();
    try {
      p.query(Arc(begin_, end_), events_);
    } catch (...) {
      events_.clear();  // an event storm or overflow silences this cycle (the pattern layer warns)
    }
    for (const Event& e : events_) analog_ |= e.is_analog();
  }

  bool started_ = false;
  bool analog_ = false;
  Rational begin_, end_;
  std::vector<Event> events_;
};

}  // namespace phonon
