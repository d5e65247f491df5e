#include "compiler/pattern/core.hpp"

#include <cmath>
#include <memory>
#include <stdexcept>

namespace phonon {

namespace {
// Reusable per-thread event buffers for intermediate query results, so that steady-state queries do not allocate
// vectors (each query borrows a buffer and returns it when done).
class Scratch {
 public:
  Scratch() {
    auto& pool = pool_();
    if (pool.empty()) {
      v_ = std::make_unique<std::vector<Event>>();
      v_->reserve(64);
    } else {
      v_ = std::move(pool.back());
      pool.pop_back();
    }
  }
  ~Scratch() {
    v_->clear();
    pool_().push_back(std::move(v_));
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  std::vector<Event>& get() { return *v_; }

 private:
  std::unique_ptr<std::vector<Event>> v_;
  static std::vector<std::unique_ptr<std::vector<Event>>>& pool_() {
    thread_local std::vector<std::unique_ptr<std::vector<Event>>> pool;
    return pool;
  }
};

// Memoisation of value functions: a per-thread direct-mapped cache keyed by (function object, argument
// identities). Value functions are pure, so this only saves work: events that share values (e.g. every event of
// `s "bd*8"` shares the string "bd") get the same result object without recomputing or allocating a new map.
// The cache holds references to the function object and to the argument values, so their addresses cannot be
// reused by other objects while an entry refers to them.
struct MemoEntry {
  std::shared_ptr<const void> fn;
  Value a, b, out;
};
constexpr size_t kMemoSize = 1024;
inline MemoEntry* memo_table() {
  thread_local std::vector<MemoEntry> table(kMemoSize);
  return table.data();
}
using Fn2Ptr = std::shared_ptr<const ValueFn2>;
using Fn1Ptr = std::shared_ptr<const ValueFn>;
inline Value memo2(const Fn2Ptr& f, const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return (*f)(a, b);  // numbers: computing is as cheap as looking up
  size_t h = (reinterpret_cast<uintptr_t>(f.get()) >> 4) * 31 + a.identity_hash() * 17 + b.identity_hash();
  MemoEntry& e = memo_table()[h % kMemoSize];
  if (e.fn.get() == f.get() && e.a.identical(a) && e.b.identical(b)) return e.out;
  Value out = (*f)(a, b);
  e.fn = f;
  e.a = a;
  e.b = b;
  e.out = out;
  return out;
}
inline Value memo1(const Fn1Ptr& f, const Value& a) {
  if (a.is_number()) return (*f)(a);
  size_t h = (reinterpret_cast<uintptr_t>(f.get()) >> 4) * 31 + a.identity_hash();
  MemoEntry& e = memo_table()[h % kMemoSize];
  if (e.fn.get() == f.get() && e.a.identical(a) && e.b.is_nil()) return e.out;
  Value out = (*f)(a);
  e.fn = f;
  e.a = a;
  e.b = Value();
  e.out = out;
  return out;
}

inline void check_size(const std::vector<Event>& out) {
  if (out.size() > kMaxEventsPerQuery) throw_too_many_events();
}
// Tidal's subMaybeArc: Nothing -> drop; Just Nothing -> analog.
inline bool sub_maybe_arc(const std::optional<Arc>& a, const std::optional<Arc>& b, std::optional<Arc>& out) {
  if (a && b) {
    auto s = a->sub_arc(*b);
    if (!s) return false;
    out = *s;
    return true;
  }
  out.reset();
  return true;
}
}  // namespace

Pattern silence() { return Pattern(); }
Pattern pure(Value v) { return Pattern::pure(std::move(v)); }
Pattern pure_number(double x) { return Pattern::pure(Value::number(x)); }

Pattern sig(std::function<Value(const Rational&)> f) {
  return Pattern::from_query([f = std::move(f)](const Arc& a, std::vector<Event>& out) {
    if (a.end < a.begin) return;
    out.emplace_back(std::nullopt, a, f(a.begin + (a.end - a.begin) / Rational(2)));
  });
}

Pattern stack(std::vector<Pattern> ps) {
  std::vector<Pattern> nz;
  for (auto& p : ps)
    if (!p.is_silence()) nz.push_back(std::move(p));
  if (nz.empty()) return silence();
  if (nz.size() == 1) return nz[0];
  return Pattern::from_query([ps = std::move(nz)](const Arc& a, std::vector<Event>& out) {
    for (const auto& p : ps) p.query(a, out);
    check_size(out);
  });
}

Pattern overlay(const Pattern& a, const Pattern& b) { return stack({a, b}); }

Pattern slowcat(std::vector<Pattern> ps) {
  if (ps.empty()) return silence();
  if (ps.size() == 1) return ps[0];
  return Pattern::from_query([ps = std::move(ps)](const Arc& arc, std::vector<Event>& out) {
    const int64_t n = static_cast<int64_t>(ps.size());
    arc.for_each_cycle([&](const Arc& a) {
      int64_t cyc = a.begin.floor();
      int64_t i = ((cyc % n) + n) % n;
      // Haskell `div` floors.
      int64_t d = cyc - i;
      int64_t q = d / n;
      if ((d % n != 0) && ((d < 0) != (n < 0))) --q;
      Rational offset(cyc - q);
      size_t start = out.size();
      ps[i].query(Arc(a.begin - offset, a.end - offset), out);
      for (size_t k = start; k < out.size(); ++k) {
        Event& e = out[k];
        e.part = Arc(e.part.begin + offset, e.part.end + offset);
        if (e.whole) e.whole = Arc(e.whole->begin + offset, e.whole->end + offset);
      }
    });
  });
}

Pattern fastcat(std::vector<Pattern> ps) {
  if (ps.empty()) return silence();
  Rational n(static_cast<int64_t>(ps.size()));
  return fast(n, slowcat(std::move(ps)));
}

Pattern timecat(std::vector<std::pair<Rational, Pattern>> ps) {
  Rational total(0);
  for (auto& [w, p] : ps) total += w;
  if (total == Rational(0)) return silence();
  if (ps.size() == 1) return split_queries(ps[0].second);  // compress (0, 1) = fastGap 1 = splitQueries
  std::vector<Pattern> parts;
  Rational t(0);
  for (auto& [w, p] : ps) {
    parts.push_back(compress(t / total, (t + w) / total, p));
    t += w;
  }
  return stack(std::move(parts));
}

Pattern fast_from_list(const std::vector<Value>& vs) {
  std::vector<Pattern> ps;
  for (const auto& v : vs) ps.push_back(pure(v));
  return fastcat(std::move(ps));
}

Pattern from_list(const std::vector<Value>& vs) {
  std::vector<Pattern> ps;
  for (const auto& v : vs) ps.push_back(pure(v));
  return slowcat(std::move(ps));
}

namespace {
// splitQueries: queries cut at cycle boundaries. Recognisable, so that splitting twice is avoided.
class SplitNode final : public PatternNode {
 public:
  explicit SplitNode(Pattern p) : p_(std::move(p)) {}
  void query(const Arc& arc, std::vector<Event>& out) const override {
    arc.for_each_cycle([&](const Arc& a) { p_.query(a, out); });
  }

 private:
  Pattern p_;
};
bool is_split(const Pattern& p) {
  Value v;
  return p.is_silence() || p.pure_value(v) || dynamic_cast<const SplitNode*>(p.node().get()) != nullptr;
}
}  // namespace

Pattern split_queries(const Pattern& p) {
  if (is_split(p)) return p;  // pure events never cross a cycle boundary; splitting is idempotent
  return Pattern(std::make_shared<const SplitNode>(p));
}

Pattern fmap(const Pattern& p, ValueFn f) {
  if (p.is_silence()) return p;
  Value v;
  if (p.pure_value(v)) return pure(f(v));
  return Pattern::from_query(
      [p, f = std::make_shared<const ValueFn>(std::move(f))](const Arc& arc, std::vector<Event>& out) {
        size_t start = out.size();
        p.query(arc, out);
        for (size_t k = start; k < out.size(); ++k) out[k].value = memo1(f, out[k].value);
      });
}

Pattern filter_events(const Pattern& p, std::function<bool(const Event&)> f) {
  if (p.is_silence()) return p;
  return Pattern::from_query([p, f = std::move(f)](const Arc& arc, std::vector<Event>& out) {
    size_t start = out.size();
    p.query(arc, out);
    size_t w = start;
    for (size_t k = start; k < out.size(); ++k)
      if (f(out[k])) {
        if (w != k) out[w] = std::move(out[k]);
        ++w;
      }
    out.resize(w);
  });
}

Pattern filter_values(const Pattern& p, std::function<bool(const Value&)> f) {
  return filter_events(p, [f = std::move(f)](const Event& e) { return f(e.value); });
}
Pattern filter_onsets(const Pattern& p) {
  return filter_events(p, [](const Event& e) { return e.has_onset(); });
}
Pattern filter_digital(const Pattern& p) {
  return filter_events(p, [](const Event& e) { return e.whole.has_value(); });
}
Pattern filter_when(const Pattern& p, std::function<bool(const Rational&)> test) {
  return filter_events(p, [test = std::move(test)](const Event& e) { return test(e.whole_start()); });
}

Pattern with_query_time(const Pattern& p, std::function<Rational(const Rational&)> f) {
  return Pattern::from_query(
      [p, f = std::move(f)](const Arc& a, std::vector<Event>& out) { p.query(Arc(f(a.begin), f(a.end)), out); });
}
Pattern with_query_arc(const Pattern& p, std::function<Arc(const Arc&)> f) {
  return Pattern::from_query([p, f = std::move(f)](const Arc& a, std::vector<Event>& out) { p.query(f(a), out); });
}
Pattern with_result_arc(const Pattern& p, std::function<Arc(const Arc&)> f) {
  return Pattern::from_query([p, f = std::move(f)](const Arc& a, std::vector<Event>& out) {
    size_t start = out.size();
    p.query(a, out);
    for (size_t k = start; k < out.size(); ++k) {
      Event& e = out[k];
      e.part = f(e.part);
      if (e.whole) e.whole = f(*e.whole);
    }
  });
}
Pattern with_result_time(const Pattern& p, std::function<Rational(const Rational&)> f) {
  return with_result_arc(p, [f = std::move(f)](const Arc& a) { return Arc(f(a.begin), f(a.end)); });
}

// ---------------------------------------------------------------------------------------------------------------
// Applicative

// Calls g(part_piece) for each piece of `w` cut at cycle boundaries, intersected with `part` (Tidal: querying a
// `pure` pattern over `w` and taking subArc with `part`).
template <class G>
static void pure_pieces(const Arc& w, const Arc& part, G&& g) {
  int64_t first = w.begin.floor();
  int64_t last = w.begin == w.end ? first : w.end.ceil() - 1;
  if (first == last) {
    auto p = part.sub_arc(w.sect(Arc(Rational(first), Rational(first + 1))));
    if (p) g(*p);
    return;
  }
  if (last - first > kMaxCyclesPerQuery) throw_too_many_cycles();
  for (int64_t c = first; c <= last; ++c) {
    auto p = part.sub_arc(w.sect(Arc(Rational(c), Rational(c + 1))));
    if (p) g(*p);
  }
}

// Combines the events out[start..] with a `pure` pattern in place: each event keeps its whole and gets value g(v);
// an event whose whole spans several cycles is cut at the cycle boundaries (the pure pattern's events).
template <class G>
static void transform_with_pure(std::vector<Event>& out, size_t start, G&& g) {
  size_t end = out.size();
  bool need_split = false;
  for (size_t k = start; k < end; ++k) {
    Event& e = out[k];
    const Arc& w = e.whole_or_part();
    int64_t first = w.begin.floor();
    int64_t last = w.begin == w.end ? first : w.end.ceil() - 1;
    if (first == last) {
      e.value = g(e.value);
    } else {
      need_split = true;
    }
  }
  if (!need_split) return;
  Scratch s;
  auto& tmp = s.get();
  for (size_t k = start; k < end; ++k) tmp.push_back(std::move(out[k]));
  out.resize(start);
  for (Event& e : tmp) {
    const Arc& w = e.whole_or_part();
    int64_t first = w.begin.floor();
    int64_t last = w.begin == w.end ? first : w.end.ceil() - 1;
    if (first == last) {
      out.push_back(std::move(e));  // already transformed above
      continue;
    }
    Value v = g(e.value);
    pure_pieces(w, e.part, [&](const Arc& part) { out.emplace_back(e.whole, part, v); });
  }
  check_size(out);
}

namespace {
// Tidal's appLeft / appRight: the events keep the wholes of `keep` (the structure side); `other` is queried over
// each of them and every overlap becomes an event with f(left value, right value). `keep_is_left` says which of
// f's arguments `keep` supplies. A pure `other` is applied in place (one query instead of one per event).
Pattern app_one_side(const Pattern& keep, const Pattern& other, Fn2Ptr f, bool keep_is_left) {
  auto apply = [f, keep_is_left](const Value& k, const Value& o) {
    return keep_is_left ? memo2(f, k, o) : memo2(f, o, k);
  };
  Value ov;
  if (other.pure_value(ov)) {
    return Pattern::from_query([keep, ov, apply](const Arc& arc, std::vector<Event>& out) {
      size_t start = out.size();
      keep.query(arc, out);
      transform_with_pure(out, start, [&](const Value& x) { return apply(x, ov); });
    });
  }
  return Pattern::from_query([keep, other, apply](const Arc& arc, std::vector<Event>& out) {
    Scratch sk, so;
    auto& ek = sk.get();
    auto& eo = so.get();
    keep.query(arc, ek);
    for (const Event& k : ek) {
      eo.clear();
      other.query(k.whole_or_part(), eo);
      QueryBudget::charge(eo.size() + 1);
      for (const Event& o : eo) {
        auto part = k.part.sub_arc(o.part);
        if (!part) continue;
        out.emplace_back(k.whole, *part, apply(k.value, o.value));
      }
    }
    check_size(out);
  });
}
}  // namespace

Pattern app_left(const Pattern& a, const Pattern& b, ValueFn2 f0) {
  return app_one_side(a, b, std::make_shared<const ValueFn2>(std::move(f0)), true);
}

Pattern app_right(const Pattern& a, const Pattern& b, ValueFn2 f0) {
  return app_one_side(b, a, std::make_shared<const ValueFn2>(std::move(f0)), false);
}

Pattern app_both(const Pattern& a, const Pattern& b, ValueFn2 f0) {
  Fn2Ptr f = std::make_shared<const ValueFn2>(std::move(f0));
  return Pattern::from_query([a, b, f](const Arc& arc, std::vector<Event>& out) {
    Scratch sa, sb;
    auto& ea = sa.get();
    auto& eb = sb.get();
    auto with_fx = [&](const Event& ef, const Event& ex) {
      std::optional<Arc> whole;
      if (!sub_maybe_arc(ef.whole, ex.whole, whole)) return;
      auto part = ef.part.sub_arc(ex.part);
      if (!part) return;
      out.emplace_back(whole, *part, memo2(f, ef.value, ex.value));
    };
    a.query(arc, ea);
    for (const Event& ef : ea) {
      eb.clear();
      if (!ef.whole) {
        b.query(ef.part, eb);
        for (const Event& ex : eb) with_fx(ef, ex);
      } else {
        b.query(*ef.whole, eb);
        for (const Event& ex : eb)
          if (ex.whole) with_fx(ef, ex);
      }
      QueryBudget::charge(eb.size() + 1);
    }
    // analog events of b matched with digital events of a
    eb.clear();
    b.query(arc, eb);
    for (const Event& ex : eb) {
      if (ex.whole) continue;
      ea.clear();
      a.query(ex.part, ea);
      QueryBudget::charge(ea.size() + 1);
      for (const Event& ef : ea)
        if (ef.whole) with_fx(ef, ex);
    }
    check_size(out);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Joins

Pattern bind(const Pattern& p, BindFn f) {
  return Pattern::from_query([p, f = std::move(f)](const Arc& arc, std::vector<Event>& out) {
    Scratch so, si;
    auto& outer = so.get();
    auto& inner = si.get();
    p.query(arc, outer);
    for (const Event& oe : outer) {
      inner.clear();
      f(oe.value).query(oe.part, inner);
      QueryBudget::charge(inner.size() + 1);
      for (Event& ie : inner) {
        std::optional<Arc> whole;
        if (!sub_maybe_arc(oe.whole, ie.whole, whole)) continue;
        auto part = oe.part.sub_arc(ie.part);
        if (!part) continue;
        out.emplace_back(whole, *part, std::move(ie.value));
      }
    }
    check_size(out);
  });
}

Pattern inner_bind(const Pattern& p, BindFn f) {
  Value pv;
  if (p.pure_value(pv)) {
    // innerJoin over `pure v`: the inner pattern is fixed; the outer only cuts queries at cycle boundaries.
    Pattern inner_p = f(pv);
    // innerJoin over `pure v` only cuts queries at cycle boundaries (inner parts already lie inside the query).
    return split_queries(inner_p);
  }
  return Pattern::from_query([p, f = std::move(f)](const Arc& arc, std::vector<Event>& out) {
    Scratch so, si;
    auto& outer = so.get();
    auto& inner = si.get();
    p.query(arc, outer);
    for (const Event& oe : outer) {
      inner.clear();
      f(oe.value).query(oe.part, inner);
      QueryBudget::charge(inner.size() + 1);
      for (Event& ie : inner) {
        auto part = arc.sub_arc(ie.part);
        if (!part) continue;
        auto part2 = part->sub_arc(arc);
        if (!part2) continue;
        out.emplace_back(ie.whole, *part2, std::move(ie.value));
      }
    }
    check_size(out);
  });
}

Pattern outer_bind(const Pattern& p, BindFn f) {
  return Pattern::from_query([p, f = std::move(f)](const Arc& arc, std::vector<Event>& out) {
    Scratch so, si;
    auto& outer = so.get();
    auto& inner = si.get();
    p.query(arc, outer);
    for (const Event& oe : outer) {
      inner.clear();
      Rational t = oe.whole_start();
      f(oe.value).query(Arc(t, t), inner);
      QueryBudget::charge(inner.size() + 1);
      for (Event& ie : inner) {
        auto part = arc.sub_arc(oe.part);
        if (!part) continue;
        out.emplace_back(oe.whole, *part, std::move(ie.value));
      }
    }
    check_size(out);
  });
}

Pattern squeeze_bind(const Pattern& p, BindFn f) {
  return Pattern::from_query([p, f = std::move(f)](const Arc& arc, std::vector<Event>& out) {
    Scratch so, si;
    auto& outer = so.get();
    auto& inner = si.get();
    p.query(arc, outer);
    for (const Event& oe : outer) {
      inner.clear();
      const Arc& w = oe.whole_or_part();
      Rational cb = w.begin.cycle_pos();
      Rational ce = cb + (w.end - w.begin);
      compress(cb, ce, f(oe.value)).query(oe.part, inner);
      QueryBudget::charge(inner.size() + 1);
      for (Event& ie : inner) {
        std::optional<Arc> whole;
        if (!sub_maybe_arc(oe.whole, ie.whole, whole)) continue;
        auto part = oe.part.sub_arc(ie.part);
        if (!part) continue;
        out.emplace_back(whole, *part, std::move(ie.value));
      }
    }
    check_size(out);
  });
}

Pattern tparam(const Pattern& arg, std::function<Pattern(const Value&)> f) { return inner_bind(arg, std::move(f)); }

Pattern tparam2(const Pattern& a, const Pattern& b, std::function<Pattern(const Value&, const Value&)> f) {
  return inner_bind(a, [b, f = std::move(f)](const Value& va) {
    return inner_bind(b, [va, f](const Value& vb) { return f(va, vb); });
  });
}

Pattern tparam3(const Pattern& a, const Pattern& b, const Pattern& c,
                std::function<Pattern(const Value&, const Value&, const Value&)> f) {
  return inner_bind(a, [b, c, f = std::move(f)](const Value& va) {
    return inner_bind(b, [va, c, f](const Value& vb) {
      return inner_bind(c, [va, vb, f](const Value& vc) { return f(va, vb, vc); });
    });
  });
}

Pattern tparam_squeeze(const Pattern& arg, std::function<Pattern(const Value&)> f) {
  return squeeze_bind(arg, std::move(f));
}

// ---------------------------------------------------------------------------------------------------------------
// Time

Pattern fast(Rational r, const Pattern& p) {
  if (r == Rational(0) || p.is_silence()) return silence();
  if (r < Rational(0)) return rev(fast(-r, p));
  if (r == Rational(1)) return p;
  return Pattern::from_query([r, p](const Arc& a, std::vector<Event>& out) {
    size_t start = out.size();
    p.query(Arc(a.begin * r, a.end * r), out);
    for (size_t k = start; k < out.size(); ++k) {
      Event& e = out[k];
      e.part = Arc(e.part.begin / r, e.part.end / r);
      if (e.whole) e.whole = Arc(e.whole->begin / r, e.whole->end / r);
    }
  });
}

Pattern slow(Rational r, const Pattern& p) {
  if (r == Rational(0)) return silence();
  return fast(Rational(1) / r, p);
}

Pattern fast(const Pattern& r, const Pattern& p) {
  return tparam(r, [p](const Value& v) {
    if (v.is_number()) check_time_factor(v.as_number(), false, "fast");
    return fast(value_to_time(v), p);
  });
}
Pattern slow(const Pattern& r, const Pattern& p) {
  return tparam(r, [p](const Value& v) {
    if (v.is_number()) check_time_factor(v.as_number(), true, "slow");
    return slow(value_to_time(v), p);
  });
}

Pattern rot_l(Rational t, const Pattern& p) {
  if (t == Rational(0) || p.is_silence()) return p;
  return Pattern::from_query([t, p](const Arc& a, std::vector<Event>& out) {
    size_t start = out.size();
    p.query(Arc(a.begin + t, a.end + t), out);
    for (size_t k = start; k < out.size(); ++k) {
      Event& e = out[k];
      e.part = Arc(e.part.begin - t, e.part.end - t);
      if (e.whole) e.whole = Arc(e.whole->begin - t, e.whole->end - t);
    }
  });
}
Pattern rot_r(Rational t, const Pattern& p) { return rot_l(-t, p); }

Pattern early(const Pattern& t, const Pattern& p) {
  return tparam(t, [p](const Value& v) { return rot_l(value_to_time(v), p); });
}
Pattern late(const Pattern& t, const Pattern& p) {
  return tparam(t, [p](const Value& v) { return rot_r(value_to_time(v), p); });
}

Pattern rev(const Pattern& p) {
  if (p.is_silence()) return p;
  return Pattern::from_query([p](const Arc& arc, std::vector<Event>& out) {
    arc.for_each_cycle([&](const Arc& a) {
      Rational cyc = a.begin.sam();
      Rational mid2 = cyc + cyc + Rational(1);  // 2 * (sam + 0.5)
      size_t start = out.size();
      p.query(Arc(mid2 - a.end, mid2 - a.begin), out);
      for (size_t k = start; k < out.size(); ++k) {
        Event& e = out[k];
        Arc np(mid2 - e.part.end, mid2 - e.part.begin);
        if (e.whole) {
          Rational rel_b = e.part.begin - e.whole->begin;  // makeWholeRelative
          Rational rel_e = e.whole->end - e.part.end;
          e.whole = Arc(np.begin - rel_e, np.end + rel_b);
        }
        e.part = np;
      }
    });
  });
}

Pattern fast_gap(Rational r, const Pattern& p) {
  if (r <= Rational(0) || p.is_silence()) return silence();
  Rational rr = max(r, Rational(1));
  if (rr == Rational(1)) return split_queries(p);
  return Pattern::from_query([rr, p](const Arc& arc, std::vector<Event>& out) {
    arc.for_each_cycle([&](const Arc& a) {
      auto munge = [&](const Rational& t) { return t.sam() + min(Rational(1), rr * t.cycle_pos()); };
      Arc q(munge(a.begin), munge(a.end));
      if (q.begin == a.begin.next_sam()) return;
      size_t start = out.size();
      p.query(q, out);
      auto res = [&](const Arc& x) {
        Rational s = x.begin.sam();
        return Arc(s + (x.begin - s) / rr, s + (x.end - s) / rr);
      };
      for (size_t k = start; k < out.size(); ++k) {
        Event& e = out[k];
        e.part = res(e.part);
        if (e.whole) e.whole = res(*e.whole);
      }
    });
  });
}

Pattern fast_gap(const Pattern& r, const Pattern& p) {
  return tparam(r, [p](const Value& v) { return fast_gap(value_to_time(v), p); });
}

Pattern compress(Rational b, Rational e, const Pattern& p) {
  if (b > e || b > Rational(1) || e > Rational(1) || b < Rational(0) || e < Rational(0)) return silence();
  if (b == e) return silence();  // fastGap of infinity
  return rot_r(b, fast_gap(Rational(1) / (e - b), p));
}

Pattern zoom(Rational s, Rational e, const Pattern& p) {
  Rational d = e - s;
  if (d <= Rational(0)) return silence();
  return Pattern::from_query([s, d, p](const Arc& arc, std::vector<Event>& out) {
    arc.for_each_cycle([&](const Arc& a) {
      Rational sam = a.begin.sam();
      Arc q(sam + (a.begin - sam) * d + s, sam + (a.end - sam) * d + s);
      size_t start = out.size();
      p.query(q, out);
      auto res = [&](const Arc& x) {
        Rational c = x.begin.sam();
        return Arc(c + (x.begin - c - s) / d, c + (x.end - c - s) / d);
      };
      for (size_t k = start; k < out.size(); ++k) {
        Event& ev = out[k];
        ev.part = res(ev.part);
        if (ev.whole) ev.whole = res(*ev.whole);
      }
    });
  });
}

Pattern segment(Rational n, const Pattern& p) {
  return app_left(fast(n, pure(Value())), p, [](const Value&, const Value& b) { return b; });
}
Pattern segment(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& v) {
    if (v.is_number()) check_steps(v.as_number(), "segment");
    return segment(value_to_time(v), p);
  });
}

Pattern when_cycle(std::function<bool(int64_t)> test, const Transform& f, const Pattern& p) {
  Pattern fp = f(p);
  return Pattern::from_query([test = std::move(test), fp, p](const Arc& arc, std::vector<Event>& out) {
    arc.for_each_cycle([&](const Arc& a) {
      if (test(a.begin.floor())) fp.query(a, out);
      else p.query(a, out);
    });
  });
}

Rational value_to_time(const Value& v) {
  if (v.is_number() || v.is_bool()) return Rational::from_double(v.as_number());
  throw std::invalid_argument("expected a number for a time value, got " + v.to_string());
}
int64_t value_to_int(const Value& v) {
  if (v.is_number() || v.is_bool()) {
    double x = std::floor(v.as_number());
    if (!(std::fabs(x) < 9e18)) throw std::overflow_error("integer argument out of range");
    return static_cast<int64_t>(x);
  }
  throw std::invalid_argument("expected an integer, got " + v.to_string());
}
double value_to_double(const Value& v) {
  if (v.is_number() || v.is_bool()) return v.as_number();
  throw std::invalid_argument("expected a number, got " + v.to_string());
}

}  // namespace phonon
