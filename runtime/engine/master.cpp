#include "runtime/engine/master.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/fx/lookahead_limiter.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/engine/voice_start.hpp"

namespace phonon {

namespace {
// The orbits' global effects: each orbit's reverb and delay (SuperDirt's room/size/dry and
// delay/delaytime/delayfeedback) run on the sends of this block's voices (summed by the mixer) and add into the
// master.
void run_orbit_effects(LoadedPlan& lp, int n, float* ml, float* mr) {
  for (int o = 0; o < kOrbits; ++o) {
    OrbitFx* fx = lp.orbit(o);
    if (!fx) continue;
    for (const VoiceBatch& bt : lp.batches) fx->active |= bt.sends && bt.orbit == o;
    if (!fx->active) continue;
    lp.run_orbit(o, n);
    for (int i = 0; i < n; ++i) ml[i] += fx->out[0][i] + fx->out[2][i];
    for (int i = 0; i < n; ++i) mr[i] += fx->out[1][i] + fx->out[3][i];
  }
}
}  // namespace

Master::Master(size_t stride, bool limiter, double rate)
    : l_(stride, 0.0f), r_(stride, 0.0f), rate_(static_cast<float>(rate)), limiter_(limiter) {
  if (!limiter_) return;
  using Lim = kern::FxLookaheadLimiter;
  for (int c = 0; c < 2; ++c) {
    lim_out_[c].assign(stride, 0.0f);
    lim_state_[c].assign(Lim::state_size(lim_params_, rate_), 0.0f);
    Lim::init(lim_state_[c].data(), lim_params_, rate_);
  }
  latency_ = Lim::latency(lim_params_, rate_);
}

void Master::clear(int n) {
  std::fill(l_.data(), l_.data() + n, 0.0f);
  std::fill(r_.data(), r_.data() + n, 0.0f);
}

uint64_t Master::add_outputs(LoadedPlan& lp, int n) {
  const Plan& plan = *lp.plan;
  float* ml = l_.data();
  float* mr = r_.data();
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
  float* ml = l_.data();
  float* mr = r_.data();
  const int replaced = static_cast<int>(lp.plan->voice_sources.size());
  const float* ol = lp.voice_out(replaced, 0);
  const float* orr = lp.voice_out(replaced, 1);
  for (int i = 0; i < n; ++i) ml[i] += ol[i];
  for (int i = 0; i < n; ++i) mr[i] += orr[i];
  run_orbit_effects(lp, n, ml, mr);
}

uint64_t Master::write(float* out, int n) {
  float* ml = l_.data();
  float* mr = r_.data();
  // NaN guard: a frame with a non-finite sample is silenced (on both channels). The check is branch-free and
  // vectorises; the fix-up loop runs only for a block that has one.
  int bad = 0;
  for (int i = 0; i < n; ++i) bad |= static_cast<int>(!(ml[i] - ml[i] == 0.0f)) | static_cast<int>(!(mr[i] - mr[i] == 0.0f));
  uint64_t silenced = 0;
  if (bad) {
    for (int i = 0; i < n; ++i) {
      if (std::isfinite(ml[i]) && std::isfinite(mr[i])) continue;
      ++silenced;
      ml[i] = mr[i] = 0.0f;
    }
  }
  const float* ol = ml;
  const float* orr = mr;
  if (limiter_) {
    // SuperDirt's monitor limits each channel on its own (Limiter.ar on a stereo signal expands to two).
    float* src[2] = {ml, mr};
    for (int c = 0; c < 2; ++c) {
      const float* in[1] = {src[c]};
      float* o[1] = {lim_out_[c].data()};
      kern::FxLookaheadLimiter::reference(kern::KernelArgs{in, o, lim_state_[c].data(), lim_params_, n, rate_});
    }
    ol = lim_out_[0].data();
    orr = lim_out_[1].data();
  }
  for (int i = 0; i < n; ++i) {
    out[2 * i] = ol[i];
    out[2 * i + 1] = orr[i];
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
