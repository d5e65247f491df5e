#include "runtime/engine/mixer.hpp"

#include <omp.h>

#include <algorithm>

#include "runtime/engine/denormals.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/engine/voice_pool.hpp"
#include "runtime/voices/voice_render_lanes.hpp"

namespace phonon {

namespace {
// Voices are rendered in batches of at most kBatch voices of one source; each batch sums into its own accumulator
// and the accumulators are added in batch order, so the output does not depend on which thread ran which batch.
constexpr int kBatch = kVoiceBatch;
constexpr int kBatchBuffers = 6;  // dry L/R, reverb send L/R, delay send L/R
// Below this much voice work (sounding voices x block frames) a block stays on one thread: below it the OpenMP
// fork/join costs more than the second core gains (measured in docs/performance.md).
constexpr size_t kParallelVoiceWork = 16384;
}  // namespace

VoiceMixer::VoiceMixer(double rate, size_t stride, int threads, size_t voice_slots)
    : stride_(stride),
      threads_(std::max(1, threads)),
      renderer_(static_cast<float>(rate), stride),
      batch_ranges_(std::max(1, threads)) {
  scratch_.resize(static_cast<size_t>(threads_));
  for (size_t t = 0; t < scratch_.size(); ++t) {
    scratch_[t].allocate(stride);
    scratch_[t].thread = static_cast<int>(t);
  }
  order_.reserve(voice_slots);
  done_.assign(voice_slots, 0);
  finished_.assign(voice_slots, 0);
}

void VoiceMixer::render(LoadedPlan& lp, VoicePool& pool, int n, int threads) {
  const int use = std::clamp(threads, 1, threads_);  // of the threads this mixer has scratch for
  group_into_batches(lp, pool);
  const int nb = static_cast<int>(lp.batches.size());
  // The sums: batches [0, split) into partial 0 and [split, nb) into partial 1, each in batch order, then
  // out = partial 0 + partial 1 (sum_partial, combine_partials). The same structure for any thread count keeps
  // the output bit-identical; with 2 threads each half is summed by the thread that rendered (most of) it, from
  // its own cache (a sum over every accumulator read half of them from the other core).
  const int split = nb / 2;
  if (use > 1 && pool.active.size() * static_cast<size_t>(n) >= kParallelVoiceWork && nb > 1) {
    batch_ranges_.reset(nb, use);
#pragma omp parallel num_threads(use)
    {
      ScopedDenormalsOff no_denormals;
      const int t = omp_get_thread_num();
      VoiceScratch& sc = scratch_[static_cast<size_t>(t)];
      for (int b = batch_ranges_.take(t); b >= 0; b = batch_ranges_.take(t)) run_batch(lp, pool, b, n, sc);
#pragma omp barrier
      if (t == 0) sum_partial(lp, 0, 0, split, n);
      if (t == 1 || (t == 0 && omp_get_num_threads() == 1)) sum_partial(lp, 1, split, nb, n);
    }
    // (One thread: a few destinations x n frames, less than another barrier costs.)
    combine_partials(lp, 0, n);
  } else {
    for (int b = 0; b < nb; ++b) run_batch(lp, pool, b, n, scratch_[0]);
    sum_partial(lp, 0, 0, split, n);
    sum_partial(lp, 1, split, nb, n);
    combine_partials(lp, 0, n);
  }
  // Drop the finished voices (their `done` flags, by order position, regathered by active position).
  const int nact = static_cast<int>(pool.active.size());
  for (int j = 0; j < nact; ++j) finished_[order_[j]] = done_[j];
  pool.drop_finished(finished_.data());
}

// Groups: (source, orbit); voices of replaced plans form source -1. Capacity reserved by LoadedPlan. A counting
// sort of the active list's own fields: no Voice is read here.
void VoiceMixer::group_into_batches(LoadedPlan& lp, const VoicePool& pool) {
  const std::vector<ActiveVoice>& active = pool.active;
  const int nsrc = static_cast<int>(lp.plan->voice_sources.size());
  auto& source_count = lp.source_count;
  // Voices on the outputs' pair have the (source, orbit) groups; the longer table of routed groups is only
  // counted when a voice is routed (ActiveVoice::group).
  const int channels = lp.routing.channels();
  const int routed_base = (nsrc + 1) * kOrbits;
  bool routed = false;
  for (const ActiveVoice& a : active) routed |= a.group >= routed_base;
  source_count.assign(static_cast<size_t>(routed_base) * (routed ? 1 + static_cast<size_t>(channels) : 1), 0);
  for (const ActiveVoice& a : active) source_count[a.group]++;
  int acc = 0;
  for (auto& c : source_count) {  // prefix sums -> start of each group in `order_`
    int k = c;
    c = acc;
    acc += k;
  }
  const int nact = static_cast<int>(active.size());
  order_.resize(active.size());
  {
    std::vector<int>& pos = source_count;  // reused as write cursors
    for (int k = 0; k < nact; ++k) order_[pos[active[k].group]++] = k;
  }
  // Batches: runs of at most `per_batch` voices of one group. kBatch voices while fewer than 1024 sound (enough
  // batches to share among threads); beyond that kBatch * (voices / 512), up to 32 kBatch, so that there are
  // about 32 accumulators to clear and to sum whatever the voice count (16k voices: 32 batches, not 1024; at 1024
  // voices 64 batches were measurably slower than 32, perf/RESULTS.md). Depends only on the voices sounding,
  // never on the thread count, so the output stays bit-identical for any number of threads.
  auto& batches = lp.batches;
  batches.clear();
  const size_t per_batch = static_cast<size_t>(kBatch) * std::clamp<size_t>(active.size() / 512, 1, 32);
  for (size_t i = 0; i < order_.size();) {
    const int g = active[order_[i]].group;
    size_t j = i;
    bool sends = false;
    while (j < order_.size() && j - i < per_batch && active[order_[j]].group == g) sends |= active[order_[j++]].sends;
    const int so = g < routed_base ? g : (g - routed_base) / channels;  // (source + 1) * kOrbits + orbit
    const int channel = g < routed_base ? lp.routing.main_first() : (g - routed_base) % channels;
    batches.push_back(
        VoiceBatch{so / kOrbits - 1, static_cast<int>(i), static_cast<int>(j - i), so % kOrbits, sends, channel});
    i = j;
  }
}

// Batch b into its own accumulator (LoadedPlan sized batch_acc for (voices / kBatch + sources + 2) batches, the
// most the grouping can make).
void VoiceMixer::run_batch(LoadedPlan& lp, VoicePool& pool, int b, int n, VoiceScratch& sc) {
  const VoiceBatch& bt = lp.batches[static_cast<size_t>(b)];
  const size_t stride = stride_;
  std::vector<Voice>& voices = pool.voices;
  const std::vector<ActiveVoice>& active = pool.active;
  float* al = lp.batch_acc.data() + static_cast<size_t>(b) * kBatchBuffers * stride;
  // Dry pair, then (only when a voice of the batch sends) the reverb and delay send pairs.
  for (int k = 0; k < (bt.sends ? 6 : 2); ++k) std::fill(al + k * stride, al + k * stride + n, 0.0f);
  // Plain sample voices go through the lane path in groups of up to kLaneRows sample channels (in batch
  // order, so the grouping does not depend on the thread count); the others through VoiceRenderer::render.
  const LaneRenderer lanes(stride);
  Voice* group[kLaneGroup];
  int group_pos[kLaneGroup];
  bool alive[kLaneGroup];
  int ng = 0, rows = 0;
  auto flush = [&] {
    lanes.render(group, ng, n, al, alive);
    for (int j = 0; j < ng; ++j) done_[group_pos[j]] = alive[j] ? 0 : 1;
    ng = rows = 0;
  };
  // The batch's voices are scattered over the pool (and 16k of them do not fit in L2): keep the next
  // kAhead voices' cache lines on their way so that their misses overlap instead of queueing one after another.
  constexpr int kAhead = 8;
  auto prefetch_voice = [&](int k) {
    const char* p = reinterpret_cast<const char*>(&voices[active[order_[bt.first + k]].idx]);
    for (size_t o = 0; o < sizeof(Voice); o += 64) __builtin_prefetch(p + o);
  };
  for (int k = 0; k < std::min(kAhead, bt.count); ++k) prefetch_voice(k);
  for (int k = 0; k < bt.count; ++k) {
    if (k + kAhead < bt.count) prefetch_voice(k + kAhead);
    const int j = bt.first + k;  // position in `order_` (this batch's own range of `done_`)
    const int idx = active[order_[j]].idx;
    if (voices[idx].lane_ok && lane_this_block(voices[idx], n)) {  // is_plain_voice, eligibility cached
      const int r = lane_rows(voices[idx]);
      if (rows + r > kLaneRows) flush();
      group[ng] = &voices[idx];
      group_pos[ng++] = j;
      rows += r;
    } else {
      done_[j] = renderer_.render(voices[idx], &pool.synth_slots[idx], n, al, sc) ? 0 : 1;
    }
  }
  if (ng > 0) flush();
}

// Partial sum p of the voice outputs (LoadedPlan::voice_out: per source, then the replaced plans' voices) and
// of the orbit sends: the accumulators of batches [b0, b1) in batch order, frames [0, n). A destination's first
// batch is copied, the others added; partial_touched(p) records which destinations were written.
void VoiceMixer::sum_partial(LoadedPlan& lp, int p, int b0, int b1, int n) const {
  char* touched = lp.partial_touched(p);
  std::fill(touched, touched + lp.sum_dests(), 0);
  const int nout = static_cast<int>(lp.plan->voice_sources.size()) + 1;
  const int main = lp.routing.main_first();
  auto add = [&](int d, const float* a) {
    float* dst = lp.partial(p, d);
    if (!touched[d]) {
      std::copy_n(a, n, dst);
      touched[d] = 1;
    } else {
      for (int i = 0; i < n; ++i) dst[i] += a[i];
    }
  };
  for (int b = b0; b < b1; ++b) {
    const VoiceBatch& bt = lp.batches[static_cast<size_t>(b)];
    const float* base = lp.batch_acc.data() + static_cast<size_t>(b) * kBatchBuffers * stride_;
    const int out = bt.source >= 0 ? bt.source : nout - 1;
    if (bt.channel == main) {
      add(2 * out, base);
      add(2 * out + 1, base + stride_);
    } else {
      // Routed away from the outputs' pair (orbit or `channel`): straight to its channels of the master.
      add(lp.direct_dest(bt.channel), base);
      add(lp.direct_dest(lp.routing.right_of(bt.channel)), base + stride_);
    }
    if (!bt.sends) continue;
    if (const int d = lp.send_dest(bt.orbit); d >= 0)
      for (int k = 0; k < 4; ++k) add(d + k, base + (2 + k) * stride_);
  }
}

// Frames [f0, f1) of every destination: partial 0 + partial 1 (0 where neither wrote).
void VoiceMixer::combine_partials(LoadedPlan& lp, int f0, int f1) const {
  const char* t0 = lp.partial_touched(0);
  const char* t1 = lp.partial_touched(1);
  const int m = f1 - f0;
  auto combine = [&](int d, float* out) {
    const float* p0 = lp.partial(0, d) + f0;
    const float* p1 = lp.partial(1, d) + f0;
    if (t0[d] && t1[d]) {
      for (int i = 0; i < m; ++i) out[i] = p0[i] + p1[i];
    } else if (t0[d] || t1[d]) {
      std::copy_n(t0[d] ? p0 : p1, m, out);
    } else {
      std::fill(out, out + m, 0.0f);
    }
  };
  const int direct0 = lp.direct_dest(0);
  for (int d = 0; d < direct0; ++d) combine(d, lp.sum_dest(d) + f0);
  // Direct channels are rare: an untouched one is skipped (the master reads direct_live), not cleared.
  for (int d = direct0; d < lp.sum_dests(); ++d) {
    const bool live = t0[d] || t1[d];
    lp.direct_live[static_cast<size_t>(d - direct0)] = live;
    if (live) combine(d, lp.direct_out(d - direct0) + f0);
  }
}

}  // namespace phonon
