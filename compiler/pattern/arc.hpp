// A half-open time span [begin, end) in cycles. Zero-width arcs (begin == end) are valid queries (Tidal
// returns events whose part contains that instant).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/pattern/limits.hpp"
#include "compiler/pattern/rational.hpp"

namespace phonon {

struct Arc {
  Rational begin;
  Rational end;

  Arc() = default;
  Arc(Rational b, Rational e) : begin(b), end(e) {}

  bool operator==(const Arc& o) const { return begin == o.begin && end == o.end; }
  bool operator!=(const Arc& o) const { return !(*this == o); }
  Rational length() const { return end - begin; }
  Rational midpoint() const { return (begin + end) / Rational(2); }

  // Tidal's arcCyclesZW: the arc split at cycle boundaries; a zero-width arc yields itself.
  std::vector<Arc> cycles() const;
  // Calls f(Arc) for each piece of cycles() without allocating.
  template <class F>
  void for_each_cycle(F&& f) const {
    if (begin == end) {
      f(*this);
      return;
    }
    const Rational len = end - begin;
    if (len > Rational(kMaxCyclesPerQuery)) throw_too_many_cycles();
    if (len > Rational(1)) QueryBudget::charge(static_cast<uint64_t>(len.floor()) + 1);
    Rational b = begin;
    while (b < end) {
      Rational e = min(b.sam() + Rational(1), end);
      f(Arc(b, e));
      b = e;
    }
  }
  // Intersection (may be "negative" if disjoint; callers check). Tidal's sect.
  Arc sect(const Arc& o) const { return Arc(max(begin, o.begin), min(end, o.end)); }
  // Tidal's subArc: the intersection, or nothing if the arcs do not overlap. A zero-width intersection is kept
  // only if it is not at the end of a non-zero-width arc.
  std::optional<Arc> sub_arc(const Arc& o) const {
    const Rational& s = begin < o.begin ? o.begin : begin;
    const Rational& e = o.end < end ? o.end : end;
    if (s == e) {
      if (s == end && begin < end) return std::nullopt;
      if (s == o.end && o.begin < o.end) return std::nullopt;
    }
    if (s <= e) return Arc(s, e);
    return std::nullopt;
  }
  // Apply f to both ends.
  template <class F>
  Arc with_time(F&& f) const {
    return Arc(f(begin), f(end));
  }
  // Whole cycle containing t: [sam t, nextSam t).
  static Arc whole_cycle(const Rational& t) { return Arc(t.sam(), t.next_sam()); }
  std::string to_string() const;
};

}  // namespace phonon
