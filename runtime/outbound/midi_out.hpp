// MIDI out through RtMidi (ALSA sequencer or JACK MIDI): a sink of the outbound sender that sends each event's
// messages (runtime/outbound/midi_message.hpp) at its time, and optionally MIDI clock.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/outbound/sender.hpp"

namespace phonon {

// "alsa" when the ALSA sequencer exists on this machine (/dev/snd/seq), else "jack".
std::string default_midi_api();
// The MIDI output ports of `api` ("alsa" or "jack"): where Phonon can send. Never throws; *error says why the
// list could not be read.
std::vector<std::string> midi_output_ports(const std::string& api, std::string* error);

struct MidiOutConfig {
  std::string port;           // part of a port's name (case-insensitive)
  std::string api;            // "alsa", "jack"; empty: default_midi_api()
  double latency = 0.0;       // seconds added to every message's time (--midi-latency)
  bool clock = false;         // send MIDI clock (24 per quarter note), start, stop and song position
  int beats_per_cycle = 4;    // quarter notes per cycle, for the clock
  std::string client_name = "phonon";
};

// Opens the port; null with *error (listing the ports that exist) when it cannot.
std::unique_ptr<OutboundSink> open_midi_out(const MidiOutConfig& config,
                                            std::function<void(const std::string&)> report, std::string* error);

}  // namespace phonon
