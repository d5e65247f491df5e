#include "runtime/engine/stripes.hpp"

#include <algorithm>

#include "compiler/plan.hpp"
#include "runtime/engine/clock.hpp"
#include "runtime/engine/denormals.hpp"
#include "runtime/engine/loaded_plan.hpp"

namespace phonon {

namespace {
// Level-0 stripes run in parallel when (steps in them) x (block frames) reaches this (docs/performance.md).
constexpr size_t kParallelStripeWork = 2048;

// One step over frames [off, off + n) of its buffers (off > 0 only inside a sub-blocked stripe).
void run_step(LoadedPlan& lp, const Clock& clock, int64_t frame, int si, const Arc& arc, int n, int off) {
  const PlanStep& step = lp.plan->steps[si];
  switch (step.op) {
    case StepOp::Voices: {
      // Frames [off, off + n) of the voices, which were rendered for the whole block (off > 0 in a sub-block).
      std::copy_n(lp.voice_out(step.source, 0) + off, n, lp.slot(step.out[0]) + off);
      std::copy_n(lp.voice_out(step.source, 1) + off, n, lp.slot(step.out[1]) + off);
      break;
    }
    case StepOp::PatternSignal: lp.fill_pattern_signal(si, arc, clock, frame + off, n, off); break;
    case StepOp::Kernel: {
      kern::KernelArgs a = lp.args[si];
      a.frames = n;
      if (off == 0) {
        step.kernel->process(a);
        break;
      }
      const float* ins[LoadedPlan::kMaxSubBlockPorts];
      float* outs[LoadedPlan::kMaxSubBlockPorts];
      for (size_t k = 0; k < step.in.size(); ++k) ins[k] = a.in[k] + off;
      for (size_t k = 0; k < step.out.size(); ++k) outs[k] = a.out[k] + off;
      a.in = ins;
      a.out = outs;
      step.kernel->process(a);
      break;
    }
  }
}

// One stripe over the block; a stripe with a feedback loop runs in sub-blocks of at most lp.sub_block[s] frames
// (its shortest loop delay), each step over frames [off, off + m) of its buffers, with that sub-block's arc.
void run_stripe(LoadedPlan& lp, const Clock& clock, int64_t frame, int s, const Arc& arc, int n) {
  const Stripe& st = lp.plan->stripes[s];
  const int sub = lp.sub_block[s];
  if (sub <= 0 || sub >= n) {
    for (int si : st.steps) run_step(lp, clock, frame, si, arc, n, 0);
    return;
  }
  for (int off = 0; off < n; off += sub) {
    const int m = std::min(sub, n - off);
    const Arc part(clock.cycle_at_half(frame + off), clock.cycle_at_half(frame + off + m));
    for (int si : st.steps) run_step(lp, clock, frame, si, part, m, off);
  }
}
}  // namespace

// Level-0 stripes share no per-block buffer and no scratch (every PatternSignal step has its own), so they may
// run on different threads; later levels run after them, in order. A stripe's result does not depend on the
// thread that ran it and nothing is summed across stripes here, so the output is the same for any thread count.
void run_stripes(LoadedPlan& lp, const Clock& clock, int64_t frame, const Arc& arc, int n, int threads) {
  const auto& stripes = lp.plan->stripes;
  const int count = static_cast<int>(stripes.size());
  int level0 = 0;  // stripes are ordered by level
  size_t kernel_steps = 0;
  for (; level0 < count && stripes[level0].level == 0; ++level0) kernel_steps += stripes[level0].steps.size();
  if (threads > 1 && level0 > 1 && kernel_steps * static_cast<size_t>(n) >= kParallelStripeWork) {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (int s = 0; s < level0; ++s) {
      ScopedDenormalsOff no_denormals;
      run_stripe(lp, clock, frame, s, arc, n);
    }
  } else {
    for (int s = 0; s < level0; ++s) run_stripe(lp, clock, frame, s, arc, n);
  }
  for (int s = level0; s < count; ++s) run_stripe(lp, clock, frame, s, arc, n);
}

}  // namespace phonon
