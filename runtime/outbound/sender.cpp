#include "runtime/outbound/sender.hpp"

#include <algorithm>
#include <chrono>
#include <climits>

namespace phonon {

int64_t OutboundSender::now_ns() { return steady_now_ns(); }

OutboundSender::OutboundSender(Outbound& outbound, std::vector<std::unique_ptr<OutboundSink>> sinks,
                               std::function<void(const std::string&)> report)
    : outbound_(outbound), sinks_(std::move(sinks)), report_(std::move(report)) {
  thread_ = std::thread([this] { run(); });
}

OutboundSender::~OutboundSender() {
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
}

void OutboundSender::run() {
  std::vector<OutboundEvent> batch(64);
  uint64_t dropped_seen = 0;
  for (;;) {
    const bool stopping = stop_.load(std::memory_order_acquire);
    for (size_t n; (n = outbound_.ring.pop(batch.data(), batch.size())) > 0;) {
      for (size_t i = 0; i < n; ++i) {
        const OutboundEvent& e = batch[i];
        if (e.kind == OutboundEvent::Tick) {
          for (auto& s : sinks_)
            if (s) s->tick(e);
        } else if (e.target >= 0 && static_cast<size_t>(e.target) < sinks_.size() && sinks_[e.target]) {
          sinks_[static_cast<size_t>(e.target)]->event(e);
        }
      }
    }
    if (const uint64_t d = outbound_.dropped(); d != dropped_seen) {
      if (report_) report_(std::to_string(d - dropped_seen) + " outgoing events were dropped (the sender fell behind)");
      dropped_seen = d;
    }
    int64_t now = now_ns(), next = INT64_MAX;
    for (auto& s : sinks_)
      if (s) next = std::min(next, s->poll(now));
    if (stopping) break;
    // Sleep until the next message is due, but look at the ring at least every millisecond.
    now = now_ns();
    const int64_t wait = std::clamp<int64_t>(next - now, 0, 1'000'000);
    if (wait > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
  }
  for (auto& s : sinks_)
    if (s) s->finish();
}

}  // namespace phonon
