// The outbound sender thread: drains the engine's outbound ring (runtime/outbound/outbound.hpp) and hands each
// event to its target's sink (MIDI out, OSC out), which does the port or socket work at the right time.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "runtime/outbound/outbound.hpp"

namespace phonon {

class OutboundSink {
 public:
  virtual ~OutboundSink() = default;
  // An event of this sink's target (sender thread).
  virtual void event(const OutboundEvent& e) = 0;
  // Every engine block's clock position (sender thread).
  virtual void tick(const OutboundEvent&) {}
  // Sends what is due at `now_ns` (steady clock); returns when it next has something due (INT64_MAX: nothing).
  virtual int64_t poll(int64_t now_ns) = 0;
  // The sender stops: send what must end a performance (MIDI stop, notes off).
  virtual void finish() {}
};

class OutboundSender {
 public:
  // sinks[i] serves Outbound target i. `report` receives messages for the user (a port that disappeared, …);
  // it is called on the sender thread.
  OutboundSender(Outbound& outbound, std::vector<std::unique_ptr<OutboundSink>> sinks,
                 std::function<void(const std::string&)> report);
  ~OutboundSender();  // stops the thread (calling finish() on every sink)
  OutboundSender(const OutboundSender&) = delete;
  OutboundSender& operator=(const OutboundSender&) = delete;

  static int64_t now_ns();

 private:
  void run();
  Outbound& outbound_;
  std::vector<std::unique_ptr<OutboundSink>> sinks_;
  std::function<void(const std::string&)> report_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace phonon
