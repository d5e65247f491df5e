// A generator of random well-typed Tidal expressions, built by walking the registry's own signatures
// (parameter types, Param::item for lists and tuples, ReturnType / Builtin::result), never a hand-kept list
// of functions. Used by the typed fuzz test (tests/unit/typed_expr_fuzz_test.cpp) and the libFuzzer entry
// (tests/fuzz/typed_fuzz.cpp).
// Contract:
//  - A builtin takes part when every piece of its signature is declared: no `Any` parameter, every List /
//  Tuple
//    parameter with a declared item type, and a result that is PatSame (with a PatAny parameter) or a
//    declared Builtin::result. Pattern operators (`#`, `|+|`, `+|`, …) are the registry's operators the
//    evaluator combines patterns with (is_pattern_operator).
//  - Functions where a Function parameter is expected: partial applications (`(fast 2)`, `rev`, `(jux rev)`),
//    operator sections (`(# speed 2)`, `(|+ n 1)`, `(0.25 <~)`) and compositions (`(rev . fast 2)`).
//  - Literals: mini-notation strings of the parameter's kind (sample names, numbers, notes, booleans),
//  numbers in
//    ranges a performer would use. Every choice comes from a Choices source, so a seed (or fuzzer bytes)
//    fixes the expression; when the source runs dry every choice is 0, which is always a leaf, so generation
//    terminates.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "compiler/eval/registry.hpp"

namespace phonon::expr_gen {

// Where the generator's choices come from.
class Choices {
 public:
  virtual ~Choices() = default;
  // A number in [0, n) (n >= 1).
  virtual uint32_t below(uint32_t n) = 0;
};

// Seeded: the same seed gives the same expressions on every platform (mt19937 is specified exactly).
class SeededChoices final : public Choices {
 public:
  explicit SeededChoices(uint32_t seed) : rng_(seed) {}
  uint32_t below(uint32_t n) override { return static_cast<uint32_t>(rng_() % n); }

 private:
  std::mt19937 rng_;
};

// Driven by bytes (a fuzzer's input): each choice reads one or two bytes; 0 once the bytes are used up.
class ByteChoices final : public Choices {
 public:
  ByteChoices(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint32_t below(uint32_t n) override;

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

class TypedExprGen {
 public:
  explicit TypedExprGen(std::shared_ptr<const eval::Registry> registry, int max_depth = 4);

  // A control pattern (what `d1 $` plays).
  std::string control_pattern(Choices& c);
  // An expression of `type` (a pattern type, Number, or Function over control patterns).
  std::string expression(eval::ParamType type, Choices& c);

  // The builtins the generator can use (their signatures are fully declared), and the ones it cannot.
  const std::vector<std::string>& usable() const { return usable_names_; }
  std::vector<std::string> unusable() const;
  // Names used by the expressions generated so far.
  const std::set<std::string>& used() const { return used_; }

 private:
  struct Candidate {
    std::shared_ptr<const eval::Builtin> b;
    bool infix = false;
  };
  std::shared_ptr<const eval::Registry> registry_;
  int max_depth_;
  std::vector<Candidate> same_;                              // PatSame builtins: any pattern type
  std::map<eval::ParamType, std::vector<Candidate>> fixed_;  // Fixed builtins by declared result
  std::vector<Candidate> control_leaves_;                    // controls whose arguments are literals
  std::vector<std::string> operators_;                       // pattern operators
  std::vector<std::string> usable_names_;
  std::set<std::string> used_;
  int budget_ = 0;  // nodes left for the current expression

  std::string gen(eval::ParamType t, eval::ElemKind fn_kind, int depth, Choices& c);
  std::string pattern(eval::ParamType t, int depth, Choices& c);
  std::string function(eval::ElemKind k, int depth, Choices& c);
  std::string apply(const Candidate& cand, eval::ParamType target, int depth, Choices& c, bool drop_last);
  std::string argument(const eval::Param& p, eval::ParamType target, eval::ElemKind fn_kind, int depth, Choices& c);
  std::string operator_expr(eval::ParamType t, int depth, Choices& c);
  std::vector<std::string> operators_for(eval::ParamType t) const;
  std::vector<const Candidate*> producers(eval::ParamType t) const;
};

// Literals of each kind.
std::string mini_notation(eval::ParamType t, Choices& c);
std::string number_literal(Choices& c);

}  // namespace phonon::expr_gen
