// MIDI in through RtMidi (ALSA sequencer or JACK MIDI): control changes and held notes become controller values
// (compiler/pattern/controller_input.hpp), which patterns read with cF, cI, … and cP, as values sent with Tidal's
// /ctrl messages are.
//
// A thread of its own takes the messages from RtMidi's queue (RtMidi may call back on JACK's realtime thread, so
// nothing is done there) and once a second checks that the port is still there.
#pragma once
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace phonon {

class ControllerInput;

// The notes held down, on any channel.
struct MidiInState {
  std::bitset<128> held;
};

// One MIDI message: control change n (any channel) sets the controller "n" to value / 127, as the controller
// scripts of Tidal's documentation send it to /ctrl; note on and off change the held notes, stored as the
// string "midinotes", a chord in mini-notation ("[60,64,67]", "~" when none is held; the lowest 15 or so notes
// when more are held than the store's strings hold). Other messages are ignored.
void apply_midi_input(const unsigned char* bytes, size_t size, MidiInState& state, ControllerInput& store);

// Clock messages (tick, start, continue, stop, song position) and the steady-clock time (ns) they were taken.
using MidiClockSink = std::function<void(const unsigned char* bytes, size_t size, int64_t steady_ns)>;

struct MidiInConfig {
  std::string port;  // part of a port's name (case-insensitive)
  std::string api;   // "alsa", "jack"; empty: default_midi_api()
  std::string client_name = "phonon-in";
  MidiClockSink clock;  // set: the port's clock messages go there (`--clock midi`); else they are ignored
};

class MidiInput {
 public:
  virtual ~MidiInput() = default;
  virtual std::string port() const = 0;  // the full name of the port it listens to
};

// Opens the port and starts listening; null with *error (listing the ports that exist) when it cannot. `report`
// gets a line when the port disappears or comes back.
std::unique_ptr<MidiInput> open_midi_in(const MidiInConfig& config, std::function<void(const std::string&)> report,
                                        std::string* error);

}  // namespace phonon
