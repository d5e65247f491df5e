#include "runtime/outbound/midi_message.hpp"

#include <algorithm>
#include <cmath>

namespace phonon {

namespace {
uint8_t clip7(double x) { return static_cast<uint8_t>(std::clamp<long>(std::lround(x), 0, 127)); }
MidiMessage msg(int64_t delay, uint8_t a, uint8_t b, uint8_t c, uint8_t size) {
  MidiMessage m;
  m.delay_ns = delay;
  m.bytes[0] = a;
  m.bytes[1] = b;
  m.bytes[2] = c;
  m.size = size;
  return m;
}
}  // namespace

std::vector<MidiMessage> midi_messages(const OutboundEvent& e, std::string* warning) {
  std::vector<MidiMessage> out;
  const uint8_t chan = static_cast<uint8_t>(std::clamp<long>(std::lround(e.number("midichan", 0.0)), 0, 15));
  std::string_view cmd = e.text("midicmd");
  if (cmd.empty()) {
    if (e.find("ccn") || e.find("ccv")) cmd = "control";
    if (e.find("progNum")) cmd = "program";
    if (e.find("polyTouch")) cmd = "polyTouch";
    if (e.find("midibend")) cmd = "bend";
    if (e.find("miditouch")) cmd = "touch";
    if (cmd.empty() && e.find("nrpn")) cmd = "nrpn";
    if (cmd.empty()) cmd = "noteOn";
  }
  const double note = e.find("note") ? e.number("note", 0.0) : e.number("n", 0.0);
  const double midinote = note + 12.0 * e.number("octave", 5.0);
  const uint8_t key = clip7(midinote);
  if (cmd == "noteOn") {
    const double vel =
        e.find("velocity") ? e.number("velocity", 0.0) * 127.0 : std::trunc(e.number("amp", 0.4) * 127.0);
    double sustain = e.find("sustain")  ? e.number("sustain", 0.0)
                     : e.find("legato") ? e.delta * e.number("legato", 1.0)
                                        : e.delta;
    sustain -= std::min(0.001, sustain * 0.19098);
    out.push_back(msg(0, static_cast<uint8_t>(0x90 | chan), key, clip7(vel), 3));
    out.push_back(
        msg(static_cast<int64_t>(std::max(0.0, sustain) * 1e9), static_cast<uint8_t>(0x80 | chan), key, 0, 3));
  } else if (cmd == "control") {
    out.push_back(
        msg(0, static_cast<uint8_t>(0xB0 | chan), clip7(e.number("ccn", 0.0)), clip7(e.number("ccv", 0.0)), 3));
  } else if (cmd == "program") {
    out.push_back(msg(0, static_cast<uint8_t>(0xC0 | chan), clip7(e.number("progNum", 0.0)), 0, 2));
  } else if (cmd == "polyTouch") {
    out.push_back(msg(0, static_cast<uint8_t>(0xA0 | chan), key, clip7(e.number("polyTouch", 0.0)), 3));
  } else if (cmd == "bend") {
    // SuperCollider's bend: 0-16383, 8192 = no bend.
    const long v = std::clamp<long>(std::lround(e.number("midibend", 8192.0)), 0, 16383);
    out.push_back(
        msg(0, static_cast<uint8_t>(0xE0 | chan), static_cast<uint8_t>(v & 127), static_cast<uint8_t>(v >> 7), 3));
  } else if (cmd == "touch") {
    out.push_back(msg(0, static_cast<uint8_t>(0xD0 | chan), clip7(e.number("miditouch", 0.0)), 0, 2));
  } else if (cmd == "nrpn") {
    const long p = std::clamp<long>(std::lround(e.number("nrpn", 0.0)), 0, 16383);
    const uint8_t cc = static_cast<uint8_t>(0xB0 | chan);
    out.push_back(msg(0, cc, 99, static_cast<uint8_t>(p >> 7), 3));
    out.push_back(msg(0, cc, 98, static_cast<uint8_t>(p & 127), 3));
    out.push_back(msg(0, cc, 6, clip7(e.number("val", 0.0)), 3));
  } else if (cmd == "allNotesOff") {
    out.push_back(msg(0, static_cast<uint8_t>(0xB0 | chan), 123, 0, 3));
  } else if (cmd == "start") {
    out.push_back(msg(0, kMidiStart, 0, 0, 1));
  } else if (cmd == "stop") {
    out.push_back(msg(0, kMidiStop, 0, 0, 1));
  } else if (cmd == "continue") {
    out.push_back(msg(0, kMidiContinue, 0, 0, 1));
  } else if (cmd == "midiClock") {
    out.push_back(msg(0, kMidiClock, 0, 0, 1));
  } else if (cmd == "songPtr") {
    const long v = std::clamp<long>(std::lround(e.number("songPtr", 0.0)), 0, 16383);
    out.push_back(msg(0, kMidiSongPosition, static_cast<uint8_t>(v & 127), static_cast<uint8_t>(v >> 7), 3));
  } else if (warning) {
    *warning = "midicmd `" + std::string(cmd) +
               "` is not a MIDI command Phonon sends (noteOn, control, program, polyTouch, bend, touch, nrpn, "
               "allNotesOff, start, stop, continue, midiClock, songPtr)";
  }
  return out;
}

}  // namespace phonon
