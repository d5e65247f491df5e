// MIDI in (runtime/inbound/midi_in.hpp): what each message writes to the controller store, and Tidal's cP, which
// reads a sent string as mini-notation (the held notes arrive that way).
#include "runtime/inbound/midi_in.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/pattern/controller_input.hpp"
#include "compiler/plan.hpp"

namespace phonon {
namespace {

struct ClearControllers {
  ClearControllers() { ControllerInput::global().clear(); }
  ~ClearControllers() { ControllerInput::global().clear(); }
};

void send(MidiInState& st, std::vector<unsigned char> bytes) {
  apply_midi_input(bytes.data(), bytes.size(), st, ControllerInput::global());
}

std::string held(MidiInState&) {
  const auto v = ControllerInput::global().get("midinotes");
  return v ? v->as_string() : "(unset)";
}

TEST(MidiIn, AControlChangeSetsTheControllerNamedByItsNumberToValueOver127) {
  ClearControllers clear;
  MidiInState st;
  send(st, {0xB3, 74, 127});  // channel 4: the channel does not matter
  ASSERT_TRUE(ControllerInput::global().get("74").has_value());
  EXPECT_DOUBLE_EQ(ControllerInput::global().get("74")->as_number(), 1.0);
  send(st, {0xB0, 74, 0});
  EXPECT_DOUBLE_EQ(ControllerInput::global().get("74")->as_number(), 0.0);
  send(st, {0xB0, 1, 64});
  EXPECT_DOUBLE_EQ(ControllerInput::global().get("1")->as_number(), 64.0 / 127.0);
}

TEST(MidiIn, HeldNotesAreAChordAndAZeroVelocityNoteOnReleases) {
  ClearControllers clear;
  MidiInState st;
  send(st, {0x90, 64, 100});
  send(st, {0x91, 60, 1});
  EXPECT_EQ(held(st), "[60,64]");
  send(st, {0x90, 64, 0});
  EXPECT_EQ(held(st), "[60]");
  send(st, {0x80, 60, 64});
  EXPECT_EQ(held(st), "~");
  send(st, {0xE0, 0, 64});  // pitch bend: nothing reads it
  send(st, {0x90, 60});     // truncated: ignored
  EXPECT_EQ(held(st), "~");
}

TEST(MidiIn, MoreHeldNotesThanAStringHoldsKeepTheLowest) {
  ClearControllers clear;
  MidiInState st;
  for (unsigned char n = 100; n < 127; ++n) send(st, {0x90, n, 90});
  const std::string chord = held(st);
  ASSERT_LE(chord.size(), ControllerInput::kMaxStringLength);
  EXPECT_EQ(chord.rfind("[100,101,102,", 0), 0u) << chord;
  EXPECT_EQ(chord.back(), ']');
}

// The events of o1 over cycle 0 as "value" strings of `key`.
std::vector<std::string> values(const std::string& program, const char* key) {
  CompileResult r = compile_source(std::make_shared<const SourceFile>("t.ph", program));
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  std::vector<std::string> out;
  if (!r.ok()) return out;
  std::vector<Event> events;
  r.plan->voice_sources.at(0).pattern.query(Arc(Rational(0), Rational(1)), events);
  for (const Event& e : events) {
    const Value* v = e.value.as_map().find(key);
    out.push_back(!v ? "-" : v->is_string() ? v->as_string() : std::to_string(static_cast<int>(v->as_number())));
  }
  return out;
}

TEST(ControllerPatterns, CPReadsTheSentStringAsMiniNotationOfItsContextsType) {
  ClearControllers clear;
  EXPECT_TRUE(values("d1 $ s (cP \"drums\")\n", "s").empty()) << "silent until a string is sent";
  ControllerInput::global().set_string("drums", "bd*2 sn");
  EXPECT_EQ(values("d1 $ s (cP \"drums\")\n", "s"), (std::vector<std::string>{"bd", "bd", "sn"}));
  ControllerInput::global().set_string("midinotes", "[60,64]");
  EXPECT_EQ(values("d1 $ s \"x\" # midinote (cP \"midinotes\")\n", "note"), (std::vector<std::string>{"0", "4"}));
}

TEST(ControllerPatterns, AStringThatDoesNotParseKeepsTheLastPatternThatDid) {
  ClearControllers clear;
  CompileResult r = compile_source(std::make_shared<const SourceFile>("t.ph", "d1 $ s (cP \"drums\")\n"));
  ASSERT_TRUE(r.ok());
  const Pattern& p = r.plan->voice_sources.at(0).pattern;
  ControllerInput::global().set_string("drums", "[bd");
  EXPECT_TRUE(p.query(Arc(Rational(0), Rational(1))).empty()) << "nothing parsed yet: silence";
  ControllerInput::global().set_string("drums", "hh*4");
  EXPECT_EQ(p.query(Arc(Rational(0), Rational(1))).size(), 4u);
  ControllerInput::global().set_string("drums", "hh*4 [");
  EXPECT_EQ(p.query(Arc(Rational(1), Rational(2))).size(), 4u);
}

// The compiler decides that an output plays voices from the events of its first cycles; an output with none
// there (waiting for a controller, or starting late) must still get its voices.
TEST(ControllerPatterns, AnOutputSilentUntilAControllerSendsStillPlaysOnceItDoes) {
  ClearControllers clear;
  CompileResult r = compile_source(std::make_shared<const SourceFile>("t.ph", "d1 $ s \"x*2\" # n (cF_ \"m\")\n"));
  ASSERT_TRUE(r.ok()) << r.diagnostics.render_all();
  ASSERT_EQ(r.plan->voice_sources.size(), 1u);
  EXPECT_TRUE(r.plan->voice_sources[0].pattern.query(Arc(Rational(0), Rational(1))).empty());
  ControllerInput::global().set_number("m", 3);
  EXPECT_EQ(values("d1 $ s \"x*2\" # n (cF_ \"m\")\n", "n"), (std::vector<std::string>{"3", "3"}));
  CompileResult late = compile_source(std::make_shared<const SourceFile>("t.ph", "d1 $ s \"<~ ~ ~ ~ ~ ~ ~ ~ bd>\"\n"));
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late.plan->voice_sources.size(), 1u) << "the first bd comes in cycle 8";
}

}  // namespace
}  // namespace phonon
