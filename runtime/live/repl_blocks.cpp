#include "runtime/live/repl_blocks.hpp"

#include <cctype>

namespace phonon {
namespace {

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Only white space and `--` comments: nothing to evaluate.
bool is_empty_statement(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s.compare(i, 2, "--") == 0) {
      while (i < s.size() && s[i] != '\n') ++i;
    } else {
      return false;
    }
  }
  return true;
}

// Byte offsets of each line's start, for offset -> (line, column).
struct Lines {
  std::vector<size_t> starts{0};
  explicit Lines(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i)
      if (s[i] == '\n') starts.push_back(i + 1);
  }
  int line_of(size_t off) const {
    size_t lo = 0, hi = starts.size();
    while (hi - lo > 1) {
      size_t mid = (lo + hi) / 2;
      (starts[mid] <= off ? lo : hi) = mid;
    }
    return static_cast<int>(lo);
  }
  int col_of(size_t off) const { return static_cast<int>(off - starts[static_cast<size_t>(line_of(off))]) + 1; }
};

// The offset just past the string literal or comment that starts at i (or i itself if none starts there).
size_t skip_literal(std::string_view s, size_t i) {
  if (s[i] == '"') {
    ++i;
    while (i < s.size() && s[i] != '"' && s[i] != '\n') i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
    return i < s.size() ? i + 1 : i;
  }
  if (s.compare(i, 2, "--") == 0) {
    while (i < s.size() && s[i] != '\n') ++i;
    return i;
  }
  return i;
}

void add_piece(std::string_view block, const Lines& lines, size_t begin, size_t end, std::vector<ReplStatement>& out) {
  while (begin < end && std::isspace(static_cast<unsigned char>(block[begin]))) ++begin;
  std::string_view text = block.substr(begin, end - begin);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (is_empty_statement(text)) return;
  out.push_back({std::string(text), lines.line_of(begin), lines.col_of(begin)});
}

// `do { a; b }`: the pieces between top-level semicolons. Returns false if the braces do not close.
bool split_braced_do(std::string_view block, const Lines& lines, size_t open, size_t end,
                     std::vector<ReplStatement>& out) {
  int depth = 0;
  size_t piece = open + 1;
  for (size_t i = open; i < end;) {
    size_t j = skip_literal(block, i);
    if (j != i) {
      i = j;
      continue;
    }
    const char c = block[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (depth == 1 && c == ';') {
      add_piece(block, lines, piece, i, out);
      piece = i + 1;
    }
    if (depth == 0) {
      add_piece(block, lines, piece, i, out);
      return is_empty_statement(block.substr(i + 1, end - i - 1));
    }
    ++i;
  }
  return false;
}

// `do` followed by statements aligned on the column of the first one.
void split_layout_do(std::string_view block, const Lines& lines, size_t first, size_t end,
                     std::vector<ReplStatement>& out) {
  const int col0 = lines.col_of(first);
  size_t piece = first;
  for (int l = lines.line_of(first) + 1; l < static_cast<int>(lines.starts.size()); ++l) {
    size_t ls = lines.starts[static_cast<size_t>(l)];
    if (ls >= end) break;
    size_t k = ls;
    while (k < end && (block[k] == ' ' || block[k] == '\t')) ++k;
    if (k >= end || block[k] == '\n' || block.compare(k, 2, "--") == 0) continue;
    if (static_cast<int>(k - ls) + 1 == col0) {
      add_piece(block, lines, piece, ls, out);
      piece = k;
    }
  }
  add_piece(block, lines, piece, end, out);
}

bool starts_with_do(std::string_view s) {
  return s.size() >= 2 && s.compare(0, 2, "do") == 0 &&
         (s.size() == 2 || std::isspace(static_cast<unsigned char>(s[2])) || s[2] == '{');
}

}  // namespace

void ReplBlockReader::feed(std::string_view bytes) {
  for (char c : bytes) {
    if (c == '\n') {
      std::string line;
      line.swap(partial_);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      take_line(std::move(line));
    } else {
      partial_ += c;
    }
  }
}

void ReplBlockReader::finish() {
  if (!partial_.empty()) feed("\n");
  in_frame_ = false;
  end_block();
}

void ReplBlockReader::pause() {
  if (!in_frame_ && partial_.empty()) end_block();
}

bool ReplBlockReader::next(ReplBlock* out) {
  if (next_ready_ >= ready_.size()) {
    ready_.clear();
    next_ready_ = 0;
    return false;
  }
  *out = std::move(ready_[next_ready_++]);
  return true;
}

void ReplBlockReader::take_line(std::string line) {
  ++line_no_;
  const std::string_view t = trim(line);
  if (in_frame_) {
    if (t == ":}") {
      in_frame_ = false;
      end_block();
    } else {
      if (!pending_started_) {
        pending_started_ = true;
        pending_.first_line = line_no_;
      }
      pending_.text += line;
      pending_.text += '\n';
    }
    return;
  }
  if (t == ":{") {
    end_block();
    in_frame_ = true;
    pending_.framed = true;
    return;
  }
  if (is_blank(line)) {
    end_block();
    return;
  }
  if (line[0] == ':') {  // a GHCi command runs on its own
    end_block();
    pending_.text = line + "\n";
    pending_.first_line = line_no_;
    pending_started_ = true;
    end_block();
    return;
  }
  if (!pending_started_) {
    pending_started_ = true;
    pending_.first_line = line_no_;
  }
  pending_.text += line;
  pending_.text += '\n';
}

void ReplBlockReader::end_block() {
  if (pending_started_ && !is_blank(pending_.text)) ready_.push_back(std::move(pending_));
  pending_ = ReplBlock{};
  pending_started_ = false;
}

std::vector<ReplStatement> split_repl_statements(std::string_view block) {
  const Lines lines(block);
  std::vector<ReplStatement> out;
  // Top level: a statement starts on a line whose first character is not white space.
  std::vector<size_t> starts;
  for (size_t ls : lines.starts)
    if (ls < block.size() && !std::isspace(static_cast<unsigned char>(block[ls]))) starts.push_back(ls);
  if (starts.empty() || starts.front() != 0) {
    // Leading indented lines (a block pasted with its indentation) form one statement of their own.
    starts.insert(starts.begin(), 0);
  }
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t begin = starts[k];
    const size_t end = k + 1 < starts.size() ? starts[k + 1] : block.size();
    size_t first = begin;
    while (first < end && std::isspace(static_cast<unsigned char>(block[first]))) ++first;
    if (!starts_with_do(block.substr(first, end - first))) {
      add_piece(block, lines, begin, end, out);
      continue;
    }
    size_t body = first + 2;
    while (body < end && std::isspace(static_cast<unsigned char>(block[body]))) ++body;
    if (body < end && block[body] == '{') {
      if (!split_braced_do(block, lines, body, end, out)) add_piece(block, lines, begin, end, out);
    } else if (body < end) {
      split_layout_do(block, lines, body, end, out);
    }
  }
  return out;
}

}  // namespace phonon
