// The plan slot: the plan the audio thread runs, the plan handed over to replace it, and the replaced plans on
// their way back to the thread that frees them. Hand-over and return are lock-free: the audio thread never frees
// a plan. A replaced plan whose instrument voices still sound drains first (they run its templates) and goes back
// once they have ended.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>

namespace phonon {

class LoadedPlan;

class PlanSlot {
 public:
  PlanSlot();
  ~PlanSlot();  // frees every plan it holds
  PlanSlot(const PlanSlot&) = delete;
  PlanSlot& operator=(const PlanSlot&) = delete;

  // -- Not concurrently with the audio thread.
  // Frees every plan it holds (their voices must have been stopped) and makes `p` current.
  void reset(LoadedPlan* p);

  // -- The non-audio thread.
  // Hands `p` over, to be swapped in at once (`now`) or at the next cycle boundary; a plan handed over before
  // the previous one was taken replaces (and frees) it.
  void offer(LoadedPlan* p, bool now);
  // Frees the plans the audio thread has retired.
  void collect_garbage();
  // The current plan, for queries ahead of the audio thread (LoadedPlan::prefetch); null before the first.
  LoadedPlan* shared() const { return current_shared_.load(std::memory_order_acquire); }

  // -- The audio thread.
  LoadedPlan* current() const { return current_; }
  bool has_pending() const { return pending_.load(std::memory_order_acquire) != nullptr; }
  bool pending_now() const { return pending_now_.load() || current_ == nullptr; }
  // Makes the pending plan current (its kernel state carried over from the old one, LoadedPlan::adopt_state_from)
  // and returns it; null when there was none, or when the old plan has nowhere to go yet (nobody collected): the
  // pending plan then stays pending and the swap is tried again next block.
  LoadedPlan* swap_in();
  // Hands back the draining plans for which `in_use(plan)` is false.
  template <class InUse>
  void drain(InUse in_use) {
    for (auto& d : draining_) {
      if (d && !in_use(static_cast<const void*>(d)) && hand_back(d, false)) d = nullptr;
    }
  }

 private:
  bool hand_back(LoadedPlan* p, bool allow_draining);

  static constexpr int kRetiredSlots = 16;
  LoadedPlan* current_ = nullptr;                     // owned (raw, so the audio thread can retire it)
  std::atomic<LoadedPlan*> current_shared_{nullptr};  // current_, for the non-audio thread
  std::atomic<LoadedPlan*> pending_{nullptr};
  std::atomic<bool> pending_now_{false};
  std::array<std::atomic<LoadedPlan*>, kRetiredSlots> retired_{};
  std::array<LoadedPlan*, 8> draining_{};  // replaced plans whose instrument voices still sound (audio thread)
};

}  // namespace phonon
