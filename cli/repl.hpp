// The REPL loop of `phonon repl` (and `phonon live -`): reads blocks from a file descriptor the way GHCi reads
// an editor's input, applies each to the session's slots, hands the composed program to the player, and
// answers each block with one reply on stdout: `ok`, or the located error.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace phonon {
class Engine;
}

namespace phonon::cli {

struct ReplPlayer {
  // Compiles `program` (its diagnostics name the file `name`) and hands it to the engine; false with the
  // rendered diagnostics in `messages` if it did not compile. Warnings come back in `messages` as well.
  std::function<bool(const std::string& name, const std::string& program, bool swap_now, std::string* messages)> submit;
  // Where notes and warnings go (the console).
  std::function<void(const std::string&)> note;
  // `resetCycles`, `setCycle N`: moves the cycle count to `to` (0 for resetCycles) and returns the cycle the clock
  // left (for the session log), or a negative number if the engine did not take it in time.
  std::function<double(double to)> reset_cycles;
};

struct ReplOptions {
  std::string input_name = "<stdin>";
  std::string session_log;        // --session-log FILE: every accepted block after `-- @C`
  std::vector<std::string> boot;  // scripts evaluated before the input (GHCi's -ghci-script)
};

// Runs until end of input, `:quit`, or `stop`. `engine` is read for the cycle at which each block took effect.
void run_repl(int fd, const ReplOptions& options, ReplPlayer& player, const Engine& engine,
              const std::atomic<bool>& stop);

// The session log's cycle: an integer as "4", anything else as a decimal with enough digits to find the frame.
std::string session_cycle_text(double cycle);

}  // namespace phonon::cli
