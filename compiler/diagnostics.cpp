#include "compiler/diagnostics.hpp"

#include <algorithm>
#include <cstdio>

namespace phonon {

static const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

namespace {

// One character of a source line as shown: its bytes in the line, its printed form and width in columns.
struct Shown {
  size_t begin = 0, size = 1;
  std::string text;
  size_t width = 1;
};

// Decodes the UTF-8 sequence at s[i]; returns its length (0 if it is not valid UTF-8) and sets *cp.
size_t utf8_at(std::string_view s, size_t i, uint32_t* cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t c = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
  for (size_t k = 1; k < n; ++k) {
    const auto cb = static_cast<unsigned char>(s[i + k]);
    if ((cb >> 6) != 0x2) return 0;
    c = (c << 6) | (cb & 0x3Fu);
  }
  static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMin[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;  // overlong, surrogate
  *cp = c;
  return n;
}

// The printed form of the character at s[i] (and its byte length in *len): itself, or an escape for control
// characters, invalid bytes and the invisible bidirectional controls that can make code look like other code.
std::string shown_char(std::string_view s, size_t i, size_t* len, bool keep_tab) {
  uint32_t cp = 0;
  size_t n = utf8_at(s, i, &cp);
  char buf[16];
  if (n == 0) {
    *len = 1;
    std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(s[i]));
    return buf;
  }
  *len = n;
  if (cp < 0x20 || cp == 0x7F) {
    switch (cp) {
      case '\t': return keep_tab ? "\t" : "\\t";
      case '\n': return "\\n";
      case '\r': return "\\r";
      case 0x1B: return "\\e";
      case 0: return "\\0";
      default: std::snprintf(buf, sizeof buf, "\\x%02X", cp); return buf;
    }
  }
  if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
      cp == 0x2029 || cp == 0xFEFF) {
    std::snprintf(buf, sizeof buf, "\\u%04X", cp);
    return buf;
  }
  return std::string(s.substr(i, n));
}

std::vector<Shown> shown_line(std::string_view line) {
  std::vector<Shown> out;
  for (size_t i = 0; i < line.size();) {
    Shown c;
    c.begin = i;
    c.text = shown_char(line, i, &c.size, /*keep_tab=*/true);
    c.width = c.text == "\t" ? 1 : (c.text.size() == c.size && c.size > 1 ? 1 : c.text.size());
    i += c.size;
    out.push_back(std::move(c));
  }
  return out;
}

// Cuts `s` to at most `max` bytes at a character boundary and adds an ellipsis when it was longer.
std::string cut(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "\xE2\x80\xA6";
}

constexpr size_t kMaxMessage = 400;   // bytes of one message or hint after quoted parts are cut
constexpr size_t kCaretContext = 30;  // columns shown left of the caret when a line is shortened
const char* const kEllipsis = "\xE2\x80\xA6";

}  // namespace

std::string escape_control(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t n = 1;
    out += shown_char(text, i, &n, /*keep_tab=*/false);
    i += n;
  }
  return out;
}

std::string tidy_message(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('`', i);
    size_t close = open == std::string_view::npos ? open : text.find('`', open + 1);
    if (close == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, open + 1 - i);
    out += cut(text.substr(open + 1, close - open - 1), kMaxQuotedShown);
    out += '`';
    i = close + 1;
  }
  return cut(escape_control(out), kMaxMessage);
}

std::string Diagnostic::short_form() const {
  std::string out;
  if (span.valid()) {
    out += std::to_string(span.file->line_of(span.begin)) + ":" + std::to_string(span.file->col_of(span.begin)) + ": ";
  }
  out += severity_name(severity);
  out += ": " + tidy_message(message);
  return out;
}

std::string Diagnostic::render() const {
  std::string out;
  if (span.valid()) {
    const uint32_t line = span.file->line_of(span.begin);
    const uint32_t col = span.file->col_of(span.begin);
    out += escape_control(span.file->name) + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
    out += severity_name(severity);
    out += ": " + tidy_message(message) + "\n";
    const std::string_view text = span.file->line_text(line);
    const std::vector<Shown> chars = shown_line(text);
    // The caret covers the characters of [col - 1, col - 1 + len) within this line (at least one column).
    const size_t cb = col - 1;
    const size_t ce = std::max<size_t>(cb + 1, span.end > span.begin ? cb + (span.end - span.begin) : cb + 1);
    size_t c0 = chars.size(), c1 = chars.size();
    for (size_t k = 0; k < chars.size(); ++k) {
      if (c0 == chars.size() && chars[k].begin + chars[k].size > cb) c0 = k;
      if (chars[k].begin >= ce) {
        c1 = k;
        break;
      }
    }
    size_t total = 0;
    for (const auto& c : chars) total += c.width;
    // The window [first, last) of characters shown: the whole line when it fits, else kCaretContext columns
    // left of the caret and as much as fits to its right.
    size_t first = 0, last = chars.size();
    if (total > kMaxSourceLineShown) {
      size_t w = 0;
      first = c0;
      while (first > 0 && w + chars[first - 1].width <= kCaretContext) w += chars[--first].width;
      last = first;
      w = 0;
      while (last < chars.size() && w + chars[last].width <= kMaxSourceLineShown) w += chars[last++].width;
    }
    std::string src = "  ", caret = "  ";
    if (first > 0) src += kEllipsis, caret += ' ';
    for (size_t k = first; k < last; ++k) {
      src += chars[k].text;
      if (k < c0) caret += chars[k].text == "\t" ? std::string("\t") : std::string(chars[k].width, ' ');
    }
    if (last < chars.size()) src += kEllipsis;
    // Columns past the end of the line (a caret after its last character) are spaces.
    if (c0 == chars.size() && cb > text.size()) caret += std::string(cb - text.size(), ' ');
    caret += '^';
    size_t tildes = 0;
    for (size_t k = c0; k < std::min(c1, last); ++k) tildes += chars[k].width;
    if (tildes > 1) caret += std::string(tildes - 1, '~');
    out += src + "\n" + caret + "\n";
  } else {
    out += std::string(severity_name(severity)) + ": " + tidy_message(message) + "\n";
  }
  if (!hint.empty()) out += "  hint: " + tidy_message(hint) + "\n";
  return out;
}

void Diagnostics::error(SourceSpan span, std::string message, std::string hint) {
  items_.push_back({Severity::Error, std::move(span), std::move(message), std::move(hint)});
}
void Diagnostics::warning(SourceSpan span, std::string message, std::string hint) {
  items_.push_back({Severity::Warning, std::move(span), std::move(message), std::move(hint)});
}
bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
}
std::string Diagnostics::render_all() const {
  // When there are too many, errors are shown before warnings (an error is what stops the program), each group
  // in source order.
  std::vector<bool> show(items_.size(), items_.size() <= kMaxDiagnosticsShown);
  if (items_.size() > kMaxDiagnosticsShown) {
    size_t n = 0;
    for (int pass = 0; pass < 2; ++pass)
      for (size_t i = 0; i < items_.size() && n < kMaxDiagnosticsShown; ++i)
        if (!show[i] && (pass == 1 || items_[i].severity == Severity::Error)) show[i] = true, ++n;
  }
  std::string out;
  size_t hidden_errors = 0, hidden_other = 0;
  for (size_t i = 0; i < items_.size(); ++i) {
    if (show[i]) out += items_[i].render();
    else if (items_[i].severity == Severity::Error) ++hidden_errors;
    else ++hidden_other;
  }
  if (hidden_errors + hidden_other > 0) {
    auto count = [](size_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
    std::string rest;
    if (hidden_errors) rest += count(hidden_errors, "error");
    if (hidden_other) rest += std::string(rest.empty() ? "" : " and ") + count(hidden_other, "warning");
    out += "note: " + rest + " more not shown (the first " + std::to_string(kMaxDiagnosticsShown) + " are above)\n";
  }
  return out;
}

bool check_text_encoding(const std::shared_ptr<const SourceFile>& file, Diagnostics& diags) {
  const std::string& t = file->text;
  auto starts = [&](std::string_view bom) { return t.compare(0, bom.size(), bom) == 0; };
  std::string kind;
  uint32_t bom = 0;
  using namespace std::string_view_literals;
  if (starts("\xFF\xFE\0\0"sv)) kind = "UTF-32 (little-endian)", bom = 4;
  else if (starts("\0\0\xFE\xFF"sv)) kind = "UTF-32 (big-endian)", bom = 4;
  else if (starts("\xFF\xFE"sv)) kind = "UTF-16 (little-endian)", bom = 2;
  else if (starts("\xFE\xFF"sv)) kind = "UTF-16 (big-endian)", bom = 2;
  const size_t first_nul = t.find('\0');
  if (kind.empty() && first_nul == std::string::npos) return true;
  if (kind.empty()) {
    // No byte order mark: text in UTF-16/32 has NULs in fixed positions (the high bytes of ASCII characters).
    size_t n = std::min<size_t>(t.size(), 4096) / 4 * 4;
    size_t zero[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; ++i) zero[i % 4] += t[i] == '\0';
    const size_t q = n / 4;
    auto mostly = [&](size_t z) { return q > 0 && z * 10 >= q * 9; };
    auto rarely = [&](size_t z) { return z * 10 <= q; };
    if (mostly(zero[1]) && mostly(zero[2]) && mostly(zero[3]) && rarely(zero[0])) kind = "UTF-32 (little-endian)";
    else if (mostly(zero[0]) && mostly(zero[1]) && mostly(zero[2]) && rarely(zero[3])) kind = "UTF-32 (big-endian)";
    else if (mostly(zero[1]) && mostly(zero[3]) && rarely(zero[0]) && rarely(zero[2])) kind = "UTF-16 (little-endian)";
    else if (mostly(zero[0]) && mostly(zero[2]) && rarely(zero[1]) && rarely(zero[3])) kind = "UTF-16 (big-endian)";
  }
  if (!kind.empty()) {
    diags.error(SourceSpan{file, 0, bom}, "this file is " + kind + " text, not UTF-8",
                "save it as UTF-8 (in most editors: Save As, then choose the encoding UTF-8)");
  } else {
    const auto at = static_cast<uint32_t>(first_nul);
    diags.error(SourceSpan{file, at, at + 1}, "this file contains a NUL byte (is it a binary file?)",
                "a program is UTF-8 text; remove the NUL bytes or give the right file");
  }
  return false;
}

void throw_error(SourceSpan span, std::string message, std::string hint) {
  throw CompileError(Diagnostic{Severity::Error, std::move(span), std::move(message), std::move(hint)});
}

static size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = static_cast<size_t>(-1);
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  size_t limit = std::max<size_t>(1, word.size() / 3);
  return best_d <= limit ? best : std::string();
}

}  // namespace phonon
