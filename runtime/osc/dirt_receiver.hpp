// SuperDirt's network side, for `phonon dirt`: the OSC messages Tidal sends to SuperDirt, decoded with liblo and
// turned into external events for the engine (runtime/engine/external_events.hpp).
//
//  /dirt/play  name value name value …   one event; in a bundle its time is the bundle's timetag (Tidal's default,
//                                        `Pre BundleStamp`); with `Pre MessageStamp` the first two arguments are
//                                        int32 seconds and microseconds of Unix time; a bare message plays at once
//  /play2                                the same (SuperDirt's backward-compatible name)
//  /dirt/handshake                       answered with /dirt/handshake/reply &serverHostname H &serverPort P
//                                        &controlBusIndices 0 1 … (what Tidal waits for: "Connected to SuperDirt")
//  /dirt/hello                           answered with /dirt/hello/reply
//  /dirt/hush                            silence: pending events dropped, sounding external voices faded
//  /ctrl name value                      Tidal's controller input: the latest value of `name` for cF, cS, …
//                                        (compiler/pattern/controller_input.hpp); an int32 name counts as its digits
//
// Anything else (other addresses, argument types that are not number/string/bool, packets liblo cannot parse)
// gets a rate-limited log line and is dropped. Threads: receive() runs its own thread reading the socket;
// dispatch() feeds a raw packet without a socket (`phonon dirt --replay`, the fuzzer). Either way one thread
// uses the receiver at a time.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "runtime/osc/rate_limited_log.hpp"

namespace phonon {

class ExternalEvents;
class SampleBank;

struct DirtReceiverStats {
  uint64_t packets = 0;  // datagrams received or dispatched
  uint64_t events = 0;   // /dirt/play events handed to the engine
  uint64_t bad = 0;      // packets or messages dropped as malformed or unknown
  uint64_t handshakes = 0;
  uint64_t controls = 0;  // /ctrl values stored
};

class DirtReceiver {
 public:
  // port: the UDP port to listen on ("57120"), or empty for no socket (dispatch() only). Throws
  // std::runtime_error when the port cannot be opened. `events` and `bank` must outlive the receiver; the bank
  // is preloaded from this receiver's thread (the caller must not preload concurrently). Without `events`
  // (null) the receiver takes /ctrl only (`phonon live`'s controller port).
  DirtReceiver(const std::string& port, ExternalEvents* events, SampleBank* bank, RateLimitedLog::Sink log);
  ~DirtReceiver();
  DirtReceiver(const DirtReceiver&) = delete;
  DirtReceiver& operator=(const DirtReceiver&) = delete;

  // Starts the network thread (reads the socket until stop()).
  void start();
  void stop();
  // One raw OSC packet (a message or a bundle), as if it had arrived over the network from nowhere (replies are
  // not sent). Never throws; bad input is logged and counted.
  void dispatch(const void* data, size_t size);

  DirtReceiverStats stats() const;
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// OSC (NTP) timetag → seconds of Unix time minus `epoch_unix` (an integer number of seconds).
double ntp_to_epoch_seconds(uint32_t sec, uint32_t frac, double epoch_unix);

}  // namespace phonon
