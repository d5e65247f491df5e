// Rendering of diagnostics on hostile text: escaping, shortening around the caret, the cap on how many are shown,
// and the encoding check.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "compiler/diagnostics.hpp"

namespace phonon {
namespace {

std::shared_ptr<const SourceFile> file(const std::string& text) { return std::make_shared<SourceFile>("f.ph", text); }

TEST(DiagnosticsRender, PlainLineKeepsTheUsualShape) {
  auto f = file("out: s \"bd\" # nosuch 2\n");
  Diagnostic d{Severity::Error, SourceSpan{f, 14, 20}, "unknown function `nosuch`", "did you mean `notch`?"};
  EXPECT_EQ(d.render(),
            "f.ph:1:15: error: unknown function `nosuch`\n"
            "  out: s \"bd\" # nosuch 2\n"
            "                ^~~~~~\n"
            "  hint: did you mean `notch`?\n");
}

TEST(DiagnosticsRender, ControlCharactersAreEscapedAndTheCaretFollowsThem) {
  auto f = file(std::string("a\x1b\x00\x07 x\n", 7));
  Diagnostic d{Severity::Error, SourceSpan{f, 5, 6}, "bad `\x1b[2J`", ""};
  EXPECT_EQ(d.render(),
            "f.ph:1:6: error: bad `\\e[2J`\n"
            "  a\\e\\0\\x07 x\n"
            "            ^\n");
}

TEST(DiagnosticsRender, MultiByteCharactersTakeOneColumn) {
  auto f = file("-- é ü\nout: \"é\" x\n");
  Diagnostic d{Severity::Error, SourceSpan{f, 19, 20}, "here", ""};
  EXPECT_EQ(d.render(), "f.ph:2:11: error: here\n  out: \"é\" x\n           ^\n");
}

TEST(DiagnosticsRender, LongLinesAreShownAroundTheCaret) {
  std::string line(5000, 'a');
  line.replace(4000, 3, "BAD");
  auto f = file(line + "\n");
  Diagnostic d{Severity::Error, SourceSpan{f, 4000, 4003}, "here", ""};
  std::string r = d.render();
  EXPECT_LT(r.size(), 300u) << r;
  EXPECT_NE(r.find("\xE2\x80\xA6" + std::string(30, 'a') + "BAD"), std::string::npos) << r;
  // The caret sits under BAD: two spaces of indent, one for the ellipsis, 30 of context.
  EXPECT_NE(r.find("\n" + std::string(2 + 1 + 30, ' ') + "^~~\n"), std::string::npos) << r;
}

TEST(DiagnosticsRender, LongQuotedNamesAreCut) {
  Diagnostic d{Severity::Error, {}, "unknown `" + std::string(100000, 'x') + "`", ""};
  std::string r = d.render();
  EXPECT_EQ(r, "error: unknown `" + std::string(kMaxQuotedShown, 'x') + "\xE2\x80\xA6`\n");
}

TEST(DiagnosticsRender, AtMostTwentyAreShownErrorsFirstThenACount) {
  auto f = file("x\n");
  Diagnostics ds;
  for (int i = 0; i < 30; ++i) ds.warning(SourceSpan{f, 0, 1}, std::string("w").append(std::to_string(i)));
  for (int i = 0; i < 25; ++i) ds.error(SourceSpan{f, 0, 1}, std::string("e").append(std::to_string(i)));
  std::string r = ds.render_all();
  EXPECT_NE(r.find("error: e19\n"), std::string::npos);
  EXPECT_EQ(r.find("error: e20\n"), std::string::npos);
  EXPECT_EQ(r.find("warning: w0\n"), std::string::npos);
  EXPECT_EQ(r.substr(r.rfind("note:")), "note: 5 errors and 30 warnings more not shown (the first 20 are above)\n");
  Diagnostics few;
  few.warning({}, "only one");
  EXPECT_EQ(few.render_all(), "warning: only one\n");
}

TEST(DiagnosticsRender, EncodingCheckNamesUtf16Utf32AndNul) {
  auto check = [](const std::string& text) {
    Diagnostics ds;
    bool ok = check_text_encoding(file(text), ds);
    return ok ? std::string("ok") : ds.items().at(0).message;
  };
  EXPECT_EQ(check("out: s \"bd\"\n"), "ok");
  EXPECT_EQ(check("\xEF\xBB\xBFout: s \"bd\"\n"), "ok");
  EXPECT_EQ(check(std::string("\xFF\xFEo\0u\0t\0", 8)), "this file is UTF-16 (little-endian) text, not UTF-8");
  const char be16[] = "\0o\0u\0t\0:\0 \0s\0\n";
  EXPECT_EQ(check(std::string(be16, sizeof be16 - 1)), "this file is UTF-16 (big-endian) text, not UTF-8");
  EXPECT_EQ(check(std::string("o\0\0\0u\0\0\0t\0\0\0", 12)), "this file is UTF-32 (little-endian) text, not UTF-8");
  EXPECT_EQ(check(std::string("\0\0\xFE\xFF\0\0\0o", 8)), "this file is UTF-32 (big-endian) text, not UTF-8");
  EXPECT_EQ(check(std::string("out: s \"bd\"\n\0", 13)), "this file contains a NUL byte (is it a binary file?)");
}

}  // namespace
}  // namespace phonon
