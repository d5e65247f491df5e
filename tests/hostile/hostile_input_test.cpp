// Hostile input through the real binary: numbers that do not fit, limits, floods of diagnostics, raw bytes, text
// in other encodings and broken sample libraries. Every input is generated here. Each case states its outcome (a
// located error, a warning or normal output), its exit code, and that the process neither crashes nor hangs.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "tests/hostile/hostile_run.hpp"

namespace phonon::hostile {
namespace {

// A hard limit for one run; the machine running the tests may be loaded, so this only separates "finished" from
// "hangs" (the hangs this suite guards against ran for minutes).
constexpr double kTimeout = 60.0;
// Peak memory of one compile of a small hostile program.
constexpr long kMaxRssKb = 1024 * 1024;

struct Compiled {
  RunResult run;
  std::string file;
};

// Writes `program` to a file in `dir` and runs `phonon compile` on it.
Compiled compile(const ScratchDir& dir, const std::string& program, const std::string& name = "prog.ph") {
  Compiled c;
  c.file = dir / name;
  write_file(c.file, program);
  c.run = run_phonon({"compile", c.file}, kTimeout);
  return c;
}

// The outcome every bad program must have: exit 1, no crash, no hang, bounded memory, an error at `where`
// ("prog.ph:1:15") containing `message`, a source line and a caret line after it, and a final newline.
void expect_located_error(const Compiled& c, const std::string& where, const std::string& message) {
  SCOPED_TRACE(c.file);
  const RunResult& r = c.run;
  ASSERT_FALSE(r.timed_out) << r.describe();
  ASSERT_FALSE(r.crashed()) << r.describe();
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_LT(r.max_rss_kb, kMaxRssKb) << r.describe();
  const std::string head = c.file.substr(0, c.file.size() - std::string("prog.ph").size()) + where + ": error: ";
  const size_t at = r.err.find(head);
  ASSERT_NE(at, std::string::npos) << "expected `" << head << "`\n" << r.describe();
  const size_t eol = r.err.find('\n', at);
  ASSERT_NE(eol, std::string::npos);
  EXPECT_NE(r.err.substr(at, eol - at).find(message), std::string::npos) << r.describe();
  const size_t eol2 = r.err.find('\n', eol + 1);
  ASSERT_NE(eol2, std::string::npos) << "no source line\n" << r.describe();
  const size_t eol3 = r.err.find('\n', eol2 + 1);
  ASSERT_NE(eol3, std::string::npos) << "no caret line\n" << r.describe();
  EXPECT_NE(r.err.substr(eol2 + 1, eol3 - eol2 - 1).find('^'), std::string::npos) << r.describe();
  EXPECT_EQ(r.err.back(), '\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers that do not fit, and limits (docs/language.md, "Limits")

struct LocatedCase {
  const char* what;
  const char* program;
  const char* where;    // "prog.ph:LINE:COL"
  const char* message;  // part of the error line
};

// Numbers that do not fit: each was an uncaught exception (std::stoi, value_to_int) or undefined behaviour.
const LocatedCase kLocatedCases[] = {
    {"huge Euclid rotation", "o3: s \"bd(3,8,99999999999999999999)\"\n", "prog.ph:1:15", "integer too large"},
    {"huge bus number that would play", "~d99999999999999999999: s \"bd sn\"\n", "prog.ph:1:1",
     "outputs are numbered 0 to 4096"},
    {"huge output number", "o99999999999999999999: s \"bd\"\n", "prog.ph:1:1", "is too large"},
    {"mini-notation number beyond double", "out: s \"bd\" # n \"1e400\"\n", "prog.ph:1:18", "number out of range"},
    {"literal beyond double", "out: fast 1e400 $ s \"bd\"\n", "prog.ph:1:11", "number out of range"},
    {"huge replication", "out: s \"bd!99999999999999999999999\"\n", "prog.ph:1:12", "replication count too large"},
    {"huge ratio denominator", "out: s \"bd@1%99999999999999999999999\"\n", "prog.ph:1:14", "number too large"},
    // Counts and factors over the limits of docs/language.md ("Limits"); chunk 4294967297 used to hang the
    // compiler and grow its memory to 24 GB.
    {"chunk", "out: chunk 4294967297 (fast 2) $ s \"bd sn\"\n", "prog.ph:1:6", "steps is more than the limit of 65536"},
    {"chunk'", "out: chunk' 4294967297 (fast 2) $ s \"bd sn\"\n", "prog.ph:1:6",
     "steps is more than the limit of 65536"},
    {"negative iter", "out: iter (-4294967297) $ s \"bd sn\"\n", "prog.ph:1:6",
     "steps is more than the limit of 65536"},
    {"Euclid steps", "out: s \"bd(3,100000)\"\n", "prog.ph:1:14", "65536"},
    {"ply", "out: ply 1e9 $ s \"bd\"\n", "prog.ph:1:6", "steps is more than the limit of 65536"},
    {"segment", "out: s \"bd\" # n (segment 1e9 $ irand 8)\n", "prog.ph:1:18", "steps is more than the limit of 65536"},
    {"bite", "out: bite 1e12 \"0 1\" $ s \"bd sn\"\n", "prog.ph:1:6", "steps is more than the limit of 65536"},
    {"fast", "out: fast 4294967297 $ s \"bd\"\n", "prog.ph:1:6",
     "the factor 4294967297 is more than the limit of 1048576"},
    {"slow", "out: slow 1e-9 $ s \"bd\"\n", "prog.ph:1:6", "the factor 1e-09 is less than the limit of 1/1048576"},
    {"hurry", "out: hurry 1e9 $ s \"bd\"\n", "prog.ph:1:6", "the factor 1000000000 is more than the limit of 1048576"},
    {"linger", "out: linger 1e-9 $ s \"bd\"\n", "prog.ph:1:6", "the factor 1e-09 is less than the limit of 1/1048576"},
};

TEST(HostileLimits, NumbersThatDoNotFitAndCountsOverTheLimitsAreLocatedErrorsNotHangs) {
  ScratchDir d("lim");
  for (const auto& c : kLocatedCases) {
    SCOPED_TRACE(c.what);
    expect_located_error(compile(d, c.program), c.where, c.message);
  }
}

TEST(HostileLimits, HugeSampleIndexAfterColonDoesNotCrash) {
  ScratchDir d("num");
  const std::string prog = "out: s \"bd:" + std::string(400, '9') + " bd:99999999999999999999\"\n";
  write_file(d / "prog.ph", prog);
  RunResult r = run_phonon({"render", d / "prog.ph", "-o", d / "out.wav", "--duration", "0.5"}, kTimeout);
  ASSERT_FALSE(r.timed_out || r.crashed()) << r.describe();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
}

TEST(HostileLimits, FactorsWithinTheLimitsStillWork) {
  ScratchDir d("lim");
  Compiled c = compile(d, "out: chunk 65536 (fast 2) $ fast 1048576 $ slow 1e12 $ fast 1e-12 $ s \"bd sn\"\n");
  EXPECT_EQ(c.run.exit_code, 0) << c.run.describe();
}

TEST(HostileLimits, TempoOutOfRangeIsALocatedErrorAndRenderStopsAtOnce) {
  ScratchDir d("lim");
  expect_located_error(compile(d, "cps: 1e-9\nout: s \"bd sn\"\n"), "prog.ph:1:6", "the tempo is too slow");
  expect_located_error(compile(d, "bpm: 1e12\nout: s \"bd sn\"\n"), "prog.ph:1:6", "the tempo is too fast");
  RunResult r = run_phonon({"render", d / "prog.ph", "-o", d / "out.wav"}, kTimeout);
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_FALSE(std::filesystem::exists(d / "out.wav"));
  // The lowest tempo allowed compiles.
  Compiled ok = compile(d, "cps: 0.001\nout: s \"bd sn\"\n");
  EXPECT_EQ(ok.run.exit_code, 0) << ok.run.describe();
}

// ---------------------------------------------------------------------------------------------------------------
// Readable diagnostics

TEST(HostileDiagnostics, TenThousandBadOutputsPrintTwentyAndACount) {
  ScratchDir d("diag");
  std::string prog;
  char line[64];
  for (int i = 1; i <= 4096; ++i) prog += (std::snprintf(line, sizeof line, "o%d: nosuchfunction 1\n", i), line);
  for (int i = 0; i < 6000; ++i) prog += (std::snprintf(line, sizeof line, "~b%d: nosuchfunction 2\n", i), line);
  Compiled c = compile(d, prog);
  ASSERT_FALSE(c.run.timed_out || c.run.crashed()) << c.run.describe();
  EXPECT_EQ(c.run.exit_code, 1);
  EXPECT_EQ(count_lines_with(c.run.err, ": error: "), 20u) << c.run.err.substr(0, 2000);
  EXPECT_NE(c.run.err.find("note: 10076 errors more not shown"), std::string::npos)
      << c.run.err.substr(c.run.err.size() - 500);
  EXPECT_LT(c.run.err.size(), 20000u);
}

TEST(HostileDiagnostics, AMegabyteIdentifierIsCutWithAnEllipsis) {
  ScratchDir d("diag");
  Compiled c = compile(d, "out: " + std::string(1 << 20, 'a') + "\n");
  expect_located_error(c, "prog.ph:1:6", "unknown");
  EXPECT_LT(c.run.err.size(), 2000u) << c.run.err.substr(0, 2000);
  EXPECT_NE(c.run.err.find("\xE2\x80\xA6"), std::string::npos);
}

TEST(HostileDiagnostics, AVeryLongLineIsShortenedAroundTheCaret) {
  ScratchDir d("diag");
  // 900,000 characters of a valid pattern, then an error at the end of the line.
  std::string prog = "out: s \"";
  for (int i = 0; i < 300000; ++i) prog += "bd ";
  prog += "\" # nosuch\n";
  Compiled c = compile(d, prog);
  ASSERT_FALSE(c.run.timed_out || c.run.crashed()) << c.run.describe();
  EXPECT_EQ(c.run.exit_code, 1);
  std::istringstream lines(c.run.err);
  size_t longest = 0;
  for (std::string l; std::getline(lines, l);) longest = std::max(longest, l.size());
  EXPECT_LT(longest, 400u) << c.run.err.substr(0, 1000);
  EXPECT_NE(c.run.err.find("nosuch"), std::string::npos);
  EXPECT_NE(c.run.err.find('^'), std::string::npos);
}

TEST(HostileDiagnostics, ControlCharactersAreShownEscaped) {
  ScratchDir d("diag");
  Compiled c = compile(d, std::string("out: s \"bd\" # \x1b[31mred\x07 \x01\x7f\xc2\x85\n"));
  ASSERT_FALSE(c.run.timed_out || c.run.crashed()) << c.run.describe();
  EXPECT_EQ(c.run.exit_code, 1);
  for (char bad : {'\x1b', '\x07', '\x01', '\x7f'})
    EXPECT_EQ(c.run.err.find(bad), std::string::npos) << "raw byte " << int(bad) << " in:\n" << c.run.err;
  EXPECT_EQ(c.run.err.find("\xc2\x85"), std::string::npos);
  EXPECT_NE(c.run.err.find("\\e[31m"), std::string::npos) << c.run.err;
  EXPECT_EQ(c.run.err.back(), '\n');
}

TEST(HostileDiagnostics, FileWithNulBytesSaysSo) {
  ScratchDir d("diag");
  const char text[] = "out: s \"bd\"\n\0\0garbage";
  expect_located_error(compile(d, std::string(text, sizeof text - 1)), "prog.ph:2:1", "NUL byte");
}

std::string utf16(const std::string& ascii, bool little, bool bom) {
  std::string out;
  if (bom) out += little ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
  for (char ch : ascii) out += little ? std::string{ch, '\0'} : std::string{'\0', ch};
  return out;
}
std::string utf32(const std::string& ascii, bool little, bool bom) {
  std::string out;
  if (bom) out += little ? std::string("\xFF\xFE\0\0", 4) : std::string("\0\0\xFE\xFF", 4);
  for (char ch : ascii) out += little ? std::string{ch, '\0', '\0', '\0'} : std::string{'\0', '\0', '\0', ch};
  return out;
}

TEST(HostileDiagnostics, Utf16AndUtf32FilesAreNamedWithOrWithoutBom) {
  ScratchDir d("diag");
  const std::string prog = "out: s \"bd sn hh sn\" # gain 0.9\n";
  for (bool bom : {true, false}) {
    expect_located_error(compile(d, utf16(prog, true, bom)), "prog.ph:1:1", "UTF-16 (little-endian)");
    expect_located_error(compile(d, utf16(prog, false, bom)), "prog.ph:1:1", "UTF-16 (big-endian)");
    expect_located_error(compile(d, utf32(prog, true, bom)), "prog.ph:1:1", "UTF-32 (little-endian)");
    expect_located_error(compile(d, utf32(prog, false, bom)), "prog.ph:1:1", "UTF-32 (big-endian)");
  }
}

TEST(HostileDiagnostics, EveryMessageOfABadFileEndsWithANewlineAndKeepsItsCaret) {
  ScratchDir d("diag");
  const std::vector<std::string> programs = {
      "out: s \"bd",
      "out: (((",
      "out: s \"bd\" #",
      "~a: ~b\n~b: ~a\nout: ~a",
      "out: s \"bd(3,8\"",
      "o0: s \"bd\"",
      "out: \"\t\tbd\" + 1",
      "out: s \"bd\" # n \"-\"",
      "\xEF\xBB\xBFout: s \"bd\" # lpf \"xx\"",
      "out: s \"bd\" # speed \xff\xfe",
  };
  for (const auto& p : programs) {
    Compiled c = compile(d, p + "\n");
    SCOPED_TRACE(p);
    ASSERT_FALSE(c.run.timed_out || c.run.crashed()) << c.run.describe();
    EXPECT_EQ(c.run.exit_code, 1) << c.run.describe();
    ASSERT_FALSE(c.run.err.empty());
    EXPECT_EQ(c.run.err.back(), '\n');
    // Each located error is followed by its source line and a caret line.
    std::vector<std::string> lines;
    std::istringstream s(c.run.err);
    for (std::string l; std::getline(s, l);) lines.push_back(l);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find("prog.ph:") != 0 && lines[i].find(d.path()) != 0) continue;
      ASSERT_LT(i + 2, lines.size()) << c.run.err;
      EXPECT_NE(lines[i + 2].find('^'), std::string::npos) << c.run.err;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sample libraries

// A 16-bit PCM mono WAV file of `frames` frames of a quiet square wave.
std::string wav(int frames, int rate = 44100) {
  auto u32 = [](uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; };
  auto u16 = [](uint16_t v) { return std::string{char(v), char(v >> 8)}; };
  const uint32_t data = static_cast<uint32_t>(frames) * 2;
  std::string w = "RIFF" + u32(36 + data) + "WAVEfmt " + u32(16) + u16(1) + u16(1) + u32(rate) + u32(rate * 2) +
                  u16(2) + u16(16) + "data" + u32(data);
  for (int i = 0; i < frames; ++i) w += u16(static_cast<uint16_t>((i / 50) % 2 ? 3000 : -3000));
  return w;
}

RunResult render_with(const ScratchDir& d, const std::string& program, const std::vector<std::string>& env = {}) {
  write_file(d / "prog.ph", program);
  return run_phonon({"render", d / "prog.ph", "-o", d / "out.wav", "--duration", "1", "--samples", d / "lib"}, kTimeout,
                    env);
}

TEST(HostileSamples, EveryUnusableEntryIsWarnedOnceWithItsReason) {
  ScratchDir d("samples");
  namespace fs = std::filesystem;
  fs::create_directories(d / "lib/kit/folder.wav");
  write_file(d / "lib/kit/a_good.wav", wav(4410));
  write_file(d / "lib/kit/text.wav", "this is not audio at all, just text\n");
  write_file(d / "lib/kit/empty.wav", "");
  write_file(d / "lib/kit/noise.mp3", std::string(4096, 'z'));
  write_file(d / "lib/kit/README.txt", "ignored silently\n");
  fs::create_symlink("nowhere.wav", d / "lib/kit/dangling.wav");
  fs::create_symlink("loop2.wav", d / "lib/kit/loop1.wav");
  fs::create_symlink("loop1.wav", d / "lib/kit/loop2.wav");
  ASSERT_EQ(mkfifo((d / "lib/kit/pipe.wav").c_str(), 0644), 0);
  RunResult r = render_with(d, "out: s \"kit kit:1 kit:2\"\no2: s \"kit*4\"\n");
  ASSERT_FALSE(r.timed_out || r.crashed()) << r.describe();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"folder.wav`", "a folder, not a file"},     {"text.wav`", "not an audio format"},
      {"empty.wav`", "the file is empty"},         {"noise.mp3`", "not an MP3 file"},
      {"dangling.wav`", "dangling symbolic link"}, {"loop1.wav`", "symbolic link loop"},
      {"loop2.wav`", "symbolic link loop"},        {"pipe.wav`", "a named pipe (FIFO), not a file"},
  };
  for (const auto& [file, reason] : expected) {
    EXPECT_EQ(count_lines_with(r.err, file), 1u) << file << "\n" << r.err;
    const size_t at = r.err.find(file);
    if (at != std::string::npos) {
      EXPECT_NE(r.err.substr(at, r.err.find('\n', at) - at).find(reason), std::string::npos) << r.err;
    }
  }
  EXPECT_EQ(r.err.find("README"), std::string::npos);
  EXPECT_EQ(r.err.find("a_good"), std::string::npos);
  // libsndfile's own words only appear wrapped, after a plain reason that names the file.
  for (const char* raw : {"Internal error", "Format not recognised", "SF_INFO"}) {
    const size_t at = r.err.find(raw);
    if (at == std::string::npos) continue;
    const size_t bol = r.err.rfind('\n', at);
    EXPECT_NE(r.err.substr(bol + 1, at - bol).find("skipping sample file `"), std::string::npos) << r.err;
  }
}

TEST(HostileSamples, AFileOverTheSizeLimitIsSkippedWithAWarning) {
  ScratchDir d("samples");
  std::filesystem::create_directories(d / "lib/big");
  write_file(d / "lib/big/long.wav", wav(44100 * 2));  // 2 s mono = 344 KiB decoded
  RunResult r = render_with(d, "out: s \"big\"\n", {"PHONON_MAX_SAMPLE_MB=0.1"});
  ASSERT_FALSE(r.timed_out || r.crashed()) << r.describe();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.err.find("long.wav`: too large: 0.3 MB decoded, more than the limit of 0.1 MB per file"),
            std::string::npos)
      << r.err;
  // Under the default limit the same file loads.
  RunResult ok = render_with(d, "out: s \"big\"\n");
  EXPECT_EQ(ok.err.find("too large"), std::string::npos) << ok.err;
}

TEST(HostileSamples, UnreadableFoldersAndRootsAreNamed) {
  ScratchDir d("samples");
  std::filesystem::create_directories(d / "lib");
  write_file(d / "lib/kit", "a file where a sound folder should be");
  RunResult r = render_with(d, "out: s \"kit\"\n");
  ASSERT_FALSE(r.timed_out || r.crashed()) << r.describe();
  EXPECT_NE(r.err.find("kit`: it is a file, not a folder"), std::string::npos) << r.err;

  RunResult missing = run_phonon(
      {"render", d / "prog.ph", "-o", d / "out.wav", "--duration", "1", "--samples", d / "does-not-exist"}, kTimeout);
  EXPECT_NE(missing.err.find("does-not-exist: no such folder"), std::string::npos) << missing.err;

  if (geteuid() == 0)
    GTEST_SKIP() << "running as root: permissions do not stop reading, so the permission cases "
                    "cannot be checked here";
  std::filesystem::create_directories(d / "locked/kit");
  write_file(d / "locked/kit/a.wav", wav(100));
  std::filesystem::create_directories(d / "lib/hidden");
  write_file(d / "lib/hidden/a.wav", wav(100));
  chmod((d / "lib/hidden").c_str(), 0);
  chmod((d / "locked").c_str(), 0);
  write_file(d / "prog.ph", "out: s \"hidden kit\"\n");
  RunResult p = run_phonon({"render", d / "prog.ph", "-o", d / "out.wav", "--duration", "1", "--samples", d / "locked",
                            "--samples", d / "lib"},
                           kTimeout);
  EXPECT_NE(p.err.find("locked: cannot read the folder: permission denied"), std::string::npos) << p.err;
  EXPECT_NE(p.err.find("hidden`: permission denied"), std::string::npos) << p.err;
}

}  // namespace
}  // namespace phonon::hostile
