// The options of `phonon live` / `phonon repl` for MIDI and OSC gear: events that leave Phonon (--midi-out,
// --midi-latency, --midi-clock, --midi-api, --osc-out, --osc-latency, --latency), which build the engine's Outbound
// targets and the sinks that the outbound sender thread feeds (runtime/outbound/), and MIDI in (--midi-in,
// runtime/inbound/).
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "runtime/inbound/midi_in.hpp"
#include "runtime/outbound/midi_out.hpp"
#include "runtime/outbound/osc_out.hpp"
#include "runtime/outbound/outbound.hpp"
#include "runtime/outbound/sender.hpp"
#include "runtime/sync/midi_clock_sync.hpp"

namespace phonon::cli {

struct GearOptions {
  struct Midi {
    std::string sound;  // the sound name it takes (`midi` unless `NAME=PORT`)
    std::string port;
  };
  std::vector<Midi> midi;
  std::vector<std::pair<std::string, double>> midi_latency;  // sound ("" = every MIDI target), seconds
  std::string midi_api;
  bool midi_clock = false;
  int clock_beats = 4;
  std::vector<std::string> osc;      // --osc-out values
  double osc_latency = -1.0;         // seconds; < 0: Tidal's 0.2
  double latency = 0.0;              // --latency, seconds
  std::vector<std::string> midi_in;  // --midi-in ports: control changes and held notes for cF … and cP
  bool clock_midi = false;           // --clock midi: follow the first --midi-in port's MIDI clock

  bool any() const { return !midi.empty() || !osc.empty(); }
};

// True when `arg` is one of the options above (its value read into `g`).
bool gear_option(Args& a, const std::string& arg, GearOptions& g);
extern const char* kGearHelp;

// The targets and their sinks, opened (MIDI ports, OSC addresses) before the engine starts.
class Gear {
 public:
  // Opens every target and MIDI input; false with *error (an unknown MIDI port lists the ports there are).
  bool open(const GearOptions& g, std::string* error);
  Outbound* outbound() { return outbound_.get(); }
  // Starts the sender thread; `device_latency` (seconds): how long after rendering the device plays a frame.
  void start(double device_latency, std::function<void(const std::string&)> report);
  // With --clock midi, once the engine plays: the engine follows the clock from here on.
  // `device_latency_frames`: from rendering a block to hearing it (the engine's own latency is added here).
  void follow_clock(Engine& engine, double device_latency_frames);
  // "midi clock 120.0 bpm" (status line) / "midi clock: 120.00 bpm" (summary); empty without --clock midi.
  std::string clock_status(bool summary) const;
  void stop() {
    sender_.reset();
    inputs_.clear();  // (joins the input threads, so no clock message is on its way)
    clock_slot_->store(nullptr);
    if (clock_sync_) clock_summary_ = clock_status(true);
    clock_sync_.reset();
  }
  // One line per target for the start-up message.
  std::vector<std::string> describe() const { return described_; }

 private:
  GearOptions options_;
  std::unique_ptr<Outbound> outbound_;
  std::vector<std::unique_ptr<OutboundSink>> sinks_;
  std::vector<std::unique_ptr<MidiInput>> inputs_;
  // The MIDI input thread hands clock messages to the sync through this slot (null until follow_clock).
  std::shared_ptr<std::atomic<MidiClockSync*>> clock_slot_ = std::make_shared<std::atomic<MidiClockSync*>>(nullptr);
  std::unique_ptr<MidiClockSync> clock_sync_;
  std::string clock_summary_;  // the summary line, kept when stop() ends the sync
  std::unique_ptr<OutboundSender> sender_;
  std::vector<std::string> described_;
  std::shared_ptr<std::function<void(const std::string&)>> report_ =
      std::make_shared<std::function<void(const std::string&)>>();
};

}  // namespace phonon::cli
