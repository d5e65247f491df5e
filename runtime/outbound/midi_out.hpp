// MIDI out through RtMidi (ALSA sequencer or JACK MIDI): a sink of the outbound sender that sends each event's
// messages (runtime/outbound/midi_message.hpp) at its time, and optionally MIDI clock.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/midi/midi_ports.hpp"
#include "runtime/outbound/sender.hpp"

namespace phonon {

// The ports, and the MIDI system used: runtime/midi/midi_ports.hpp.

struct MidiOutConfig {
  std::string port;         // part of a port's name (case-insensitive)
  std::string api;          // "alsa", "jack"; empty: default_midi_api()
  double latency = 0.0;     // seconds added to every message's time (--midi-latency)
  bool clock = false;       // send MIDI clock (24 per quarter note), start, stop and song position
  int beats_per_cycle = 4;  // quarter notes per cycle, for the clock
  std::string client_name = "phonon";
};

// Opens the port; null with *error (listing the ports that exist) when it cannot.
std::unique_ptr<OutboundSink> open_midi_out(const MidiOutConfig& config, std::function<void(const std::string&)> report,
                                            std::string* error);

}  // namespace phonon
