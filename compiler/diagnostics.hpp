// Diagnostics: every user-facing error or warning. Rendered as
//   file:line:col: error: message
//     <source line>
//         ^~~~
//   hint: ...
// Compilation collects all diagnostics of a file rather than stopping at the first.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source.hpp"

namespace phonon {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceSpan span;  // may be invalid (no location)
  std::string message;
  std::string hint;  // optional

  // Full rendering with the source line and caret (multi-line string, ends with '\n'). The message, the hint and
  // the line are escaped (no raw control characters) and shortened (see the limits below).
  std::string render() const;
  // One-line form "line:col: error: message" (used in JSON outputs such as `phonon query --cases`).
  std::string short_form() const;
};

// Limits of the rendered text, so that no input can flood a terminal (docs/language.md, "Limits").
inline constexpr size_t kMaxDiagnosticsShown = 20;  // render_all prints these, then a count of the rest
inline constexpr size_t kMaxSourceLineShown = 100;  // columns of a source line shown around the caret
inline constexpr size_t kMaxQuotedShown = 40;       // a `quoted` name or string in a message is cut after this

// `text` made safe to print on a terminal: control characters (C0, DEL, C1) as \n, \t, \e, \0, \xNN or
// \u0085; bytes that are not UTF-8 as \xNN; everything else unchanged.
std::string escape_control(std::string_view text);
// A message or hint made safe and short: escaped as above, and every `quoted` part longer than kMaxQuotedShown
// cut to its start and an ellipsis (`aaaa…`).
std::string tidy_message(std::string_view text);

// A file that is not UTF-8 text (UTF-16 or UTF-32, with or without byte order mark, or one with NUL bytes) gets
// one error saying so, and false; other files return true.
bool check_text_encoding(const std::shared_ptr<const SourceFile>& file, class Diagnostics& diags);

class Diagnostics {
 public:
  void error(SourceSpan span, std::string message, std::string hint = {});
  void warning(SourceSpan span, std::string message, std::string hint = {});
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  bool has_errors() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  // The first kMaxDiagnosticsShown diagnostics rendered, then a line counting the rest.
  std::string render_all() const;
  void clear() { items_.clear(); }

 private:
  std::vector<Diagnostic> items_;
};

// Thrown to abandon the current construct after recording a diagnostic; never crosses into the runtime.
struct CompileError : std::runtime_error {
  Diagnostic diag;
  explicit CompileError(Diagnostic d) : std::runtime_error(d.message), diag(std::move(d)) {}
};

[[noreturn]] void throw_error(SourceSpan span, std::string message, std::string hint = {});

// "did you mean `x`?" helper: the closest candidate by edit distance, or empty if none is close.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace phonon
