#include "compiler/diagnostics.hpp"

#include <algorithm>

namespace phonon {

static const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

std::string Diagnostic::short_form() const {
  std::string out;
  if (span.valid()) {
    out += std::to_string(span.file->line_of(span.begin)) + ":" + std::to_string(span.file->col_of(span.begin)) +
           ": ";
  }
  out += severity_name(severity);
  out += ": " + message;
  return out;
}

std::string Diagnostic::render() const {
  std::string out;
  if (span.valid()) {
    uint32_t line = span.file->line_of(span.begin);
    uint32_t col = span.file->col_of(span.begin);
    out += span.file->name + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
    out += severity_name(severity);
    out += ": " + message + "\n";
    std::string_view text = span.file->line_text(line);
    out += "  ";
    out += text;
    out += "\n  ";
    for (uint32_t i = 1; i < col; ++i) out += (i - 1 < text.size() && text[i - 1] == '\t') ? '\t' : ' ';
    out += '^';
    uint32_t len = span.end > span.begin ? span.end - span.begin : 1;
    uint32_t room = text.size() >= col ? static_cast<uint32_t>(text.size()) - col + 1 : 1;
    for (uint32_t i = 1; i < std::min(len, room); ++i) out += '~';
    out += "\n";
  } else {
    out += std::string(severity_name(severity)) + ": " + message + "\n";
  }
  if (!hint.empty()) out += "  hint: " + hint + "\n";
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
  std::string out;
  for (const auto& d : items_) out += d.render();
  return out;
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
