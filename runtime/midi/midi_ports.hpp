// MIDI ports through RtMidi, for both directions: which MIDI system to use, the ports it has, and finding one by
// part of its name. Used by MIDI out (runtime/outbound/midi_out.cpp) and MIDI in (runtime/inbound/midi_in.cpp).
#pragma once
#include <RtMidi.h>

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace phonon {

// libjack prints its own failures ("Cannot connect to server socket…") to stderr; Phonon reports them itself.
void silence_libjack_messages();

// "alsa" when the ALSA sequencer exists on this machine (/dev/snd/seq), else "jack".
std::string default_midi_api();
RtMidi::Api rtmidi_api(const std::string& api);  // "alsa" or "jack"
// Why `api` cannot be used here, or "" (RtMidi's ALSA client prints its failure before it can be silenced).
std::string midi_api_unavailable(const std::string& api);

// RtMidi reports problems through this callback instead of printing them (warnings such as "JACK server not
// running?" included); `user` is a std::string that keeps the last one.
void keep_rtmidi_error(RtMidiError::Type, const std::string& text, void* user);

std::vector<std::string> midi_port_names(RtMidi& midi);
// The index of the first port whose name contains `part` (case-insensitive), or -1.
int find_midi_port(const std::vector<std::string>& names, const std::string& part);
// "no output port matches `X`; the ports are: …" (or "there are no MIDI ports (why)").
std::string no_matching_port(const std::string& direction, const std::string& part,
                             const std::vector<std::string>& names, const std::string& rtmidi_error);

// Opens the port whose name contains `part` (case-insensitive) as a Port (RtMidiIn or RtMidiOut) of client
// `client`, after `prepare` (e.g. which messages an input ignores); *name gets the port's full name. Null with
// *error ("MIDI in (jack): no input port matches `x`; the ports are: …") when it cannot. The caller gives the port
// an error callback of its own at once (the one set here reports into a string of this call).
template <class Port>
std::unique_ptr<Port> open_midi_port(const std::string& api, const std::string& client, const std::string& part,
                                     std::string* name, std::string* error,
                                     const std::function<void(Port&)>& prepare = {}) {
  constexpr bool input = std::is_same_v<Port, RtMidiIn>;
  const std::string what = std::string(input ? "MIDI in (" : "MIDI (") + api + "): ";
  std::string err = midi_api_unavailable(api);
  if (!err.empty()) {
    *error = what + err + (api == "alsa" ? "; try --midi-api jack" : "");
    return nullptr;
  }
  std::unique_ptr<Port> port;
  try {
    // An input's queue holds messages until Phonon's thread takes them (a fader sweep sends hundreds a second).
    if constexpr (input) port = std::make_unique<Port>(rtmidi_api(api), client, 1024);
    else port = std::make_unique<Port>(rtmidi_api(api), client);
  } catch (const RtMidiError& e) {
    *error = what + e.getMessage();
    return nullptr;
  }
  port->setErrorCallback(&keep_rtmidi_error, &err);
  if (prepare) prepare(*port);
  const std::vector<std::string> names = midi_port_names(*port);
  const int i = find_midi_port(names, part);
  if (i < 0) {
    *error = what + no_matching_port(input ? "input" : "output", part, names, err);
    return nullptr;
  }
  port->openPort(static_cast<unsigned>(i), input ? "in" : "out");
  if (!port->isPortOpen()) {
    *error = what + "cannot open `" + names[static_cast<size_t>(i)] + "`" + (err.empty() ? "" : ": " + err);
    return nullptr;
  }
  *name = names[static_cast<size_t>(i)];
  return port;
}

// The MIDI output and input ports of `api`. Never throws; *error says why a list could not be read.
std::vector<std::string> midi_output_ports(const std::string& api, std::string* error);
std::vector<std::string> midi_input_ports(const std::string& api, std::string* error);

}  // namespace phonon
