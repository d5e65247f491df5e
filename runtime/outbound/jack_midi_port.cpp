#include "runtime/outbound/jack_midi_port.hpp"

#include <jack/jack.h>
#include <jack/midiport.h>
#include <jack/ringbuffer.h>

#include <algorithm>

#include "runtime/midi/midi_ports.hpp"
#include "runtime/outbound/outbound.hpp"

namespace phonon {

namespace {

struct Queued {
  int64_t time_us = 0;  // JACK's clock (jack_get_time)
  uint8_t bytes[3] = {0, 0, 0};
  uint8_t size = 0;
};

}  // namespace

struct JackMidiPort::Impl {
  jack_client_t* client = nullptr;
  jack_port_t* port = nullptr;
  jack_ringbuffer_t* ring = nullptr;
  std::string destination;
  int64_t jack_minus_steady_us = 0;  // JACK's clock minus the steady clock, measured at open
  // Process callback only: a message read from the ring whose time lies after this period.
  Queued held;
  bool holding = false;

  static int process(jack_nframes_t nframes, void* arg) {
    Impl& m = *static_cast<Impl*>(arg);
    void* buf = jack_port_get_buffer(m.port, nframes);
    jack_midi_clear_buffer(buf);
    jack_nframes_t frames = 0;
    jack_time_t now_us = 0, next_us = 0;
    float period_us = 0;
    if (jack_get_cycle_times(m.client, &frames, &now_us, &next_us, &period_us) != 0 || next_us <= now_us) return 0;
    jack_nframes_t last = 0;  // JACK MIDI events must be written in frame order
    for (;;) {
      if (!m.holding) {
        if (jack_ringbuffer_read_space(m.ring) < sizeof(Queued)) break;
        jack_ringbuffer_read(m.ring, reinterpret_cast<char*>(&m.held), sizeof(Queued));
        m.holding = true;
      }
      if (m.held.time_us >= static_cast<int64_t>(next_us)) break;  // a later period's
      // A message already due (late) goes at the period's start; otherwise at its own frame.
      const double at = static_cast<double>(m.held.time_us - static_cast<int64_t>(now_us)) *
                        static_cast<double>(nframes) / static_cast<double>(next_us - now_us);
      const auto frame = static_cast<jack_nframes_t>(std::clamp(at, 0.0, static_cast<double>(nframes - 1)));
      last = std::max(last, frame);
      jack_midi_event_write(buf, last, m.held.bytes, m.held.size);
      m.holding = false;
    }
    return 0;
  }
};

JackMidiPort::JackMidiPort(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

JackMidiPort::~JackMidiPort() {
  if (impl_->client) {
    jack_deactivate(impl_->client);
    jack_client_close(impl_->client);
  }
  if (impl_->ring) jack_ringbuffer_free(impl_->ring);
}

std::unique_ptr<JackMidiPort> JackMidiPort::open(const std::string& client, const std::string& part, std::string* name,
                                                 std::string* error) {
  silence_libjack_messages();
  auto impl = std::make_unique<Impl>();
  jack_status_t status{};
  impl->client = jack_client_open(client.c_str(), JackNoStartServer, &status);
  if (!impl->client) {
    *error = "MIDI (jack): no JACK server is running";
    return nullptr;
  }
  std::unique_ptr<JackMidiPort> self(new JackMidiPort(std::move(impl)));
  Impl& m = *self->impl_;
  const std::vector<std::string> names = self->input_ports();
  const int i = find_midi_port(names, part);
  if (i < 0) {
    *error = "MIDI (jack): " + no_matching_port("output", part, names, "");
    return nullptr;
  }
  m.destination = names[static_cast<size_t>(i)];
  m.port = jack_port_register(m.client, "out", JACK_DEFAULT_MIDI_TYPE, JackPortIsOutput, 0);
  m.ring = jack_ringbuffer_create(4096 * sizeof(Queued));
  if (!m.port || !m.ring) {
    *error = "MIDI (jack): cannot create a MIDI port";
    return nullptr;
  }
  jack_ringbuffer_mlock(m.ring);
  // Both clocks are monotonic; JACK's may be another source, so the difference is measured rather than assumed.
  m.jack_minus_steady_us = static_cast<int64_t>(jack_get_time()) - steady_now_ns() / 1000;
  jack_set_process_callback(m.client, &Impl::process, &m);
  if (jack_activate(m.client) != 0) {
    *error = "MIDI (jack): cannot activate the JACK client";
    return nullptr;
  }
  if (jack_connect(m.client, jack_port_name(m.port), m.destination.c_str()) != 0) {
    *error = "MIDI (jack): cannot connect to `" + m.destination + "`";
    return nullptr;
  }
  *name = m.destination;
  return self;
}

bool JackMidiPort::send(int64_t time_ns, const MidiMessage& msg) {
  Impl& m = *impl_;
  if (jack_ringbuffer_write_space(m.ring) < sizeof(Queued)) return false;
  Queued q;
  q.time_us = time_ns / 1000 + m.jack_minus_steady_us;
  q.size = std::min<uint8_t>(msg.size, 3);
  std::copy(msg.bytes, msg.bytes + q.size, q.bytes);
  jack_ringbuffer_write(m.ring, reinterpret_cast<const char*>(&q), sizeof(Queued));
  return true;
}

bool JackMidiPort::present() const { return jack_port_by_name(impl_->client, impl_->destination.c_str()) != nullptr; }

void JackMidiPort::reconnect() { jack_connect(impl_->client, jack_port_name(impl_->port), impl_->destination.c_str()); }

std::vector<std::string> JackMidiPort::input_ports() const {
  std::vector<std::string> names;
  if (const char** ports = jack_get_ports(impl_->client, nullptr, JACK_DEFAULT_MIDI_TYPE, JackPortIsInput)) {
    for (const char** p = ports; *p; ++p) names.emplace_back(*p);
    jack_free(ports);
  }
  return names;
}

}  // namespace phonon
