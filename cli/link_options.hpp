// The Ableton Link options of `phonon live`, `phonon repl` and `phonon dirt`: --link, --link-beats-per-cycle,
// --link-log. They start a LinkSync (runtime/sync/link_sync.hpp) once the engine plays.
#pragma once
#include <memory>
#include <string>

#include "cli/args.hpp"
#include "runtime/sync/link_sync.hpp"

namespace phonon {
class Engine;
struct EngineOptions;
}  // namespace phonon

namespace phonon::cli {

struct LinkOptions {
  bool enabled = false;
  int beats_per_cycle = 4;
  std::string log;  // --link-log FILE
};

// True when `arg` is one of the options above (its value read into `o`).
bool link_option(Args& a, const std::string& arg, LinkOptions& o);
// Checks the combination and turns on what the engine must provide (block stamps).
void apply_link_options(const LinkOptions& o, EngineOptions& engine);
extern const char* kLinkHelp;

// Joins the session with the engine running; null without --link. `device_latency_frames`: from rendering a
// block to hearing it (the device buffer; the engine's own limiter latency is added here).
std::unique_ptr<LinkSync> start_link(const LinkOptions& o, Engine& engine, double device_latency_frames,
                                     std::function<void(const std::string&)> report);

// The status-line part and the summary line ("link peers: N, bpm: X").
std::string link_status(const LinkSync& link);
std::string link_summary(const LinkSync& link);

}  // namespace phonon::cli
