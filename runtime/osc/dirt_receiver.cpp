#include "runtime/osc/dirt_receiver.hpp"

#include <arpa/inet.h>
#include <lo/lo.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "compiler/pattern/controller_input.hpp"
#include "runtime/engine/external_events.hpp"
#include "runtime/osc/osc_validate.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/synths/synths.hpp"

namespace phonon {

namespace {
constexpr uint32_t kNtpToUnix = 2208988800u;  // seconds from 1900 (NTP) to 1970 (Unix)
// SuperDirt's default 128 control buses; Tidal only needs the list to be there to count as connected.
constexpr int kControlBuses = 128;
// No SuperDirt control means anything beyond this; larger numbers would overflow the int controls (orbit, cut).
constexpr double kMaxMagnitude = 1e9;

extern "C" void ignore_lo_error(int, const char*, const char*) {}

// liblo's arguments are only 4-byte aligned (OSC's own alignment), so they are read by copying, not through the
// lo_arg union (whose 8-byte members would be misaligned reads).
template <class T>
T arg_as(const lo_arg* a) {
  T v;
  std::memcpy(&v, a, sizeof v);
  return v;
}
const char* arg_string(const lo_arg* a) { return reinterpret_cast<const char*>(a); }
}  // namespace

double ntp_to_epoch_seconds(uint32_t sec, uint32_t frac, double epoch_unix) {
  return (static_cast<double>(sec) - kNtpToUnix - epoch_unix) + static_cast<double>(frac) / 4294967296.0;
}

struct DirtReceiver::Impl {
  ExternalEvents* events;  // null: controller input only
  SampleBank* bank;
  RateLimitedLog log;
  lo_server server = nullptr;
  bool listening = false;
  std::thread thread;
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> packets{0}, played{0}, bad{0}, handshakes{0}, controls{0};
  // The sender of the packet being dispatched (for replies); empty when dispatched without a socket.
  std::string src_host, src_port;
  std::unordered_set<std::string> tried;  // sample names preloaded (or found unknown) already
  uint64_t bad_in_packet = 0;             // messages of the current packet rejected by a handler

  Impl(ExternalEvents* e, SampleBank* b, RateLimitedLog::Sink sink) : events(e), bank(b), log(std::move(sink)) {}

  void reject(const std::string& why) {
    ++bad_in_packet;
    log.line("phonon dirt: dropped " + why);
  }

  void reply(const char* path, lo_message m) {
    if (src_host.empty()) return lo_message_free(m);
    lo_address a = lo_address_new(src_host.c_str(), src_port.c_str());
    if (a) {
      lo_send_message_from(a, server, path, m);
      lo_address_free(a);
    }
    lo_message_free(m);
  }

  void handshake() {
    handshakes.fetch_add(1, std::memory_order_relaxed);
    lo_message m = lo_message_new();
    lo_message_add_string(m, "&serverHostname");
    lo_message_add_string(m, "127.0.0.1");
    lo_message_add_string(m, "&serverPort");
    lo_message_add_int32(m, 57110);
    lo_message_add_string(m, "&controlBusIndices");
    for (int i = 0; i < kControlBuses; ++i) lo_message_add_int32(m, i);
    reply("/dirt/handshake/reply", m);
  }

  // Loads the sound's samples the first time its name is seen (SuperDirt has them all loaded at boot; here the
  // first event of a name may be late by the time its folder takes to load).
  void preload(const std::string& s) {
    if (!bank || s.empty() || s[0] == '~') return;
    const std::string name = s.substr(0, s.find(':'));
    if (!tried.insert(name).second) return;
    std::string warning;
    const bool synth = synth_by_name(name) != SynthId::None;
    if (!bank->preload(name, synth ? nullptr : &warning) && !synth)
      log.line("phonon dirt: no sample or synth named `" + name + "`" + (warning.empty() ? "" : ": " + warning));
  }

  void play(const char* path, const char* types, lo_arg** argv, int argc, lo_message msg) {
    int first = 0;
    double time = ExternalEvents::kImmediate;
    const lo_timetag tt = lo_message_get_timestamp(msg);
    if (!(tt.sec == LO_TT_IMMEDIATE.sec && tt.frac == LO_TT_IMMEDIATE.frac))
      time = ntp_to_epoch_seconds(tt.sec, tt.frac, events->epoch_unix());
    // Tidal's `Pre MessageStamp`: int32 seconds and microseconds of Unix time before the pairs.
    if (argc >= 2 && argc % 2 == 0 && types[0] == LO_INT32 && types[1] == LO_INT32) {
      time = (static_cast<double>(arg_as<int32_t>(argv[0])) - events->epoch_unix()) +
             static_cast<double>(arg_as<int32_t>(argv[1])) * 1e-6;
      first = 2;
    }
    if ((argc - first) % 2 != 0) return reject(std::string(path) + ": arguments are not name-value pairs");
    std::vector<ControlMap::Entry> entries;
    entries.reserve(static_cast<size_t>((argc - first) / 2));
    double seconds = 0.0;
    std::string sound;
    for (int i = first; i < argc; i += 2) {
      if (types[i] != LO_STRING && types[i] != LO_SYMBOL)
        return reject(std::string(path) + ": argument " + std::to_string(i + 1) + " should be a control name");
      std::string key = arg_string(argv[i]);
      if (key.empty()) return reject(std::string(path) + ": an empty control name");
      const char t = types[i + 1];
      const lo_arg* a = argv[i + 1];
      Value v;
      double x = 0.0;
      bool number = true;
      switch (t) {
        case LO_FLOAT: x = arg_as<float>(a); break;
        case LO_DOUBLE: x = arg_as<double>(a); break;
        case LO_INT32: x = arg_as<int32_t>(a); break;
        case LO_INT64: x = static_cast<double>(arg_as<int64_t>(a)); break;
        case LO_TRUE: x = 1; break;
        case LO_FALSE: x = 0; break;
        case LO_STRING:
        case LO_SYMBOL:
          number = false;
          v = Value::string(arg_string(a));
          break;
        default:
          return reject(std::string(path) + ": control `" + key + "` has OSC type `" + std::string(1, t) +
                        "` (numbers, strings and booleans are understood)");
      }
      if (number) {
        if (!std::isfinite(x) || std::fabs(x) > kMaxMagnitude)
          return reject(std::string(path) + ": control `" + key + "` is not a usable number");
        v = t == LO_TRUE || t == LO_FALSE ? Value::boolean(t == LO_TRUE) : Value::number(x);
      }
      if (key == "delta" && number) seconds = std::max(0.0, x);
      if ((key == "s" || key == "sound") && !number) sound = v.as_string();
      entries.emplace_back(std::move(key), std::move(v));
    }
    if (sound.empty()) return reject(std::string(path) + ": an event without a sound (`s`)");
    preload(sound);
    Value value = Value::map(std::make_shared<const ControlMap>(std::move(entries)));
    // (pre.vp.s views the map's own string, which moves with the map into the slot)
    const PreparedOnset pre = prepare_onset(value, bank);
    if (!pre.ok) return reject(std::string(path) + ": `s` and `sound` must both be names");
    const int s = events->acquire();
    if (s < 0) {
      events->count_dropped();
      return log.line("phonon dirt: dropped an event: too many events waiting for their time");
    }
    ExternalEvent& x = events->slot(s);
    x.value = std::move(value);
    x.pre = pre;
    x.seconds = seconds;
    events->submit(s, time);
    played.fetch_add(1, std::memory_order_relaxed);
  }

  static int on_play(const char* path, const char* types, lo_arg** argv, int argc, lo_message msg, void* user) {
    static_cast<Impl*>(user)->play(path, types, argv, argc, msg);
    return 0;
  }
  static int on_handshake(const char*, const char*, lo_arg**, int, lo_message, void* user) {
    static_cast<Impl*>(user)->handshake();
    return 0;
  }
  static int on_hello(const char*, const char*, lo_arg**, int, lo_message, void* user) {
    static_cast<Impl*>(user)->reply("/dirt/hello/reply", lo_message_new());
    return 0;
  }
  static int on_hush(const char*, const char*, lo_arg**, int, lo_message, void* user) {
    static_cast<Impl*>(user)->events->hush();
    return 0;
  }
  // Tidal's /ctrl: a name (or an int32 number as the name) and a float, int32 or string value.
  void ctrl(const char* types, lo_arg** argv, int argc) {
    if (argc != 2) return reject("/ctrl: it takes a name and a value");
    std::string name;
    if (types[0] == LO_STRING || types[0] == LO_SYMBOL) name = arg_string(argv[0]);
    else if (types[0] == LO_INT32) name = std::to_string(arg_as<int32_t>(argv[0]));
    else return reject("/ctrl: the name must be a string or an int32");
    bool ok = false;
    switch (types[1]) {
      case LO_FLOAT: ok = ControllerInput::global().set_number(name, arg_as<float>(argv[1])); break;
      case LO_DOUBLE: ok = ControllerInput::global().set_number(name, arg_as<double>(argv[1])); break;
      case LO_INT32: ok = ControllerInput::global().set_number(name, arg_as<int32_t>(argv[1])); break;
      case LO_STRING:
      case LO_SYMBOL: ok = ControllerInput::global().set_string(name, arg_string(argv[1])); break;
      default: return reject("/ctrl `" + name + "`: the value must be a float, an int32 or a string");
    }
    if (!ok) reject("/ctrl `" + name + "`: a name or string too long, or too many controller names");
    else controls.fetch_add(1, std::memory_order_relaxed);
  }
  static int on_ctrl(const char*, const char* types, lo_arg** argv, int argc, lo_message, void* user) {
    static_cast<Impl*>(user)->ctrl(types, argv, argc);
    return 0;
  }
  static int on_other(const char* path, const char*, lo_arg**, int, lo_message, void* user) {
    static_cast<Impl*>(user)->reject(std::string("a message to `") + path + "` (not " +
                                     (static_cast<Impl*>(user)->events ? "a SuperDirt address or /ctrl)" : "/ctrl)"));
    return 0;
  }

  void open(const std::string& port) {
    server = lo_server_new_with_proto(port.empty() ? nullptr : port.c_str(), LO_UDP, ignore_lo_error);
    if (!server) throw std::runtime_error("cannot listen on UDP port " + port + " (is another program using it?)");
    listening = !port.empty();
    // Bundles are handed over at once with their timetag (the engine schedules them), not held back by liblo.
    lo_server_enable_queue(server, 0, 1);
    if (events) {
      lo_server_add_method(server, "/dirt/play", nullptr, on_play, this);
      lo_server_add_method(server, "/play2", nullptr, on_play, this);
      lo_server_add_method(server, "/dirt/handshake", nullptr, on_handshake, this);
      lo_server_add_method(server, "/dirt/hello", nullptr, on_hello, this);
      lo_server_add_method(server, "/dirt/hush", nullptr, on_hush, this);
    }
    lo_server_add_method(server, "/ctrl", nullptr, on_ctrl, this);
    lo_server_add_method(server, nullptr, nullptr, on_other, this);
  }

  void dispatch(const void* data, size_t size) {
    packets.fetch_add(1, std::memory_order_relaxed);
    bad_in_packet = 0;
    if (events) events->reclaim();
    // liblo parses in place and may write to the buffer: give it its own copy.
    std::vector<char> copy(static_cast<const char*>(data), static_cast<const char*>(data) + size);
    const bool well_formed = osc_packet_well_formed(static_cast<const unsigned char*>(data), size);
    const int r = well_formed ? lo_server_dispatch_data(server, copy.data(), copy.size()) : -1;
    if (r < 0) {
      bad.fetch_add(1, std::memory_order_relaxed);
      log.line("phonon dirt: dropped a packet of " + std::to_string(size) + " bytes that is not valid OSC" +
               (src_host.empty() ? "" : " (from " + src_host + ":" + src_port + ")"));
    } else if (bad_in_packet) {
      bad.fetch_add(bad_in_packet, std::memory_order_relaxed);
    }
  }

  void run() {
    const int fd = lo_server_get_socket_fd(server);
    std::vector<char> buf(65536);
    while (!stop.load(std::memory_order_acquire)) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        if (events) events->reclaim();
        continue;
      }
      sockaddr_storage from{};
      socklen_t len = sizeof from;
      const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n < 0) continue;
      char host[INET6_ADDRSTRLEN] = {0};
      int port = 0;
      if (from.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&from);
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        port = ntohs(a->sin_port);
      } else if (from.ss_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&from);
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        port = ntohs(a->sin6_port);
      }
      src_host = host;
      src_port = std::to_string(port);
      dispatch(buf.data(), static_cast<size_t>(n));
    }
  }
};

DirtReceiver::DirtReceiver(const std::string& port, ExternalEvents* events, SampleBank* bank, RateLimitedLog::Sink log)
    : impl_(std::make_unique<Impl>(events, bank, std::move(log))) {
  impl_->open(port);
}

DirtReceiver::~DirtReceiver() {
  stop();
  if (impl_->server) lo_server_free(impl_->server);
}

void DirtReceiver::start() {
  if (!impl_->listening || impl_->thread.joinable()) return;
  impl_->thread = std::thread([this] { impl_->run(); });
}

void DirtReceiver::stop() {
  impl_->stop.store(true, std::memory_order_release);
  if (impl_->thread.joinable()) impl_->thread.join();
}

void DirtReceiver::dispatch(const void* data, size_t size) {
  impl_->src_host.clear();
  impl_->dispatch(data, size);
}

DirtReceiverStats DirtReceiver::stats() const {
  DirtReceiverStats s;
  s.packets = impl_->packets.load(std::memory_order_relaxed);
  s.events = impl_->played.load(std::memory_order_relaxed);
  s.bad = impl_->bad.load(std::memory_order_relaxed);
  s.handshakes = impl_->handshakes.load(std::memory_order_relaxed);
  s.controls = impl_->controls.load(std::memory_order_relaxed);
  return s;
}

int DirtReceiver::port() const { return impl_->server ? lo_server_get_port(impl_->server) : 0; }

}  // namespace phonon
