#include "runtime/voices/instrument.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace phonon {

namespace {
constexpr float kSilence = 1e-4f;         // -80 dBFS: below this after the gate closes, the voice has ended
constexpr double kMaxTailSeconds = 30.0;  // and never longer than this after the gate closes
constexpr int kQuietFrames = 2048;        // consecutive frames below kSilence that end a released voice
}  // namespace

InstrumentTemplate::InstrumentTemplate(std::string name, std::shared_ptr<const Plan> plan, double rate, int max_block,
                                       int threads, int max_voices)
    : name_(std::move(name)), plan_(std::move(plan)), rate_(static_cast<float>(rate)) {
  const Plan& p = *plan_;
  stride_ = (static_cast<size_t>(max_block) + 15) & ~static_cast<size_t>(15);
  state_offset_.assign(p.steps.size(), 0);
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const PlanStep& s = p.steps[i];
    size_t sz = s.kernel->state_size ? s.kernel->state_size(s.params.data(), rate_) : s.kernel->state_floats;
    state_offset_[i] = state_total_;
    state_total_ += (sz + 15) & ~static_cast<size_t>(15);
  }
  states_.assign(std::max<size_t>(1, state_total_ * static_cast<size_t>(max_voices)), 0.0f);
  for (int i = max_voices - 1; i >= 0; --i) free_.push_back(i);
  for (const auto& st : p.stripes)
    for (int si : st.steps) order_.push_back(si);
  threads_.resize(static_cast<size_t>(std::max(1, threads)));
  for (auto& t : threads_) {
    t.slots.assign(stride_ * static_cast<size_t>(std::max(1, p.num_slots)), 0.0f);
    for (const auto& c : p.constants)
      std::fill(t.slots.begin() + static_cast<long>(c.slot * stride_),
                t.slots.begin() + static_cast<long>((c.slot + 1) * stride_), c.value);
    t.in.resize(p.steps.size());
    t.out.resize(p.steps.size());
    for (size_t i = 0; i < p.steps.size(); ++i) {
      for (int s : p.steps[i].in) t.in[i].push_back(t.slots.data() + s * stride_);
      for (int s : p.steps[i].out) t.out[i].push_back(t.slots.data() + s * stride_);
    }
  }
}

int InstrumentTemplate::start_voice() {
  if (free_.empty()) return -1;
  int slot = free_.back();
  free_.pop_back();
  float* base = states_.data() + static_cast<size_t>(slot) * state_total_;
  std::fill(base, base + state_total_, 0.0f);
  const Plan& p = *plan_;
  for (size_t i = 0; i < p.steps.size(); ++i)
    if (p.steps[i].kernel->init) p.steps[i].kernel->init(base + state_offset_[i], p.steps[i].params.data(), rate_);
  return slot;
}

void InstrumentTemplate::end_voice(int slot) {
  if (slot >= 0) free_.push_back(slot);
}

int InstrumentTemplate::render(int slot, int64_t elapsed, int64_t gate_frames, const PitchGlide& pitch, int& quiet,
                               float* l, float* r, int n, int thread) {
  const Plan& p = *plan_;
  ThreadBuffers& tb = threads_[static_cast<size_t>(thread) % threads_.size()];
  for (const auto& c : p.constants) {
    float* b = tb.slots.data() + c.slot * stride_;
    if (c.role == ConstRole::PitchRatio) {
      // Frames [elapsed, glide_frames) glide; from glide_frames on the ratio stays at `to`.
      const int64_t gliding = pitch.from == pitch.to ? 0 : std::clamp<int64_t>(pitch.glide_frames - elapsed, 0, n);
      const double step = gliding > 0 ? (static_cast<double>(pitch.to) - pitch.from) / pitch.glide_frames : 0.0;
      for (int64_t i = 0; i < gliding; ++i)
        b[i] = static_cast<float>(pitch.from + step * static_cast<double>(elapsed + i));
      std::fill(b + gliding, b + n, pitch.to);
    } else if (c.role == ConstRole::VoiceGate) {
      int64_t on = std::clamp<int64_t>(gate_frames - elapsed, 0, n);
      std::fill(b, b + on, 1.0f);
      std::fill(b + on, b + n, 0.0f);
    }
  }
  float* state = states_.data() + static_cast<size_t>(slot) * state_total_;
  for (int si : order_) {
    const PlanStep& s = p.steps[si];
    kern::KernelArgs a{tb.in[si].data(), tb.out[si].data(), state + state_offset_[si], s.params.data(), n, rate_};
    s.kernel->process(a);
  }
  std::fill(l, l + n, 0.0f);
  std::fill(r, r + n, 0.0f);
  for (int s : p.output_left) {
    const float* b = tb.slots.data() + s * stride_;
    for (int i = 0; i < n; ++i) l[i] += b[i];
  }
  for (int s : p.output_right) {
    const float* b = tb.slots.data() + s * stride_;
    for (int i = 0; i < n; ++i) r[i] += b[i];
  }
  // After the gate: the voice ends once kQuietFrames consecutive frames stayed below kSilence (or after
  // kMaxTailSeconds), counted frame by frame so that every block size ends it on the same frame.
  const int64_t from = std::clamp<int64_t>(gate_frames - elapsed, 0, n);
  const int64_t max_tail = static_cast<int64_t>(kMaxTailSeconds * rate_);
  for (int64_t i = from; i < n; ++i) {
    const float a = std::max(std::fabs(l[i]), std::fabs(r[i]));
    quiet = (a < kSilence) ? quiet + 1 : 0;
    if (quiet >= kQuietFrames || elapsed + i - gate_frames >= max_tail || !std::isfinite(a)) {
      const int keep = static_cast<int>(i + 1);
      std::fill(l + keep, l + n, 0.0f);
      std::fill(r + keep, r + n, 0.0f);
      return keep;
    }
  }
  return n;
}

}  // namespace phonon
