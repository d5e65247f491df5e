#include "runtime/outbound/outbound.hpp"

#include <chrono>
#include <cmath>
#include <cstring>

namespace phonon {

namespace {
// Copies a name into a fixed field; false when it does not fit.
bool copy_text(std::string_view s, char* dst, size_t cap) {
  const size_t n = std::min(s.size(), cap - 1);
  std::memcpy(dst, s.data(), n);
  dst[n] = '\0';
  return n == s.size();
}
}  // namespace

int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

const OutboundControl* OutboundEvent::find(std::string_view name) const {
  for (int i = 0; i < count; ++i)
    if (name == controls[i].name) return &controls[i];
  return nullptr;
}

double OutboundEvent::number(std::string_view name, double fallback) const {
  const OutboundControl* c = find(name);
  return c && c->kind == 'f' ? c->num : fallback;
}

std::string_view OutboundEvent::text(std::string_view name) const {
  const OutboundControl* c = find(name);
  return c && c->kind == 's' ? std::string_view(c->text) : std::string_view();
}

void copy_controls(const ControlMap& m, OutboundEvent& out) {
  out.count = 0;
  out.truncated = false;
  for (const auto& [key, val] : m.entries()) {
    if (out.count == OutboundEvent::kMaxControls) {
      out.truncated = true;
      break;
    }
    OutboundControl& c = out.controls[out.count];
    if (val.is_string()) {
      c.kind = 's';
      c.num = 0.0;
      out.truncated |= !copy_text(val.as_string(), c.text, OutboundControl::kText);
    } else if (val.is_number() || val.is_bool()) {
      c.kind = 'f';
      c.num = val.as_number();
      c.text[0] = '\0';
    } else {
      continue;
    }
    if (!copy_text(key, c.name, OutboundControl::kName)) {
      out.truncated = true;
      continue;
    }
    ++out.count;
  }
}

int Outbound::add_target(const std::string& name) {
  auto t = std::make_unique<Target>();
  t->name = name;
  if (name.empty()) all_ = static_cast<int>(targets_.size());
  targets_.push_back(std::move(t));
  names_.push_back(name);
  return static_cast<int>(targets_.size()) - 1;
}

int Outbound::target_of(std::string_view s) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (!names_[i].empty() && names_[i] == s) return static_cast<int>(i);
  return -1;
}

void Outbound::begin_block(int64_t frame, double rate) {
  // The audio clock and the steady clock drift apart slowly and a device callback renders several blocks at
  // once: keep the mapping from the first block, corrected by 1 % of the error each block, and start again when
  // it is more than 50 ms off (an underrun, a stalled device).
  const int64_t now = steady_now_ns();
  const int64_t predicted = ref_ns_ + static_cast<int64_t>(static_cast<double>(frame - ref_frame_) * 1e9 / rate);
  const int64_t err = now - predicted;
  if (!anchored_ || err > 50'000'000 || err < -50'000'000) {
    ref_ns_ = now;
    ref_frame_ = frame;
    anchored_ = true;
  } else {
    ref_ns_ += err / 100;
  }
}

int64_t Outbound::time_of(int64_t frame, double rate) const {
  return ref_ns_ + static_cast<int64_t>(static_cast<double>(frame - ref_frame_) * 1e9 / rate) + output_latency_ns;
}

void Outbound::push(const OutboundEvent& e) {
  if (ring.push(&e, 1) == 0) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (e.kind == OutboundEvent::Event && e.target >= 0)
    targets_[static_cast<size_t>(e.target)]->events.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace phonon
