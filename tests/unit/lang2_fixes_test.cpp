// Language fixes from the user bug hunt (notes/bughunt.md): deep mini-notation is an error, not a crash (F0);
// `s "name:i"` is Tidal's {s, n} (F20); scale names (F22); top-level `+`/`-` of a sound pattern and a number is
// Tidal's n offset in render and query alike (F10); control patterns as frequencies (F11); `# delay 3` on events is
// a send level (F21); `out: sine` warns (F6); messages (F5, F7, F14, F15, F17).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/eval/program.hpp"
#include "compiler/mini/mini.hpp"
#include "compiler/parser.hpp"
#include "pattern_test_util.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon {
namespace {

using testutil::onsets;
using V = std::vector<std::string>;

// "col: message" of parsing the mini-notation `text`, or "no error".
std::string mini_error(const std::string& text) {
  auto file = std::make_shared<const SourceFile>("<test>", "\"" + text + "\"");
  SourceSpan content{file, 1, static_cast<uint32_t>(1 + text.size())};
  try {
    mini::parse_pattern(text, content, mini::ElemType::String);
  } catch (const CompileError& e) {
    return std::to_string(file->col_of(e.diag.span.begin)) + ": " + e.diag.message;
  }
  return "no error";
}

CompileResult compile(const std::string& text, const std::string& dump = {}) {
  CompileOptions o;
  o.dump = dump;
  return compile_source(std::make_shared<const SourceFile>("t.ph", text), o);
}

std::string all(const CompileResult& r) { return r.diagnostics.render_all(); }

// Renders `seconds` of a program (left channel), no limiter.
const double kRate = EngineOptions{}.rate;

std::vector<float> render_left(const std::string& text, double seconds) {
  CompileResult r = compile(text);
  EXPECT_TRUE(r.ok()) << all(r);
  if (!r.ok()) return {};
  SampleBank bank(default_sample_roots({std::string(PHONON_TEST_SAMPLES)}));
  EngineOptions eo;
  eo.limiter = false;
  Engine engine(eo);
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  const int64_t total = static_cast<int64_t>(seconds * eo.rate);
  std::vector<float> out(static_cast<size_t>(total) * 2);
  for (int64_t done = 0; done < total; done += 256)
    engine.process(out.data() + 2 * done, static_cast<int>(std::min<int64_t>(256, total - done)));
  std::vector<float> left(static_cast<size_t>(total));
  for (int64_t i = 0; i < total; ++i) left[static_cast<size_t>(i)] = out[static_cast<size_t>(2 * i)];
  return left;
}

// Positive-going zero crossings per second of x[from, end).
double crossings_hz(const std::vector<float>& x, size_t from, double rate) {
  int n = 0;
  for (size_t i = from + 1; i < x.size(); ++i) n += x[i - 1] <= 0.0f && x[i] > 0.0f;
  return n * rate / static_cast<double>(x.size() - from);
}

// ---- F0 ----------------------------------------------------------------------------------------------------------

TEST(Lang2MiniDepth, DeepNestingIsAnErrorNotACrash) {
  for (char open : {'<', '[', '{'}) {
    char close = open == '<' ? '>' : (open == '[' ? ']' : '}');
    for (int depth : {mini::kMaxMiniDepth + 1, 20000}) {
      std::string text =
          std::string(static_cast<size_t>(depth), open) + "bd" + std::string(static_cast<size_t>(depth), close);
      // the caret is at the bracket that goes one level too deep (column 1 is the quote)
      EXPECT_EQ(mini_error(text), std::to_string(mini::kMaxMiniDepth + 1) + ": mini-notation is nested too deeply")
          << open << " x" << depth;
    }
  }
  // within the limit it parses and plays
  std::string ok = std::string(100, '[') + "bd sn" + std::string(100, ']');
  EXPECT_EQ(mini_error(ok), "no error");
  EXPECT_EQ(onsets(testutil::pat("s \"" + ok + "\"")), (V{"0/1-1/2 s: \"bd\"", "1/2-1/1 s: \"sn\""}));
}

TEST(Lang2MiniDepth, ProgramGetsFileLineColAndHint) {
  std::string deep = std::string(9000, '<') + "bd" + std::string(9000, '>');
  CompileResult r = compile("cps: 1\nout: s \"" + deep + "\"\n");
  ASSERT_FALSE(r.ok());
  const std::string text = all(r);
  EXPECT_NE(
      text.find("t.ph:2:" + std::to_string(8 + mini::kMaxMiniDepth) + ": error: mini-notation is nested too deeply"),
      std::string::npos)
      << text.substr(0, 400);
  EXPECT_NE(text.find("at most 200 levels"), std::string::npos);
}

// ---- F20 ---------------------------------------------------------------------------------------------------------

TEST(Lang2Sound, NameColonIndexIsSAndN) {
  EXPECT_EQ(onsets(testutil::pat("s \"drum:1 drum:2\" |+ n 1")),
            (V{"0/1-1/2 n: 2.0, s: \"drum\"", "1/2-1/1 n: 3.0, s: \"drum\""}));
  EXPECT_EQ(onsets(testutil::pat("n 3 # s \"drum:1\"")), (V{"0/1-1/1 n: 1.0, s: \"drum\""}));
  EXPECT_EQ(onsets(testutil::pat("sound \"bd:3\"")), (V{"0/1-1/1 n: 3.0, s: \"bd\""}));
  // no index, or a suffix that is not a number: the word stays whole; a third field is dropped as in Tidal
  EXPECT_EQ(onsets(testutil::pat("s \"bd ~pad x:y\"")),
            (V{"0/1-1/3 s: \"bd\"", "1/3-2/3 s: \"~pad\"", "2/3-1/1 s: \"x:y\""}));
  EXPECT_EQ(onsets(testutil::pat("s \"a:-1 b:2:7\"")), (V{"0/1-1/2 n: -1.0, s: \"a\"", "1/2-1/1 n: 2.0, s: \"b\""}));
}

TEST(Lang2Sound, RenderPlaysTheShiftedIndex) {
  const auto shifted = render_left("cps: 1\nout: s \"drum:1 drum:2\" |+ n 1\n", 1.0);
  const auto direct = render_left("cps: 1\nout: s \"drum:2 drum:3\"\n", 1.0);
  const auto unshifted = render_left("cps: 1\nout: s \"drum:1 drum:2\"\n", 1.0);
  ASSERT_FALSE(shifted.empty());
  EXPECT_EQ(shifted, direct);
  EXPECT_NE(shifted, unshifted);
  EXPECT_EQ(render_left("cps: 1\nout: n 3 # s \"drum:1\"\n", 1.0), render_left("cps: 1\nout: s \"drum:1\"\n", 1.0));
}

// ---- F22 ---------------------------------------------------------------------------------------------------------

TEST(Lang2Scale, TidalScaleNames) {
  EXPECT_EQ(testutil::query("n (scale \"bhairav\" \"0 .. 7\")"), testutil::query("n \"0 1 4 5 7 8 11 12\""));
  EXPECT_EQ(testutil::query("n (scale \"hijaz\" \"1 5\")"), testutil::query("n \"1 8.5\""));
  // Tidal's diminished starts with the half step; octatonic is its alias
  EXPECT_EQ(testutil::query("n (scale \"diminished\" \"1 2\")"), testutil::query("n \"1 3\""));
  EXPECT_EQ(testutil::query("n (scale \"octatonic2\" \"1 2\")"), testutil::query("n \"2 3\""));
  for (const char* name : {"melodicMinorDesc",
                           "melodicMajor",
                           "hindu",
                           "todi",
                           "purvi",
                           "marva",
                           "bhairav",
                           "ahirbhairav",
                           "octatonic",
                           "octatonic2",
                           "messiaen1",
                           "messiaen2",
                           "messiaen3",
                           "messiaen4",
                           "messiaen5",
                           "messiaen6",
                           "messiaen7",
                           "bayati",
                           "hijaz",
                           "sikah",
                           "rast",
                           "saba",
                           "iraq"})
    EXPECT_NE(testutil::query(std::string("n (scale \"") + name + "\" \"1\")"), testutil::query("n \"12\""))
        << name << " plays octaves";
}

TEST(Lang2Scale, UnknownLiteralNameIsAnErrorWithDidYouMean) {
  try {
    testutil::pat("n (scale \"<major minr>\" \"0 2\")");
    FAIL() << "expected an error";
  } catch (const CompileError& e) {
    EXPECT_EQ(e.diag.short_form(), "1:18: error: unknown scale `minr`");
    EXPECT_NE(e.diag.hint.find("did you mean `minor`?"), std::string::npos) << e.diag.hint;
  }
  // a computed name pattern: a warning (Tidal's fallback plays octaves)
  CompileResult r = compile("out: n (scale (rev \"minr\") \"0 2\") # s \"superpiano\"\n");
  EXPECT_TRUE(r.ok()) << all(r);
  EXPECT_NE(all(r).find("warning: unknown scale `minr`"), std::string::npos) << all(r);
}

// ---- F10 ---------------------------------------------------------------------------------------------------------

TEST(Lang2TopLevel, PlusMinusNumberIsAnNOffsetInRenderAndQuery) {
  CompileResult r = compile("out: s \"bd\" - 2\n", "types");
  ASSERT_TRUE(r.ok()) << all(r);
  EXPECT_NE(r.dump.find("out :: a pattern of controls"), std::string::npos) << r.dump;
  // renders as `s "bd" # n (-2)`, not with a DC offset
  EXPECT_EQ(render_left("cps: 1\nout: s \"drum\" + 1\n", 0.5), render_left("cps: 1\nout: s \"drum:1\"\n", 0.5));
  // `*` by a number stays audio scaling
  CompileResult m = compile("out: s \"bd\" * 0.5\n", "types");
  ASSERT_TRUE(m.ok()) << all(m);
  EXPECT_NE(m.dump.find("out :: an audio signal"), std::string::npos) << m.dump;
}

TEST(Lang2TopLevel, QuerySaysThatScalingIsAudio) {
  Diagnostics diags;
  Program prog =
      parse_program(std::make_shared<const SourceFile>("q.ph", "out: s \"bd sn\" * 0.5\no2: s \"bd\" - 2\n"), diags);
  auto pv = eval::evaluate_program(prog, eval::make_standard_registry(), diags);
  ASSERT_FALSE(diags.has_errors()) << diags.render_all();
  EXPECT_EQ(onsets(pv.outputs.at(0).pattern), (V{"0/1-1/2 s: \"bd\"", "1/2-1/1 s: \"sn\""}));
  ASSERT_TRUE(pv.audio_notes.count(0));
  EXPECT_NE(pv.audio_notes.at(0).find("scales the sound of these events by 0.5"), std::string::npos);
  EXPECT_EQ(onsets(pv.outputs.at(2).pattern), (V{"0/1-1/1 n: -2.0, s: \"bd\""}));
  EXPECT_FALSE(pv.audio_notes.count(2));
}

// ---- F11 ---------------------------------------------------------------------------------------------------------

TEST(Lang2OscPitch, ControlPatternFrequencyHonoursOctaveUpAndFreq) {
  const double rate = kRate;
  EXPECT_NEAR(crossings_hz(render_left("out: sine (n \"a5\") * 0.5\n", 0.5), 2400, rate), 440.0, 4.0);
  EXPECT_NEAR(crossings_hz(render_left("out: sine (n \"a5\" # octave 6) * 0.5\n", 0.5), 2400, rate), 880.0, 6.0);
  // Tidal 1.7: `up` is `note`
  EXPECT_NEAR(crossings_hz(render_left("out: sine (note \"a5\" |+ up 12) * 0.5\n", 0.5), 2400, rate), 880.0, 6.0);
  EXPECT_NEAR(crossings_hz(render_left("out: sine (s \"x\" # freq 330) * 0.5\n", 0.5), 2400, rate), 330.0, 4.0);
}

// ---- F21, F6 -----------------------------------------------------------------------------------------------------

TEST(Lang2Effects, DelaySendOnEventsIsNotATime) {
  CompileResult r = compile("out: s \"cp*4\" # delay 3\n");
  EXPECT_TRUE(r.ok()) << all(r);
  CompileResult sig = compile("out: sine 440 * 0.2 # delay 3\n");
  EXPECT_FALSE(sig.ok());
  EXPECT_NE(all(sig).find("delay time 3.0000 s is longer than the 2.000 s delay line"), std::string::npos) << all(sig);
}

TEST(Lang2Effects, BareContinuousPatternAsOutputWarns) {
  CompileResult r = compile("out: sine\n");
  EXPECT_NE(all(r).find("warning: `sine` without a frequency is the 0..1 continuous pattern"), std::string::npos)
      << all(r);
  EXPECT_NE(all(r).find("`sine 440`"), std::string::npos);
  CompileResult ok = compile("out: sine 440 * 0.2\n");
  EXPECT_EQ(all(ok).find("warning"), std::string::npos) << all(ok);
}

// ---- messages ----------------------------------------------------------------------------------------------------

TEST(Lang2Messages, NoInternalControlNamesAndAHint) {
  CompileResult r = compile("~g: sine 1\nout: s \"bd*4\" # gain ~g\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(all(r).find("~control"), std::string::npos) << all(r);
  EXPECT_NE(all(r).find("argument `value` of `gain` must be a pattern, not an audio signal"), std::string::npos)
      << all(r);
  EXPECT_NE(all(r).find("hint: on an event pattern `gain` is read once per event"), std::string::npos) << all(r);
  CompileResult f = compile("out: fast 2 (sine 440)\n");
  EXPECT_NE(all(f).find("argument `pat` of `fast` must be a pattern, not an audio signal"), std::string::npos)
      << all(f);
  EXPECT_NE(all(f).find("hint: pattern functions work on patterns"), std::string::npos) << all(f);
}

TEST(Lang2Messages, TidalNamesGetHints) {
  CompileResult d = compile("out: s \"bd\" # overgain 0.2\n");
  EXPECT_NE(all(d).find("control `overgain` has no sound in Phonon yet"), std::string::npos) << all(d);
  EXPECT_NE(all(d).find("use `gain`"), std::string::npos) << all(d);
  CompileResult c = compile("setbpm 130\nout: s \"bd\"\n");
  EXPECT_NE(all(c).find("`bpm: 130`"), std::string::npos) << all(c);
}

TEST(Lang2Messages, TempoLimitAndNumberControls) {
  CompileResult t = compile("cps: 1e9\nout: s \"bd\"\n");
  EXPECT_NE(all(t).find("the tempo is too fast (got 1e+09): at most 1000 cycles per second"), std::string::npos)
      << all(t);
  CompileResult g = compile("out: s \"bd\" # gain \"xy\"\n");
  EXPECT_NE(all(g).find("expected a number but found `xy`"), std::string::npos) << all(g);
}

TEST(Lang2Messages, PatternBusCycleIsNamedACycle) {
  CompileResult r = compile("~a: fast 2 ~b\n~b: rev ~a\nout: ~a\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(all(r).find("error: cycle between buses: ~a -> ~b -> ~a"), std::string::npos) << all(r);
  EXPECT_EQ(all(r).find("not an audio signal"), std::string::npos) << all(r);
  CompileResult s = compile("~a: s \"bd\" # n ~a\nout: ~a\n");
  EXPECT_NE(all(s).find("error: cycle between buses: ~a -> ~a"), std::string::npos) << all(s);
}

}  // namespace
}  // namespace phonon

namespace phonon {
namespace {

// Low-priority odds and ends of the bug hunt.
TEST(Lang2Odds, NegativeWeightHushTyposAndChordAlias) {
  EXPECT_EQ(mini_error("bd@-1 sn"), "2: the weight of a step must not be negative");
  EXPECT_EQ(mini_error("bd@0 sn"), "no error");
  CompileResult h = compile("hush o5\nout: s \"bd\"\n");
  EXPECT_TRUE(h.ok()) << all(h);
  EXPECT_NE(all(h).find("warning: `hush o5`: there is no output o5"), std::string::npos) << all(h);
  CompileResult ok = compile("hush o2\no1: s \"bd\"\no2: s \"sn\"\n");
  EXPECT_EQ(all(ok).find("warning"), std::string::npos) << all(ok);
  EXPECT_EQ(testutil::query("n \"c'm7sharp5flat9\""), testutil::query("n \"[0,3,8,10,13]\""));
  // a filter control given a signal on an event pattern: an error with a hint, not a hang
  CompileResult f = compile("out: s \"bd\" # lpf (sine 1)\n");
  EXPECT_FALSE(f.ok());
  EXPECT_NE(all(f).find("argument `value` of `lpf` must be a pattern, not an audio signal"), std::string::npos)
      << all(f);
  EXPECT_NE(all(f).find("hint: on an event pattern `lpf` is read once per event"), std::string::npos) << all(f);
  CompileResult j = compile("out: jux rev $ sine 440\n");
  EXPECT_NE(all(j).find("hint: this function works on events"), std::string::npos) << all(j);
}

}  // namespace
}  // namespace phonon
