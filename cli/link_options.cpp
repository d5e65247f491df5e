#include "cli/link_options.hpp"

#include <cstdio>

#include "runtime/engine/engine.hpp"

namespace phonon::cli {

const char* kLinkHelp =
    "  --link                 join the Ableton Link session on the local network: follow its tempo, start\n"
    "                         cycles on its bars, send `setcps` to it (see docs/connect.md)\n"
    "  --link-beats-per-cycle N  Link beats in one cycle, and the bar (quantum) cycles start on (default 4)\n"
    "  --link-log FILE        (with --link) write a line per cycle start: the Link time at which it is heard\n";

bool link_option(Args& a, const std::string& arg, LinkOptions& o) {
  if (arg == "--link") o.enabled = true;
  else if (arg == "--link-beats-per-cycle") o.beats_per_cycle = a.integer(arg, 1, 64);
  else if (arg == "--link-log") o.log = a.value(arg);
  else return false;
  return true;
}

void apply_link_options(const LinkOptions& o, EngineOptions& engine) {
  if (!o.log.empty() && !o.enabled) throw UsageError("--link-log needs --link");
  if (o.enabled) engine.stamp_blocks = true;
}

std::unique_ptr<LinkSync> start_link(const LinkOptions& o, Engine& engine, double device_latency_frames,
                                     std::function<void(const std::string&)> report) {
  if (!o.enabled) return nullptr;
  LinkConfig c;
  c.beats_per_cycle = o.beats_per_cycle;
  c.latency_seconds = (device_latency_frames + engine.output_latency()) / engine.options().rate;
  c.log_path = o.log;
  return std::make_unique<LinkSync>(engine, c, std::move(report));
}

namespace {
std::string figures(const LinkSync& link, const char* format) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, link.peers(), link.bpm());
  return buf;
}
}  // namespace

std::string link_status(const LinkSync& link) { return figures(link, "link %zu peers %.1f bpm"); }
std::string link_summary(const LinkSync& link) { return figures(link, "link peers: %zu, bpm: %.2f"); }

}  // namespace phonon::cli
