// How `phonon repl` cuts its input into blocks and a block into statements, the way a Tidal editor plugin
// feeds GHCi: a block ends at a blank line, or is wrapped in `:{` … `:}` (blank lines inside are kept); a line
// that starts with `:` (`:set …`, `:t …`) is a block of its own, as GHCi runs it at once. Editors send a
// one-line statement without a frame or a blank line after it, and GHCi runs it when the line arrives: so a
// pause in the input also ends a block (the caller calls pause()).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace phonon {

struct ReplBlock {
  std::string text;     // the block's lines, each ended by '\n', without the `:{` / `:}` frame
  int first_line = 1;   // 1-based line of the block's first line in the whole input
  bool framed = false;  // came wrapped in `:{` … `:}`
  std::string name;     // where it came from, for messages (empty: the session's input name)
};

// Incremental: feed() any chunking of the byte stream, take the finished blocks with next().
class ReplBlockReader {
 public:
  void feed(std::string_view bytes);
  void finish();  // end of input: an unfinished block (or frame) counts as finished
  void pause();   // the input paused after a whole line: a block outside a frame counts as finished
  bool next(ReplBlock* out);

 private:
  void take_line(std::string line);
  void end_block();

  std::string partial_;  // the current line, before its '\n'
  int line_no_ = 0;      // lines seen so far
  bool in_frame_ = false;
  ReplBlock pending_;
  bool pending_started_ = false;
  std::vector<ReplBlock> ready_;
  size_t next_ready_ = 0;
};

// One statement of a block, as its text appears there: a statement starts on a line that does not begin with
// white space, and the lines that do continue it (Haskell's layout, as in a .ph file). A `do` block (`do` then
// indented statements, or `do { a; b }`) stands for its statements.
struct ReplStatement {
  std::string text;  // the statement's text, from its first character
  int line = 0;      // 0-based line of its first character within the block
  int col = 1;       // 1-based column of its first character
};

std::vector<ReplStatement> split_repl_statements(std::string_view block);

}  // namespace phonon
