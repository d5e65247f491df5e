// Patterns: functions from a time arc to the events active in it (Tidal's `Pattern a`).
// Contract:
//  - A Pattern is immutable and cheap to copy (one shared_ptr). Querying is thread-safe (no mutable state).
//  - query(arc, out) APPENDS the events of `arc` to `out` (never clears it). Events are fragments clipped to the
//    queried arc; the order of events is unspecified. Reserve `out` once and reuse it to avoid allocations.
//  - Patterns never produce unbounded work silently: a query whose result would exceed kMaxEventsPerQuery events
//    or that would iterate over more than kMaxCyclesPerQuery cycles throws PatternLimitError (compile-time
//    callers turn it into a diagnostic; the runtime must catch it and drop the block's events).
//  - Time is exact (Rational); arithmetic overflow throws std::overflow_error.
#pragma once
#include <functional>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "compiler/pattern/arc.hpp"
#include "compiler/pattern/event.hpp"
#include "compiler/pattern/limits.hpp"

namespace phonon {

// The implementation of a pattern's query. Subclass it for hand-written patterns, or use Pattern::from_query.
class PatternNode {
 public:
  virtual ~PatternNode() = default;
  virtual void query(const Arc& arc, std::vector<Event>& out) const = 0;
};

class Pattern {
 public:
  Pattern() = default;  // silence
  explicit Pattern(std::shared_ptr<const PatternNode> node) : node_(std::move(node)) {}

  // f: void(const Arc&, std::vector<Event>& out), appending.
  template <class F>
  static Pattern from_query(F f);

  void query(const Arc& arc, std::vector<Event>& out) const {
    if (node_) node_->query(arc, out);
  }
  std::vector<Event> query(const Arc& arc) const {
    std::vector<Event> out;
    query(arc, out);
    return out;
  }
  // Events of the arc sorted by part begin (then whole begin), for printing and tests.
  std::vector<Event> query_sorted(const Arc& arc) const;

  bool is_silence() const { return node_ == nullptr; }
  // True (and sets `out`) if this is exactly `pure v` (used for fast paths that keep Tidal's semantics).
  bool pure_value(Value& out) const;
  const std::shared_ptr<const PatternNode>& node() const { return node_; }

  static Pattern silence() { return Pattern(); }
  // One event per cycle, whole = the cycle (Tidal's pure).
  static Pattern pure(Value v);
  // A continuous pattern: for a query arc a, one event with no whole, part a, value f(a) (Tidal's sig takes the
  // arc; `signal` samples a function of time at the midpoint... see ops_signal.hpp for Tidal's exact sampling).
  static Pattern analog(std::function<Value(const Arc&)> f);

 private:
  std::shared_ptr<const PatternNode> node_;
};

namespace detail {
template <class F>
class FnNode final : public PatternNode {
 public:
  explicit FnNode(F f) : f_(std::move(f)) {}
  void query(const Arc& arc, std::vector<Event>& out) const override { f_(arc, out); }

 private:
  F f_;
};
}  // namespace detail

template <class F>
Pattern Pattern::from_query(F f) {
  return Pattern(std::make_shared<const detail::FnNode<F>>(std::move(f)));
}

}  // namespace phonon
