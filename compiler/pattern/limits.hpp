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

// Counts that build one pattern per step (chunk, iter, euclid steps, segment, ply, bite, run): at most this
// many in magnitude (docs/language.md, "Limits").
constexpr int64_t kMaxSteps = 1 << 16;
// Speed-ups (fast and hurry factors, the inverse of slow and linger factors) are at most this: a faster pattern
// makes more than kMaxEventsPerQuery events per cycle from a single event. Slowing down has no limit.
constexpr double kMaxTimeFactor = 1 << 20;

// Throws PatternLimitError ("chunk: 4294967297 steps is more than the limit of 65536") when |n| > kMaxSteps.
void check_steps(double n, const char* what);
// Throws PatternLimitError when the speed-up of a factor is beyond kMaxTimeFactor: |factor| for fast (`slows`
// false), 1/|factor| for slow and linger (`slows` true; 0 is silence, not an error).
void check_time_factor(double factor, bool slows, const char* what);

// "event storm: more than 1048576 events in one query" etc.
[[noreturn]] void throw_too_many_events();
[[noreturn]] void throw_too_many_cycles();
[[noreturn]] void throw_over_budget(uint64_t limit);

// A work budget for the queries made on this thread while it is alive: combinators that query a pattern once per
// event of another (`+|`, `#`, `struct`, joins such as patterned arguments) charge one unit per nested query and
// per event it returns; when the budget is spent the query throws PatternLimitError. This bounds work that is
// quadratic in the number of events (e.g. two 8000-event patterns combined with `+|`) although every single result
// is small. Without a live QueryBudget nothing is counted. Budgets nest (the innermost one counts).
// Use: { QueryBudget b(1 << 22); pattern.query(arc, out); }
class QueryBudget {
 public:
  explicit QueryBudget(uint64_t limit);
  ~QueryBudget();
  QueryBudget(const QueryBudget&) = delete;
  QueryBudget& operator=(const QueryBudget&) = delete;
  uint64_t used() const { return limit_ - remaining_; }

  // Charges n units to the innermost live budget of this thread (no-op without one).
  static void charge(uint64_t n) {
    QueryBudget* b = current_;
    if (b == nullptr) return;
    if (n > b->remaining_) throw_over_budget(b->limit_);
    b->remaining_ -= n;
  }

 private:
  uint64_t limit_;
  uint64_t remaining_;
  QueryBudget* outer_;
  static thread_local QueryBudget* current_;
};

}  // namespace phonon
