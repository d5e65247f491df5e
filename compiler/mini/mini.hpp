// Mini-notation (Tidal's ParseBP): parses the contents of a string literal into a pattern.
// Contract:
//  - The element type comes from the caller (type-directed reading): sample names/words, numbers (with note names
//    and chords), notes (like numbers, but `e` is the note E rather than Tidal's 1/8 ratio shorthand), booleans,
//    integers, or times (rationals, e.g. for `*` and `%`).
//  - Semantics follow Tidal 1.7: sequences are timeCat, `<>` and `{}` are polyrhythms sped up with a patterned
//    `fast`, `?` and `|` use seeds numbered in parse order (0, 1, ...), Euclid rotates left.
//  - Errors throw CompileError whose span points inside the literal (via `span.sub`), e.g. at an unclosed bracket.
//  - Leaves keep their SourceSpan in the MiniNode tree (for highlighting / diagnostics).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/pattern/pattern.hpp"
#include "compiler/source.hpp"

namespace phonon::mini {

// Deepest bracket nesting (`[ ]`, `< >`, `{ }`, Euclid arguments) parse() accepts; deeper input is a
// "nested too deeply" error at the offending bracket (the parser, the tree and its pattern are all recursive).
inline constexpr int kMaxMiniDepth = 200;

enum class ElemType { String, Number, Note, Bool, Int, Time };
const char* elem_type_name(ElemType t);

struct MiniNode;
using MiniNodePtr = std::shared_ptr<const MiniNode>;

enum class MiniKind {
  Atom,        // values (a chord is several values stacked), span = the leaf
  Rest,        // ~
  Seq,         // children = steps (Elongate/Repeat wrap steps)
  Stack,       // a, b
  Choice,      // a | b   (seed)
  Poly,        // { } / < > : children = sequences, arg = steps per cycle (null: from the first sequence)
  Fast,        // child, arg
  Slow,        // child, arg
  Degrade,     // child, seed, amount
  Euclid,      // child, args = {n, k, rotation}
  Elongate,    // child, weight
  Repeat,      // child, count
  EnumFromTo,  // children = {from, to}
};

struct MiniNode {
  MiniKind kind = MiniKind::Rest;
  SourceSpan span;
  std::vector<Value> values;  // Atom
  std::vector<MiniNodePtr> children;
  std::vector<MiniNodePtr> args;  // Fast/Slow: {time seq}; Poly: {steps seq} or empty; Euclid: {n, k, r}
  int seed = 0;                   // Degrade / Choice
  double amount = 0.5;            // Degrade
  Rational weight{1};             // Elongate
  int64_t count = 1;              // Repeat
};

// Parses `text` (the literal's contents) whose characters start at content_span.begin.
MiniNodePtr parse(std::string_view text, const SourceSpan& content_span, ElemType type);
// An upper estimate of the events per cycle of a parsed tree (patterned factors count at their largest value).
// parse() already rejects trees above kMaxEventsPerQuery (an "event storm" error at the offending node) and
// Euclid arguments above 65536; callers may warn about dense but playable patterns.
double events_per_cycle_estimate(const MiniNodePtr& node);
// Converts a parsed tree to a pattern of values of `type`.
Pattern to_pattern(const MiniNodePtr& node, ElemType type);
// parse + to_pattern.
Pattern parse_pattern(std::string_view text, const SourceSpan& content_span, ElemType type);

// Note name ("c", "cs5", "ef3", "a4") to a number with c5 = 0; returns false if `word` is not a note name.
bool parse_note_name(std::string_view word, double& out);

}  // namespace phonon::mini
