#include "runtime/engine/plan_slot.hpp"

#include "runtime/engine/loaded_plan.hpp"

namespace phonon {

PlanSlot::PlanSlot() {
  for (auto& r : retired_) r.store(nullptr);
}

PlanSlot::~PlanSlot() {
  delete current_;
  for (auto* d : draining_) delete d;
  delete pending_.exchange(nullptr);
  for (auto& r : retired_) delete r.exchange(nullptr);
}

void PlanSlot::reset(LoadedPlan* p) {
  current_shared_.store(nullptr, std::memory_order_release);
  for (auto*& d : draining_) {
    delete d;
    d = nullptr;
  }
  delete current_;
  current_ = p;
  current_shared_.store(p, std::memory_order_release);
}

void PlanSlot::offer(LoadedPlan* p, bool now) {
  pending_now_.store(now);
  LoadedPlan* old = pending_.exchange(p);
  delete old;  // never taken by the audio thread (exchange is atomic), so freeing it here is safe
}

void PlanSlot::collect_garbage() {
  for (auto& r : retired_) delete r.exchange(nullptr);
}

LoadedPlan* PlanSlot::swap_in() {
  LoadedPlan* p = pending_.exchange(nullptr);
  if (!p) return nullptr;
  LoadedPlan* old = current_;
  if (old && !hand_back(old, /*allow_draining=*/true)) {
    pending_.store(p);
    return nullptr;
  }
  if (old) p->adopt_state_from(*old);  // old is not freed before the next collect_garbage(), or it drains
  current_ = p;
  current_shared_.store(p, std::memory_order_release);
  return p;
}

bool PlanSlot::hand_back(LoadedPlan* p, bool allow_draining) {
  if (allow_draining && p->has_instruments()) {
    for (auto& d : draining_) {
      if (!d) {
        d = p;
        return true;
      }
    }
    return false;
  }
  for (auto& r : retired_) {
    LoadedPlan* expected = nullptr;
    if (r.compare_exchange_strong(expected, p)) return true;
  }
  return false;
}

}  // namespace phonon
