// Source text and locations. Every token, AST node and mini-notation leaf carries a SourceSpan, so that any
// error can point at the exact spot with file:line:col and a caret.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace phonon {

// A loaded source file: its name (as given by the user, "-" or "<expr>" for non-files) and its full text.
struct SourceFile {
  std::string name;
  std::string text;
  std::vector<uint32_t> line_starts;  // byte offset of each line's first character

  SourceFile(std::string name_, std::string text_);
  // 1-based line and column (column counts bytes) of a byte offset.
  uint32_t line_of(uint32_t offset) const;
  uint32_t col_of(uint32_t offset) const;
  std::string_view line_text(uint32_t line) const;  // without the newline
};

// A half-open byte range [begin, end) of one source file. file == nullptr means "no location".
struct SourceSpan {
  std::shared_ptr<const SourceFile> file;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != nullptr; }
  // A sub-span at [off, off+len) relative to this span's begin (used to point inside string literals).
  SourceSpan sub(uint32_t off, uint32_t len) const;
  SourceSpan merge(const SourceSpan& other) const;
};

}  // namespace phonon
