#include "runtime/engine/master.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "kernels/fx/lookahead_limiter.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/engine/voice_start.hpp"

namespace phonon {

namespace {
// The orbits' global effects: each orbit's reverb and delay (SuperDirt's room/size/dry and
// delay/delaytime/delayfeedback) run on the sends of this block's voices (summed by the mixer) and add into the
// master.
// The master's channel pair of orbit o's effects: `pair(first)` gives {left, right}.
template <class Pair>
void run_orbit_effects(LoadedPlan& lp, int n, Pair pair) {
  for (int o = 0; o < kOrbits; ++o) {
    OrbitFx* fx = lp.orbit(o);
    if (!fx) continue;
    for (const VoiceBatch& bt : lp.batches) fx->active |= bt.sends && bt.orbit == o;
    if (!fx->active) continue;
    lp.run_orbit(o, n);
    auto [ml, mr] = pair(lp.routing.first_channel(o, 0));
    for (int i = 0; i < n; ++i) ml[i] += fx->out[0][i] + fx->out[2][i];
    for (int i = 0; i < n; ++i) mr[i] += fx->out[1][i] + fx->out[3][i];
  }
}
}  // namespace

Master::Master(size_t stride, bool limiter, double rate, int channels)
    : stride_(stride),
      channels_(std::max(2, channels)),
      buf_(static_cast<size_t>(channels_) * stride, 0.0f),
      rate_(static_cast<float>(rate)),
      limiter_(limiter) {
  if (!limiter_) return;
  using Lim = kern::FxLookaheadLimiter;
  lim_state_size_ = Lim::state_size(lim_params_, rate_);
  lim_out_.assign(static_cast<size_t>(channels_) * stride, 0.0f);
  lim_state_.assign(static_cast<size_t>(channels_) * lim_state_size_, 0.0f);
  for (int c = 0; c < channels_; ++c)
    Lim::init(lim_state_.data() + static_cast<size_t>(c) * lim_state_size_, lim_params_, rate_);
  latency_ = Lim::latency(lim_params_, rate_);
}

void Master::clear(int n) {
  for (int c = 0; c < channels_; ++c) std::fill(channel(c), channel(c) + n, 0.0f);
}

uint64_t Master::add_outputs(LoadedPlan& lp, int n) {
  const Plan& plan = *lp.plan;
  const int main = lp.routing.main_first();
  float* ml = channel(main);
  float* mr = channel(lp.routing.right_of(main));
  uint64_t failed = 0;
  for (size_t o = 0; o < plan.output_left.size(); ++o) {
    float* bl = lp.slot(plan.output_left[o]);
    float* br = lp.slot(plan.output_right[o]);
    float probe = 0.0f;
    for (int i = 0; i < n; ++i) probe += bl[i] * 0.0f + br[i] * 0.0f;  // NaN/Inf propagate, finite values add 0
    if (probe != 0.0f || !std::isfinite(probe)) {
      if (!lp.output_failed[o]) ++failed;
      lp.output_failed[o] = 1;
      continue;
    }
    for (int i = 0; i < n; ++i) ml[i] += bl[i];
    for (int i = 0; i < n; ++i) mr[i] += br[i];
  }
  return failed;
}

void Master::add_voices_and_orbits(LoadedPlan& lp, int n) {
  const int main = lp.routing.main_first();
  float* ml = channel(main);
  float* mr = channel(lp.routing.right_of(main));
  const int replaced = static_cast<int>(lp.plan->voice_sources.size());
  const float* ol = lp.voice_out(replaced, 0);
  const float* orr = lp.voice_out(replaced, 1);
  for (int i = 0; i < n; ++i) ml[i] += ol[i];
  for (int i = 0; i < n; ++i) mr[i] += orr[i];
  // Voices that orbit or `channel` routed to other channels (the mixer summed them per channel).
  for (int c = 0; c < channels_; ++c) {
    if (!lp.direct_live[static_cast<size_t>(c)]) continue;
    const float* d = lp.direct_out(c);
    float* m = channel(c);
    for (int i = 0; i < n; ++i) m[i] += d[i];
  }
  run_orbit_effects(lp, n, [&](int first) { return std::pair{channel(first), channel(lp.routing.right_of(first))}; });
}

uint64_t Master::write(float* out, int n) {
  // NaN guard: a frame with a non-finite sample is silenced (on every channel). The check is branch-free and
  // vectorises; the fix-up loop runs only for a block that has one.
  int bad = 0;
  for (int c = 0; c < channels_; ++c) {
    const float* x = channel(c);
    for (int i = 0; i < n; ++i) bad |= static_cast<int>(!(x[i] - x[i] == 0.0f));
  }
  uint64_t silenced = 0;
  if (bad) {
    for (int i = 0; i < n; ++i) {
      bool finite = true;
      for (int c = 0; c < channels_; ++c) finite &= std::isfinite(channel(c)[i]);
      if (finite) continue;
      ++silenced;
      for (int c = 0; c < channels_; ++c) channel(c)[i] = 0.0f;
    }
  }
  const float* src = buf_.data();
  if (limiter_) {
    // SuperDirt's monitor limits each channel on its own (Limiter.ar on a multichannel signal expands per channel).
    for (int c = 0; c < channels_; ++c) {
      const float* in[1] = {channel(c)};
      float* o[1] = {lim_out_.data() + static_cast<size_t>(c) * stride_};
      kern::FxLookaheadLimiter::reference(
          kern::KernelArgs{in, o, lim_state_.data() + static_cast<size_t>(c) * lim_state_size_, lim_params_, n, rate_});
    }
    src = lim_out_.data();
  }
  if (channels_ == 2) {
    const float* l = src;
    const float* r = src + stride_;
    for (int i = 0; i < n; ++i) {
      out[2 * i] = l[i];
      out[2 * i + 1] = r[i];
    }
    return silenced;
  }
  const size_t nc = static_cast<size_t>(channels_);
  for (int c = 0; c < channels_; ++c) {
    const float* x = src + static_cast<size_t>(c) * stride_;
    for (int i = 0; i < n; ++i) out[static_cast<size_t>(i) * nc + static_cast<size_t>(c)] = x[i];
  }
  return silenced;
}

void set_orbit_params(LoadedPlan& lp, const VoiceParams& vp, int orbit, double cps) {
  if (!lp.orbit_fx_ready(orbit)) return;
  if (vp.room > 0) lp.orbit_params[orbit].size = static_cast<float>(std::clamp(vp.size, 0.0, 1.0));
  if (vp.delay > 0) {
    // lock 1: delaytime is in cycles (SuperDirt's dirt_delay: delaytime * (1 / cps) when locked).
    const double dt = vp.lock ? vp.delaytime / event_cps(vp, cps) : vp.delaytime;
    lp.orbit_params[orbit].delaytime = static_cast<float>(std::clamp(dt, 0.0, 4.0));  // SuperDirt's maxDelayTime
    lp.orbit_params[orbit].delayfeedback = static_cast<float>(std::clamp(vp.delayfeedback, 0.0, 0.98));
  }
}

}  // namespace phonon
