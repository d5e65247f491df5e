// What the arithmetic operators mean, decided in one table. `+ - * /` mean two different things in Phonon:
//  - Tidal's pattern arithmetic (eval::binary_operator): `"1 2" + 10`, `n "0 2" + n 12`, and `s "bd" - 2`, which
//    is Tidal's ValueMap arithmetic (n - 2) on a sound pattern;
//  - audio arithmetic on signals (a math.* kernel per operator): `sine 440 * 0.2`, `s "bd sn" + ~synth`, and, at
//    the top of a statement, `s "bd" * 0.8`, which scales the drum's audio.
// operator_meaning() gives the meaning from the operands; signal_kernel() the kernel of an operator on signals.
#pragma once
#include <string_view>

namespace phonon {

enum class Operand {
  Number,        // 0.5
  Pattern,       // a pattern of numbers, strings or controls without a sound (`n "0 2"`, `"1 2"`)
  SoundPattern,  // a pattern of events that play sounds (`s "bd sn"`): audio when used as a signal
  Signal,        // an audio signal (`sine 440`, `~bus` holding one)
  Effect,        // an effect still waiting for its input (`lpf 800`): never arithmetic (an error, from Tidal's side)
};

enum class OperatorMeaning {
  Tidal,  // pattern arithmetic (eval::binary_operator), or an error from it
  Audio,  // both sides become signals and a math kernel combines them
};

// `top_level`: the operator is at the top of a statement (outside function arguments), where a sound pattern
// scaled or mixed is audio; elsewhere only an operand that is already a signal makes audio.
OperatorMeaning operator_meaning(std::string_view op, Operand left, Operand right, bool top_level);

// The math kernel of an operator on signals (`+`, `~+` and `|+|` are all math.add), or empty when the operator
// has no meaning on signals.
std::string_view signal_kernel(std::string_view op);

}  // namespace phonon
