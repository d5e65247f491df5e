// MIDI ports through RtMidi, for both directions: which MIDI system to use, the ports it has, and finding one by
// part of its name. Used by MIDI out (runtime/outbound/midi_out.cpp) and MIDI in (runtime/inbound/midi_in.cpp).
#pragma once
#include <RtMidi.h>

#include <string>
#include <vector>

namespace phonon {

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

// The MIDI output and input ports of `api`. Never throws; *error says why a list could not be read.
std::vector<std::string> midi_output_ports(const std::string& api, std::string* error);
std::vector<std::string> midi_input_ports(const std::string& api, std::string* error);

}  // namespace phonon
