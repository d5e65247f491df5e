// Cycle-window event caches. A pattern is queried one whole cycle at a time and the events are handed out block
// by block, so a 512-frame block costs a few comparisons instead of a pattern query (~170 blocks share one
// query at 44.1 kHz and 0.5 cps). Tidal's semantics make this exact: an event's whole, value and onset do not
// depend on the arc it was queried with (continuous patterns are the exception: SignalWindow re-queries
// analog events per block).
#pragma once
#include <algorithm>
#include <vector>

#include "compiler/pattern/pattern.hpp"

namespace phonon {

class OnsetWindow {
 public:
  void reserve(size_t n) { events_.reserve(n); }
  void reset() { started_ = false; }

  // Calls f(event) for every event of `p` with an onset in [arc.begin, arc.end), in onset order. Successive calls
  // must use successive arcs (a jump backwards restarts the window).
  template <class F>
  void for_each_onset(const Pattern& p, const Arc& arc, F&& f) {
    if (!started_ || arc.begin < begin_) {
      begin_ = end_ = Rational(arc.begin.floor());
      events_.clear();
      cursor_ = 0;
      started_ = true;
    }
    for (;;) {
      while (cursor_ < events_.size()) {
        const Rational& t = events_[cursor_].whole->begin;
        if (t >= arc.end) break;
        if (t >= arc.begin) f(events_[cursor_]);
        ++cursor_;
      }
      if (arc.end <= end_) return;
      begin_ = end_;
      end_ = end_ + Rational(1);
      events_.clear();
      cursor_ = 0;
      try {
        p.query(Arc(begin_, end_), events_);
      } catch (...) {
        events_.clear();  // an event storm or overflow drops this cycle's events (the pattern layer warns)
      }
      events_.erase(std::remove_if(events_.begin(), events_.end(), [](const Event& e) { return !e.has_onset(); }),
                    events_.end());
      std::sort(events_.begin(), events_.end(),
                [](const Event& a, const Event& b) { return a.whole->begin < b.whole->begin; });
    }
  }

 private:
  bool started_ = false;
  Rational begin_, end_;
  std::vector<Event> events_;
  size_t cursor_ = 0;
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
