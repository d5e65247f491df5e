// OSC out through liblo: a sink of the outbound sender that sends each event as Tidal sends it to SuperDirt — a
// bundle whose timetag is the event's time plus the latency, holding one message (by default `/dirt/play` with
// name/value pairs, and Tidal's `cps`, `cycle` and `delta`) — or in a chosen shape (any address; named pairs, or
// the values of listed controls in order, as Tidal's OSC targets with `ArgList`).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/outbound/sender.hpp"

namespace phonon {

struct OscArg {
  std::string name;
  bool has_default = false;
  std::string fallback;  // the default, as written (a number or text)
};

struct OscTarget {
  std::string sound;  // the sound name it takes; empty: every event (SuperDirt's target)
  std::string host = "127.0.0.1";
  std::string port = "57120";
  std::string address = "/dirt/play";
  bool named = true;  // name/value pairs (with cps, cycle, delta); false: `args` in order
  std::vector<OscArg> args;
  double latency = 0.2;  // seconds ahead (Tidal's superdirtTarget oLatency)
};

// Parses --osc-out's value: `HOST:PORT`, `NAME=HOST:PORT`, `NAME=HOST:PORT/ADDRESS` or
// `NAME=HOST:PORT/ADDRESS:ARG,ARG=DEFAULT,…`. false with *error on a malformed value.
bool parse_osc_target(const std::string& spec, OscTarget* out, std::string* error);

// Tidal's integer controls (sent as OSC int32, the others as float32).
bool osc_int_control(const std::string& name);

std::unique_ptr<OutboundSink> open_osc_out(const OscTarget& target, std::function<void(const std::string&)> report,
                                           std::string* error);

}  // namespace phonon
