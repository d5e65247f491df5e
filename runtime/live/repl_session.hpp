// The state of a `phonon repl` performance, Tidal style: what each slot (d1 … d16, p "name", o1:, ~bus:) plays,
// the definitions, the tempo, mute/solo and `all`. A block changes only what it names; the program the engine
// plays is composed from the slots after every block. Pure text in, text out: compiling and swapping are the
// caller's (runtime/live or cli), so this is tested without an engine.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runtime/live/repl_blocks.hpp"

namespace phonon {

// Where a piece of composed program text came from: a block's input name, 1-based line and column.
struct ReplOrigin {
  std::string name;
  int line = 1;
  int col = 1;
};

struct ReplOutcome {
  enum class Kind {
    Program,   // `program` is the new program to compile; accept() or reject() after trying it
    NoChange,  // the block only had no-ops and notes (`:set`, `import`, BootTidal plumbing)
    Error,     // `message` is a located error; the state is unchanged
    Quit,      // `:quit`
    Type,      // `:t EXPR`: `program` defines the bus `~it` as EXPR after the definitions; answer its type
  };
  Kind kind = Kind::NoChange;
  std::string program;
  std::string expression;          // Kind::Type: EXPR as typed
  std::string message;             // the rendered error (Kind::Error)
  std::vector<std::string> notes;  // one line each: what was accepted as a no-op, and why
  bool swap_now = false;           // `jump`: switch at the next block instead of the next cycle
  bool reset_cycles = false;       // `resetCycles`, `setCycle N`: the caller moves the cycle count now, …
  double cycle_to = 0.0;           // … to this cycle (0 for resetCycles)
};

class ReplSession {
 public:
  // The composed program's name in compiler messages; map_messages() turns it back into the blocks' names.
  static constexpr const char* kProgramName = "<session>";
  // Output numbers given to `p "name"` slots, in order of first use (o1 … o16 are d1 … d16).
  static constexpr int kFirstNamedOutput = 17;
  // Outputs used by `once` (each plays one cycle, then its output is free again).
  static constexpr int kFirstOnceOutput = 4000;

  explicit ReplSession(std::string input_name = "<stdin>") : input_name_(std::move(input_name)) {}

  // Applies the block to a copy of the state and composes the program of that copy. The copy becomes the state
  // only with accept(); without it (the program did not compile) the next evaluate() starts from the old state.
  // `now_cycle` is where the performance is when the block arrives: a block takes effect at the next cycle
  // boundary, where `once` starts its cycle.
  ReplOutcome evaluate(const ReplBlock& block, double now_cycle = 0.0);
  void accept();

  // The accepted state's program (what is playing).
  std::string program() const { return compose(state_).text; }
  // The type `phonon compile --dump=types` gives `~it`, in Tidal's terms: "ControlPattern", "Pattern Double", …
  static std::string tidal_type(const std::string& phonon_description);

  // Rewrites `<session>:L:C:` in compiler messages about the last evaluated program to the block, line and
  // column the text came from.
  std::string map_messages(const std::string& messages) const;

 private:
  using Part = std::pair<std::string, ReplOrigin>;  // composed text and where it came from
  struct Piece {               // one statement's text in the composed program, after a synthetic header
    std::string header;        // e.g. "o1: " (typed as `d1 $`), "cps: " (typed as `setcps`)
    ReplOrigin header_origin;  // where errors inside the header point: the statement's start
    std::string body;
    ReplOrigin body_origin;
    // A transition wraps the body: prefix + body + suffix, where the parts may hold earlier versions' bodies.
    std::vector<Part> prefix, suffix;
    bool tidal_slot = false;  // typed as a Tidal slot (`d1 $`, `p`, a transition, `once`): nudgeAll shifts it
  };
  struct State {
    std::vector<std::pair<std::string, Piece>> lets;  // by defined name, in order of definition
    std::optional<Piece> tempo;
    std::vector<std::pair<std::string, Piece>> buses;  // by bus name, in order of first definition
    std::map<int, Piece> outputs;                      // by output number
    std::map<std::string, int> named;                  // p "name" -> output number
    std::set<int> muted, soloed;
    std::optional<Piece> all;                      // `all $ f`: f applied to every output
    std::optional<Piece> nudge;                    // `nudgeAll x`: x seconds added to every Tidal slot's nudge
    std::vector<std::pair<int64_t, Piece>> onces;  // `once $ p`: the cycle it plays, and p
    // Tidal's history of each output: the patterns evaluated for it, newest first (silence for `d1 silence` and
    // `hush`), without the transitions that combined them. Transitions read it; the last kHistory are kept.
    std::map<int, std::vector<Piece>> history;
  };
  static constexpr size_t kHistory = 8;
  struct Segment {  // composed columns >= col on one line map to origin.col + (column - col)
    int col;
    ReplOrigin origin;
  };
  struct Composed {
    std::string text;
    std::vector<std::vector<Segment>> lines;  // per composed line
  };

  Composed compose(const State& s) const;
  void apply(const ReplStatement& st, const ReplBlock& block, State& s, ReplOutcome& out, int64_t next_cycle);
  static void remember(State& s, int output, Piece version);
  int output_for(State& s, const std::string& name);

  std::string input_name_;
  State state_;
  std::optional<State> candidate_;
  Composed last_;  // the composition of the last evaluate(), for map_messages()
};

}  // namespace phonon
