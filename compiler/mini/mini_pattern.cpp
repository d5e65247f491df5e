// MiniNode tree -> Pattern, following Tidal 1.7's toPat / resolve_seq / resolve_tpat.
#include "compiler/mini/mini.hpp"
#include "compiler/pattern/ops.hpp"

namespace phonon::mini {

namespace {

struct Sized {
  Rational steps;
  Pattern pat;
};

Pattern to_pat(const MiniNodePtr& n, ElemType t);

// resolve_seq: (total steps, timeCat of the sized steps)
Sized resolve_seq(const MiniNode& seq, ElemType t) {
  std::vector<std::pair<Rational, Pattern>> parts;
  for (const auto& step : seq.children) {
    if (step->kind == MiniKind::Elongate) {
      parts.emplace_back(step->weight, to_pat(step->children[0], t));
    } else if (step->kind == MiniKind::Repeat) {
      Pattern p = to_pat(step->children[0], t);
      for (int64_t i = 0; i < step->count; ++i) parts.emplace_back(Rational(1), p);
    } else {
      parts.emplace_back(Rational(1), to_pat(step, t));
    }
  }
  Rational total(0);
  for (auto& [w, p] : parts) total += w;
  return {total, timecat(std::move(parts))};
}

Sized resolve_tpat(const MiniNodePtr& n, ElemType t) {
  if (n->kind == MiniKind::Seq) return resolve_seq(*n, t);
  return {Rational(1), to_pat(n, t)};
}

Pattern to_pat(const MiniNodePtr& n, ElemType t) {
  switch (n->kind) {
    case MiniKind::Atom: {
      if (n->values.size() == 1) return pure(n->values[0]);
      std::vector<Pattern> ps;
      for (const auto& v : n->values) ps.push_back(pure(v));
      return stack(std::move(ps));
    }
    case MiniKind::Rest: return silence();
    case MiniKind::Seq: return resolve_seq(*n, t).pat;
    case MiniKind::Stack: {
      std::vector<Pattern> ps;
      for (const auto& c : n->children) ps.push_back(to_pat(c, t));
      return stack(std::move(ps));
    }
    case MiniKind::Choice: {
      std::vector<Pattern> ps;
      for (const auto& c : n->children) ps.push_back(to_pat(c, t));
      return random_choice_with_seed(n->seed, std::move(ps));
    }
    case MiniKind::Poly: {
      std::vector<Sized> pats;
      for (const auto& c : n->children) pats.push_back(resolve_tpat(c, t));
      if (pats.empty()) return silence();
      Pattern steprate =
          n->args.empty() ? pure(Value::number(pats[0].steps.to_double())) : to_pat(n->args[0], ElemType::Time);
      std::vector<Pattern> out;
      for (auto& s : pats) {
        Rational sz = s.steps;
        if (sz == Rational(0)) continue;
        // fast ((/ sz) <$> steprate) pat, with the division done exactly on rationals
        out.push_back(tparam(steprate, [sz, p = s.pat](const Value& v) { return fast(value_to_time(v) / sz, p); }));
      }
      return stack(std::move(out));
    }
    case MiniKind::Fast: return fast(to_pat(n->args[0], ElemType::Time), to_pat(n->children[0], t));
    case MiniKind::Slow: return slow(to_pat(n->args[0], ElemType::Time), to_pat(n->children[0], t));
    case MiniKind::Degrade: return degrade_by_with_seed(n->seed, n->amount, to_pat(n->children[0], t));
    case MiniKind::Euclid: {
      Pattern k = to_pat(n->args[0], ElemType::Int);
      Pattern s = to_pat(n->args[1], ElemType::Int);
      Pattern r = n->args.size() > 2 ? to_pat(n->args[2], ElemType::Int) : pure(Value::number(0));
      Pattern x = to_pat(n->children[0], t);
      if (t == ElemType::Bool) return euclid_off_bool(k, s, r, x);
      return euclid_off(k, s, r, x);
    }
    case MiniKind::Elongate:
    case MiniKind::Repeat: return to_pat(n->children[0], t);  // outside a sequence: weight is irrelevant
    case MiniKind::EnumFromTo: {
      const MiniNode& x = *n->children[0];
      const MiniNode& y = *n->children[1];
      if (x.kind == MiniKind::Atom && y.kind == MiniKind::Atom && x.values.size() == 1 && y.values.size() == 1) {
        // Constant ends (`0 .. 7`): the range is built once. (Binding over `pure` gives the same events, but would
        // rebuild the range on every query.)
        return enum_from_to(x.values[0], y.values[0]);
      }
      Pattern a = to_pat(n->children[0], t);
      Pattern b = to_pat(n->children[1], t);
      auto pair = app_both(a, b, [](const Value& x, const Value& y) {
        return Value::map(std::make_shared<const ControlMap>(std::vector<ControlMap::Entry>{{"a", x}, {"b", y}}));
      });
      return bind(pair, [](const Value& v) { return enum_from_to(*v.as_map().find("a"), *v.as_map().find("b")); });
    }
  }
  return silence();
}

}  // namespace

Pattern to_pattern(const MiniNodePtr& node, ElemType type) { return to_pat(node, type); }

Pattern parse_pattern(std::string_view text, const SourceSpan& content_span, ElemType type) {
  return to_pattern(parse(text, content_span, type), type);
}

}  // namespace phonon::mini
