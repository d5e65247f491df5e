// One event for a MIDI target -> the MIDI messages it sends, with SuperDirt's semantics (its `tidalmidi` event
// type): `midicmd` chooses the message, else `ccn`/`ccv` a control change, `progNum` a program change,
// `polyTouch` poly aftertouch, `midibend` a pitch bend, `miditouch` channel aftertouch (the last of these given
// wins, as in SuperDirt), else a note. Pure: no ports, no clock.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/outbound/outbound.hpp"

namespace phonon {

struct MidiMessage {
  int64_t delay_ns = 0;  // after the event's time (a note-off: its sustain)
  uint8_t bytes[3] = {0, 0, 0};
  uint8_t size = 0;
};

// The messages of `e` (a MIDI target's event) in the order they are sent. A control out of MIDI's range is
// clipped. *warning (if not null) is set for input that sends nothing (an unknown `midicmd`).
//  - channel: `midichan` (0-15, default 0)
//  - note: `midinote` = (`note`, else `n`) + 60, as SuperDirt's `~note ? ~n + (~octave * 12)` with octave 5 (and
//    `octave` when given); velocity: `velocity` (0-1) * 127 if given, else SuperDirt's `amp` * 127 (amp 0.4
//    by default, so velocity 50); the note-off follows after the sustain: `sustain`, else `legato` * the
//    event's duration, else its duration, less SuperDirt's fade time (1 ms, at most 19 % of it).
//  - `nrpn` (parameter 0-16383) with `val` (0-127): CC 99, 98 (the parameter's MSB and LSB) and CC 6 (the value).
std::vector<MidiMessage> midi_messages(const OutboundEvent& e, std::string* warning = nullptr);

// MIDI clock bytes.
inline constexpr uint8_t kMidiClock = 0xF8, kMidiStart = 0xFA, kMidiContinue = 0xFB, kMidiStop = 0xFC,
                         kMidiSongPosition = 0xF2;

}  // namespace phonon
