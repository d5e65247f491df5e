// Controller input: the latest value of each named controller (Tidal's /ctrl messages; MIDI CC may write here
// too), read by the patterns cF, cN, cI, cS, cB, cR (compiler/pattern/ops_controller.cpp) when they are queried.
//
// One process-wide store (a pattern is built long before any controller sends, and is queried on other threads).
// Writers: any non-audio threads (the OSC receiver, MIDI in), one at a time under a mutex. Readers: any thread,
// lock-free and allocation-free: each entry is a seqlock over atomics, and a name, once given to an entry, never
// changes. generation() grows with every write, so that cached queries (runtime/engine/event_window.hpp) can tell that
// a value has changed.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/pattern/value.hpp"

namespace phonon {

class ControllerInput {
 public:
  static constexpr int kMaxNames = 256;
  static constexpr size_t kMaxNameLength = 47;
  static constexpr size_t kMaxStringLength = 63;

  static ControllerInput& global();

  // Writer: sets `name` to a number or a string. False (nothing stored) when the name or string is too long,
  // or kMaxNames names are taken.
  bool set_number(std::string_view name, double x);
  bool set_string(std::string_view name, std::string_view s);
  // The latest value of `name`: a number or a string Value; nullopt when nothing was sent for it.
  std::optional<Value> get(std::string_view name) const;
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // Forgets every value (tests).
  void clear();

 private:
  struct Entry {
    std::atomic<uint32_t> seq{0};
    std::atomic<bool> is_string{false};
    std::atomic<double> number{0.0};
    std::atomic<uint64_t> text[(kMaxStringLength + 1) / 8];
    char name[kMaxNameLength + 1] = {0};
  };
  Entry* find_or_add(std::string_view name);
  const Entry* find(std::string_view name) const;

  std::mutex writers_;  // writers only: readers never take it
  Entry entries_[kMaxNames];
  std::atomic<int> count_{0};
  std::atomic<uint64_t> generation_{0};
};

}  // namespace phonon
