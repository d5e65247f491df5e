#include "runtime/loaded_plan.hpp"

#include <algorithm>
#include <cstring>

#include "runtime/clock.hpp"
#include "runtime/sample_bank.hpp"
#include "runtime/voice_params.hpp"

namespace phonon {

LoadedPlan::LoadedPlan(std::shared_ptr<const Plan> p, const SampleBank& b, const EngineOptions& opt)
    : plan(std::move(p)), bank(&b) {
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
    if (s.op == StepOp::Kernel && s.kernel->init) s.kernel->init(a.state, a.params, a.rate);
  }
  source_live.assign(pl.voice_sources.size(), 0);
  for (const auto& s : pl.steps)
    if (s.op == StepOp::Voices) source_live[s.source] = 1;
  pattern_last_.assign(n, 0.0f);
  for (size_t i = 0; i < n; ++i)
    if (pl.steps[i].op == StepOp::PatternSignal) pattern_last_[i] = pl.signal_patterns[pl.steps[i].source].initial;
  events.reserve(4096);
  onsets.resize(pl.voice_sources.size());
  for (auto& w : onsets) w.reserve(1024);
  const size_t max_batches =
      static_cast<size_t>(opt.max_voices + 64) / kVoiceBatch + pl.voice_sources.size() + 2;
  batches.reserve(max_batches);
  source_count.reserve(pl.voice_sources.size() + 1);
  batch_acc.assign(max_batches * 2 * stride_, 0.0f);
  changes_.reserve(4096);
  name_buf_.reserve(256);
}

const SampleData* LoadedPlan::lookup_sample(const VoiceParams& vp) const {
  if (vp.s.size() > name_buf_.capacity()) return nullptr;
  name_buf_.assign(vp.s.data(), vp.s.size());
  return bank->get(name_buf_, vp.index);
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

void LoadedPlan::fill_pattern_signal(int si, const Arc& arc, const Clock& clock, int64_t frame0, int n) {
  const PlanStep& step = plan->steps[si];
  const SignalPattern& sp = plan->signal_patterns[step.source];
  float* out = slot(step.out[0]);
  events.clear();
  try {
    sp.pattern.query(arc, events);
  } catch (...) {
    events.clear();
  }
  changes_.clear();
  if (sp.gate) {
    // Gate: 1 over each event's part, 0 elsewhere, and 0 on an onset's first frame so envelopes retrigger.
    std::fill(out, out + n, 0.0f);
    for (const Event& e : events) {
      if (e.is_analog()) continue;
      int64_t b = std::clamp<int64_t>(clock.frame_of(e.part.begin) - frame0, 0, n);
      int64_t en = std::clamp<int64_t>(clock.frame_of(e.part.end) - frame0, 0, n);
      for (int64_t i = b; i < en; ++i) out[i] = 1.0f;
      if (e.has_onset() && b < n && clock.frame_of(e.part.begin) - frame0 >= 0) out[b] = 0.0f;
    }
    pattern_last_[si] = n > 0 ? out[n - 1] : 0.0f;
    return;
  }
  float analog = 0.0f;
  bool has_analog = false;
  for (const Event& e : events) {
    float x;
    if (!number_of(e.value, sp.field, &x)) continue;
    if (e.is_analog()) {
      analog = x;
      has_analog = true;
      continue;
    }
    int64_t f = clock.frame_of(e.part.begin) - frame0;
    changes_.emplace_back(std::clamp<int64_t>(f, 0, n), x);
  }
  if (has_analog && changes_.empty()) {
    std::fill(out, out + n, analog);
    pattern_last_[si] = analog;
    return;
  }
  // Insertion sort: stable, in place, no allocation (a block holds few events).
  for (size_t a = 1; a < changes_.size(); ++a)
    for (size_t b = a; b > 0 && changes_[b - 1].first > changes_[b].first; --b) std::swap(changes_[b - 1], changes_[b]);
  float cur = pattern_last_[si];
  int i = 0;
  for (const auto& [f, x] : changes_) {
    for (; i < f; ++i) out[i] = cur;
    cur = x;
  }
  for (; i < n; ++i) out[i] = cur;
  pattern_last_[si] = cur;
}

void LoadedPlan::adopt_state_from(const LoadedPlan& old) {
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
