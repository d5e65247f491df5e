#include "cli/gear_options.hpp"

#include <cstdio>

#include "runtime/engine/engine.hpp"

namespace phonon::cli {

const char* kGearHelp =
    "  --midi-out [NAME=]PORT send `s \"NAME\"` events (default NAME: midi) to the MIDI port whose name\n"
    "                         contains PORT (see `phonon devices`); repeatable\n"
    "  --midi-latency [NAME=]MS  shift the MIDI of one target (or all) by MS milliseconds\n"
    "  --midi-clock           also send MIDI clock (24 per quarter note), start, stop and song position\n"
    "  --midi-clock-beats N   quarter notes per cycle for the clock (default 4)\n"
    "  --midi-in PORT         listen to the MIDI port whose name contains PORT: control change N is `cF 0 \"N\"`\n"
    "                         (0–1), the held notes are `cP \"midinotes\"`; repeatable\n"
    "  --clock midi           follow the MIDI clock of the first --midi-in port: its tempo, and its Start and\n"
    "                         song position for the cycle (--midi-clock-beats quarter notes per cycle)\n"
    "  --midi-api alsa|jack   MIDI system (default: alsa if the sequencer exists, else jack)\n"
    "  --osc-out TARGET       send events over OSC: HOST:PORT (every event, as Tidal to SuperDirt), or\n"
    "                         NAME=HOST:PORT[/ADDRESS[:ARG,ARG=DEFAULT,…]] (`s \"NAME\"` events); repeatable\n"
    "  --osc-latency MS       OSC timetags this far ahead of the audio (default 200, as Tidal)\n"
    "  --latency MS           shift all MIDI and OSC against Phonon's audio by MS milliseconds\n";

namespace {
// "NAME=VALUE" -> (NAME, VALUE); no '=': ("", VALUE).
std::pair<std::string, std::string> split_name(const std::string& v) {
  const size_t eq = v.find('=');
  if (eq == std::string::npos) return {"", v};
  return {v.substr(0, eq), v.substr(eq + 1)};
}
double milliseconds(const std::string& opt, const std::string& text) {
  char* end = nullptr;
  const double ms = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(ms > -10000.0 && ms < 10000.0))
    throw UsageError(opt + " expects milliseconds between -10000 and 10000, got `" + text + "`");
  return ms / 1000.0;
}
}  // namespace

bool gear_option(Args& a, const std::string& arg, GearOptions& g) {
  if (arg == "--midi-out") {
    auto [name, port] = split_name(a.value(arg));
    if (port.empty()) throw UsageError("--midi-out expects part of a port's name (see `phonon devices`)");
    g.midi.push_back({name.empty() ? "midi" : name, port});
  } else if (arg == "--midi-in") {
    g.midi_in.push_back(a.value(arg));
    if (g.midi_in.back().empty()) throw UsageError("--midi-in expects part of a port's name (see `phonon devices`)");
  } else if (arg == "--clock") {
    const std::string v = a.value(arg);
    if (v != "midi" && v != "internal")
      throw UsageError("--clock expects `midi` (an external MIDI clock) or `internal`");
    g.clock_midi = v == "midi";
  } else if (arg == "--midi-latency") {
    auto [name, ms] = split_name(a.value(arg));
    g.midi_latency.push_back({name, milliseconds(arg, ms)});
  } else if (arg == "--midi-clock") {
    g.midi_clock = true;
  } else if (arg == "--midi-clock-beats") {
    g.clock_beats = a.integer(arg, 1, 64);
  } else if (arg == "--midi-api") {
    g.midi_api = a.value(arg);
    if (g.midi_api != "alsa" && g.midi_api != "jack") throw UsageError("--midi-api expects `alsa` or `jack`");
  } else if (arg == "--osc-out") {
    g.osc.push_back(a.value(arg));
    OscTarget t;
    std::string error;
    if (!parse_osc_target(g.osc.back(), &t, &error)) throw UsageError(error);
  } else if (arg == "--osc-latency") {
    g.osc_latency = milliseconds(arg, a.value(arg));
  } else if (arg == "--latency") {
    g.latency = milliseconds(arg, a.value(arg));
  } else {
    return false;
  }
  return true;
}

bool Gear::open(const GearOptions& g, std::string* error) {
  options_ = g;
  auto report = report_;
  auto reporter = [report](const std::string& m) {
    if (*report) (*report)(m);
  };
  if (g.clock_midi && g.midi_in.empty()) return *error = "--clock midi needs a --midi-in port to listen to", false;
  for (const std::string& port : g.midi_in) {
    MidiInConfig mc;
    mc.port = port;
    mc.api = g.midi_api;
    mc.client_name = "phonon-in";
    if (g.clock_midi && inputs_.empty()) {
      mc.clock = [slot = clock_slot_](const unsigned char* b, size_t n, int64_t ns) {
        if (MidiClockSync* sync = slot->load(std::memory_order_acquire)) sync->message(b, n, ns);
      };
    }
    auto in = open_midi_in(mc, reporter, error);
    if (!in) return false;
    described_.push_back("MIDI in: `" + in->port() + "` (control change N: cF 0 \"N\"; held notes: cP \"midinotes\")" +
                         (mc.clock ? "; following its MIDI clock" : ""));
    inputs_.push_back(std::move(in));
  }
  if (!g.any()) return true;
  if (g.midi_clock && g.midi.empty()) return *error = "--midi-clock needs a --midi-out port to send to", false;
  outbound_ = std::make_unique<Outbound>();
  for (size_t i = 0; i < g.midi.size(); ++i) {
    const GearOptions::Midi& m = g.midi[i];
    if (outbound_->target_of(m.sound) >= 0)
      return *error = "two --midi-out targets are called `" + m.sound + "`", false;
    MidiOutConfig mc;
    mc.port = m.port;
    mc.api = g.midi_api;
    mc.clock = g.midi_clock && i == 0;  // the clock goes to the first port
    mc.beats_per_cycle = g.clock_beats;
    mc.latency = g.latency;
    for (const auto& [name, s] : g.midi_latency)
      if (name.empty() || name == m.sound) mc.latency = g.latency + s;
    mc.client_name = "phonon-" + m.sound;
    auto sink = open_midi_out(mc, reporter, error);
    if (!sink) return false;
    outbound_->add_target(m.sound);
    sinks_.push_back(std::move(sink));
    described_.push_back("MIDI: `s \"" + m.sound + "\"` to the port matching `" + m.port + "`" +
                         (mc.clock ? " (with clock)" : ""));
  }
  for (const auto& [name, s] : g.midi_latency) {
    bool found = name.empty();
    for (const auto& m : g.midi) found |= m.sound == name;
    if (!found) return *error = "--midi-latency names `" + name + "`, which no --midi-out sends", false;
  }
  for (const std::string& spec : g.osc) {
    OscTarget t;
    if (!parse_osc_target(spec, &t, error)) return false;
    t.latency = (g.osc_latency < 0 ? 0.2 : g.osc_latency) + g.latency;
    if (t.sound.empty() ? outbound_->all_events_target() >= 0 : outbound_->target_of(t.sound) >= 0)
      return *error = "two targets take the same sound in --osc-out `" + spec + "`", false;
    auto sink = open_osc_out(t, reporter, error);
    if (!sink) return false;
    outbound_->add_target(t.sound);
    sinks_.push_back(std::move(sink));
    described_.push_back("OSC: " + (t.sound.empty() ? std::string("every event") : "`s \"" + t.sound + "\"`") + " to " +
                         t.host + ":" + t.port + " " + t.address);
  }
  return true;
}

void Gear::follow_clock(Engine& engine, double device_latency_frames) {
  if (!options_.clock_midi) return;
  MidiClockSyncConfig c;
  c.beats_per_cycle = options_.clock_beats;
  c.latency_seconds = (device_latency_frames + engine.output_latency()) / engine.options().rate;
  clock_sync_ = std::make_unique<MidiClockSync>(engine, c);
  clock_slot_->store(clock_sync_.get(), std::memory_order_release);
}

std::string Gear::clock_status(bool summary) const {
  if (!clock_sync_) return summary ? clock_summary_ : "";
  char buf[64];
  std::snprintf(buf, sizeof buf, summary ? "midi clock: %.2f bpm%s" : "midi clock %.1f bpm%s", clock_sync_->bpm(),
                clock_sync_->running() ? "" : " (stopped)");
  return buf;
}

void Gear::start(double device_latency, std::function<void(const std::string&)> report) {
  *report_ = std::move(report);
  if (!outbound_) return;
  outbound_->output_latency_ns = static_cast<int64_t>(device_latency * 1e9);
  sender_ = std::make_unique<OutboundSender>(*outbound_, std::move(sinks_), *report_);
}

}  // namespace phonon::cli
