// Work limits of pattern queries (event storms never hang or exhaust memory).
// Contract: a query that would return more than kMaxEventsPerQuery events, or iterate over more than
// kMaxCyclesPerQuery cycles, throws PatternLimitError with a message that names the limit. Compile-time callers
// turn it into a diagnostic; the runtime catches it and drops that cycle's events.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace phonon {

constexpr size_t kMaxEventsPerQuery = 1u << 20;
constexpr int64_t kMaxCyclesPerQuery = 1 << 20;

struct PatternLimitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "event storm: more than 1048576 events in one query" etc.
[[noreturn]] void throw_too_many_events();
[[noreturn]] void throw_too_many_cycles();

}  // namespace phonon
