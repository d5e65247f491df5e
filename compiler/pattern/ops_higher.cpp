// Higher-order functions: every, whenmod, within, chunk, inside/outside, superimpose, off, layer, stutWith,
// while, swingBy, sometimesBy, somecyclesBy, fix/unfix.
#include <cmath>

#include "compiler/pattern/ops.hpp"

namespace phonon {

namespace {
int64_t hmod(int64_t a, int64_t n) { return ((a % n) + n) % n; }
}  // namespace

Pattern every(const Pattern& n, const Transform& f, const Pattern& p) {
  return tparam(n, [f, p](const Value& v) {
    int64_t k = value_to_int(v);
    if (k == 0) return p;
    return when_cycle([k](int64_t c) { return hmod(c, k) == 0; }, f, p);
  });
}

Pattern every_offset(const Pattern& n, const Pattern& o, const Transform& f, const Pattern& p) {
  // Tidal 1.7: every' np op f p = do { n <- np; o <- op; _every' n o f p } (unwrap binds)
  return bind(n, [o, f, p](const Value& vn) {
    return bind(o, [vn, f, p](const Value& vo) {
      int64_t k = value_to_int(vn), off = value_to_int(vo);
      if (k == 0) return p;
      return when_cycle([k, off](int64_t c) { return hmod(c, k) == off; }, f, p);
    });
  });
}

Pattern whenmod(const Pattern& a, const Pattern& b, const Transform& f, const Pattern& p) {
  // Tidal 1.7.10's whenmod is `whenT (\t -> t `mod'` a >= b)`: times (`whenmod 3 1.5`), tested exactly at the start
  // of each query, split at cycles. A whole cycle is tested at its start; a query inside a cycle (under `slow`,
  // `inside`, `swing`) at its own start, so `whenmod 3 1.5` changes in the middle of cycle 1 there, as in Tidal.
  return tparam2(a, b, [f, p](const Value& va, const Value& vb) {
    const Rational x = value_to_time(va), y = value_to_time(vb);
    if (x == Rational(0)) return p;
    const Pattern fp = f(p);
    return Pattern::from_query([x, y, fp, p](const Arc& arc, std::vector<Event>& out) {
      arc.for_each_cycle([&](const Arc& part) {
        const Rational& t = part.begin;
        if (t - x * Rational((t / x).floor()) >= y) fp.query(part, out);
        else p.query(part, out);
      });
    });
  });
}

Pattern within(Rational s, Rational e, const Transform& f, const Pattern& p) {
  auto inside_ = [s, e](const Rational& t) {
    Rational c = t.cycle_pos();
    return c >= s && c < e;
  };
  return stack({filter_when(f(p), inside_), filter_when(p, [inside_](const Rational& t) { return !inside_(t); })});
}

static Pattern chunk_(int64_t n, const Transform& f, const Pattern& p, bool back) {
  check_steps(n, "chunk");
  if (n == 0) return p;
  std::vector<Pattern> ps;
  for (int64_t i = 0; i < n; ++i) {
    int64_t j = back ? n - 1 - i : i;
    ps.push_back(within(Rational(j, n), Rational(j + 1, n), f, p));
  }
  return slowcat(std::move(ps));
}
Pattern chunk(const Pattern& n, const Transform& f, const Pattern& p) {
  return tparam(n, [f, p](const Value& v) {
    int64_t k = value_to_int(v);
    return k < 0 ? chunk_(-k, f, p, true) : chunk_(k, f, p, false);
  });
}
Pattern chunk_back(const Pattern& n, const Transform& f, const Pattern& p) {
  return tparam(n, [f, p](const Value& v) {
    int64_t k = value_to_int(v);
    return k < 0 ? chunk_(-k, f, p, false) : chunk_(k, f, p, true);
  });
}

Pattern inside(const Pattern& n, const Transform& f, const Pattern& p) {
  return tparam(n, [f, p](const Value& v) {
    Rational r = value_to_time(v);
    return fast(r, f(slow(r, p)));
  });
}
Pattern outside(const Pattern& n, const Transform& f, const Pattern& p) {
  return tparam(n, [f, p](const Value& v) {
    Rational r = value_to_time(v);
    if (r == Rational(0)) return silence();
    Rational q = Rational(1) / r;
    return fast(q, f(slow(q, p)));
  });
}

Pattern superimpose(const Transform& f, const Pattern& p) { return stack({p, f(p)}); }

Pattern off(const Pattern& t, const Transform& f, const Pattern& p) {
  return tparam(t, [f, p](const Value& v) {
    Rational r = value_to_time(v);
    return superimpose([f, r](const Pattern& x) { return f(rot_r(r, x)); }, p);
  });
}

Pattern layer(const std::vector<Transform>& fs, const Pattern& p) {
  std::vector<Pattern> ps;
  for (const auto& f : fs) ps.push_back(f(p));
  return stack(std::move(ps));
}

static Pattern stut_with_(int64_t count, Rational t, const Transform& f, const Pattern& p) {
  if (count <= 1) return p;
  // Copy i applies f i times (Tidal's recursion), so the work grows with count^2: 256 copies is ~33000 applications.
  if (count > 256) throw PatternLimitError("stutWith: too many copies (the limit is 256)");
  return overlay(f(rot_r(t, stut_with_(count - 1, t, f, p))), p);
}

Pattern stut_with(const Pattern& n, const Pattern& t, const Transform& f, const Pattern& p) {
  // innerJoin $ (\a b -> _stutWith a b f p) <$> n <* t
  return inner_bind(app_left(n, t,
                             [](const Value& a, const Value& b) {
                               auto m = std::make_shared<ControlMap>();
                               m->set("n", a);
                               m->set("t", b);
                               return Value::map(std::move(m));
                             }),
                    [f, p](const Value& v) {
                      return stut_with_(value_to_int(*v.as_map().find("n")), value_to_time(*v.as_map().find("t")), f,
                                        p);
                    });
}

Pattern while_(const Pattern& b, const Transform& f, const Pattern& p) {
  auto inv = fmap(b, [](const Value& v) { return Value::boolean(!v.as_bool()); });
  return overlay(mask(b, f(p)), mask(inv, p));
}

Pattern swing_by(const Pattern& x, const Pattern& n, const Pattern& p) {
  return inside(
      n,
      [x](const Pattern& q) {
        return within(
            Rational(1, 2), Rational(1), [x](const Pattern& r) { return late(x, r); }, q);
      },
      p);
}

Pattern sometimes_by(const Pattern& x, const Transform& f, const Pattern& p) {
  return overlay(degrade_by(x, p), f(undegrade_by(x, p)));
}

Pattern somecycles_by(const Pattern& x, const Transform& f, const Pattern& p) {
  return tparam(x, [f, p](const Value& v) {
    double d = value_to_double(v);
    return when_cycle([d](int64_t c) { return time_to_rand(Rational(c)) < d; }, f, p);
  });
}

// Tidal's contrast: events whose control map contains all of `which` (numbers compared exactly, strings equal)
// go through f, the others through g. The test samples `which` at the event start.
static bool map_matches(const ControlMap& which, const Value& v) {
  if (!v.is_map()) return false;
  for (const auto& [k, want] : which.entries()) {
    const Value* got = v.as_map().find(k);
    if (!got) return false;
    if (want.is_number() && got->is_number()) {
      if (want.as_number() != got->as_number()) return false;
    } else if (!(want == *got)) {
      return false;
    }
  }
  return true;
}

Pattern fix(const Transform& f, const ControlMap& which, const Pattern& p) {
  auto w = std::make_shared<const ControlMap>(which);
  auto matched = filter_values(p, [w](const Value& v) { return map_matches(*w, v); });
  auto unmatched = filter_values(p, [w](const Value& v) { return !map_matches(*w, v); });
  return overlay(f(matched), unmatched);
}

Pattern unfix(const Transform& f, const ControlMap& which, const Pattern& p) {
  auto w = std::make_shared<const ControlMap>(which);
  auto matched = filter_values(p, [w](const Value& v) { return map_matches(*w, v); });
  auto unmatched = filter_values(p, [w](const Value& v) { return !map_matches(*w, v); });
  return overlay(matched, f(unmatched));
}

}  // namespace phonon
