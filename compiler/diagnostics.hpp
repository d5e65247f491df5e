// Diagnostics: every user-facing error or warning. Rendered as
//   file:line:col: error: message
//     <source line>
//         ^~~~
//   hint: ...
// Compilation collects all diagnostics of a file rather than stopping at the first.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/source.hpp"

namespace phonon {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceSpan span;   // may be invalid (no location)
  std::string message;
  std::string hint;  // optional

  // Full rendering with the source line and caret (multi-line string, ends with '\n').
  std::string render() const;
  // One-line form "line:col: error: message" (used in JSON outputs such as `phonon query --cases`).
  std::string short_form() const;
};

class Diagnostics {
 public:
  void error(SourceSpan span, std::string message, std::string hint = {});
  void warning(SourceSpan span, std::string message, std::string hint = {});
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  bool has_errors() const;
  const std::vector<Diagnostic>& items() const { return items_; }
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
