// A pattern event: a value active over `part`, a fragment of its `whole` (the event's full extent).
// Contract: part is within whole when whole exists. Continuous (analog) events have no whole. An event has an
// onset in a query when its whole starts where its part starts; only those trigger sounds.
#pragma once
#include <optional>
#include <string>

#include "compiler/pattern/arc.hpp"
#include "compiler/pattern/value.hpp"

namespace phonon {

struct Event {
  std::optional<Arc> whole;
  Arc part;
  Value value;

  Event() = default;
  Event(std::optional<Arc> w, Arc p, Value v) : whole(std::move(w)), part(p), value(std::move(v)) {}

  bool has_onset() const { return whole && whole->begin == part.begin; }
  bool is_analog() const { return !whole.has_value(); }
  // The whole, or the part for analog events (Tidal's wholeOrPart).
  const Arc& whole_or_part() const { return whole ? *whole : part; }
  Rational whole_start() const { return whole_or_part().begin; }
  bool operator==(const Event& o) const { return whole == o.whole && part == o.part && value == o.value; }
  // Tidal's printer: "(0>¼)|s: \"bd\"" with fragments shown as "(0>)¼-½|..." style; see pattern/show.hpp.
  std::string to_string() const;
};

}  // namespace phonon
