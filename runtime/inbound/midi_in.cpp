#include "runtime/inbound/midi_in.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "compiler/pattern/controller_input.hpp"
#include "runtime/midi/midi_ports.hpp"

namespace phonon {

void apply_midi_input(const unsigned char* bytes, size_t size, MidiInState& state, ControllerInput& store) {
  if (size < 3) return;
  const unsigned status = bytes[0] & 0xF0u;
  const unsigned a = bytes[1] & 0x7Fu, b = bytes[2] & 0x7Fu;
  if (status == 0xB0) {
    store.set_number(std::to_string(a), static_cast<double>(b) / 127.0);
    return;
  }
  if (status != 0x90 && status != 0x80) return;
  const bool on = status == 0x90 && b > 0;  // note on with velocity 0 is a note off
  if (state.held.test(a) == on) return;
  state.held.set(a, on);
  std::string chord;
  for (size_t n = 0; n < state.held.size(); ++n) {
    if (!state.held.test(n)) continue;
    const std::string note = (chord.empty() ? "[" : ",") + std::to_string(n);
    if (chord.size() + note.size() + 1 > ControllerInput::kMaxStringLength) break;  // the lowest notes that fit
    chord += note;
  }
  store.set_string("midinotes", chord.empty() ? "~" : chord + "]");
}

namespace {

class RtMidiInput final : public MidiInput {
 public:
  RtMidiInput(std::unique_ptr<RtMidiIn> in, std::string port, std::function<void(const std::string&)> report,
              MidiClockSink clock)
      : in_(std::move(in)), port_(std::move(port)), report_(std::move(report)), clock_(std::move(clock)) {
    in_->setErrorCallback(&keep_rtmidi_error, &error_);  // (the opener's callback pointed at its own string)
    thread_ = std::thread([this] { run(); });
  }
  ~RtMidiInput() override {
    stop_.store(true);
    thread_.join();
  }
  std::string port() const override { return port_; }

 private:
  void run() {
    std::vector<unsigned char> message;
    auto next_check = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (!stop_.load()) {
      for (;;) {
        in_->getMessage(&message);
        if (message.empty()) break;
        if (message[0] >= 0xF0) {  // system messages: the clock's
          if (clock_) {
            const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                    std::chrono::steady_clock::now().time_since_epoch())
                                    .count();
            clock_(message.data(), message.size(), now);
          }
          continue;
        }
        apply_midi_input(message.data(), message.size(), state_, ControllerInput::global());
      }
      if (std::chrono::steady_clock::now() >= next_check) {
        next_check += std::chrono::seconds(1);
        check_port();
      }
      // A clock's ticks are timed when they are taken from the queue: a short sleep keeps that jitter small
      // (the clock follower fits a line through many ticks).
      std::this_thread::sleep_for(std::chrono::microseconds(clock_ ? 500 : 2000));
    }
  }

  // A port that disappears is reported; when it comes back it is opened again.
  void check_port() {
    const std::vector<std::string> names = midi_port_names(*in_);
    int at = -1;
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == port_) at = static_cast<int>(i);
    if (at < 0) {
      if (!missing_ && report_) report_("MIDI input port `" + port_ + "` disappeared; listening for it to return");
      missing_ = true;
    } else if (missing_) {
      in_->closePort();
      in_->openPort(static_cast<unsigned>(at), "in");
      missing_ = false;
      if (report_) report_("MIDI input port `" + port_ + "` is back");
    }
  }

  std::unique_ptr<RtMidiIn> in_;
  std::string port_;
  std::function<void(const std::string&)> report_;
  MidiClockSink clock_;
  std::string error_;
  MidiInState state_;
  bool missing_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

std::unique_ptr<MidiInput> open_midi_in(const MidiInConfig& config, std::function<void(const std::string&)> report,
                                        std::string* error) {
  const std::string api = config.api.empty() ? default_midi_api() : config.api;
  std::string name;
  std::unique_ptr<RtMidiIn> in =
      open_midi_port<RtMidiIn>(api, config.client_name, config.port, &name, error, [&config](RtMidiIn& port) {
        // sysex and active sensing: nothing reads them
        port.ignoreTypes(true, !config.clock, true);
      });
  if (!in) return nullptr;
  return std::make_unique<RtMidiInput>(std::move(in), name, std::move(report), config.clock);
}

}  // namespace phonon
