// Unicode space characters in UTF-8 source text. Code copied from web pages (the Tidal documentation included)
// carries no-break spaces (U+00A0) and other typographic spaces; Tidal users expect them to separate words as the
// ASCII space does, in code and inside mini-notation strings.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace phonon {

// The byte length of the Unicode space character (category Zs other than U+0020, and U+FEFF, the byte order mark
// that editors put at the start of a file) starting at text[pos], or 0 if there is none.
inline size_t unicode_space_length(std::string_view text, size_t pos) {
  auto byte = [&](size_t i) -> unsigned {
    return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0u;
  };
  const unsigned b0 = byte(0);
  if (b0 == 0xC2 && byte(1) == 0xA0) return 2;                     // U+00A0 no-break space
  if (b0 == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return 3;  // U+1680 ogham space mark
  if (b0 == 0xE2 && byte(1) == 0x80) {
    const unsigned b2 = byte(2);
    if (b2 >= 0x80 && b2 <= 0x8A) return 3;  // U+2000..U+200A en quad .. hair space
    if (b2 == 0xAF) return 3;                // U+202F narrow no-break space
  }
  if (b0 == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;  // U+205F medium mathematical space
  if (b0 == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;  // U+3000 ideographic space
  if (b0 == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return 3;  // U+FEFF byte order mark
  return 0;
}

// `text` with every Unicode space replaced by as many ASCII spaces as it has bytes, so that byte offsets (and the
// carets of diagnostics) stay those of the original.
inline std::string with_ascii_spaces(std::string_view text) {
  std::string out(text);
  for (size_t i = 0; i < out.size();) {
    size_t n = unicode_space_length(out, i);
    if (n == 0) {
      ++i;
      continue;
    }
    out.replace(i, n, n, ' ');
    i += n;
  }
  return out;
}

}  // namespace phonon
