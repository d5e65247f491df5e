// Controller input: the store /ctrl writes (compiler/pattern/controller_input.hpp), the patterns that read it
// (cF …), and the engine's cycle cache, which must let a new value through from the next event on.
#include "compiler/pattern/controller_input.hpp"

#include <gtest/gtest.h>

#include "compiler/pattern/core.hpp"
#include "compiler/pattern/ops.hpp"
#include "compiler/pattern/ops_controller.hpp"
#include "runtime/engine/event_window.hpp"

namespace phonon {
namespace {

struct ClearControllers {
  ClearControllers() { ControllerInput::global().clear(); }
  ~ClearControllers() { ControllerInput::global().clear(); }
};

double first_number(const Pattern& p) {
  auto ev = p.query(Arc(Rational(0), Rational(1)));
  EXPECT_EQ(ev.size(), 1u);
  return ev.empty() ? -1.0 : ev[0].value.as_number();
}

TEST(ControllerInput, PatternsReadTheLatestValueOrTheirDefault) {
  ClearControllers clear;
  const Pattern f = controller("cutoff", ControllerKind::Number, Value::number(0.5));
  EXPECT_EQ(first_number(f), 0.5);
  ASSERT_TRUE(ControllerInput::global().set_number("cutoff", 0.25));
  EXPECT_EQ(first_number(f), 0.25);
  ASSERT_TRUE(ControllerInput::global().set_number("cutoff", 3.75));
  EXPECT_EQ(first_number(controller("cutoff", ControllerKind::Integer, Value::number(0))), 3.0);
  // Tidal's getF takes no string: a string sent gives the default.
  ASSERT_TRUE(ControllerInput::global().set_string("cutoff", "high"));
  EXPECT_EQ(first_number(f), 0.5);
  auto s = controller("cutoff", ControllerKind::String, Value::string("")).query(Arc(Rational(0), Rational(1)));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].value.as_string(), "high");
  // The `_` forms are silent until a value arrives.
  EXPECT_TRUE(controller("other", ControllerKind::Number, std::nullopt).query(Arc(Rational(0), Rational(1))).empty());
}

TEST(ControllerInput, RejectsNamesAndStringsThatDoNotFit) {
  ClearControllers clear;
  EXPECT_FALSE(ControllerInput::global().set_number("", 1.0));
  EXPECT_FALSE(ControllerInput::global().set_number(std::string(100, 'x'), 1.0));
  EXPECT_FALSE(ControllerInput::global().set_string("s", std::string(100, 'x')));
  EXPECT_FALSE(ControllerInput::global().get("s").has_value());
  for (int i = 0; i < ControllerInput::kMaxNames; ++i)
    ASSERT_TRUE(ControllerInput::global().set_number("k" + std::to_string(i), i));
  EXPECT_FALSE(ControllerInput::global().set_number("one-too-many", 1.0));
  EXPECT_EQ(ControllerInput::global().get("k255")->as_number(), 255.0);
}

// The engine queries a cycle at a time, ahead; a value sent mid-cycle must still reach the next onset.
TEST(ControllerInput, ANewValueReachesTheNextOnsetOfTheCachedCycle) {
  ClearControllers clear;
  const Pattern p = fast(Rational(8), controller("level", ControllerKind::Number, Value::number(1)));
  OnsetWindow w;
  w.reserve(64);
  std::vector<double> seen;
  const auto take = [&](Rational b, Rational e) {
    w.for_each_onset(p, Arc(b, e),
                     [&](const Event& ev, const PreparedOnset&) { seen.push_back(ev.value.as_number()); });
  };
  take(Rational(0), Rational(3, 8));  // onsets 0, 1/8, 2/8
  w.prefetch(p);                      // (the next cycle, queried ahead with the old value)
  ControllerInput::global().set_number("level", 0.0);
  w.prefetch(p);  // the prefetcher notices: the playing cycle is queried again, the next one withdrawn
  w.prefetch(p);  // … and queried again
  take(Rational(3, 8), Rational(9, 8));  // 3/8 … 7/8, then cycle 1's first onset
  ASSERT_EQ(seen.size(), 9u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], 1.0) << i;
  for (int i = 3; i < 9; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], 0.0) << i;
}

}  // namespace
}  // namespace phonon
