#include "runtime/outbound/midi_out.hpp"

#include <RtMidi.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <set>

#include "runtime/midi/midi_ports.hpp"
#include "runtime/outbound/jack_midi_port.hpp"
#include "runtime/outbound/midi_message.hpp"

namespace phonon {

namespace {

struct Scheduled {
  int64_t time;
  uint64_t seq;  // sending order among messages of the same time
  MidiMessage m;
  bool operator>(const Scheduled& o) const { return time != o.time ? time > o.time : seq > o.seq; }
};

// Sends through RtMidi (ALSA: each message when it is due) or through Phonon's own JACK MIDI port (each message
// handed over ahead of its time and written at its frame in the period: runtime/outbound/jack_midi_port.hpp).
class MidiSink final : public OutboundSink {
 public:
  MidiSink(std::unique_ptr<RtMidiOut> out, std::string port, const MidiOutConfig& config,
           std::function<void(const std::string&)> report)
      : out_(std::move(out)), port_(std::move(port)), config_(config), report_(std::move(report)) {
    out_->setErrorCallback(&keep_rtmidi_error, &error_);  // (the opener's callback pointed at its own string)
  }
  MidiSink(std::unique_ptr<JackMidiPort> jack, std::string port, const MidiOutConfig& config,
           std::function<void(const std::string&)> report)
      : jack_(std::move(jack)), port_(std::move(port)), config_(config), report_(std::move(report)) {}

  void event(const OutboundEvent& e) override {
    std::string warning;
    const std::vector<MidiMessage> msgs = midi_messages(e, &warning);
    if (!warning.empty() && warned_.insert(warning).second && report_) report_(warning);
    if (e.truncated && !warned_truncated_ && report_) {
      warned_truncated_ = true;
      report_("an event for MIDI had more controls than Phonon passes on (40); the rest were left out");
    }
    const int64_t base = e.time_ns + static_cast<int64_t>((config_.latency + e.number("nudge", 0.0)) * 1e9);
    for (const MidiMessage& m : msgs) schedule(base + m.delay_ns, m);
  }

  // MIDI clock: ticks at their cycle positions, from the engine's clock position of every block, so they follow
  // tempo changes from the next block on. Start (with song position 0) before the first tick; a jump back in
  // cycles (resetCycles) or forward by more than a cycle (setCycle) sends song position and continue.
  void tick(const OutboundEvent& e) override {
    if (!config_.clock) return;
    // `hush` (a program with no patterns) stops the clock's listeners; the next patterns continue them from
    // the song position Phonon's cycle has reached. Nothing is sent before the first patterns play.
    if (!e.playing) {
      if (!started_) return;
      if (!stopped_) {
        MidiMessage m;
        m.size = 1;
        m.bytes[0] = kMidiStop;
        schedule(e.time_ns + static_cast<int64_t>(config_.latency * 1e9), m);
        stopped_ = true;
      }
    } else if (stopped_) {
      stopped_ = false;
      resync_ = true;
    }
    const double per_cycle = 24.0 * config_.beats_per_cycle;
    const double pos = e.cycle * per_cycle;  // clock ticks since cycle 0
    auto time_of_tick = [&](int64_t k) {
      return e.time_ns +
             static_cast<int64_t>(((static_cast<double>(k) - pos) / per_cycle) / e.cps * 1e9 + config_.latency * 1e9);
    };
    const bool jumped =
        pos + 1e-9 < static_cast<double>(next_tick_) - per_cycle || pos > static_cast<double>(next_tick_) + per_cycle;
    if (!started_ || resync_ || jumped) {
      resync_ = false;
      // Song position counts MIDI beats (sixteenth notes, 6 ticks).
      next_tick_ = static_cast<int64_t>(std::ceil(pos - 1e-9));
      const long spp = std::clamp<long>(static_cast<long>(next_tick_ / 6), 0, 16383);
      MidiMessage m;
      m.size = 3;
      m.bytes[0] = kMidiSongPosition;
      m.bytes[1] = static_cast<uint8_t>(spp & 127);
      m.bytes[2] = static_cast<uint8_t>(spp >> 7);
      const int64_t t = time_of_tick(next_tick_) - 1'000'000;
      schedule(t, m);
      m.size = 1;
      m.bytes[0] = started_ ? kMidiContinue : kMidiStart;
      schedule(t, m);
      started_ = true;
    }
    // The ticks up to 20 ms of music ahead (the next block brings the next ones, at its tempo).
    const int64_t until = static_cast<int64_t>(std::floor(pos + 0.02 * e.cps * per_cycle));
    MidiMessage clock;
    clock.size = 1;
    clock.bytes[0] = kMidiClock;
    for (; next_tick_ <= until; ++next_tick_) schedule(time_of_tick(next_tick_), clock);
  }

  int64_t poll(int64_t now) override {
    if (now >= next_check_) check_port(now);
    const int64_t lead = jack_ ? JackMidiPort::kLeadNs : 0;
    while (!queue_.empty() && queue_.front().time <= now + lead) {
      std::pop_heap(queue_.begin(), queue_.end(), std::greater<>());
      const Scheduled s = queue_.back();
      queue_.pop_back();
      send(s.time, s.m);
    }
    return queue_.empty() ? INT64_MAX : queue_.front().time - lead;
  }

  void finish() override {
    // Notes still held are released, and a clock stops.
    while (!queue_.empty()) {
      std::pop_heap(queue_.begin(), queue_.end(), std::greater<>());
      const Scheduled s = queue_.back();
      queue_.pop_back();
      if ((s.m.bytes[0] & 0xF0) == 0x80) send(OutboundSender::now_ns(), s.m);
    }
    if (started_ && !stopped_) {
      MidiMessage m;
      m.size = 1;
      m.bytes[0] = kMidiStop;
      send(OutboundSender::now_ns(), m);
    }
    // JACK MIDI is sent from the JACK thread's periods, up to the lead ahead: give it time before the port closes.
    ::usleep(jack_ ? 100'000 : 60'000);
  }

 private:
  void schedule(int64_t time, const MidiMessage& m) {
    queue_.push_back(Scheduled{time, seq_++, m});
    std::push_heap(queue_.begin(), queue_.end(), std::greater<>());
  }

  void send(int64_t time, const MidiMessage& m) {
    if (missing_) return;
    if (jack_) {
      if (!jack_->send(time, m) && !warned_full_ && report_) {
        warned_full_ = true;
        report_("MIDI to `" + port_ + "`: more messages ahead than the queue holds; some were dropped");
      }
      return;
    }
    std::vector<unsigned char>& b = bytes_;
    b.assign(m.bytes, m.bytes + m.size);
    error_.clear();
    out_->sendMessage(&b);
  }

  // Once a second: is the port still there? A port that disappears is reported (its messages are dropped, the
  // audio plays on); when it comes back it is opened again.
  void check_port(int64_t now) {
    next_check_ = now + 1'000'000'000;
    if (jack_) {
      const bool there = jack_->present();
      if (!there && !missing_ && report_)
        report_("MIDI port `" + port_ + "` disappeared; its messages are dropped until it returns");
      if (there && missing_) {
        jack_->reconnect();
        if (report_) report_("MIDI port `" + port_ + "` is back");
      }
      missing_ = !there;
      return;
    }
    const std::vector<std::string> names = midi_port_names(*out_);
    const auto it = std::find(names.begin(), names.end(), port_);
    if (it == names.end()) {
      if (!missing_ && report_)
        report_("MIDI port `" + port_ + "` disappeared; its messages are dropped until it returns");
      missing_ = true;
    } else if (missing_) {
      out_->closePort();
      out_->openPort(static_cast<unsigned>(it - names.begin()), "out");
      missing_ = false;
      if (report_) report_("MIDI port `" + port_ + "` is back");
    }
  }

  std::unique_ptr<RtMidiOut> out_;
  std::unique_ptr<JackMidiPort> jack_;
  bool warned_full_ = false;
  std::string port_;
  MidiOutConfig config_;
  std::function<void(const std::string&)> report_;
  std::vector<Scheduled> queue_;
  uint64_t seq_ = 0;
  std::vector<unsigned char> bytes_;
  std::set<std::string> warned_;
  bool warned_truncated_ = false;
  bool started_ = false;
  bool stopped_ = false;  // Stop sent after a hush
  bool resync_ = false;   // patterns again after a hush: song position and continue before the next tick
  int64_t next_tick_ = 0;
  int64_t next_check_ = 0;
  bool missing_ = false;
  std::string error_;
};

}  // namespace

std::unique_ptr<OutboundSink> open_midi_out(const MidiOutConfig& config, std::function<void(const std::string&)> report,
                                            std::string* error) {
  const std::string api = config.api.empty() ? default_midi_api() : config.api;
  std::string name;
  if (api == "jack") {
    std::unique_ptr<JackMidiPort> port = JackMidiPort::open(config.client_name, config.port, &name, error);
    if (!port) return nullptr;
    return std::make_unique<MidiSink>(std::move(port), name, config, std::move(report));
  }
  std::unique_ptr<RtMidiOut> out = open_midi_port<RtMidiOut>(api, config.client_name, config.port, &name, error);
  if (!out) return nullptr;
  return std::make_unique<MidiSink>(std::move(out), name, config, std::move(report));
}

}  // namespace phonon
