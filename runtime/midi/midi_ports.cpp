#include "runtime/midi/midi_ports.hpp"

#include <jack/jack.h>
#include <unistd.h>

#include <cctype>

namespace phonon {

namespace {
// Whether a JACK server answers. Asked before RtMidi opens a JACK client: RtMidi's own failure path prints to
// stderr and leaks its ring buffer.
bool jack_server_running() {
  silence_libjack_messages();
  jack_status_t status{};
  jack_client_t* c = jack_client_open("phonon-probe", JackNoStartServer, &status);
  if (!c) return false;
  jack_client_close(c);
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

template <class Port>
std::vector<std::string> list_ports(const std::string& api, std::string* error) {
  std::string err = midi_api_unavailable(api);
  if (!err.empty()) {
    if (error) *error = err;
    return {};
  }
  try {
    Port port(rtmidi_api(api), "phonon-probe");
    port.setErrorCallback(&keep_rtmidi_error, &err);
    std::vector<std::string> names = midi_port_names(port);
    if (error) *error = err;
    return names;
  } catch (const RtMidiError& e) {
    if (error) *error = e.getMessage();
    return {};
  }
}
}  // namespace

void silence_libjack_messages() {
  jack_set_error_function([](const char*) {});
  jack_set_info_function([](const char*) {});
}

std::string default_midi_api() { return ::access("/dev/snd/seq", R_OK | W_OK) == 0 ? "alsa" : "jack"; }

RtMidi::Api rtmidi_api(const std::string& api) { return api == "alsa" ? RtMidi::LINUX_ALSA : RtMidi::UNIX_JACK; }

std::string midi_api_unavailable(const std::string& api) {
  if (api == "alsa" && ::access("/dev/snd/seq", F_OK) != 0) return "no ALSA sequencer on this machine (/dev/snd/seq)";
  if (api == "jack" && !jack_server_running()) return "no JACK server is running";
  return "";
}

void keep_rtmidi_error(RtMidiError::Type, const std::string& text, void* user) {
  *static_cast<std::string*>(user) = text;
}

std::vector<std::string> midi_port_names(RtMidi& midi) {
  std::vector<std::string> names;
  const unsigned n = midi.getPortCount();
  for (unsigned i = 0; i < n; ++i) names.push_back(midi.getPortName(i));
  return names;
}

int find_midi_port(const std::vector<std::string>& names, const std::string& part) {
  const std::string want = lower(part);
  for (size_t i = 0; i < names.size(); ++i)
    if (lower(names[i]).find(want) != std::string::npos) return static_cast<int>(i);
  return -1;
}

std::string no_matching_port(const std::string& direction, const std::string& part,
                             const std::vector<std::string>& names, const std::string& rtmidi_error) {
  std::string list;
  for (const std::string& n : names) list += "\n  " + n;
  return "no " + direction + " port matches `" + part + "`; " +
         (names.empty() ? "there are no MIDI ports" + (rtmidi_error.empty() ? std::string() : " (" + rtmidi_error + ")")
                        : "the ports are:" + list);
}

std::vector<std::string> midi_output_ports(const std::string& api, std::string* error) {
  return list_ports<RtMidiOut>(api, error);
}

std::vector<std::string> midi_input_ports(const std::string& api, std::string* error) {
  return list_ports<RtMidiIn>(api, error);
}

}  // namespace phonon
