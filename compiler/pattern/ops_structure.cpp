// Structural functions: run, struct, mask, euclid family, ply, press, linger, iter, palindrome, brak, rot, bite,
// range, quantise, enumeration.
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "compiler/pattern/ops.hpp"

namespace phonon {

namespace {

Pattern run_(int64_t n) {
  check_steps(n, "run");
  std::vector<Value> vs;
  for (int64_t i = 0; i < n; ++i) vs.push_back(Value::number(static_cast<double>(i)));
  return fast_from_list(vs);
}
}  // namespace

Pattern run(const Pattern& n) {
  return bind(n, [](const Value& v) { return run_(value_to_int(v)); });
}

Pattern irand(const Pattern& n) {
  return bind(n, [](const Value& v) {
    double i = static_cast<double>(value_to_int(v));
    return fmap(rand_pattern(), [i](const Value& r) { return Value::number(std::floor(r.as_number() * i)); });
  });
}

Pattern struct_(const Pattern& bools, const Pattern& p) {
  auto tagged = app_left(bools, p, [](const Value& a, const Value& b) {
    return (a.is_bool() || a.is_number()) && a.as_bool() ? b : Value();
  });
  return filter_values(tagged, [](const Value& v) { return !v.is_nil(); });
}

Pattern mask(const Pattern& bools, const Pattern& p) {
  auto trues = filter_values(bools, [](const Value& v) { return (v.is_bool() || v.is_number()) && v.as_bool(); });
  return app_left(p, trues, [](const Value& a, const Value&) { return a; });
}

Pattern stretch(const Pattern& p) {
  return Pattern::from_query([p](const Arc& arc, std::vector<Event>& out) {
    arc.for_each_cycle([&](const Arc& a) {
      const Rational sam = a.begin.sam();
      std::vector<Event> cycle;
      p.query(Arc(sam, sam + Rational(1)), cycle);
      QueryBudget::charge(cycle.size() + 1);
      // Tidal 1.7.10: the enclosing arc of the wholes (parts of continuous events), or the cycle when it is
      // empty, moved to start in cycle 0 (cycleArc); zoomed as zoomArc does.
      Rational b = Rational(0), e = Rational(1);
      if (!cycle.empty()) {
        b = cycle.front().whole_or_part().begin;
        e = cycle.front().whole_or_part().end;
        for (const Event& ev : cycle) {
          b = std::min(b, ev.whole_or_part().begin);
          e = std::max(e, ev.whole_or_part().end);
        }
      }
      const Rational shift = b.sam();
      zoom(b - shift, e - shift, p).query(a, out);
    });
  });
}

std::vector<bool> bjorklund(int64_t k, int64_t n) {
  // Tidal's Bjorklund (Sound.Tidal.Bjorklund). Tidal keeps two lists of sequences; at every stage all sequences of
  // the first list are equal and so are those of the second, so each list is kept here as (count, sequence), and
  // a run of "right" steps (which only append the second sequence to the first) is done at once. Same result as
  // the list algorithm, in O(n log n) instead of O(n^2 / k) (`bd(3,65536)` took 25 s).
  if (n <= 0 || k <= 0) return std::vector<bool>(static_cast<size_t>(std::max<int64_t>(n, 0)), false);
  // More pulses than steps: Tidal returns the k pulses (`bd(5,4)` has five steps of 1/5 cycle).
  if (k >= n) return std::vector<bool>(static_cast<size_t>(k), true);
  int64_t i = k, j = n - k;  // counts
  std::vector<bool> x{true}, y{false};
  while (std::min(i, j) > 1) {
    if (i > j) {  // left: j sequences x ++ y, then i - j sequences x
      std::vector<bool> xy = x;
      xy.insert(xy.end(), y.begin(), y.end());
      y = std::move(x);
      x = std::move(xy);
      int64_t ni = j, nj = i - j;
      i = ni, j = nj;
    } else {  // right, repeated while i <= j: x ++ y ++ y ...
      int64_t r = j / i;
      for (int64_t t = 0; t < r; ++t) x.insert(x.end(), y.begin(), y.end());
      j -= r * i;
    }
  }
  std::vector<bool> out;
  out.reserve(static_cast<size_t>(n));
  for (int64_t q = 0; q < i; ++q) out.insert(out.end(), x.begin(), x.end());
  for (int64_t q = 0; q < j; ++q) out.insert(out.end(), y.begin(), y.end());
  return out;
}

namespace {
// fastcat of `bits.size()` steps, step i playing `p` where bits[i] is set (Tidal: fastcat of p / silence). Computed
// like fast n (slowcat steps) — the same arithmetic, so the same events — but without building one pattern per
// step, and visiting only the steps that the query touches: `bd(3,2293)` with patterned arguments rebuilds this
// per query, which must stay cheap.
class EuclidSeqNode final : public PatternNode {
 public:
  EuclidSeqNode(std::shared_ptr<const std::vector<bool>> bits, Pattern p) : bits_(std::move(bits)), p_(std::move(p)) {}
  void query(const Arc& arc, std::vector<Event>& out) const override {
    const std::vector<bool>& bits = *bits_;
    const auto n = static_cast<int64_t>(bits.size());
    const Rational rn(n);
    Arc scaled(arc.begin * rn, arc.end * rn);
    scaled.for_each_cycle([&](const Arc& a) {
      int64_t cyc = a.begin.floor();
      int64_t i = ((cyc % n) + n) % n;
      if (!bits[static_cast<size_t>(i)]) return;
      int64_t d = cyc - i;  // Haskell `div` floors
      int64_t q = d / n;
      if ((d % n != 0) && ((d < 0) != (n < 0))) --q;
      Rational offset(cyc - q);
      size_t start = out.size();
      p_.query(Arc(a.begin - offset, a.end - offset), out);
      for (size_t k = start; k < out.size(); ++k) {
        Event& e = out[k];
        e.part = Arc((e.part.begin + offset) / rn, (e.part.end + offset) / rn);
        if (e.whole) e.whole = Arc((e.whole->begin + offset) / rn, (e.whole->end + offset) / rn);
      }
    });
    if (out.size() > kMaxEventsPerQuery) throw_too_many_events();
  }

 private:
  std::shared_ptr<const std::vector<bool>> bits_;
  Pattern p_;
};

// Euclid steps of (hits, steps), inverted for negative hits. Memoised per thread (a small direct-mapped cache of
// immutable results): with patterned arguments (`bd(<3 5>,8)`) the sequence is rebuilt for every query, and
// Tidal's bjorklund allocates a lot.
std::shared_ptr<const std::vector<bool>> euclid_bits(int64_t n, int64_t k) {
  struct Entry {
    int64_t n = 0, k = -1;
    std::shared_ptr<const std::vector<bool>> bits;
  };
  constexpr size_t kSize = 64;
  thread_local std::vector<Entry> cache(kSize);
  Entry& e = cache[(static_cast<uint64_t>(n) * 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(k)) % kSize];
  if (e.bits && e.n == n && e.k == k) return e.bits;
  auto bits = bjorklund(n >= 0 ? n : -n, k);
  if (n < 0) bits.flip();
  e.n = n;
  e.k = k;
  e.bits = std::make_shared<const std::vector<bool>>(std::move(bits));
  return e.bits;
}
}  // namespace

static Pattern euclid_(int64_t n, int64_t k, const Pattern& a) {
  check_steps(k, "euclid");
  if (k <= 0 || a.is_silence()) return silence();
  auto bits = euclid_bits(n, k);
  if (k == 1) return (*bits)[0] ? a : silence();  // fastcat of one pattern is the pattern
  return Pattern(std::make_shared<const EuclidSeqNode>(std::move(bits), a));
}

static Pattern euclid_off_(int64_t n, int64_t k, int64_t s, const Pattern& p) {
  if (k == 0) return silence();
  return rot_l(Rational(s, k), euclid_(n, k, p));
}

Pattern euclid(const Pattern& n, const Pattern& k, const Pattern& p) {
  return tparam2(n, k, [p](const Value& a, const Value& b) { return euclid_(value_to_int(a), value_to_int(b), p); });
}
Pattern euclid_inv(const Pattern& n, const Pattern& k, const Pattern& p) {
  return tparam2(n, k, [p](const Value& a, const Value& b) { return euclid_(-value_to_int(a), value_to_int(b), p); });
}
Pattern euclid_full(const Pattern& n, const Pattern& k, const Pattern& p, const Pattern& p2) {
  return stack({euclid(n, k, p), euclid_inv(n, k, p2)});
}
Pattern euclid_off(const Pattern& n, const Pattern& k, const Pattern& s, const Pattern& p) {
  return tparam3(n, k, s, [p](const Value& a, const Value& b, const Value& c) {
    return euclid_off_(value_to_int(a), value_to_int(b), value_to_int(c), p);
  });
}
Pattern euclid_off_full(const Pattern& n, const Pattern& k, const Pattern& s, const Pattern& p, const Pattern& p2) {
  auto inv = tparam3(n, k, s, [p2](const Value& a, const Value& b, const Value& c) {
    return euclid_off_(-value_to_int(a), value_to_int(b), value_to_int(c), p2);
  });
  return stack({euclid_off(n, k, s, p), inv});
}

Pattern euclid_bool(int64_t n, int64_t k) {
  check_steps(k, "euclid");
  if (k <= 0) return silence();
  auto bits = euclid_bits(n, k);  // already inverted for negative n
  std::vector<Value> vs;
  for (bool b : *bits) vs.push_back(Value::boolean(b));
  return fast_from_list(vs);
}

Pattern euclid_off_bool(const Pattern& n, const Pattern& k, const Pattern& s, const Pattern& p) {
  return tparam3(n, k, s, [p](const Value& a, const Value& b, const Value& c) {
    int64_t kk = value_to_int(b);
    if (kk == 0) return silence();
    auto e = app_both(euclid_bool(value_to_int(a), kk), p, [](const Value& x, const Value& y) {
      bool bx = x.as_bool();
      bool by = (y.is_bool() || y.is_number()) && y.as_bool();
      return Value::boolean(bx ? by : !by);
    });
    return rot_l(Rational(value_to_int(c), kk), e);
  });
}

Pattern ply(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& v) {
    Rational r = value_to_time(v);
    check_steps(r.to_double(), "ply");
    return squeeze_bind(p, [r](const Value& x) { return fast(r, pure(x)); });
  });
}

Pattern press_by(const Pattern& r, const Pattern& p) {
  return tparam(r, [p](const Value& v) {
    Rational t = value_to_time(v);
    // compressTo (r, 1) = compressArc (cyclePos r, 1 - sam r)
    Rational b = t.cycle_pos(), e = Rational(1) - t.sam();
    return squeeze_bind(p, [b, e](const Value& x) { return compress(b, e, pure(x)); });
  });
}

Pattern linger(const Pattern& r, const Pattern& p) {
  return tparam(r, [p](const Value& v) {
    Rational n = value_to_time(v);
    check_time_factor(n.to_double(), true, "linger");
    if (n == Rational(0)) return silence();
    if (n < Rational(0)) return fast(Rational(1) / n, zoom(Rational(1) + n, Rational(1), p));
    return fast(Rational(1) / n, zoom(Rational(0), n, p));
  });
}

// Tidal's trunc: each cycle plays only its first `fraction`; an event cut at the end keeps its whole (a fragment).
Pattern trunc(const Pattern& r, const Pattern& p) {
  return tparam(r, [p](const Value& v) {
    Rational t = value_to_time(v);
    if (t <= Rational(0)) return silence();
    if (t >= Rational(1)) return p;
    return split_queries(Pattern::from_query([p, t](const Arc& arc, std::vector<Event>& out) {
      const Rational stop = min(arc.end, arc.begin.sam() + t);
      if (arc.begin < stop || (arc.begin == arc.end && arc.begin < arc.begin.sam() + t))
        p.query(Arc(arc.begin, stop), out);
    }));
  });
}

static Pattern iter_(int64_t n, const Pattern& p, bool back) {
  check_steps(n, "iter");
  if (n == 0) return p;
  int64_t an = n < 0 ? -n : n;
  std::vector<Pattern> ps;
  for (int64_t i = 0; i < an; ++i) {
    Rational t(i, an);
    ps.push_back(back ? rot_r(t, p) : rot_l(t, p));
  }
  return slowcat(std::move(ps));
}
Pattern iter(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& v) { return iter_(value_to_int(v), p, false); });
}
Pattern iter_back(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& v) { return iter_(value_to_int(v), p, true); });
}

Pattern palindrome(const Pattern& p) { return slowcat({p, rev(p)}); }

Pattern brak(const Pattern& p) {
  return when_cycle([](int64_t c) { return ((c % 2) + 2) % 2 == 1; },
                    [](const Pattern& x) {
                      return rot_r(Rational(1, 4), fastcat({x, silence()}));
                    },
                    p);
}

// Tidal's _rot: per cycle, query the whole cycle, defragment, sort, shift values, constrain to the query.
static bool value_less(const Value& a, const Value& b);
static bool event_less(const Event& a, const Event& b) {
  // Tidal sorts events by (context, whole, part, value); contexts follow source order, which for the patterns
  // rot is used with matches time order, so we sort by whole, then part, then value.
  const Arc& wa = a.whole_or_part();
  const Arc& wb = b.whole_or_part();
  if (wa.begin != wb.begin) return wa.begin < wb.begin;
  if (wa.end != wb.end) return wa.end < wb.end;
  if (a.part.begin != b.part.begin) return a.part.begin < b.part.begin;
  if (a.part.end != b.part.end) return a.part.end < b.part.end;
  return value_less(a.value, b.value);
}
static bool value_less(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return a.kind() < b.kind();
  if (a.is_number() || a.is_bool()) return a.as_number() < b.as_number();
  if (a.is_string()) return a.as_string() < b.as_string();
  if (a.is_map()) {
    const auto& ea = a.as_map().entries();
    const auto& eb = b.as_map().entries();
    for (size_t i = 0; i < ea.size() && i < eb.size(); ++i) {
      if (ea[i].first != eb[i].first) return ea[i].first < eb[i].first;
      if (value_less(ea[i].second, eb[i].second)) return true;
      if (value_less(eb[i].second, ea[i].second)) return false;
    }
    return ea.size() < eb.size();
  }
  return false;
}

static std::vector<Event> defrag(std::vector<Event> es) {
  // Tidal's defragParts: merge adjacent fragments of the same whole and value.
  bool merged = true;
  while (merged) {
    merged = false;
    for (size_t i = 0; i < es.size() && !merged; ++i)
      for (size_t j = i + 1; j < es.size() && !merged; ++j) {
        const Event& a = es[i];
        const Event& b = es[j];
        if (a.whole == b.whole && a.value == b.value && (a.part.end == b.part.begin || b.part.end == a.part.begin)) {
          Arc hull(min(a.part.begin, b.part.begin), max(a.part.end, b.part.end));
          es[i].part = hull;
          es.erase(es.begin() + static_cast<long>(j));
          merged = true;
        }
      }
  }
  return es;
}

static Pattern rot_(int64_t i, const Pattern& p) {
  return Pattern::from_query([i, p](const Arc& arc, std::vector<Event>& out) {
    arc.for_each_cycle([&](const Arc& a) {
      std::vector<Event> es = defrag(p.query(Arc(a.begin.sam(), a.begin.next_sam())));
      std::sort(es.begin(), es.end(), event_less);
      size_t n = es.size();
      if (n == 0) return;
      std::vector<Value> vals;
      for (auto& e : es) vals.push_back(e.value);
      int64_t sh = i >= 0 ? i % static_cast<int64_t>(n)
                          : (static_cast<int64_t>(n) - ((-i) % static_cast<int64_t>(n))) % static_cast<int64_t>(n);
      for (size_t k = 0; k < n; ++k) {
        auto part = es[k].part.sub_arc(a);
        if (!part) continue;
        out.emplace_back(es[k].whole, *part, vals[(k + static_cast<size_t>(sh)) % n]);
      }
    });
  });
}

Pattern rot(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& v) { return rot_(value_to_int(v), p); });
}

static Pattern bite_(int64_t n, const Pattern& ipat, const Pattern& pat) {
  check_steps(n, "bite");
  if (n == 0) return silence();
  return squeeze_bind(ipat, [n, pat](const Value& v) {
    int64_t i = ((value_to_int(v) % n) + n) % n;
    return zoom(Rational(i, n), Rational(i + 1, n), pat);
  });
}
Pattern bite(const Pattern& n, const Pattern& i, const Pattern& p) {
  return tparam(n, [i, p](const Value& v) { return bite_(value_to_int(v), i, p); });
}

Pattern range(const Pattern& lo, const Pattern& hi, const Pattern& p) {
  // (\from to v -> v*(to-from)+from) <$> fromP *> toP *> p : structure from p.
  auto lohi = app_right(lo, hi, [](const Value& a, const Value& b) {
    auto m = std::make_shared<ControlMap>();
    m->set("hi", b);
    m->set("lo", a);
    return Value::map(std::move(m));
  });
  return app_right(lohi, p, [](const Value& lh, const Value& v) {
    double l = value_to_double(*lh.as_map().find("lo"));
    double h = value_to_double(*lh.as_map().find("hi"));
    return Value::number(value_to_double(v) * (h - l) + l);
  });
}

Pattern rangex(const Pattern& lo, const Pattern& hi, const Pattern& p) {
  auto ll = fmap(lo, [](const Value& v) { return Value::number(std::log(value_to_double(v))); });
  auto lh = fmap(hi, [](const Value& v) { return Value::number(std::log(value_to_double(v))); });
  return fmap(range(ll, lh, p), [](const Value& v) { return Value::number(std::exp(v.as_number())); });
}

Pattern quantise(const Pattern& p) {
  return fmap(p, [](const Value& v) {
    double x = value_to_double(v);
    double r = std::nearbyint(x);  // banker's rounding under the default FE_TONEAREST, like Haskell's round
    return Value::number(r);
  });
}

Pattern enum_from_to(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    double x = a.as_number(), y = b.as_number();
    bool reversed = x > y;
    double lo = reversed ? y : x, hi = reversed ? x : y;
    std::vector<Value> vs;
    // Haskell's enumFromTo on Double: lo, lo+1, ... while <= hi + 1/2.
    for (double v = lo; v <= hi + 0.5; v += 1.0) {
      vs.push_back(Value::number(v));
      if (static_cast<int64_t>(vs.size()) > kMaxSteps) throw PatternLimitError("range `..` has too many steps");
    }
    if (reversed) std::reverse(vs.begin(), vs.end());
    return fast_from_list(vs);
  }
  return fast_from_list({a, b});
}

}  // namespace phonon
