#include "tests/expr_gen/typed_expr_gen.hpp"

#include <algorithm>
#include <cctype>

#include "compiler/eval/evaluator.hpp"

namespace phonon::expr_gen {

using eval::Builtin;
using eval::ElemKind;
using eval::Param;
using PT = eval::ParamType;

namespace {

// A node budget per expression: lists and nested functions would otherwise grow exponentially with the depth.
constexpr int kNodeBudget = 24;

template <class T>
const T& pick(const std::vector<T>& v, Choices& c) {
  return v[c.below(static_cast<uint32_t>(v.size()))];
}

bool is_scalar_pattern(PT t) {
  return t == PT::PatNumber || t == PT::PatNote || t == PT::PatInt || t == PT::PatTime || t == PT::PatString ||
         t == PT::PatBool;
}
bool is_numeric(PT t) { return t == PT::PatNumber || t == PT::PatNote || t == PT::PatInt || t == PT::PatTime; }

ElemKind kind_of(PT t) {
  switch (t) {
    case PT::PatControl: return ElemKind::Control;
    case PT::PatString: return ElemKind::String;
    case PT::PatBool: return ElemKind::Bool;
    default: return ElemKind::Number;
  }
}
PT type_of(ElemKind k) {
  switch (k) {
    case ElemKind::Control: return PT::PatControl;
    case ElemKind::String: return PT::PatString;
    case ElemKind::Bool: return PT::PatBool;
    case ElemKind::Number: break;
  }
  return PT::PatNumber;
}

bool is_identifier(const std::string& name) {
  return !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
}

// A parameter the generator can fill: its type (and a list's or tuple's items) declared.
bool fillable(const Param& p) {
  if (p.type == PT::Any) return false;
  if (p.type == PT::List || p.type == PT::Tuple) return p.item != PT::Any && p.item != PT::List && p.item != PT::Tuple;
  return true;
}

// True if `s` needs no parentheses as an argument.
bool atomic(const std::string& s) {
  if (s.empty()) return true;
  if (s.front() == '"') return s.size() >= 2 && s.back() == '"' && s.find('"', 1) == s.size() - 1;
  if (s.front() == '(' || s.front() == '[') {
    const char open = s.front(), close = open == '(' ? ')' : ']';
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '"') in_string = !in_string;
      if (in_string) continue;
      if (s[i] == open) ++depth;
      if (s[i] == close && --depth == 0) return i == s.size() - 1;
    }
    return false;
  }
  if (s.front() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.' || ch == '\'';
  });
}
std::string wrap(const std::string& s) { return atomic(s) ? s : "(" + s + ")"; }

std::string atom(PT t, Choices& c) {
  static const std::vector<std::string> strings = {"bd", "sn", "hh", "cp", "arpy", "drum:1", "bd:3", "superpiano", "~"};
  static const std::vector<std::string> numbers = {"0", "1", "2", "0.5", "0.25", "-1", "3", "1.5", "~"};
  static const std::vector<std::string> notes = {"c", "e", "g", "a5", "cs2", "0", "7", "-3", "c'maj", "~"};
  static const std::vector<std::string> ints = {"0", "1", "2", "3", "4", "8", "-1", "~"};
  static const std::vector<std::string> times = {"1", "2", "0.5", "0.25", "3", "4", "q", "e", "~"};
  static const std::vector<std::string> bools = {"t", "f", "1", "0", "~"};
  switch (t) {
    case PT::PatString: return pick(strings, c);
    case PT::PatNote: return pick(notes, c);
    case PT::PatInt: return pick(ints, c);
    case PT::PatTime: return pick(times, c);
    case PT::PatBool: return pick(bools, c);
    default: return pick(numbers, c);
  }
}

std::string step(PT t, int depth, Choices& c) {
  std::string a = atom(t, c);
  if (a == "~" || depth <= 0) return a;
  switch (c.below(12)) {
    case 0: return a + "*" + pick(std::vector<std::string>{"2", "3", "4", "<2 3>"}, c);
    case 1: return a + "!";
    case 2: return a + "@" + pick(std::vector<std::string>{"2", "3", "0.5"}, c);
    case 3: return a + "?";
    case 4: return a + pick(std::vector<std::string>{"(3,8)", "(5,8,2)", "(3,8,<0 2>)", "(<3 5>,8)"}, c);
    case 5: return "[" + a + " " + step(t, depth - 1, c) + "]";
    case 6: return "<" + a + " " + step(t, depth - 1, c) + ">";
    case 7: return "{" + a + " " + step(t, depth - 1, c) + " " + step(t, depth - 1, c) + "}%4";
    case 8: return "[" + a + ", " + step(t, depth - 1, c) + "]";
    case 9: return a + "/2";
    default: return a;
  }
}

}  // namespace

uint32_t ByteChoices::below(uint32_t n) {
  if (n <= 1) return 0;
  uint32_t x = 0;
  for (uint32_t range = 1; range < n && pos_ < size_; range <<= 8) x = (x << 8) | data_[pos_++];
  return x % n;
}

std::string mini_notation(PT t, Choices& c) {
  if ((t == PT::PatInt || t == PT::PatNumber) && c.below(10) == 0)
    return "\"" + atom(PT::PatInt, c) + " .. " + pick(std::vector<std::string>{"3", "7", "0"}, c) + "\"";
  const uint32_t steps = 1 + c.below(4);
  std::string s;
  for (uint32_t i = 0; i < steps; ++i) s += (i ? " " : "") + step(t, 2, c);
  return "\"" + s + "\"";
}

std::string number_literal(Choices& c) {
  static const std::vector<std::string> numbers = {"0",    "1",   "2", "3",     "4",    "0.25",   "0.5",
                                                   "0.75", "1.5", "8", "(1/3)", "(-1)", "(-0.25)"};
  return pick(numbers, c);
}

TypedExprGen::TypedExprGen(std::shared_ptr<const eval::Registry> registry, int max_depth)
    : registry_(std::move(registry)), max_depth_(max_depth) {
  for (const std::string& name : registry_->names()) {
    std::shared_ptr<const Builtin> b = registry_->find_shared(name);
    if (eval::is_pattern_operator(name)) {
      operators_.push_back(name);
      usable_names_.push_back(name);
      continue;
    }
    if (!std::all_of(b->params.begin(), b->params.end(), fillable)) continue;
    const bool infix = !is_identifier(name);
    if (infix && b->params.size() != 2) continue;
    Candidate cand{b, infix};
    const bool has_any = std::any_of(b->params.begin(), b->params.end(), [](const Param& p) {
      return p.type == PT::PatAny || ((p.type == PT::List || p.type == PT::Tuple) && p.item == PT::PatAny);
    });
    if (b->returns == eval::ReturnType::PatSame) {
      if (!has_any) continue;
      same_.push_back(cand);
    } else {
      if (b->result == PT::Any || has_any) continue;
      fixed_[b->result].push_back(cand);
      const bool literal_args = std::all_of(b->params.begin(), b->params.end(), [](const Param& p) {
        return is_scalar_pattern(p.type) || p.type == PT::Number;
      });
      if (b->result == PT::PatControl && literal_args && !b->params.empty()) control_leaves_.push_back(cand);
    }
    usable_names_.push_back(name);
  }
}

std::vector<std::string> TypedExprGen::unusable() const {
  std::vector<std::string> out;
  for (const std::string& name : registry_->names())
    if (!std::binary_search(usable_names_.begin(), usable_names_.end(), name)) out.push_back(name);
  return out;
}

std::vector<const TypedExprGen::Candidate*> TypedExprGen::producers(PT t) const {
  std::vector<const Candidate*> out;
  for (const auto& cand : same_) out.push_back(&cand);
  auto add = [&](PT r) {
    auto it = fixed_.find(r);
    if (it != fixed_.end())
      for (const auto& cand : it->second) out.push_back(&cand);
  };
  add(PT::PatAny);
  if (t == PT::PatControl) add(PT::PatControl);
  else if (is_numeric(t)) add(PT::PatNumber);
  else add(t);
  return out;
}

std::vector<std::string> TypedExprGen::operators_for(PT t) const {
  if (t == PT::PatControl || is_numeric(t)) return operators_;
  // `#` and the `<` / `>` family keep one side's values: they combine patterns of any type; arithmetic needs
  // numbers (or controls).
  std::vector<std::string> out;
  for (const auto& op : operators_)
    if (op.find_first_of("#<>") != std::string::npos) out.push_back(op);
  return out;
}

std::string TypedExprGen::control_pattern(Choices& c) { return expression(PT::PatControl, c); }

std::string TypedExprGen::expression(PT type, Choices& c) {
  budget_ = kNodeBudget;
  return gen(type, ElemKind::Control, max_depth_, c);
}

std::string TypedExprGen::gen(PT t, ElemKind fn_kind, int depth, Choices& c) {
  if (t == PT::Number) return number_literal(c);
  if (t == PT::Function) return function(fn_kind, depth, c);
  return pattern(t, depth, c);
}

std::string TypedExprGen::pattern(PT t, int depth, Choices& c) {
  if (--budget_ <= 0) depth = 0;
  const uint32_t r = depth <= 0 ? 0 : c.below(10);
  if (r <= 2) {  // a leaf
    if (t == PT::PatControl) {
      const Candidate& cand = pick(control_leaves_, c);
      return apply(cand, t, 0, c, false);
    }
    if (is_numeric(t) && c.below(3) == 0) return number_literal(c);
    return mini_notation(t, c);
  }
  if (r <= 6) {
    auto ps = producers(t);
    return apply(*pick(ps, c), t, depth, c, false);
  }
  if (r <= 8) return operator_expr(t, depth, c);
  return function(kind_of(t), depth - 1, c) + " $ " + pattern(t, depth - 1, c);
}

std::string TypedExprGen::operator_expr(PT t, int depth, Choices& c) {
  auto ops = operators_for(t);
  const std::string& op = pick(ops, c);
  used_.insert(op);
  std::string left = pattern(t, depth - 1, c);
  std::string right = t == PT::PatControl && c.below(8) == 0 ? number_literal(c) : pattern(t, depth - 1, c);
  return wrap(left) + " " + op + " " + wrap(right);
}

std::string TypedExprGen::function(ElemKind k, int depth, Choices& c) {
  const PT t = type_of(k);
  if (--budget_ <= 0) depth = 0;
  // The candidates a pattern can be passed to as their last argument.
  std::vector<const Candidate*> partial;
  for (const Candidate* cand : producers(t)) {
    const auto& ps = cand->b->params;
    if (ps.empty() || (ps.back().type != PT::PatAny && ps.back().type != t)) continue;
    if (depth <= 0 && ps.size() != 1) continue;  // at the bottom: `rev`, `degrade`, …
    partial.push_back(cand);
  }
  const uint32_t r = depth <= 0 ? c.below(2) : c.below(4);
  if (r == 0 && !partial.empty()) return apply(*pick(partial, c), t, depth, c, true);
  if (r <= 2) {
    auto ops = operators_for(t);
    ops.erase(std::remove(ops.begin(), ops.end(), "-"), ops.end());  // `(- x)` is a negation, not a section
    const std::string& op = pick(ops, c);
    used_.insert(op);
    return "(" + op + " " + wrap(pattern(t, depth - 1, c)) + ")";
  }
  return "(" + function(k, depth - 1, c) + " . " + function(k, depth - 1, c) + ")";
}

std::string TypedExprGen::argument(const Param& p, PT target, ElemKind fn_kind, int depth, Choices& c) {
  switch (p.type) {
    case PT::PatAny: return pattern(target, depth - 1, c);
    case PT::PatControl: return pattern(PT::PatControl, depth - 1, c);
    case PT::Number: return number_literal(c);
    case PT::Function: return function(fn_kind, depth - 1, c);
    case PT::Tuple: {
      if (p.item == PT::Number) {
        static const std::vector<std::string> spans = {"(0, 0.5)", "(0.25, 0.75)", "(0.5, 1)", "(0, 0.25)",
                                                       "(0.75, 1)"};
        return pick(spans, c);
      }
      Param item{p.name, p.item, std::nullopt};
      return "(" + argument(item, target, fn_kind, depth, c) + ", " + argument(item, target, fn_kind, depth, c) + ")";
    }
    case PT::List: {
      Param item{p.name, p.item, std::nullopt};
      const uint32_t n = 1 + c.below(3);
      std::string s = "[";
      for (uint32_t i = 0; i < n; ++i) s += (i ? ", " : "") + argument(item, target, fn_kind, depth, c);
      return s + "]";
    }
    default:
      // A scalar pattern: mostly a literal, sometimes a computed pattern (`fast "<1 2>"`, `fast (irand 4)`).
      if (depth > 1 && c.below(4) == 0) return pattern(p.type, depth - 1, c);
      if (is_numeric(p.type) && c.below(2) == 0) return number_literal(c);
      return mini_notation(p.type, c);
  }
}

std::string TypedExprGen::apply(const Candidate& cand, PT target, int depth, Choices& c, bool drop_last) {
  const Builtin& b = *cand.b;
  used_.insert(b.name);
  // Functions passed to a builtin transform patterns of its element type; a control function's are controls.
  ElemKind fn_kind = kind_of(target);
  for (const Param& p : b.params)
    if (p.type == PT::PatControl) fn_kind = ElemKind::Control;
  const PT elem_target = b.returns == eval::ReturnType::PatSame ? target : PT::PatControl;
  std::vector<std::string> args;
  const size_t n = b.params.size() - (drop_last ? 1 : 0);
  for (size_t i = 0; i < n; ++i) args.push_back(argument(b.params[i], elem_target, fn_kind, depth, c));
  if (cand.infix) {
    if (drop_last) return "(" + wrap(args[0]) + " " + b.name + ")";
    return wrap(args[0]) + " " + b.name + " " + wrap(args[1]);
  }
  if (args.empty()) return b.name;
  std::string s = b.name;
  const bool dollar = !drop_last && args.size() >= 2 && c.below(3) == 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (dollar && i + 1 == args.size()) s += " $ " + args[i];
    else s += " " + wrap(args[i]);
  }
  return drop_last ? "(" + s + ")" : s;
}

}  // namespace phonon::expr_gen
