// Stripe execution: the plan's steps over one block, stripe by stripe (independent stripes on several threads
// when there is enough work), a stripe with a feedback loop in sub-blocks no longer than its shortest loop delay.
// Audio thread; no allocation.
#pragma once
#include <cstdint>

#include "compiler/pattern/arc.hpp"

namespace phonon {

class Clock;
class LoadedPlan;

// Runs every step of `lp` for the block of n frames starting at output frame `frame`, whose cycle arc is `arc`.
void run_stripes(LoadedPlan& lp, const Clock& clock, int64_t frame, const Arc& arc, int n, int threads);

}  // namespace phonon
