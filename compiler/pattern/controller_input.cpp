#include "compiler/pattern/controller_input.hpp"

#include <cstring>

namespace phonon {

ControllerInput& ControllerInput::global() {
  static ControllerInput store;
  return store;
}

const ControllerInput::Entry* ControllerInput::find(std::string_view name) const {
  const int n = count_.load(std::memory_order_acquire);
  for (int i = 0; i < n; ++i)
    if (name == entries_[i].name) return &entries_[i];
  return nullptr;
}

ControllerInput::Entry* ControllerInput::find_or_add(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength || name.find('\0') != std::string_view::npos) return nullptr;
  if (const Entry* e = find(name)) return const_cast<Entry*>(e);
  const int n = count_.load(std::memory_order_relaxed);
  if (n >= kMaxNames) return nullptr;
  std::memcpy(entries_[n].name, name.data(), name.size());
  entries_[n].name[name.size()] = 0;
  return &entries_[n];  // published (count_) by the caller after its value is written
}

bool ControllerInput::set_number(std::string_view name, double x) {
  std::lock_guard<std::mutex> lock(writers_);
  Entry* e = find_or_add(name);
  if (!e) return false;
  const uint32_t s = e->seq.load(std::memory_order_relaxed);
  e->seq.store(s + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  e->is_string.store(false, std::memory_order_relaxed);
  e->number.store(x, std::memory_order_relaxed);
  e->seq.store(s + 2, std::memory_order_release);
  if (e - entries_ == count_.load(std::memory_order_relaxed)) count_.fetch_add(1, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_release);
  return true;
}

bool ControllerInput::set_string(std::string_view name, std::string_view str) {
  if (str.size() > kMaxStringLength || str.find('\0') != std::string_view::npos) return false;
  std::lock_guard<std::mutex> lock(writers_);
  Entry* e = find_or_add(name);
  if (!e) return false;
  uint64_t words[(kMaxStringLength + 1) / 8] = {0};
  std::memcpy(words, str.data(), str.size());
  const uint32_t s = e->seq.load(std::memory_order_relaxed);
  e->seq.store(s + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  e->is_string.store(true, std::memory_order_relaxed);
  for (size_t i = 0; i < std::size(words); ++i) e->text[i].store(words[i], std::memory_order_relaxed);
  e->seq.store(s + 2, std::memory_order_release);
  if (e - entries_ == count_.load(std::memory_order_relaxed)) count_.fetch_add(1, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_release);
  return true;
}

std::optional<Value> ControllerInput::get(std::string_view name) const {
  const Entry* e = find(name);
  if (!e) return std::nullopt;
  for (;;) {
    const uint32_t s0 = e->seq.load(std::memory_order_acquire);
    if (s0 & 1u) continue;  // a write in progress (a few stores long)
    const bool is_string = e->is_string.load(std::memory_order_relaxed);
    const double x = e->number.load(std::memory_order_relaxed);
    uint64_t words[(kMaxStringLength + 1) / 8];
    for (size_t i = 0; i < std::size(words); ++i) words[i] = e->text[i].load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (e->seq.load(std::memory_order_relaxed) != s0) continue;
    if (!is_string) return Value::number(x);
    char buf[sizeof words + 1] = {0};
    std::memcpy(buf, words, sizeof words);
    return Value::string(buf);
  }
}

void ControllerInput::clear() {
  count_.store(0, std::memory_order_release);
  for (Entry& e : entries_) e.name[0] = 0;
  generation_.fetch_add(1, std::memory_order_release);
}

}  // namespace phonon
