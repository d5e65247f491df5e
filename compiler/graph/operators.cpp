#include "compiler/graph/operators.hpp"

namespace phonon {

namespace {

struct Rule {
  std::string_view ops;  // the operators the rule covers, one character each of "+-*/"
  int left, right;       // an Operand, or kAny
  bool top_level_only;
  OperatorMeaning meaning;
};
constexpr int kAny = -1;
constexpr int of(Operand o) { return static_cast<int>(o); }

// The table. The first rule that matches decides; when none does, the meaning is Tidal's.
constexpr Rule kRules[] = {
    // A sound pattern plus or minus a number is Tidal's ValueMap arithmetic (`s "bd" - 2`: n - 2); a constant
    // added to audio would only be a DC offset.
    {"+-", of(Operand::SoundPattern), of(Operand::Number), true, OperatorMeaning::Tidal},
    {"+-", of(Operand::Number), of(Operand::SoundPattern), true, OperatorMeaning::Tidal},
    // An effect waiting for its input is never arithmetic: Tidal's side reports it ("apply it with `#` first").
    {"+-*/", of(Operand::Effect), kAny, false, OperatorMeaning::Tidal},
    {"+-*/", kAny, of(Operand::Effect), false, OperatorMeaning::Tidal},
    // A signal on either side: audio, everywhere.
    {"+-*/", of(Operand::Signal), kAny, false, OperatorMeaning::Audio},
    {"+-*/", kAny, of(Operand::Signal), false, OperatorMeaning::Audio},
    // At the top of a statement a sound pattern is its audio: `s "bd" * 0.8` scales it, `s "bd" + s "hh"` mixes.
    {"+-*/", of(Operand::SoundPattern), kAny, true, OperatorMeaning::Audio},
    {"+-*/", kAny, of(Operand::SoundPattern), true, OperatorMeaning::Audio},
};

}  // namespace

OperatorMeaning operator_meaning(std::string_view op, Operand left, Operand right, bool top_level) {
  if (op.size() != 1) return OperatorMeaning::Tidal;
  for (const Rule& r : kRules) {
    if (r.ops.find(op[0]) == std::string_view::npos || (r.top_level_only && !top_level)) continue;
    if ((r.left == kAny || r.left == of(left)) && (r.right == kAny || r.right == of(right))) return r.meaning;
  }
  return OperatorMeaning::Tidal;
}

std::string_view signal_kernel(std::string_view op) {
  struct Op {
    std::string_view spellings[3];
    std::string_view kernel;
  };
  static constexpr Op kOps[] = {
      {{"+", "~+", "|+|"}, "math.add"},
      {{"-", "~-", "|-|"}, "math.sub"},
      {{"*", "~*", "|*|"}, "math.mul"},
      {{"/", "~/", "|/|"}, "math.div"},
  };
  for (const Op& o : kOps)
    for (std::string_view s : o.spellings)
      if (s == op) return o.kernel;
  return {};
}

}  // namespace phonon
