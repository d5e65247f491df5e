#include "runtime/engine/loaded_plan.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "kernels/fx/delay_read.hpp"
#include "runtime/engine/clock.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/voice_params.hpp"

namespace phonon {

LoadedPlan::LoadedPlan(std::shared_ptr<const Plan> p, const SampleBank& b, const EngineOptions& opt)
    : plan(std::move(p)), bank(&b), routing(opt.channels, opt.orbit_channels) {
  const Plan& pl = *plan;
  // Buffers aligned to 64 bytes per slot.
  stride_ = (static_cast<size_t>(opt.max_block) + 15) & ~static_cast<size_t>(15);
  buffers_.assign(stride_ * static_cast<size_t>(std::max(1, pl.num_slots)), 0.0f);
  for (const auto& c : pl.constants) std::fill(slot(c.slot), slot(c.slot) + stride_, c.value);

  const size_t n = pl.steps.size();
  state_offset_.assign(n, 0);
  state_size_.assign(n, 0);
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    const PlanStep& s = pl.steps[i];
    if (s.op != StepOp::Kernel) continue;
    if (s.state_of >= 0) {  // shares an earlier step's state (a feedback delay's write uses its read's line)
      state_offset_[i] = state_offset_[static_cast<size_t>(s.state_of)];
      continue;
    }
    size_t sz = s.kernel->state_size ? s.kernel->state_size(s.params.data(), static_cast<float>(opt.rate))
                                     : s.kernel->state_floats;
    state_offset_[i] = total;
    state_size_[i] = sz;
    total += (sz + 15) & ~static_cast<size_t>(15);
  }
  state_.assign(std::max<size_t>(total, 1), 0.0f);
  in_ptrs_.resize(n);
  out_ptrs_.resize(n);
  args.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const PlanStep& s = pl.steps[i];
    for (int in : s.in) in_ptrs_[i].push_back(slot(in));
    for (int o : s.out) out_ptrs_[i].push_back(slot(o));
    kern::KernelArgs& a = args[i];
    a.in = in_ptrs_[i].data();
    a.out = out_ptrs_[i].data();
    a.state = state_.data() + state_offset_[i];
    a.params = s.params.data();
    a.frames = opt.max_block;
    a.rate = static_cast<float>(opt.rate);
    if (s.op == StepOp::Kernel && s.kernel->init && s.state_of < 0) s.kernel->init(a.state, a.params, a.rate);
  }
  // Sub-blocks of stripes with feedback loops: the shortest whole delay (frames) of their reads.
  sub_block.assign(pl.stripes.size(), 0);
  for (size_t st = 0; st < pl.stripes.size(); ++st) {
    for (int si : pl.stripes[st].steps) {
      const PlanStep& s = pl.steps[static_cast<size_t>(si)];
      if (s.op != StepOp::Kernel || s.kernel->name != "fx.delay_read") continue;
      const int f = static_cast<int>(
          std::max<long>(1, kern::FxDelayRead::whole_frames(s.params.data(), static_cast<float>(opt.rate))));
      sub_block[st] = sub_block[st] == 0 ? f : std::min(sub_block[st], f);
    }
    if (sub_block[st] == 0) continue;
    for (int si : pl.stripes[st].steps) {
      const PlanStep& s = pl.steps[static_cast<size_t>(si)];
      if (static_cast<int>(std::max(s.in.size(), s.out.size())) > kMaxSubBlockPorts)
        throw std::logic_error("phonon: a step of a feedback stripe has more than 16 ports");
    }
  }
  source_live.assign(pl.voice_sources.size(), 0);
  for (const auto& s : pl.steps)
    if (s.op == StepOp::Voices) source_live[s.source] = 1;
  pattern_last_.assign(n, 0.0f);
  for (size_t i = 0; i < n; ++i)
    if (pl.steps[i].op == StepOp::PatternSignal) pattern_last_[i] = pl.signal_patterns[pl.steps[i].source].initial;
  onsets = std::vector<OnsetWindow>(pl.voice_sources.size());  // (not resize: windows hold atomics)
  output_failed.assign(pl.output_left.size(), 0);
  for (auto& w : onsets) {
    w.reserve(1024);
    w.set_bank(bank);
  }
  // (source, orbit) groups, and the same per first channel for routed voices (mixer.cpp).
  const size_t groups = (pl.voice_sources.size() + 1) * kOrbits * (1 + static_cast<size_t>(routing.channels()));
  const size_t max_batches = static_cast<size_t>(opt.max_voices + 64) / kVoiceBatch + groups + 2;
  batches.reserve(max_batches);
  source_count.reserve(groups);
  batch_acc.assign(max_batches * 6 * stride_, 0.0f);
  voice_out_.assign((pl.voice_sources.size() + 1) * 2 * stride_, 0.0f);

  for (const auto& [name, tpl] : pl.instruments)
    instruments_.push_back(std::make_unique<InstrumentTemplate>(name, tpl, opt.rate, opt.max_block, opt.threads,
                                                                std::min(opt.max_voices, 256)));

  // Orbit effects for the orbits that send.
  rate_ = static_cast<float>(opt.rate);
  reverb_ = kern::find_kernel("fx.dirt_reverb");
  delay_ = kern::find_kernel("fx.delay");
  for (int& i : orbit_index_) i = -1;
  if (reverb_ && delay_) {
    for (int o : pl.fx_orbits) {
      if (o < 0 || o >= kOrbits || orbit_index_[o] >= 0) continue;
      orbit_index_[o] = static_cast<int>(orbits_.size());
      orbits_.emplace_back();
    }
    const size_t rev = reverb_->state_size ? reverb_->state_size(nullptr, rate_) : reverb_->state_floats;
    const size_t del = delay_->state_size ? delay_->state_size(delay_params_, rate_) : delay_->state_floats;
    const size_t per = 14 * stride_ + rev + 2 * del + 64;
    orbit_mem_.assign(per * orbits_.size(), 0.0f);
    for (size_t k = 0; k < orbits_.size(); ++k) {
      float* m = orbit_mem_.data() + k * per;
      OrbitFx& fx = orbits_[k];
      for (int j = 0; j < 4; ++j) fx.send[j] = m + j * stride_;
      for (int j = 0; j < 4; ++j) fx.out[j] = m + (4 + j) * stride_;
      for (int j = 0; j < 3; ++j) fx.param[j] = m + (8 + j) * stride_;
      fx.one = m + 11 * stride_;
      std::fill(fx.one, fx.one + stride_, 1.0f);
      fx.mono = m + 12 * stride_;
      float* st = m + 14 * stride_;
      fx.state[0] = st;
      fx.state[1] = st + rev;
      fx.state[2] = st + rev + del;
      if (reverb_->init) reverb_->init(fx.state[0], nullptr, rate_);
      for (int j = 1; j < 3; ++j)
        if (delay_->init) delay_->init(fx.state[j], delay_params_, rate_);
    }
  }
  direct_dest0_ = static_cast<int>(2 * (pl.voice_sources.size() + 1) + 4 * orbits_.size());
  sum_dests_ = direct_dest0_ + routing.channels();
  direct_out_.assign(static_cast<size_t>(routing.channels()) * stride_, 0.0f);
  direct_live.assign(static_cast<size_t>(routing.channels()), 0);
  partials_.assign(2 * static_cast<size_t>(sum_dests_) * stride_, 0.0f);
  partial_touched_.assign(2 * static_cast<size_t>(sum_dests_), 0);
  signal_scratch_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (pl.steps[i].op != StepOp::PatternSignal) continue;
    signal_scratch_[i].window.reserve(1024);
    signal_scratch_[i].block_events.reserve(256);
    signal_scratch_[i].changes.reserve(1024);
  }
}

static bool number_of(const Value& v, const std::string& field, float* out) {
  if (field.empty()) {
    if (!v.is_number() && !v.is_bool()) return false;
    *out = static_cast<float>(v.as_number());
    return true;
  }
  if (!v.is_map()) return false;
  const Value* f = v.as_map().find(field);
  if (!f || !(f->is_number() || f->is_bool())) return false;
  *out = static_cast<float>(f->as_number());
  return true;
}

void LoadedPlan::fill_pattern_signal(int si, const Arc& arc, const Clock& clock, int64_t frame0, int n, int offset) {
  // Touches only this step's scratch and output slot: PatternSignal steps of different stripes may run at once.
  const PlanStep& step = plan->steps[si];
  const SignalPattern& sp = plan->signal_patterns[step.source];
  float* out = slot(step.out[0]) + offset;
  SignalScratch& sc = signal_scratch_[si];
  auto& changes = sc.changes;
  changes.clear();
  if (sp.gate) {
    // Gate: 1 over each event's part, 0 elsewhere, and 0 on an onset's first frame so envelopes retrigger.
    std::fill(out, out + n, 0.0f);
    sc.window.for_each_overlapping(sp.pattern, arc, sc.block_events, [&](const Event& e) {
      if (e.is_analog()) return;
      int64_t b = std::clamp<int64_t>(clock.frame_of(e.part.begin) - frame0, 0, n);
      int64_t en = std::clamp<int64_t>(clock.frame_of(e.part.end) - frame0, 0, n);
      for (int64_t i = b; i < en; ++i) out[i] = 1.0f;
      if (e.has_onset() && b < n && clock.frame_of(e.part.begin) - frame0 >= 0) out[b] = 0.0f;
    });
    pattern_last_[si] = n > 0 ? out[n - 1] : 0.0f;
    return;
  }
  float analog = 0.0f;
  bool has_analog = false;
  sc.window.for_each_overlapping(sp.pattern, arc, sc.block_events, [&](const Event& e) {
    float x;
    if (!number_of(e.value, sp.field, &x)) return;
    if (e.is_analog()) {
      analog = x;
      has_analog = true;
      return;
    }
    int64_t f = clock.frame_of(e.part.begin) - frame0;
    if (changes.size() < changes.capacity()) changes.emplace_back(std::clamp<int64_t>(f, 0, n), x);
  });
  if (has_analog && changes.empty()) {
    std::fill(out, out + n, analog);
    pattern_last_[si] = analog;
    return;
  }
  // Insertion sort: stable, in place, no allocation (a block holds few events).
  for (size_t a = 1; a < changes.size(); ++a)
    for (size_t b = a; b > 0 && changes[b - 1].first > changes[b].first; --b) std::swap(changes[b - 1], changes[b]);
  float cur = pattern_last_[si];
  int i = 0;
  for (const auto& [f, x] : changes) {
    for (; i < f; ++i) out[i] = cur;
    cur = x;
  }
  for (; i < n; ++i) out[i] = cur;
  pattern_last_[si] = cur;
}

void LoadedPlan::prefetch() {
  for (size_t s = 0; s < onsets.size(); ++s)
    if (source_live[s]) onsets[s].prefetch(plan->voice_sources[s].pattern);
}

void LoadedPlan::prime(int64_t cycle) {
  for (size_t s = 0; s < onsets.size(); ++s)
    if (source_live[s]) onsets[s].prime(plan->voice_sources[s].pattern, cycle);
}

void LoadedPlan::prime_jump(int64_t cycle) {
  for (size_t s = 0; s < onsets.size(); ++s)
    if (source_live[s]) onsets[s].prime_jump(plan->voice_sources[s].pattern, cycle);
}

void LoadedPlan::jump(const Rational& cycle) {
  for (size_t s = 0; s < onsets.size(); ++s)
    if (source_live[s]) onsets[s].jump(cycle);
}

InstrumentTemplate* LoadedPlan::instrument(std::string_view name) {
  for (auto& t : instruments_)
    if (t->name() == name) return t.get();
  return nullptr;
}

void LoadedPlan::run_orbit(int o, int n) {
  OrbitFx& fx = *orbit(o);
  const OrbitParams& p = orbit_params[o];
  std::fill(fx.param[0], fx.param[0] + n, p.size);
  std::fill(fx.param[1], fx.param[1] + n, p.delaytime);
  std::fill(fx.param[2], fx.param[2] + n, p.delayfeedback);
  // SuperDirt's reverb: the sum of the channels in, stereo out (wet only).
  for (int i = 0; i < n; ++i) fx.mono[i] = fx.send[0][i] + fx.send[1][i];
  {
    const float* rin[2] = {fx.mono, fx.param[0]};
    float* rout[2] = {fx.out[0], fx.out[1]};
    reverb_->process(kern::KernelArgs{rin, rout, fx.state[0], nullptr, n, rate_});
  }
  // SuperDirt's delay passes its input too (sc3-plugins' SwitchDelay with dry and wet level 1, then scaled by
  // `delay`): out = send + echoes, so a sound with `delay d` is heard at (1 + d) times its level.
  for (int c = 0; c < 2; ++c) {
    const float* din[4] = {fx.send[2 + c], fx.param[1], fx.param[2], fx.one};
    float* dout[1] = {fx.out[2 + c]};
    delay_->process(kern::KernelArgs{din, dout, fx.state[1 + c], delay_params_, n, rate_});
    for (int i = 0; i < n; ++i) fx.out[2 + c][i] += fx.send[2 + c][i];
  }
}

void LoadedPlan::adopt_state_from(const LoadedPlan& old) {
  // Orbit reverbs and delays keep their tails across a reload.
  for (int o = 0; o < kOrbits; ++o) {
    if (!orbit_fx_ready(o) || !old.orbit_fx_ready(o)) continue;
    orbit_params[o] = old.orbit_params[o];
    OrbitFx& a = orbits_[orbit_index_[o]];
    const OrbitFx& b = old.orbits_[old.orbit_index_[o]];
    a.active = b.active;
    const size_t per_state = static_cast<size_t>(a.state[2] - a.state[0]) +
                             (delay_->state_size ? delay_->state_size(delay_params_, rate_) : delay_->state_floats);
    std::memcpy(a.state[0], b.state[0], per_state * sizeof(float));
  }
  const auto& ns = plan->steps;
  const auto& os = old.plan->steps;
  for (size_t i = 0; i < ns.size(); ++i) {
    if (ns[i].op != StepOp::Kernel || state_size_[i] == 0) continue;
    for (size_t j = 0; j < os.size(); ++j) {
      if (os[j].op == StepOp::Kernel && os[j].identity == ns[i].identity && old.state_size_[j] == state_size_[i]) {
        std::memcpy(state_.data() + state_offset_[i], old.state_.data() + old.state_offset_[j],
                    state_size_[i] * sizeof(float));
        break;
      }
    }
  }
}

}  // namespace phonon
