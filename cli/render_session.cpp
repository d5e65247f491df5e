#include "cli/render_session.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "cli/common.hpp"
#include "cli/repl.hpp"
#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "runtime/live/repl_blocks.hpp"
#include "runtime/live/repl_session.hpp"

namespace phonon::cli {
namespace {

// "-- @4", "-- @7/2", "-- @3.25": the cycle, or nullopt if the line is not a marker. A marker whose number
// does not read is reported through `bad`.
std::optional<double> marker_cycle(const std::string& line, bool* bad) {
  *bad = false;
  if (line.rfind("-- @", 0) != 0) return std::nullopt;
  std::string v = line.substr(4);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.pop_back();
  const size_t slash = v.find('/');
  double c = 0.0;
  if (slash == std::string::npos) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), c);
    if (ec != std::errc() || p != v.data() + v.size()) *bad = true;
  } else {
    long long num = 0, den = 0;
    auto [p1, e1] = std::from_chars(v.data(), v.data() + slash, num);
    auto [p2, e2] = std::from_chars(v.data() + slash + 1, v.data() + v.size(), den);
    if (e1 != std::errc() || e2 != std::errc() || p1 != v.data() + slash || p2 != v.data() + v.size() || den <= 0)
      *bad = true;
    else c = static_cast<double>(num) / static_cast<double>(den);
  }
  if (!*bad && (!std::isfinite(c) || c < 0 || c > 1e9)) *bad = true;
  return c;
}

void located_error(const std::string& path, const std::string& text, size_t line_start, size_t len,
                   const std::string& message, const std::string& hint) {
  auto file = std::make_shared<SourceFile>(path, text);
  Diagnostic d;
  d.span =
      SourceSpan{file, static_cast<uint32_t>(line_start), static_cast<uint32_t>(line_start + std::max<size_t>(len, 1))};
  d.message = message;
  d.hint = hint;
  std::fputs(d.render().c_str(), stderr);
}

}  // namespace

bool load_session(const std::string& path, std::vector<SessionEntry>* entries) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "phonon render: error: cannot read the session `%s`\n", path.c_str());
    return false;
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();

  ReplBlockReader reader;
  ReplSession session(path);
  double cycle = 0.0;
  bool ok = true, quit = false;
  auto take_blocks = [&] {
    ReplBlock block;
    while (ok && !quit && reader.next(&block)) {
      ReplOutcome o = session.evaluate(block, cycle - 0.5);  // it took effect at the boundary `cycle`
      if (o.kind == ReplOutcome::Kind::Quit) quit = true;
      if (o.reset_cycles) {  // the count goes on from o.cycle_to here: markers after it count from there
        entries->push_back({cycle, nullptr, true, o.cycle_to});
        cycle = o.cycle_to;
        continue;
      }
      if (o.kind == ReplOutcome::Kind::Error) {
        std::fputs(o.message.c_str(), stderr);
        ok = false;
      }
      if (o.kind != ReplOutcome::Kind::Program) continue;
      CompileResult r = compile_source(std::make_shared<SourceFile>(ReplSession::kProgramName, o.program));
      const std::string messages = session.map_messages(r.diagnostics.render_all());
      if (!messages.empty()) std::fputs(messages.c_str(), stderr);
      if (!r.ok()) {
        ok = false;
        continue;
      }
      session.accept();
      if (!entries->empty() && entries->back().cycle == cycle) entries->back().plan = r.plan;
      else entries->push_back({cycle, r.plan});
    }
  };

  size_t pos = 0;
  while (pos < text.size() && ok && !quit) {
    size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string::npos ? text.size() : nl;
    const std::string line = text.substr(pos, end - pos);
    bool bad = false;
    if (std::optional<double> c = marker_cycle(line, &bad)) {
      reader.feed("\n");  // ends the block above; keeps the reader's line numbers those of the file
      take_blocks();
      if (bad) {
        located_error(path, text, pos + 4, line.size() - 4, "`" + line.substr(4) + "` is not a cycle",
                      "write the cycle as a number or a fraction: `-- @4`, `-- @7/2`, `-- @3.25`");
        return false;
      }
      if (*c < cycle) {
        located_error(path, text, pos + 4, line.size() - 4,
                      "the session goes back in time: cycle " + line.substr(4) + " comes after a block at cycle " +
                          session_cycle_text(cycle),
                      "markers must not decrease; a block takes effect at its marker's cycle");
        return false;
      }
      cycle = *c;
    } else {
      reader.feed(line);
      reader.feed("\n");
      take_blocks();
    }
    pos = end + 1;
  }
  reader.finish();
  take_blocks();
  return ok;
}

std::shared_ptr<const Plan> SessionPlayer::initial(const std::shared_ptr<const Plan>& silent) {
  if (!entries_.empty() && entries_.front().cycle == 0.0 && !entries_.front().reset) {
    next_ = 1;
    return entries_.front().plan;
  }
  return silent;
}

void SessionPlayer::before_block(Engine& engine) {
  if (next_ >= entries_.size()) return;
  const SessionEntry& e = entries_[next_];
  const double now = engine.stats().cycle;
  if (e.reset) {
    // As live: the clock jumps at the first block that starts at or after the cycle (the next entries wait for
    // the jump, which the next process() takes).
    if (now >= e.cycle - 1e-9) {
      engine.request_jump(e.to);
      ++next_;
    }
    return;
  }
  const bool on_boundary = e.cycle == std::floor(e.cycle);
  // On a boundary: hand over during the cycle before it, as the live session did, and the engine swaps at the
  // boundary to the frame. Elsewhere: at the first block that starts at or after the cycle.
  if (on_boundary ? now > e.cycle - 1.0 + 1e-9 : now >= e.cycle - 1e-9) {
    engine.schedule_swap(load_and_report(engine, bank_, e.plan), on_boundary ? SwapMode::NextCycle : SwapMode::Now);
    ++next_;
  }
}

int64_t SessionPlayer::frames_until(double cycles, double rate, double initial_cps) const {
  double seconds = 0.0, at = 0.0, cps = initial_cps;
  size_t last_reset = 0;  // entries before the last reset play whole; `cycles` counts from it
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].reset) last_reset = i + 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const SessionEntry& e = entries_[i];
    if (i >= last_reset && e.cycle >= cycles) break;
    seconds += (e.cycle - at) / cps;
    at = e.reset ? e.to : e.cycle;
    if (e.plan) cps = e.plan->cps;
  }
  seconds += (cycles - at) / cps;
  return static_cast<int64_t>(std::llround(seconds * rate));
}

}  // namespace phonon::cli
