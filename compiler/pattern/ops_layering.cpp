// Layering copies of a pattern (Tidal 1.7 UI.hs / Control.hs): foldEvery, ghost, spin, jux', jux4, juxcut,
// weaveWith, plyWith, within', sometimesBy', stutter, wedge, sew, stitch, randslice, perlinWith, brandBy.
#include <cmath>

#include "compiler/pattern/ops.hpp"

namespace phonon {

namespace {
Value num(double x) { return Value::number(x); }
Pattern ctrl(const char* name, double x) { return pure(control(name, num(x))); }
Pattern set_left(const Pattern& a, const Pattern& b) { return op_pattern(NumOp::KeepRight, Structure::Left, a, b); }
Pattern add_left(const Pattern& a, const Pattern& b) { return op_pattern(NumOp::Add, Structure::Left, a, b); }
Pattern mul_both(const Pattern& a, const Pattern& b) { return op_pattern(NumOp::Mul, Structure::Both, a, b); }
}  // namespace

Pattern fold_every(const std::vector<int64_t>& ns, const Transform& f, const Pattern& p) {
  Pattern acc = p;
  for (auto it = ns.rbegin(); it != ns.rend(); ++it) acc = every(pure(num(static_cast<double>(*it))), f, acc);
  return acc;
}

Pattern ghost_with(Rational a, const Transform& f, const Pattern& p) {
  // superimpose (((a*2.5) `rotR`) . f) $ superimpose (((a*1.5) `rotR`) . f) p
  Rational a15 = a * Rational(3, 2), a25 = a * Rational(5, 2);
  Pattern inner = stack({p, rot_r(a15, f(p))});
  return stack({inner, rot_r(a25, f(inner))});
}

Pattern ghost(Rational a, const Pattern& p) {
  // (|*| gain 0.7) . (|> end 0.2) . (|*| speed 1.25)
  return ghost_with(
      a,
      [](const Pattern& x) {
        Pattern s = mul_both(x, ctrl("speed", 1.25));
        Pattern e = op_pattern(NumOp::KeepRight, Structure::Left, s, ctrl("end", 0.2));
        return mul_both(e, ctrl("gain", 0.7));
      },
      p);
}

Pattern spin(const Pattern& copies, const Pattern& p) {
  return tparam(copies, [p](const Value& v) {
    int64_t n = value_to_int(v);
    if (n > 1024) throw PatternLimitError("spin: too many copies (the limit is 1024)");
    std::vector<Pattern> ps;
    for (int64_t i = 0; i < n; ++i) {
      Rational offset(i, n);
      ps.push_back(set_left(rot_l(offset, p), ctrl("pan", offset.to_double())));
    }
    return stack(std::move(ps));
  });
}

Pattern jux_list(const std::vector<Transform>& fs, const Pattern& p) {
  std::vector<Pattern> ps;
  double l = static_cast<double>(fs.size());
  for (size_t i = 0; i < fs.size(); ++i) ps.push_back(add_left(fs[i](p), ctrl("pan", static_cast<double>(i) / l)));
  return stack(std::move(ps));
}

Pattern jux4(const Transform& f, const Pattern& p) {
  return stack({set_left(p, ctrl("pan", 5.0 / 8.0)), f(set_left(p, ctrl("pan", 1.0 / 8.0)))});
}

Pattern juxcut(const Transform& f, const Pattern& p) {
  return stack({set_left(set_left(p, ctrl("pan", 0)), ctrl("cut", -1)),
                f(set_left(set_left(p, ctrl("pan", 1)), ctrl("cut", -2)))});
}

Pattern juxcut_list(const std::vector<Transform>& fs, const Pattern& p) {
  std::vector<Pattern> ps;
  double l = static_cast<double>(fs.size());
  for (size_t i = 0; i < fs.size(); ++i) {
    double n = static_cast<double>(i);
    ps.push_back(set_left(add_left(fs[i](p), ctrl("cut", 1 - n)), ctrl("pan", n / l)));
  }
  return stack(std::move(ps));
}

Pattern weave_with(Rational t, const Pattern& p, const std::vector<Transform>& fs) {
  if (fs.empty() || t == Rational(0)) return silence();
  auto l = static_cast<int64_t>(fs.size());
  std::vector<Pattern> ps;
  for (int64_t i = 0; i < l; ++i) ps.push_back(rot_l(Rational(i, l), fast(t, fs[static_cast<size_t>(i)](slow(t, p)))));
  return slow(t, stack(std::move(ps)));
}

Pattern ply_with(const Pattern& n, const Transform& f, const Pattern& p) {
  return tparam(n, [f, p](const Value& v) {
    double k = value_to_double(v);
    if (k > 1024) throw PatternLimitError("plyWith: too many copies (the limit is 1024)");
    Pattern acc = p;  // compound 1 = p; compound n = overlay p (f $ compound (n-1))
    for (double i = 2; i <= k; i += 1) acc = overlay(p, f(acc));
    return arpeggiate(acc);
  });
}

Pattern within_zoomed(Rational s, Rational e, const Transform& f, const Pattern& p) {
  auto in = [s, e](const Rational& t) {
    Rational c = t.cycle_pos();
    return c >= s && c < e;
  };
  return stack(
      {filter_when(compress(s, e, f(zoom(s, e, p))), in), filter_when(p, [in](const Rational& t) { return !in(t); })});
}

Pattern sometimes_by_after(const Pattern& x, const Transform& f, const Pattern& p) {
  return overlay(degrade_by(x, p), undegrade_by(x, f(p)));
}

Pattern stutter(int64_t n, Rational t, const Pattern& p) {
  if (n > 1024) throw PatternLimitError("stutter: too many copies (the limit is 1024)");
  std::vector<Pattern> ps;
  for (int64_t i = 0; i < n; ++i) ps.push_back(rot_r(t * Rational(i), p));
  return stack(std::move(ps));
}

Pattern wedge(const Pattern& t, const Pattern& a, const Pattern& b) {
  return tparam(t, [a, b](const Value& v) {
    Rational r = value_to_time(v);
    if (r == Rational(0)) return b;
    if (r == Rational(1)) return a;
    return overlay(fast_gap(Rational(1) / r, a), rot_r(r, fast_gap(Rational(1) / (Rational(1) - r), b)));
  });
}

Pattern sew(const Pattern& bools, const Pattern& a, const Pattern& b) {
  auto inv = fmap(bools, [](const Value& v) { return Value::boolean(!v.as_bool()); });
  return overlay(mask(bools, a), mask(inv, b));
}

Pattern stitch(const Pattern& bools, const Pattern& a, const Pattern& b) {
  auto inv = fmap(bools, [](const Value& v) { return Value::boolean(!v.as_bool()); });
  return overlay(struct_(bools, a), struct_(inv, b));
}

Pattern randslice(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& v) {
    double k = static_cast<double>(value_to_int(v));
    Pattern idx = irand(pure(num(k)));
    return inner_bind(idx, [k, p](const Value& i) {
      double b = value_to_double(i) / k, e = (value_to_double(i) + 1) / k;
      return set_left(set_left(p, ctrl("begin", b)), ctrl("end", e));
    });
  });
}

Pattern perlin_with(const Pattern& p) {
  // interp <$> (p - pa) <*> (timeToRand <$> pa) <*> (timeToRand <$> pb), pa = floor <$> p, pb = pa + 1
  Pattern pa = fmap(p, [](const Value& v) { return num(std::floor(value_to_double(v))); });
  Pattern frac =
      app_both(p, pa, [](const Value& x, const Value& a) { return num(value_to_double(x) - a.as_number()); });
  Pattern ra = fmap(pa, [](const Value& a) { return num(time_to_rand_of_double(a.as_number())); });
  Pattern rb = fmap(pa, [](const Value& a) { return num(time_to_rand_of_double(a.as_number() + 1)); });
  Pattern fa = app_both(frac, ra, [](const Value& x, const Value& a) {
    auto m = std::make_shared<ControlMap>();
    m->set("x", x);
    m->set("a", a);
    return Value::map(std::move(m));
  });
  return app_both(fa, rb, [](const Value& xa, const Value& b) {
    double x = xa.as_map().find("x")->as_number(), a = xa.as_map().find("a")->as_number(), bb = b.as_number();
    double s = 6.0 * std::pow(x, 5) - 15.0 * std::pow(x, 4) + 10.0 * std::pow(x, 3);
    return num(a + s * (bb - a));
  });
}

Pattern brand_by(const Pattern& prob) {
  return inner_bind(prob, [](const Value& v) {
    double pr = value_to_double(v);
    return fmap(rand_pattern(), [pr](const Value& r) { return Value::boolean(r.as_number() < pr); });
  });
}

}  // namespace phonon
