// Tidal's transitions in the REPL (`xfadeIn 1 8 $ …`, `clutchIn`, `jumpIn`, `jumpIn'`, `jumpMod`, `wait`,
// `histpan`, `mortal`, `wash`, …): the composed program plays what Tidal 1.7.10's Sound.Tidal.Transition gives for the
// same history. The expected events are Tidal's, printed by GHCi with tidal-1.7.10 (`:set -XOverloadedStrings`, `import
// qualified Sound.Tidal.Transition as Tr`), e.g. `queryArc (Tr.xfadeIn 2 2 [s "b*2", s "a*2"]) (Arc 2 4)`; Tidal's
// `now` is the boundary where Phonon's block takes effect, or a moment in the cycle before it for the cycle-snapped
// ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "runtime/live/repl_blocks.hpp"
#include "runtime/live/repl_session.hpp"

namespace phonon {
namespace {

ReplBlock block(const std::string& text) {
  ReplBlock b;
  b.text = text;
  b.first_line = 1;
  return b;
}

void run(ReplSession& s, const std::string& text, double now) {
  ReplOutcome o = s.evaluate(block(text), now);
  ASSERT_EQ(o.kind, ReplOutcome::Kind::Program) << o.message;
  s.accept();
}

// The events with onsets of the program's outputs in cycles [from, to), queried a cycle at a time as the engine
// does (it matters for the fades, whose envelopes are continuous).
std::vector<Event> onset_events(const std::string& program, int from, int to) {
  CompileResult r = compile_source(std::make_shared<const SourceFile>("t.ph", program));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all() << program;
  std::vector<Event> out;
  if (!r.ok()) return out;
  for (const VoiceSource& vs : r.plan->voice_sources) {
    std::vector<Event> events;
    for (int c = from; c < to; ++c) vs.pattern.query(Arc(Rational(c), Rational(c + 1)), events);
    for (const Event& e : events)
      if (e.has_onset()) out.push_back(e);
  }
  return out;
}

double number_or(const ControlMap& m, const char* key, double missing) {
  const Value* v = m.find(key);
  return v ? v->as_number() : missing;
}

// "cycle s gain pan" per onset (-1: not set), sorted.
std::vector<std::string> onsets(const std::string& program, int from, int to) {
  std::vector<std::string> out;
  for (const Event& e : onset_events(program, from, to)) {
    const ControlMap& m = e.value.as_map();
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.3f %s gain %.6f pan %.6f", e.whole->begin.to_double(),
                  m.find("s") ? m.find("s")->as_string().c_str() : "?", number_or(m, "gain", -1.0),
                  number_or(m, "pan", -1.0));
    out.push_back(buf);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ReplTransitions, XfadeInCrossFadesWithTidalsEqualPowerGains) {
  ReplSession s;
  run(s, "d1 $ s \"a*2\"\n", 0.0);
  run(s, "xfadeIn 1 2 $ s \"b*2\"\n", 1.5);  // takes effect at cycle 2: Tidal's now = 2
  const std::vector<std::string> want = {"2.000 a gain 0.990346 pan -1.000000", "2.000 b gain 0.441690 pan -1.000000",
                                         "2.500 a gain 0.911850 pan -1.000000", "2.500 b gain 0.745366 pan -1.000000",
                                         "3.000 a gain 0.745366 pan -1.000000", "3.000 b gain 0.911850 pan -1.000000",
                                         "3.500 a gain 0.441690 pan -1.000000", "3.500 b gain 0.990346 pan -1.000000"};
  EXPECT_EQ(onsets(s.program(), 2, 4), want) << s.program();
}

TEST(ReplTransitions, XfadeOnANewOutputFadesInFromSilenceOverFourCycles) {
  ReplSession s;
  run(s, "xfade 3 $ s \"b\"\n", 0.5);
  const std::vector<std::string> got = onsets(s.program(), 1, 6);
  ASSERT_EQ(got.size(), 5u) << s.program();
  EXPECT_EQ(got[0], "1.000 b gain 0.441690 pan -1.000000");  // envEqR at 1/8 of a 4-cycle fade: sqrt(cos(pi/2 * 7/8))
  EXPECT_EQ(got[4], "5.000 b gain 1.000000 pan -1.000000");  // after the fade: full level
}

TEST(ReplTransitions, JumpInPrimeSwitchesAtTheBoundaryNCyclesAfterTheNextOne) {
  ReplSession s;
  run(s, "d1 $ s \"a\"\n", 0.0);
  run(s, "jumpIn' 1 1 $ s \"b\"\n", 1.5);  // Tidal at 1.5: (2>3) a, (3>4) b
  EXPECT_EQ(onsets(s.program(), 2, 4),
            (std::vector<std::string>{"2.000 a gain -1.000000 pan -1.000000", "3.000 b gain -1.000000 pan -1.000000"}));
}

TEST(ReplTransitions, JumpModSwitchesAtTheNextMultipleOfN) {
  ReplSession s;
  run(s, "d1 $ s \"a\"\n", 0.0);
  run(s, "jumpMod 1 4 $ s \"b\"\n", 4.5);  // Tidal at 4.5: a at 5, 6, 7; b from 8
  const std::vector<std::string> got = onsets(s.program(), 5, 9);
  EXPECT_EQ(got,
            (std::vector<std::string>{"5.000 a gain -1.000000 pan -1.000000", "6.000 a gain -1.000000 pan -1.000000",
                                      "7.000 a gain -1.000000 pan -1.000000", "8.000 b gain -1.000000 pan -1.000000"}));
}

TEST(ReplTransitions, JumpInSwitchesNCyclesAfterTheBlockTakesEffect) {
  ReplSession s;
  run(s, "d1 $ s \"a\"\n", 0.0);
  run(s, "jumpIn 1 2 $ s \"b\"\n", 0.2);  // effect at 1: a at 1 and 2, b from 3
  EXPECT_EQ(onsets(s.program(), 1, 4),
            (std::vector<std::string>{"1.000 a gain -1.000000 pan -1.000000", "2.000 a gain -1.000000 pan -1.000000",
                                      "3.000 b gain -1.000000 pan -1.000000"}));
}

TEST(ReplTransitions, WaitSilencesTheOutputThenPlaysTheNewPattern) {
  ReplSession s;
  run(s, "d1 $ s \"a\"\n", 0.0);
  run(s, "wait 1 2 $ s \"b\"\n", 1.5);  // Tidal at 1.5: (3>4) b, (4>5) b
  EXPECT_EQ(onsets(s.program(), 2, 5),
            (std::vector<std::string>{"3.000 b gain -1.000000 pan -1.000000", "4.000 b gain -1.000000 pan -1.000000"}));
}

TEST(ReplTransitions, HistpanSpreadsTheLastVersionsAcrossTheField) {
  ReplSession s;
  run(s, "d1 $ s \"a\"\n", 0.0);
  run(s, "d1 $ s \"b\"\n", 0.5);
  run(s, "histpan 1 3 $ s \"c\"\n", 1.5);  // Tidal: c at pan 0, b at 1/3, a at 2/3
  EXPECT_EQ(onsets(s.program(), 2, 3),
            (std::vector<std::string>{"2.000 a gain -1.000000 pan 0.666667", "2.000 b gain -1.000000 pan 0.333333",
                                      "2.000 c gain -1.000000 pan 0.000000"}));
}

TEST(ReplTransitions, TheHistoryHoldsPatternsNotTransitions) {
  // As in Tidal, a transition's previous version is the last pattern evaluated, not the last transition.
  ReplSession s;
  run(s, "d1 $ s \"a\"\n", 0.0);
  run(s, "xfadeIn 1 1 $ s \"b\"\n", 0.5);
  run(s, "jumpIn 1 1 $ s \"c\"\n", 4.5);  // b (without the fade's gain) at 5, then c
  EXPECT_EQ(onsets(s.program(), 5, 7),
            (std::vector<std::string>{"5.000 b gain -1.000000 pan -1.000000", "6.000 c gain -1.000000 pan -1.000000"}));
  EXPECT_EQ(s.program().find("envEq"), std::string::npos) << s.program();
}

TEST(ReplTransitions, HushAndSilenceEnterTheHistory) {
  ReplSession s;
  run(s, "d1 $ s \"a\"\n", 0.0);
  run(s, "hush\n", 0.5);
  run(s, "jumpIn 1 1 $ s \"b\"\n", 1.5);  // the previous version is silence: nothing until b at 3
  EXPECT_EQ(onsets(s.program(), 2, 4), (std::vector<std::string>{"3.000 b gain -1.000000 pan -1.000000"}));
}

TEST(ReplTransitions, ClutchInThinsTheOldPatternOutAsTheNewOneFillsIn) {
  ReplSession s;
  run(s, "d1 $ s \"a*4\"\n", 0.0);
  run(s, "clutchIn 1 2 $ s \"b*4\"\n", 1.5);
  // Tidal, each cycle queried on its own: a and b at 2, 9/4, 11/4; then b only, all four per cycle.
  const std::vector<std::string> want = {"2.000 a gain -1.000000 pan -1.000000", "2.000 b gain -1.000000 pan -1.000000",
                                         "2.250 a gain -1.000000 pan -1.000000", "2.250 b gain -1.000000 pan -1.000000",
                                         "2.750 a gain -1.000000 pan -1.000000", "2.750 b gain -1.000000 pan -1.000000",
                                         "3.000 b gain -1.000000 pan -1.000000", "3.250 b gain -1.000000 pan -1.000000",
                                         "3.750 b gain -1.000000 pan -1.000000", "4.000 b gain -1.000000 pan -1.000000",
                                         "4.250 b gain -1.000000 pan -1.000000", "4.500 b gain -1.000000 pan -1.000000",
                                         "4.750 b gain -1.000000 pan -1.000000"};
  EXPECT_EQ(onsets(s.program(), 2, 5), want) << s.program();
}

TEST(ReplTransitions, MortalPlaysForItsLifespanThenThinsOut) {
  ReplSession s;
  run(s, "mortal 1 1 2 $ s \"a*4\"\n", 1.5);  // Tidal: all of cycle 2, then 3, 13/4, 15/4, 17/4, nothing at 5
  const std::vector<std::string> want = {
      "2.000 a gain -1.000000 pan -1.000000", "2.250 a gain -1.000000 pan -1.000000",
      "2.500 a gain -1.000000 pan -1.000000", "2.750 a gain -1.000000 pan -1.000000",
      "3.000 a gain -1.000000 pan -1.000000", "3.250 a gain -1.000000 pan -1.000000",
      "3.750 a gain -1.000000 pan -1.000000", "4.250 a gain -1.000000 pan -1.000000"};
  EXPECT_EQ(onsets(s.program(), 2, 6), want) << s.program();
}

TEST(ReplTransitions, AnticipateInEchoesThePreviousVersionWithAShrinkingStepThenDrops) {
  ReplSession s;
  run(s, "d1 $ s \"a*2\"\n", 0.0);
  run(s, "anticipateIn 1 2 $ s \"b\"\n", 0.5);  // effect at 1: Tidal's anticipateIn 2 1 [s "b", s "a*2"]
  // Tidal: step 3/4 in cycle 1 and 1/4 in cycle 2 (envLR at each cycle's middle), 8 copies with gains
  // 1, 0.9, …, 0.3; then b from cycle 3.
  std::vector<std::string> want;
  auto add = [&](double t, double g) {
    char buf[80];
    std::snprintf(buf, sizeof buf, "%.3f a gain %.6f pan -1.000000", t, g);
    want.push_back(buf);
  };
  const double gains[] = {-1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3};
  for (int k = 0; k < 8; ++k) {  // cycle 1: a at 1 and 1.5 shifted by k × 3/4, kept where the onset is in [1, 2)
    for (double t0 : {0.0, 0.5, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0, -3.5, -4.0, -4.5, -5.0}) {
      const double t = 1.0 + t0 + 0.75 * k;
      if (t >= 1.0 && t < 2.0) add(t, gains[k]);
    }
  }
  for (int k = 0; k < 8; ++k) {  // cycle 2: step 1/4
    for (double t0 : {0.0, 0.5, -0.5, -1.0, -1.5}) {
      const double t = 2.0 + t0 + 0.25 * k;
      if (t >= 2.0 && t < 3.0) add(t, gains[k]);
    }
  }
  want.push_back("3.000 b gain -1.000000 pan -1.000000");
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  std::vector<std::string> got = onsets(s.program(), 1, 4);
  EXPECT_EQ(got, want) << s.program();
  EXPECT_EQ(got.size(), 33u);  // Tidal's count: 16 in cycle 1, 16 in cycle 2 (two start before it), 1 b
}

TEST(ReplTransitions, AnticipateOnANewOutputIsSilentUntilTheDrop) {
  ReplSession s;
  run(s, "anticipateIn 1 2 $ s \"b\"\n", 0.5);  // Tidal: anticipateIn 2 1 [s "b", silence] plays b from 3
  EXPECT_EQ(onsets(s.program(), 1, 4), (std::vector<std::string>{"3.000 b gain -1.000000 pan -1.000000"}));
}

// "cycle s n cut gain speed" per onset, sorted.
std::vector<std::string> control_onsets(const std::string& program, int from, int to) {
  std::vector<std::string> out;
  for (const Event& e : onset_events(program, from, to)) {
    const ControlMap& m = e.value.as_map();
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.3f %s n %.4f cut %.0f gain %.2f speed %.2f", e.whole->begin.to_double(),
                  m.find("s") ? m.find("s")->as_string().c_str() : "?", number_or(m, "n", -1.0),
                  number_or(m, "cut", -1.0), number_or(m, "gain", -1.0), number_or(m, "speed", -1.0));
    out.push_back(buf);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ReplTransitions, InterpolateInMovesEachNumberFromThePreviousVersionOverNCycles) {
  ReplSession s;
  run(s, "d1 $ s \"a*4\" # n 4 # cut 4 # gain 0.5\n", 0.0);
  run(s, "interpolateIn 1 2 $ s \"b*2\" # n \"0 10\" # cut 1 # speed 2\n", 0.5);
  // Tidal 1.7.10: Tr.interpolateIn 2 1 [new, old], a cycle at a time. The new structure, the amount sampled at
  // each event's middle, `cut` (an integer control) floored, `gain` kept from the old version, `s` the new one.
  const std::vector<std::string> want = {
      "1.000 b n 3.5000 cut 3 gain 0.50 speed 2.00", "1.500 b n 6.2500 cut 2 gain 0.50 speed 2.00",
      "2.000 b n 1.5000 cut 2 gain 0.50 speed 2.00", "2.500 b n 9.2500 cut 1 gain 0.50 speed 2.00",
      "3.000 b n 0.0000 cut 1 gain 0.50 speed 2.00", "3.500 b n 10.0000 cut 1 gain 0.50 speed 2.00"};
  EXPECT_EQ(control_onsets(s.program(), 1, 4), want) << s.program();
}

TEST(ReplTransitions, InterpolateFromASilentOutputStaysSilentAsInTidal) {
  ReplSession s;
  run(s, "interpolate 1 $ s \"b*2\"\n", 0.5);  // Tidal: Tr.interpolateIn 4 1 [s "b*2", silence] has no events
  EXPECT_TRUE(onsets(s.program(), 1, 6).empty()) << s.program();
}

TEST(ReplTransitions, WaitTIsSilentForTheWaitThenRunsTheInnerTransitionFromThere) {
  ReplSession s;
  run(s, "d1 $ s \"a*2\"\n", 0.0);
  run(s, "waitT 1 (Sound.Tidal.Transition.jumpIn 1) 2 $ s \"b\"\n", 1.5);
  // Effect at 2; as `wait 1 2`: nothing until 3; then jumpIn 1 from 3: a for a cycle, b from 4.
  EXPECT_EQ(onsets(s.program(), 2, 5),
            (std::vector<std::string>{"3.000 a gain -1.000000 pan -1.000000", "3.500 a gain -1.000000 pan -1.000000",
                                      "4.000 b gain -1.000000 pan -1.000000"}))
      << s.program();
  ReplOutcome bad = s.evaluate(block("waitT 1 (Tr.spin 2) 2 $ s \"b\"\n"));
  ASSERT_EQ(bad.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(bad.message.find("`waitT` takes one of Tidal's transitions, not `spin`"), std::string::npos) << bad.message;
}

TEST(ReplTransitions, WashPlaysTheOldVersionThenFoutOfItThenFinOfTheNewThenTheNew) {
  ReplSession s;
  run(s, "d1 $ s \"a*2\"\n", 0.0);
  run(s, "wash 1 (# speed 2) (# gain 0.5) 1 1 1 $ s \"b*2\"\n", 1.5);
  // Tidal 1.7.10: Tr.wash (# speed 2) (# gain 0.5) 1 1 1 2 [s "b*2", s "a*2"], cycles 2 to 7.
  const std::vector<std::string> want = {
      "2.000 a n -1.0000 cut -1 gain -1.00 speed -1.00", "2.500 a n -1.0000 cut -1 gain -1.00 speed -1.00",
      "3.000 a n -1.0000 cut -1 gain -1.00 speed 2.00",  "3.500 a n -1.0000 cut -1 gain -1.00 speed 2.00",
      "4.000 b n -1.0000 cut -1 gain 0.50 speed -1.00",  "4.500 b n -1.0000 cut -1 gain 0.50 speed -1.00",
      "5.000 b n -1.0000 cut -1 gain -1.00 speed -1.00", "5.500 b n -1.0000 cut -1 gain -1.00 speed -1.00",
      "6.000 b n -1.0000 cut -1 gain -1.00 speed -1.00", "6.500 b n -1.0000 cut -1 gain -1.00 speed -1.00"};
  EXPECT_EQ(control_onsets(s.program(), 2, 7), want) << s.program();
}

TEST(ReplTransitions, WashInAppliesItsFunctionToTheOldVersionThenSwitches) {
  ReplSession s;
  run(s, "d1 $ s \"a\"\n", 0.0);
  run(s, "washIn 1 (chop 2) 2 $ s \"b\"\n", 0.5);
  // Tidal 1.7.10: Tr.washIn (chop 2) 2 1 [s "b", s "a"]: a chopped in two for cycles 1 and 2, then b.
  std::vector<std::string> got;
  for (const Event& e : onset_events(s.program(), 1, 4)) {
    const ControlMap& m = e.value.as_map();
    char buf[80];
    std::snprintf(buf, sizeof buf, "%.3f %s begin %.2f", e.whole->begin.to_double(), m.find("s")->as_string().c_str(),
                  number_or(m, "begin", -1.0));
    got.push_back(buf);
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"1.000 a begin 0.00", "1.500 a begin 0.50", "2.000 a begin 0.00",
                                           "2.500 a begin 0.50", "3.000 b begin -1.00"}))
      << s.program();
  // On a new output the old version is silence: nothing until the switch (Tidal: [s "b", silence] plays b from 2).
  ReplSession fresh;
  run(fresh, "washIn 1 (# speed 2) 1 $ s \"b\"\n", 0.5);
  EXPECT_EQ(onsets(fresh.program(), 1, 3), (std::vector<std::string>{"2.000 b gain -1.000000 pan -1.000000"}));
}

TEST(ReplTransitions, TidalsOwnTransitionFormNamesTheOutputAfterTheTransition) {
  ReplSession a, b;
  for (ReplSession* s : {&a, &b}) run(*s, "d1 $ s \"a*2\"\n", 0.0);
  run(a, "transition tidal True (Sound.Tidal.Transition.wash (# speed 2) (# gain 0.5) 1 1 1) 1 $ s \"b*2\"\n", 1.5);
  run(b, "wash 1 (# speed 2) (# gain 0.5) 1 1 1 $ s \"b*2\"\n", 1.5);
  EXPECT_EQ(control_onsets(a.program(), 2, 7), control_onsets(b.program(), 2, 7)) << a.program();
  EXPECT_EQ(control_onsets(a.program(), 2, 7).size(), 10u);
  ReplOutcome f = a.evaluate(block("transition tidal False (Tr.xfadeIn 4) 1 $ s \"b\"\n"));
  ASSERT_EQ(f.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(f.message.find("`False`) is not supported"), std::string::npos) << f.message;
  ReplOutcome g = a.evaluate(block("transition tidal True (Tr.xfadeIn 4 1 $ s \"b\"\n"));
  ASSERT_EQ(g.kind, ReplOutcome::Kind::Error);
}

TEST(ReplTransitions, BadArgumentsAndUnsupportedTransitionsAreLocatedErrors) {
  ReplSession s;
  ReplOutcome a = s.evaluate(block("xfadeIn 1 $ s \"bd\"\n"));
  ASSERT_EQ(a.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(a.message.find("needs a number of cycles"), std::string::npos) << a.message;
  ReplOutcome b = s.evaluate(block("jumpIn x 2 $ s \"bd\"\n"));
  ASSERT_EQ(b.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(b.message.find("needs an output"), std::string::npos) << b.message;
  ReplOutcome c = s.evaluate(block("wash 1 2 $ s \"bd\"\n"));
  ASSERT_EQ(c.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(c.message.find("`wash` needs a function here"), std::string::npos) << c.message;
  EXPECT_NE(c.message.find("1:8"), std::string::npos) << c.message;
  ReplOutcome c2 = s.evaluate(block("washIn 1 (chop 8 $ s \"bd\"\n"));
  ASSERT_EQ(c2.kind, ReplOutcome::Kind::Error);
  ReplOutcome c3 = s.evaluate(block("superwash 1 $ s \"bd\"\n"));
  ASSERT_EQ(c3.kind, ReplOutcome::Kind::Error);
  ReplOutcome d = s.evaluate(block("jumpIn 1 1.5 $ s \"bd\"\n"));
  ASSERT_EQ(d.kind, ReplOutcome::Kind::Error);
  EXPECT_NE(d.message.find("whole number"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace phonon
