#include "compiler/source.hpp"

#include <algorithm>

namespace phonon {

SourceFile::SourceFile(std::string name_, std::string text_) : name(std::move(name_)), text(std::move(text_)) {
  line_starts.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts.push_back(i + 1);
}

uint32_t SourceFile::line_of(uint32_t offset) const {
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  return static_cast<uint32_t>(it - line_starts.begin());
}

uint32_t SourceFile::col_of(uint32_t offset) const { return offset - line_starts[line_of(offset) - 1] + 1; }

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts.size()) return {};
  uint32_t b = line_starts[line - 1];
  uint32_t e = line < line_starts.size() ? line_starts[line] : static_cast<uint32_t>(text.size());
  while (e > b && (text[e - 1] == '\n' || text[e - 1] == '\r')) --e;
  return std::string_view(text).substr(b, e - b);
}

SourceSpan SourceSpan::sub(uint32_t off, uint32_t len) const {
  if (!file) return {};
  uint32_t b = std::min(begin + off, end);
  uint32_t e = std::min(b + len, std::max(end, b + len));
  return SourceSpan{file, b, e};
}

SourceSpan SourceSpan::merge(const SourceSpan& other) const {
  if (!file) return other;
  if (!other.file || other.file != file) return *this;
  return SourceSpan{file, std::min(begin, other.begin), std::max(end, other.end)};
}

}  // namespace phonon
