// Arranging patterns in time (Tidal 1.7 UI.hs / Core.hs): seqP, seqPLoop, loopFirst, timeLoop, ur, squeeze,
// scan, samples, spaceOut, playFor.
#include <algorithm>
#include <cmath>
#include <string>

#include "compiler/pattern/ops.hpp"

namespace phonon {

namespace {
int64_t hmod(int64_t a, int64_t n) { return ((a % n) + n) % n; }

// Haskell's show for a Double or Int index, as `pick` writes it into "name:i".
std::string show_index(double x) {
  if (std::floor(x) == x && std::fabs(x) < 1e15) return std::to_string(static_cast<int64_t>(x));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}
}  // namespace

Pattern play_for(Rational s, Rational e, const Pattern& p) {
  Arc window(s, e);
  return Pattern::from_query([window, p](const Arc& a, std::vector<Event>& out) {
    auto sub = window.sub_arc(a);
    if (sub) p.query(*sub, out);
  });
}

Pattern seq_p(const std::vector<std::tuple<Rational, Rational, Pattern>>& ps) {
  std::vector<Pattern> out;
  for (const auto& [s, e, p] : ps) out.push_back(play_for(s, e, rot_r(s.sam(), p)));
  return stack(std::move(out));
}

Pattern loop_first(const Pattern& p) {
  return split_queries(Pattern::from_query([p](const Arc& a, std::vector<Event>& out) {
    Rational c = a.begin.sam();
    size_t start = out.size();
    p.query(Arc(a.begin - c, a.end - c), out);
    for (size_t k = start; k < out.size(); ++k) {
      Event& e = out[k];
      if (e.whole) e.whole = Arc(e.whole->begin + c, e.whole->end + c);
      e.part = Arc(e.part.begin + c, e.part.end + c);
    }
  }));
}

Pattern time_loop(const Pattern& n, const Pattern& p) { return outside(n, loop_first, p); }

namespace {
// `outside (pure n) loopFirst p` with an exact time n.
Pattern time_loop_(Rational n, const Pattern& p) {
  if (n == Rational(0)) return silence();
  return split_queries(slow(n, loop_first(fast(n, p))));
}
}  // namespace

Pattern seq_p_loop(const std::vector<std::tuple<Rational, Rational, Pattern>>& ps) {
  if (ps.empty()) return silence();
  Rational lo = std::get<0>(ps[0]), hi = std::get<1>(ps[0]);
  for (const auto& t : ps) lo = min(lo, std::get<0>(t)), hi = max(hi, std::get<1>(t));
  return time_loop_(hi - lo, rot_l(lo, seq_p(ps)));
}

Pattern squeeze(const Pattern& indices, const std::vector<Pattern>& ps) {
  if (ps.empty()) return silence();
  return squeeze_bind(indices, [ps](const Value& v) {
    return ps[static_cast<size_t>(hmod(value_to_int(v), static_cast<int64_t>(ps.size())))];
  });
}

Pattern scan(const Pattern& n) {
  return bind(n, [](const Value& v) {
    // [1 .. n] of Haskell's Enum: for a fractional n the list runs to the nearest integer (n + 1/2 rounds up)
    int64_t top = value_to_int(Value::number(value_to_double(v) + 0.5));
    if (top > 4096) throw PatternLimitError("scan: too many steps (the limit is 4096)");
    std::vector<Pattern> ps;
    for (int64_t k = 1; k <= top; ++k) ps.push_back(run(pure(Value::number(static_cast<double>(k)))));
    return slowcat(std::move(ps));
  });
}

Pattern samples(const Pattern& names, const Pattern& indices) {
  return app_both(names, indices, [](const Value& s, const Value& i) {
    return Value::string((s.is_string() ? s.as_string() : s.to_string()) + ":" + show_index(value_to_double(i)));
  });
}

Pattern space_out(const std::vector<Rational>& times, const Pattern& p) {
  // _slow (sum xs) $ stack [compress (a / sum, b / sum) p | consecutive arcs (a, b) of lengths xs]
  Rational total(0);
  for (const auto& t : times) total = total + t;
  if (times.empty() || total == Rational(0)) return silence();
  std::vector<Pattern> ps;
  Rational at(0);
  for (const auto& t : times) {
    ps.push_back(compress(at / total, (at + t) / total, p));
    at = at + t;
  }
  return slow(total, stack(std::move(ps)));
}

Pattern ur(Rational t, const Pattern& outer, const std::vector<std::pair<std::string, Pattern>>& ps,
           const std::vector<std::pair<std::string, Transform>>& fs) {
  auto named = std::make_shared<std::vector<std::pair<std::string, Pattern>>>();
  for (const auto& [name, p] : ps) named->emplace_back(name, fast(t, p));
  auto funcs = std::make_shared<const std::vector<std::pair<std::string, Transform>>>(fs);
  Pattern digital = filter_digital(outer);
  Pattern joined = Pattern::from_query([digital, named, funcs](const Arc& arc, std::vector<Event>& out) {
    std::vector<Event> outer_events;
    digital.query(arc, outer_events);
    std::vector<Event> inner;
    for (const Event& oe : outer_events) {
      std::string word = oe.value.is_string() ? oe.value.as_string() : oe.value.to_string();
      size_t colon = word.find(':');
      std::string name = word.substr(0, colon);
      Pattern p = silence();
      for (const auto& [n, q] : *named)
        if (n == name) {
          p = q;
          break;
        }
      if (colon != std::string::npos) {
        std::string fname = word.substr(colon + 1, word.find(':', colon + 1) - colon - 1);
        for (const auto& [n, f] : *funcs)
          if (n == fname) {
            const Arc& w = *oe.whole;
            Rational r = Rational(1) / w.length();  // inside (pure r) f p
            p = rot_r(w.begin, split_queries(fast(r, f(slow(r, p)))));
            break;
          }
      }
      inner.clear();
      p.query(oe.part, inner);
      for (Event& ie : inner) {
        std::optional<Arc> whole;
        if (ie.whole) {
          auto s = oe.whole->sub_arc(*ie.whole);
          if (!s) continue;
          whole = *s;
        }
        auto part = oe.part.sub_arc(ie.part);
        if (!part) continue;
        out.emplace_back(whole, *part, std::move(ie.value));
      }
    }
  });
  return slow(t, joined);
}

}  // namespace phonon
