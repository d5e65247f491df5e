#include "runtime/outbound/osc_out.hpp"

#include <lo/lo.h>

#include <climits>
#include <cmath>
#include <cstdlib>
#include <set>

namespace phonon {

namespace {

// A steady-clock time as an OSC timetag (NTP time: seconds since 1900), through the system clock's now.
lo_timetag timetag_of(int64_t steady_ns) {
  lo_timetag now;
  lo_timetag_now(&now);
  const double ahead = static_cast<double>(steady_ns - OutboundSender::now_ns()) * 1e-9;
  double t = static_cast<double>(now.sec) + static_cast<double>(now.frac) / 4294967296.0 + ahead;
  if (t < 0) t = 0;
  lo_timetag tt;
  tt.sec = static_cast<uint32_t>(std::floor(t));
  tt.frac = static_cast<uint32_t>((t - std::floor(t)) * 4294967296.0);
  return tt;
}

void add_value(lo_message m, const std::string& name, const OutboundControl& c) {
  if (c.kind == 's') lo_message_add_string(m, c.text);
  else if (osc_int_control(name)) lo_message_add_int32(m, static_cast<int32_t>(std::lround(c.num)));
  else lo_message_add_float(m, static_cast<float>(c.num));
}

class OscSink final : public OutboundSink {
 public:
  OscSink(lo_address addr, OscTarget target, std::function<void(const std::string&)> report)
      : addr_(addr), target_(std::move(target)), report_(std::move(report)) {}
  ~OscSink() override { lo_address_free(addr_); }

  void event(const OutboundEvent& e) override {
    lo_message m = lo_message_new();
    if (target_.named) {
      for (int i = 0; i < e.count; ++i) {
        const OutboundControl& c = e.controls[i];
        lo_message_add_string(m, c.name);
        add_value(m, c.name, c);
      }
      lo_message_add_string(m, "cps");
      lo_message_add_float(m, static_cast<float>(e.cps));
      lo_message_add_string(m, "cycle");
      lo_message_add_float(m, static_cast<float>(e.cycle));
      lo_message_add_string(m, "delta");
      lo_message_add_float(m, static_cast<float>(e.delta));
    } else {
      for (const OscArg& a : target_.args) {
        if (const OutboundControl* c = e.find(a.name)) {
          add_value(m, a.name, *c);
        } else if (a.has_default) {
          char* end = nullptr;
          const double x = std::strtod(a.fallback.c_str(), &end);
          if (end && *end == '\0' && !a.fallback.empty()) {
            OutboundControl c{};
            c.kind = 'f';
            c.num = x;
            add_value(m, a.name, c);
          } else {
            lo_message_add_string(m, a.fallback.c_str());
          }
        } else {
          // As Tidal: an event without a required argument is not sent.
          if (missing_.insert(a.name).second && report_)
            report_("OSC " + target_.address + ": an event without `" + a.name +
                    "` was not sent (give it a default: `" + a.name + "=0`)");
          lo_message_free(m);
          return;
        }
      }
    }
    const int64_t t = e.time_ns + static_cast<int64_t>((target_.latency + e.number("nudge", 0.0)) * 1e9);
    lo_bundle b = lo_bundle_new(timetag_of(t));
    lo_bundle_add_message(b, target_.address.c_str(), m);
    if (lo_send_bundle(addr_, b) < 0 && !failed_ && report_) {
      failed_ = true;
      report_("OSC to " + target_.host + ":" + target_.port + ": " + lo_address_errstr(addr_));
    }
    lo_bundle_free_recursive(b);
  }

  int64_t poll(int64_t) override { return INT64_MAX; }

 private:
  lo_address addr_;
  OscTarget target_;
  std::function<void(const std::string&)> report_;
  std::set<std::string> missing_;
  bool failed_ = false;
};

}  // namespace

bool osc_int_control(const std::string& name) {
  static const std::set<std::string> ints = {"channel", "cut", "nrpn", "octave", "orbit", "val"};
  return ints.count(name) > 0;
}

bool parse_osc_target(const std::string& spec, OscTarget* out, std::string* error) {
  OscTarget t;
  std::string rest = spec;
  if (const size_t eq = rest.find('='); eq != std::string::npos && eq < rest.find('/')) {
    t.sound = rest.substr(0, eq);
    rest = rest.substr(eq + 1);
    if (t.sound.empty()) return *error = "--osc-out `" + spec + "`: the sound name before `=` is empty", false;
  }
  std::string where = rest, shape;
  if (const size_t slash = rest.find('/'); slash != std::string::npos) {
    where = rest.substr(0, slash);
    shape = rest.substr(slash);
  }
  const size_t colon = where.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == where.size())
    return *error = "--osc-out `" + spec + "`: expected HOST:PORT (e.g. 127.0.0.1:57120)", false;
  t.host = where.substr(0, colon);
  t.port = where.substr(colon + 1);
  for (char c : t.port)
    if (c < '0' || c > '9')
      return *error = "--osc-out `" + spec + "`: the port `" + t.port + "` is not a number", false;
  if (!shape.empty()) {
    const size_t ac = shape.find(':');
    t.address = shape.substr(0, ac);
    if (ac != std::string::npos) {
      t.named = false;
      std::string list = shape.substr(ac + 1);
      size_t pos = 0;
      while (pos <= list.size()) {
        const size_t comma = std::min(list.find(',', pos), list.size());
        std::string item = list.substr(pos, comma - pos);
        OscArg a;
        if (const size_t eq = item.find('='); eq != std::string::npos) {
          a.has_default = true;
          a.fallback = item.substr(eq + 1);
          item = item.substr(0, eq);
        }
        if (item.empty()) return *error = "--osc-out `" + spec + "`: an empty argument name", false;
        a.name = item;
        t.args.push_back(a);
        pos = comma + 1;
      }
    }
  }
  *out = t;
  return true;
}

std::unique_ptr<OutboundSink> open_osc_out(const OscTarget& target, std::function<void(const std::string&)> report,
                                           std::string* error) {
  lo_address a = lo_address_new(target.host.c_str(), target.port.c_str());
  if (!a) {
    *error = "OSC: cannot use " + target.host + ":" + target.port;
    return nullptr;
  }
  return std::make_unique<OscSink>(a, target, std::move(report));
}

}  // namespace phonon
