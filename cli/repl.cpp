#include "cli/repl.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "compiler/compile.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/live/repl_blocks.hpp"
#include "runtime/live/repl_session.hpp"

namespace phonon::cli {
namespace {

void reply(const std::string& text) {
  std::fputs(text.c_str(), stdout);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', stdout);
  std::fflush(stdout);
}

// The cycle at which the program handed over last took effect: waits (bounded) for the engine to swap it in.
// With the default swap mode that is the cycle boundary after the hand-over.
double wait_for_swap(const Engine& engine, uint64_t swaps_before, bool swap_now, const std::atomic<bool>& stop) {
  using clock = std::chrono::steady_clock;
  const double cps = engine.stats().cps;
  const auto deadline = clock::now() + std::chrono::milliseconds(static_cast<int>(1000.0 / std::max(cps, 0.01)) + 2000);
  while (clock::now() < deadline && !stop.load(std::memory_order_acquire)) {
    const EngineStats s = engine.stats();
    // The swap's own cycle, not the clock's when this thread looks: a late look (a stall, a slow machine)
    // must not move the block in the log, whose replay has to equal the recording.
    if (s.swaps > swaps_before) return swap_now ? s.swap_cycle : std::floor(s.swap_cycle + 1e-9);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return -1.0;
}

}  // namespace

std::string session_cycle_text(double cycle) {
  char buf[64];
  if (cycle == std::floor(cycle)) std::snprintf(buf, sizeof buf, "%.0f", cycle);
  else std::snprintf(buf, sizeof buf, "%.17g", cycle);
  return buf;
}

void run_repl(int fd, const ReplOptions& options, ReplPlayer& player, const Engine& engine,
              const std::atomic<bool>& stop) {
  ReplBlockReader reader;
  ReplSession session(options.input_name);
  std::ofstream log;
  if (!options.session_log.empty()) {
    log.open(options.session_log, std::ios::binary | std::ios::trunc);
    if (!log.is_open()) player.note("phonon repl: cannot write the session log `" + options.session_log + "`\n");
  }

  // In the log a reset is a block of its own after the (fractional) cycle at which the clock left the old count;
  // the markers after it count from where it went (0, or setCycle's N; cli/render_session.cpp replays it there).
  auto reset_cycles = [&](const ReplBlock& block, double to) -> bool {
    const double from = player.reset_cycles ? player.reset_cycles(to) : -1.0;
    if (from < 0) {
      reply("error: the engine did not restart the cycle count in time\n");
      return true;
    }
    reply("ok");
    if (log.is_open()) {
      log << "-- @" << session_cycle_text(from) << "\n" << block.text << "\n";
      log.flush();
    }
    return true;
  };

  auto handle = [&](const ReplBlock& block) -> bool {  // false: quit
    ReplOutcome o = session.evaluate(block, engine.stats().cycle);
    for (const std::string& n : o.notes) player.note("note: " + n + "\n");
    switch (o.kind) {
      case ReplOutcome::Kind::Quit: return false;
      case ReplOutcome::Kind::Error: reply(o.message); return true;
      case ReplOutcome::Kind::NoChange:
        if (o.reset_cycles) return reset_cycles(block, o.cycle_to);
        reply("ok");
        return true;
      case ReplOutcome::Kind::Type: {
        CompileOptions co;
        co.dump = "types";
        CompileResult r = compile_source(std::make_shared<SourceFile>(ReplSession::kProgramName, o.program), co);
        const size_t at = r.dump.find("~it :: ");
        if (r.ok() && at != std::string::npos) {
          const size_t end = r.dump.find('\n', at);
          reply(o.expression + " :: " + ReplSession::tidal_type(r.dump.substr(at + 7, end - at - 7)));
        } else {
          const std::string m = session.map_messages(r.diagnostics.render_all());
          reply(m.empty() ? "error: no type for `" + o.expression + "`\n" : m);
        }
        return true;
      }
      case ReplOutcome::Kind::Program: break;
    }
    std::string messages;
    const uint64_t swaps_before = engine.stats().swaps;
    const bool ok = player.submit(ReplSession::kProgramName, o.program, o.swap_now, &messages);
    messages = session.map_messages(messages);
    if (!ok) {
      reply(messages.empty() ? "error: the block did not compile\n" : messages);
      return true;
    }
    session.accept();
    if (!messages.empty()) player.note(messages);
    reply("ok");
    if (log.is_open()) {
      const double cycle = wait_for_swap(engine, swaps_before, o.swap_now, stop);
      if (cycle >= 0) {
        log << "-- @" << session_cycle_text(cycle) << "\n";
        const bool has_blank = block.text.find("\n\n") != std::string::npos;
        if (has_blank || block.framed) log << ":{\n" << block.text << ":}\n\n";
        else log << block.text << "\n";
        log.flush();
      } else {
        player.note("phonon repl: the engine did not take the block in time; it is missing from the session log\n");
      }
    }
    return true;
  };

  for (const std::string& path : options.boot) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
      reply("error: cannot read the boot script `" + path + "`");
      continue;
    }
    std::ostringstream text;
    text << f.rdbuf();
    ReplBlockReader boot;
    boot.feed(text.str());
    boot.finish();
    ReplBlock block;
    while (boot.next(&block)) {
      block.name = path;
      handle(block);
    }
  }

  // An editor writes a block at once; a pause this long after it means the block is complete.
  constexpr int kPauseMs = 40;
  char buf[4096];
  bool running = true, unread = false;
  // Evaluates every block the reader has completed, until one ends the session or Ctrl-C stops it.
  auto evaluate_ready = [&] {
    ReplBlock block;
    while (running && !stop.load(std::memory_order_acquire) && reader.next(&block)) running = handle(block);
  };
  while (running && !stop.load(std::memory_order_acquire)) {
    pollfd pfd{fd, POLLIN, 0};
    const int r = ::poll(&pfd, 1, unread ? kPauseMs : 200);
    if (r == 0 && unread) {
      unread = false;
      reader.pause();
      evaluate_ready();
      continue;
    }
    if (r <= 0) continue;
    unread = true;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      break;
    }
    if (n == 0) reader.finish();
    else reader.feed(std::string_view(buf, static_cast<size_t>(n)));
    evaluate_ready();
    if (n == 0) break;
  }
}

}  // namespace phonon::cli
