// The voice mixer: per block, groups the active voices by source and orbit, cuts the groups into batches, renders
// every batch into its own accumulator (on several threads when there is enough work) and sums the accumulators in
// a fixed order into the per-source voice outputs and the orbit sends, so the output is bit-identical for any
// thread count. Audio thread; no allocation after construction.
#pragma once
#include <cstddef>
#include <vector>

#include "runtime/engine/batch_ranges.hpp"
#include "runtime/voices/voice_render.hpp"

namespace phonon {

class LoadedPlan;
class VoicePool;

class VoiceMixer {
 public:
  // rate: the output rate; stride: floats per block buffer (max block rounded up); voice_slots: the pool's size.
  VoiceMixer(double rate, size_t stride, int threads, size_t voice_slots);

  // Renders every active voice of `pool` for a block of n frames into lp's voice outputs and orbit sends
  // (LoadedPlan::voice_out, OrbitFx::send) and drops the voices that finished. `threads` (at most the constructor's)
  // may run the batches; the output is the same for any number.
  void render(LoadedPlan& lp, VoicePool& pool, int n, int threads);

  const VoiceRenderer& renderer() const { return renderer_; }

 private:
  void group_into_batches(LoadedPlan& lp, const VoicePool& pool);
  void run_batch(LoadedPlan& lp, VoicePool& pool, int b, int n, VoiceScratch& sc);
  void sum_partial(LoadedPlan& lp, int p, int b0, int b1, int n) const;
  void combine_partials(LoadedPlan& lp, int f0, int f1) const;

  size_t stride_;
  int threads_;
  VoiceRenderer renderer_;
  BatchRanges batch_ranges_;
  std::vector<VoiceScratch> scratch_;  // per thread
  std::vector<int> order_;             // positions in the active list, grouped by source and orbit (stable), per block
  std::vector<char> done_;             // per position in order_: the voice finished in this block (set by its batch)
  std::vector<char> finished_;         // per position in the active list (this block's done_, regathered)
};

}  // namespace phonon
