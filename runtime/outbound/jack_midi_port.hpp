// MIDI out through JACK MIDI directly, with each message at its frame inside the period. RtMidi's JACK port
// writes every message at frame 0 of the period after it was sent, so its timing moves in steps of a period
// (11.6 ms at 512 frames and 44.1 kHz); this port is handed each message ahead of its time and its JACK process
// callback writes it at the frame where that time falls.
//
// Threads: send() is called by one thread (the outbound sender) and the JACK process callback reads; they meet
// in JACK's lock-free single-reader single-writer ring buffer, so the callback never waits or allocates.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/outbound/midi_message.hpp"

namespace phonon {

class JackMidiPort {
 public:
  // How early a message should be handed over before its time: more than a period and the sender's wake-up.
  static constexpr int64_t kLeadNs = 60'000'000;

  // Opens a JACK client `client` with one MIDI output port and connects it to the first JACK MIDI input port
  // whose name contains `part` (case-insensitive); *name gets that port's full name. Null with *error (which
  // lists the ports that exist) when it cannot.
  static std::unique_ptr<JackMidiPort> open(const std::string& client, const std::string& part, std::string* name,
                                            std::string* error);
  ~JackMidiPort();  // closes the client
  JackMidiPort(const JackMidiPort&) = delete;
  JackMidiPort& operator=(const JackMidiPort&) = delete;

  // Queues `m` for `time_ns` (steady clock); messages must come in time order. False if the queue is full.
  bool send(int64_t time_ns, const MidiMessage& m);
  // Whether the destination port still exists; reconnect() connects to it again once it is back.
  bool present() const;
  void reconnect();
  // JACK MIDI input ports of the running server (for messages and `phonon devices`).
  std::vector<std::string> input_ports() const;

  struct Impl;

 private:
  explicit JackMidiPort(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace phonon
