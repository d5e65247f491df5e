// What each Tidal editor plugin writes to GHCi's standard input, replayed through the REPL's reader and session:
// every block is accepted (ok or a no-op note) and the slots end up as the performer meant.
// The shapes were read from the plugins' public sources:
//   VS Code (tidalcycles/vscode-tidalcycles, src/tidal.ts): the boot file line by line with blank lines
//     dropped, then each evaluation as `:{`, its lines, `:}`, one write per line;
//   vim-tidal: a single line as it is, several lines wrapped in `:{` … `:}`;
//   Emacs tidal.el (tidal-run-multiple-lines): `:{`, the paragraph (mark-paragraph: with its leading blank
//     line), `:}`, each sent with a newline; tidal-run-line: the line alone;
//   Pulsar tidalcycles: each evaluation wrapped in `:{` … `:}`.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/live/repl_blocks.hpp"
#include "runtime/live/repl_session.hpp"

namespace phonon {
namespace {

// A Tidal 1.7 style boot file, as a performer's BootTidal.hs has it (one write per line, blank lines dropped).
const std::vector<std::string> kBoot = {
    ":set -XOverloadedStrings",
    ":set prompt \"\"",
    "import Sound.Tidal.Context",
    "import System.IO (hSetEncoding, stdout, utf8)",
    "hSetEncoding stdout utf8",
    "tidal <- startTidal (superdirtTarget {oLatency = 0.1, oAddress = \"127.0.0.1\", oPort = 57120}) "
    "(defaultConfig {cVerbose = True, cFrameTimespan = 1/20})",
    ":{",
    "let only = (hush >>)",
    "    p = streamReplace tidal",
    "    hush = streamHush tidal",
    "    panic = do hush",
    "               once $ sound \"superpanic\"",
    "    mute = streamMute tidal",
    "    solo = streamSolo tidal",
    "    setcps = asap . cps",
    "    xfadeIn i t = transition tidal True (Sound.Tidal.Transition.xfadeIn t) i",
    "    d1 = p 1 . (|< orbit 0)",
    "    d2 = p 2 . (|< orbit 1)",
    ":}",
    ":{",
    "let getState = streamGet tidal",
    "    setI = streamSetI tidal",
    ":}",
    "tidalInst <- mkTidal",
    "instance Tidally where tidal = tidalInst",
    ":set prompt \"tidal> \"",
    ":set prompt-cont \"\"",
    "default (Pattern String, Integer, Double)",
};

// Feeds writes; between two evaluations the input pauses (the performer moves to the next block).
struct Transcript {
  ReplBlockReader reader;
  ReplSession session;
  std::vector<ReplOutcome> outcomes;

  void write(const std::string& bytes) { reader.feed(bytes); }
  void pause() {
    reader.pause();
    ReplBlock b;
    while (reader.next(&b)) {
      ReplOutcome o = session.evaluate(b);
      if (o.kind == ReplOutcome::Kind::Program) session.accept();
      outcomes.push_back(o);
    }
  }
  void expect_all_accepted() const {
    for (const ReplOutcome& o : outcomes) EXPECT_NE(o.kind, ReplOutcome::Kind::Error) << o.message;
  }
};

void boot_line_by_line(Transcript& t, const char* eol) {
  for (const std::string& line : kBoot) t.write(line + eol);
  t.pause();
}

TEST(ReplEditorTranscript, VsCodeBootThenFramedBlocks) {
  for (const char* eol : {"\n", "\r\n"}) {
    Transcript t;
    boot_line_by_line(t, eol);
    EXPECT_EQ(t.session.program(), "hush\n") << "the boot file plays nothing";
    for (const char* line : {":{", "d1 $ s \"bd*2\"", ":}"}) t.write(std::string(line) + eol);
    t.pause();
    for (const char* line : {":{", "d2 $ s \"hh*4\"", "  # gain 0.9", ":}"}) t.write(std::string(line) + eol);
    t.pause();
    for (const char* line : {":{", "hush", ":}"}) t.write(std::string(line) + eol);
    t.pause();
    t.expect_all_accepted();
    EXPECT_EQ(t.session.program(), "hush\n");
  }
}

TEST(ReplEditorTranscript, VimTidalSingleLinesAndWrappedParagraphs) {
  Transcript t;
  t.write("d1 $ s \"bd*2\"\n");
  t.pause();
  t.write(":{\nd2 $ s \"hh*4\"\n  # gain 0.9\n:}\n");
  t.pause();
  t.write("mute 1\n");
  t.pause();
  t.expect_all_accepted();
  const std::string p = t.session.program();
  EXPECT_EQ(p.find("bd*2"), std::string::npos) << p;
  EXPECT_NE(p.find("hh*4"), std::string::npos) << p;
}

TEST(ReplEditorTranscript, EmacsTidalElParagraphWithItsLeadingBlankLine) {
  Transcript t;
  t.write(":{\n");
  t.write("\nd1 $ sound \"bd*2 [~ bd] sn\"\n  # speed 1\n\n");
  t.write(":}\n");
  t.pause();
  t.write("solo 1\n");  // tidal-run-line
  t.pause();
  t.expect_all_accepted();
  EXPECT_NE(t.session.program().find("bd*2 [~ bd] sn"), std::string::npos) << t.session.program();
}

TEST(ReplEditorTranscript, PulsarFramedEvaluationsAndHush) {
  Transcript t;
  t.write(":{\nd1 $ n \"0 .. 3\" # s \"arpy\"\n:}\n");
  t.pause();
  t.write(":{\nsetcps 0.6\n:}\n");
  t.pause();
  t.write(":{\nhush\n:}\n");
  t.pause();
  t.expect_all_accepted();
  EXPECT_EQ(t.outcomes.size(), 3u);
  EXPECT_NE(t.session.program().find("cps: 0.6"), std::string::npos);
}

}  // namespace
}  // namespace phonon
