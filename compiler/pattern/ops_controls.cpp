// Functions over control patterns (Tidal's Control.hs and UI.hs): hurry, stut, echo, jux, chop, striate, slice,
// splice, loopAt, chew.
#include <algorithm>
#include <cmath>

#include "compiler/pattern/ops.hpp"

namespace phonon {

namespace {
Value num(double x) { return Value::number(x); }
Pattern ctrl(const char* name, double x) { return pure(control(name, num(x))); }
Pattern ctrl_pat(const char* name, const Pattern& p) { return make_control(name, p); }
Pattern mul_left(const Pattern& a, const Pattern& b) { return op_pattern(NumOp::Mul, Structure::Left, a, b); }
Pattern add_left(const Pattern& a, const Pattern& b) { return op_pattern(NumOp::Add, Structure::Left, a, b); }
Pattern set_left(const Pattern& a, const Pattern& b) { return op_pattern(NumOp::KeepRight, Structure::Left, a, b); }
}  // namespace

Pattern make_control(const std::string& name, const Pattern& values) {
  return fmap(values, [name](const Value& v) { return control(name, v); });
}

Pattern map_control_numbers(const Pattern& p, const std::string& key, const Transform& f) {
  auto has = [key](const Value& v) {
    const Value* x = v.is_map() ? v.as_map().find(key) : nullptr;
    return x != nullptr && x->is_number();
  };
  Pattern with = filter_values(p, has);
  Pattern without = filter_values(p, [has](const Value& v) { return !has(v); });
  Pattern values = fmap(with, [key](const Value& v) { return *v.as_map().find(key); });
  return stack({set_left(with, make_control(key, f(values))), without});
}

Pattern hurry(const Pattern& r, const Pattern& p) { return mul_left(fast(r, p), ctrl_pat("speed", r)); }

Pattern stut(const Pattern& count, const Pattern& feedback, const Pattern& time, const Pattern& p) {
  return tparam3(count, feedback, time, [p](const Value& c, const Value& fb, const Value& t) {
    int64_t n = value_to_int(c);
    double f = value_to_double(fb);
    Rational step = value_to_time(t);
    if (n > 1024) throw PatternLimitError("stut: too many copies");
    std::vector<Pattern> ps{p};
    for (int64_t x = 1; x < n; ++x) {
      double g = f + (1.0 - f) * ((static_cast<double>(n) - static_cast<double>(x)) / static_cast<double>(n));
      ps.push_back(rot_r(Rational(x) * step, mul_left(p, ctrl("gain", g))));
    }
    return stack(std::move(ps));
  });
}

Pattern echo(const Pattern& count, const Pattern& time, const Pattern& feedback, const Pattern& p) {
  // The conformance reference (Strudel's echoWith with `mul(gain(feedback))`, standing in for Tidal >= 1.9's echo):
  // `count` copies, copy i delayed by i*time, every copy (the first included) multiplied by gain `feedback`.
  return tparam2(count, time, [feedback, p](const Value& c, const Value& t) {
    int64_t n = value_to_int(c);
    Rational step = value_to_time(t);
    if (n > 1024) throw PatternLimitError("echo: too many copies");
    Pattern g = mul_left(p, ctrl_pat("gain", feedback));
    std::vector<Pattern> ps;
    for (int64_t i = 0; i < n; ++i) ps.push_back(rot_r(Rational(i) * step, g));
    return stack(std::move(ps));
  });
}

Pattern jux_by(const Pattern& amount, const Transform& f, const Pattern& p) {
  auto half = fmap(amount, [](const Value& v) { return num(value_to_double(v) / 2.0); });
  auto neg_half = fmap(amount, [](const Value& v) { return num(-value_to_double(v) / 2.0); });
  auto centre = add_left(p, ctrl("pan", 0.5));
  return stack({add_left(centre, ctrl_pat("pan", neg_half)), f(add_left(centre, ctrl_pat("pan", half)))});
}

namespace {
// The play range of an event's value: its begin and end, 0 and 1 when it has none.
std::pair<double, double> play_range(const Value& v) {
  double b = 0, e = 1;
  if (v.is_map()) {
    const Value* bv = v.as_map().find("begin");
    const Value* ev = v.as_map().find("end");
    if (bv && bv->is_number()) b = bv->as_number();
    if (ev && ev->is_number()) e = ev->as_number();
  }
  return {b, e};
}

Value with_play_range(const Value& v, double b, double e) {
  return apply_num_op(NumOp::KeepRight, v.is_map() ? v : Value::map(std::make_shared<ControlMap>()),
                      Value::map(std::make_shared<const ControlMap>(
                          std::vector<ControlMap::Entry>{{"begin", num(b)}, {"end", num(e)}})));
}
}  // namespace

// Tidal 1.7's _chop: every event's whole is cut into k equal wholes, each keeping the part of the old fragment it
// covers, with the k-th slice of the event's play range. Working on the events themselves (not by squeezing a
// cycle into each event) keeps events longer than a cycle (`chop 16 $ loopAt 2 $ …`).
Pattern chop(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& nv) {
    int64_t k = value_to_int(nv);
    if (k <= 0) return silence();
    if (k > 4096) throw PatternLimitError("chop: too many parts");
    return Pattern::from_query([p, k](const Arc& arc, std::vector<Event>& out) {
      std::vector<Event> evs;
      p.query(arc, evs);
      for (const Event& e : evs) {
        if (!e.whole) continue;  // continuous events have nothing to cut
        const auto [b0, e0] = play_range(e.value);
        const Rational w = e.whole->end - e.whole->begin;
        // Only the pieces that can meet the fragment: a query of a small arc costs what it returns, not k.
        int64_t first = 0, last = k - 1;
        if (w > Rational(0)) {
          const Rational scale = Rational(k) / w;
          first = std::max<int64_t>(0, ((e.part.begin - e.whole->begin) * scale).floor() - 1);
          last = std::min<int64_t>(k - 1, ((e.part.end - e.whole->begin) * scale).floor());
        }
        for (int64_t i = first; i <= last; ++i) {
          Arc piece(e.whole->begin + w * Rational(i, k), e.whole->begin + w * Rational(i + 1, k));
          auto part = e.part.sub_arc(piece);
          if (!part) continue;
          const double d = e0 - b0;
          out.emplace_back(piece, *part,
                           with_play_range(e.value, b0 + d * static_cast<double>(i) / static_cast<double>(k),
                                           b0 + d * static_cast<double>(i + 1) / static_cast<double>(k)));
        }
        // k pieces per event multiply fast: stop at the limit, not after building millions of maps.
        if (out.size() > kMaxEventsPerQuery) throw_too_many_events();
      }
    });
  });
}

// Tidal 1.7.10's _gap: `_fast k (cat [pure 1, silence]) |>| _chop k p`, the first of every two of k chopped parts.
// The `pure 1` is a control map through Tidal's Num instance (`{n: 1}`), so a kept part without an `n` gets one.
Pattern gap(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& nv) {
    const int64_t k = value_to_int(nv);
    if (k <= 0) return silence();
    if (k > 4096) throw PatternLimitError("gap: too many parts");
    const Pattern every_other = fast(Rational(k), slowcat({ctrl("n", 1), silence()}));
    return op_pattern(NumOp::KeepRight, Structure::Both, every_other, chop(pure(num(static_cast<double>(k))), p));
  });
}

Pattern striate(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& nv) {
    int64_t k = value_to_int(nv);
    if (k <= 0) return silence();
    if (k > 4096) throw PatternLimitError("striate: too many parts");
    std::vector<Pattern> ps;
    for (int64_t i = 0; i < k; ++i) {
      double b = static_cast<double>(i) / static_cast<double>(k),
             e = static_cast<double>(i + 1) / static_cast<double>(k);
      // Tidal 1.7's mergePlayRange: the i-th part of the event's own play range (`striate 4 $ slice 2 0 $ …`)
      ps.push_back(fmap(p, [b, e](const Value& v) {
        const auto [b0, e0] = play_range(v);
        return with_play_range(v, b0 + b * (e0 - b0), b0 + e * (e0 - b0));
      }));
    }
    return fastcat(std::move(ps));
  });
}

Pattern striate_by(const Pattern& n, const Pattern& f, const Pattern& p) {
  return tparam2(n, f, [p](const Value& nv, const Value& fv) {
    int64_t k = value_to_int(nv);
    double fr = value_to_double(fv);
    if (k <= 0) return silence();
    if (k > 4096) throw PatternLimitError("striateBy: too many parts");
    double slot = (1.0 - fr) / static_cast<double>(k);  // Tidal 1.7.10's _striateBy
    std::vector<Pattern> ps;
    for (int64_t i = 0; i < k; ++i) {
      double b = slot * static_cast<double>(i);
      ps.push_back(set_left(set_left(p, ctrl("begin", b)), ctrl("end", b + fr)));
    }
    return fastcat(std::move(ps));
  });
}

Pattern slice(const Pattern& n, const Pattern& i, const Pattern& p) {
  // begin b # end e # p, b = div' <$> pI <* pN
  // Both arguments are Int patterns in Tidal; value_to_int rejects NaN and out-of-range numbers.
  auto div_ = [](int64_t a, int64_t d) {
    if (d == 0) return 0.0;
    return static_cast<double>(((a % d) + d) % d) / static_cast<double>(d);
  };
  auto b = app_left(i, n, [div_](const Value& iv, const Value& nv) {
    return control("begin", num(div_(value_to_int(iv), value_to_int(nv))));
  });
  auto e = app_left(i, n, [div_](const Value& iv, const Value& nv) {
    return control("end", num(div_(value_to_int(iv), value_to_int(nv)) + div_(1, value_to_int(nv))));
  });
  return set_left(set_left(b, e), p);
}

Pattern splice(const Pattern& n, const Pattern& i, const Pattern& p) {
  Pattern sl = slice(n, i, p);
  // Tidal 1.7's _splice: speed = (1/n) / (whole duration) * existing speed; unit "c"
  Pattern with_n = app_left(sl, n, [](const Value& v, const Value& nv) {
    auto m = std::make_shared<ControlMap>(v.as_map());
    m->set("__n", nv);
    return Value::map(std::move(m));
  });
  Pattern adj = Pattern::from_query([with_n](const Arc& a, std::vector<Event>& out) {
    size_t start = out.size();
    with_n.query(a, out);
    for (size_t k = start; k < out.size(); ++k) {
      Event& e = out[k];
      auto m = std::make_shared<ControlMap>();
      double nn = 1;
      for (const auto& [key, v] : e.value.as_map().entries()) {
        if (key == "__n") nn = value_to_double(v);
        else m->set(key, v);
      }
      double sz = 1.0 / nn;
      double d = sz / e.whole_or_part().length().to_double();
      const Value* sp = m->find("speed");
      double speed = d * (sp && sp->is_number() ? sp->as_number() : 1.0);
      m->set("speed", num(speed));
      m->set("unit", Value::string("c"));
      e.value = Value::map(std::move(m));
    }
  });
  return adj;
}

Pattern loop_at(const Pattern& n, const Pattern& p) {
  auto inv = fmap(n, [](const Value& v) { return num(1.0 / value_to_double(v)); });
  return set_left(mul_left(slow(n, p), ctrl_pat("speed", inv)), pure(control("unit", Value::string("c"))));
}

Pattern chew(const Pattern& n, const Pattern& i, const Pattern& p) {
  // Like bite, but speeds playback up/down with the squeeze factor (Tidal's _chew for control patterns).
  return tparam(n, [i, p](const Value& nv) {
    int64_t k = value_to_int(nv);
    if (k == 0) return silence();
    return Pattern::from_query([k, i, p](const Arc& arc, std::vector<Event>& out) {
      std::vector<Event> outer;
      i.query(arc, outer);
      for (const Event& oe : outer) {
        int64_t idx = ((value_to_int(oe.value) % k) + k) % k;
        const Arc& w = oe.whole_or_part();
        double factor = (Rational(1, k) / w.length()).to_double();
        Pattern z = zoom(Rational(idx, k), Rational(idx + 1, k), p);
        Rational cb = w.begin.cycle_pos();
        std::vector<Event> inner;
        compress(cb, cb + w.length(), z).query(oe.part, inner);
        for (Event& ie : inner) {
          std::optional<Arc> whole;
          if (oe.whole && ie.whole) {
            auto s = oe.whole->sub_arc(*ie.whole);
            if (!s) continue;
            whole = *s;
          }
          auto part = oe.part.sub_arc(ie.part);
          if (!part) continue;
          Value v = ie.value;
          if (v.is_map()) {
            auto m = std::make_shared<ControlMap>(v.as_map());
            const Value* sp = m->find("speed");
            m->set("speed", num((sp && sp->is_number() ? sp->as_number() : 1.0) * factor));
            v = Value::map(std::move(m));
          }
          out.emplace_back(whole, *part, v);
        }
      }
    });
  });
}

}  // namespace phonon

namespace phonon {

Pattern interpolate_controls(const Pattern& amount, const Pattern& from, const Pattern& to,
                             std::function<bool(const std::string&)> integer_control) {
  // Tidal's interpolateIn: `f <$> from *> to <* amount`. The first step keeps each (old, new) pair of maps in a
  // two-entry map, so the second step can blend them with the amount sampled over the new event's whole.
  Pattern pairs = app_right(from, to, [](const Value& old_v, const Value& new_v) {
    return Value::map(
        std::make_shared<const ControlMap>(std::vector<ControlMap::Entry>{{"new", new_v}, {"old", old_v}}));
  });
  return app_left(pairs, amount, [integer_control](const Value& pair, const Value& x_v) {
    const ControlMap& both = pair.as_map();
    const Value* new_v = both.find("new");
    const Value* old_v = both.find("old");
    if (!new_v->is_map() || !old_v->is_map()) return *new_v;
    const double x = value_to_double(x_v);
    // Map.unionWith: keys of either map; where both hold numbers, new × x + old × (1 − x) (floored for Tidal's
    // integer controls); otherwise the new value.
    std::vector<ControlMap::Entry> out = old_v->as_map().entries();
    ControlMap result(std::move(out));
    for (const auto& [key, nv] : new_v->as_map().entries()) {
      const Value* ov = old_v->as_map().find(key);
      if (ov && ov->is_number() && nv.is_number()) {
        const double blended = nv.as_number() * x + ov->as_number() * (1.0 - x);
        result.set(key, Value::number(integer_control(key) ? std::floor(blended) : blended));
      } else {
        result.set(key, nv);
      }
    }
    return Value::map(std::make_shared<const ControlMap>(std::move(result)));
  });
}

}  // namespace phonon
