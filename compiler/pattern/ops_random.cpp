// Deterministic randomness, bit-exact with Tidal (UI.hs): timeToRand, rand, degrade, choose, randcat, shuffle...
#include <algorithm>
#include <cmath>
#include <numeric>

#include "compiler/pattern/ops.hpp"

namespace phonon {

namespace {
using i128 = __int128;
constexpr int64_t kTwo29 = 536870912;

int64_t xorwise(int64_t x) {
  auto shl = [](int64_t v, int s) { return static_cast<int64_t>(static_cast<uint64_t>(v) << s); };
  int64_t a = shl(x, 13) ^ x;
  int64_t b = (a >> 17) ^ a;  // arithmetic shift (gcc/clang)
  return shl(b, 5) ^ b;
}

int64_t time_to_int_seed(const Rational& t) {
  // xorwise . truncate . (* 2^29) . snd . properFraction . (/ 300), exactly, on rationals.
  i128 p = t.num();
  i128 q = static_cast<i128>(t.den()) * 300;
  i128 r = p % q;             // fractional part (sign of p), as r/q
  i128 v = (r * kTwo29) / q;  // truncate toward zero
  return xorwise(static_cast<int64_t>(v));
}

double int_seed_to_rand(int64_t s) {
  int64_t m = ((s % kTwo29) + kTwo29) % kTwo29;
  return static_cast<double>(m) / static_cast<double>(kTwo29);
}

double time_to_rand_double(double t) {
  double x = t / 300.0;
  double frac = x - std::trunc(x);
  auto v = static_cast<int64_t>(std::trunc(frac * static_cast<double>(kTwo29)));
  return int_seed_to_rand(xorwise(v));
}

Value num(double x) { return Value::number(x); }
}  // namespace

double time_to_rand(const Rational& t) { return int_seed_to_rand(time_to_int_seed(t)); }
double time_to_rand_of_double(double t) { return time_to_rand_double(t); }

std::vector<double> time_to_rands(const Rational& t, int n) {
  std::vector<double> out;
  int64_t seed = time_to_int_seed(t);
  for (int i = 0; i < n; ++i) {
    out.push_back(int_seed_to_rand(seed));
    seed = xorwise(seed);
  }
  return out;
}

Pattern rand_pattern() {
  return Pattern::from_query([](const Arc& a, std::vector<Event>& out) {
    if (a.end < a.begin) return;
    out.emplace_back(std::nullopt, a, num(time_to_rand((a.begin + a.end) / Rational(2))));
  });
}

static Pattern degrade_using(Rational shift, double x, const Pattern& p, bool keep_above) {
  return filter_events(p, [shift, x, keep_above](const Event& e) {
    const Arc& w = e.whole_or_part();
    double r = time_to_rand((w.begin + w.end) / Rational(2) + shift);
    return keep_above ? r >= x : r < x;
  });
}

Pattern degrade_by(const Pattern& x, const Pattern& p) {
  return tparam(x, [p](const Value& v) { return degrade_using(Rational(0), value_to_double(v), p, true); });
}

Pattern degrade_by_with_seed(int seed, double x, const Pattern& p) {
  return degrade_using(Rational(seed, 10000), x, p, true);
}

// Tidal's fadeOutFrom/fadeInFrom: degradeBy with an amount rising (falling) over `dur` cycles from cycle `from`,
// as in Tidal 1.7.10. The amount is a continuous pattern, so which events drop depends on the arcs queried, as in
// Tidal.
Pattern fade_out_from(const Rational& from, const Rational& dur, const Pattern& p) {
  return degrade_by(rot_r(from, slow(dur, env_l())), p);
}

Pattern fade_in_from(const Rational& from, const Rational& dur, const Pattern& p) {
  return degrade_by(rot_r(from, slow(dur, env_r())), p);
}

Pattern undegrade_by(const Pattern& x, const Pattern& p) {
  return tparam(x, [p](const Value& v) { return degrade_using(Rational(0), value_to_double(v), p, false); });
}

Pattern choose_by(const Pattern& r, const std::vector<Value>& xs) {
  if (xs.empty()) return silence();
  auto n = static_cast<double>(xs.size());
  auto idx = range(pure_number(0), pure_number(n), r);
  return fmap(idx, [xs](const Value& v) {
    int64_t i = value_to_int(v);
    int64_t len = static_cast<int64_t>(xs.size());
    return xs[static_cast<size_t>(((i % len) + len) % len)];
  });
}

Pattern choose(const std::vector<Value>& xs) { return choose_by(rand_pattern(), xs); }

static size_t wchoose_index(const std::vector<double>& weights, double r) {
  double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double c = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    c += weights[i];
    if (c > r * total) return i;
  }
  return weights.size() - 1;
}

Pattern wchoose(const std::vector<std::pair<Value, double>>& xs) {
  if (xs.empty()) return silence();
  std::vector<double> w;
  std::vector<Value> vals;
  for (auto& [v, x] : xs) vals.push_back(v), w.push_back(x);
  return fmap(rand_pattern(), [w, vals](const Value& r) { return vals[wchoose_index(w, r.as_number())]; });
}

Pattern cycle_choose(const std::vector<Value>& xs) { return segment(Rational(1), choose(xs)); }

Pattern randcat(std::vector<Pattern> ps) {
  if (ps.empty()) return silence();
  auto n = static_cast<double>(ps.size());
  auto ir = fmap(rand_pattern(), [n](const Value& r) { return num(std::floor(r.as_number() * n)); });
  Pattern cat = slowcat(std::move(ps));
  return bind(segment(Rational(1), ir), [cat](const Value& v) { return rot_l(value_to_time(v), cat); });
}

Pattern wrandcat(std::vector<std::pair<Pattern, double>> ps) {
  if (ps.empty()) return silence();
  std::vector<double> w;
  std::vector<Pattern> pats;
  for (auto& [p, x] : ps) pats.push_back(p), w.push_back(x);
  auto idx = fmap(segment(Rational(1), rand_pattern()),
                  [w](const Value& r) { return num(static_cast<double>(wchoose_index(w, r.as_number()))); });
  return bind(idx, [pats](const Value& v) { return pats[static_cast<size_t>(v.as_number())]; });
}

Pattern random_choice_with_seed(int seed, std::vector<Pattern> ps) {
  if (ps.empty()) return silence();
  std::vector<Value> idx;
  for (size_t i = 0; i < ps.size(); ++i) idx.push_back(num(static_cast<double>(i)));
  auto chooser = choose_by(rot_l(Rational(seed, 10000), rand_pattern()), idx);
  return bind(segment(Rational(1), chooser), [ps](const Value& v) { return ps[static_cast<size_t>(v.as_number())]; });
}

// Tidal's randrun: a random permutation of 0..n-1 per cycle.
static Pattern randrun(int64_t n) {
  if (n <= 0) return silence();
  return Pattern::from_query([n](const Arc& arc, std::vector<Event>& out) {
    arc.for_each_cycle([&](const Arc& a) {
      Rational sam = a.begin.sam();
      auto rs = time_to_rands(sam, static_cast<int>(n));
      std::vector<int64_t> idx(static_cast<size_t>(n));
      std::iota(idx.begin(), idx.end(), 0);
      std::stable_sort(idx.begin(), idx.end(), [&](int64_t x, int64_t y) { return rs[x] < rs[y]; });
      for (int64_t i = 0; i < n; ++i) {
        Arc w(sam + Rational(i, n), sam + Rational(i + 1, n));
        auto part = a.sub_arc(w);
        if (!part) continue;
        out.emplace_back(w, *part, num(static_cast<double>(idx[static_cast<size_t>(i)])));
      }
    });
  });
}

static Pattern rearrange_with(const Pattern& ipat, int64_t n, const Pattern& pat) {
  std::vector<Pattern> pats;
  for (int64_t i = 0; i < n; ++i) pats.push_back(zoom(Rational(i, n), Rational(i + 1, n), pat));
  return inner_bind(ipat, [pats, n](const Value& v) {
    int64_t i = value_to_int(v);
    const Pattern& p = pats[static_cast<size_t>(((i % n) + n) % n)];
    return fast(Rational(n), slowcat(std::vector<Pattern>(static_cast<size_t>(n), p)));
  });
}

Pattern shuffle(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& v) {
    int64_t k = value_to_int(v);
    if (k <= 0) return silence();
    if (k > 4096) throw PatternLimitError("shuffle: too many parts");
    return rearrange_with(randrun(k), k, p);
  });
}

Pattern scramble(const Pattern& n, const Pattern& p) {
  return tparam(n, [p](const Value& v) {
    int64_t k = value_to_int(v);
    if (k <= 0) return silence();
    if (k > 4096) throw PatternLimitError("scramble: too many parts");
    auto ir =
        fmap(rand_pattern(), [k](const Value& r) { return num(std::floor(r.as_number() * static_cast<double>(k))); });
    return rearrange_with(segment(Rational(k), ir), k, p);
  });
}

Pattern markov_pat(const Pattern& n, const Pattern& start, std::vector<std::vector<double>> rows) {
  for (auto& row : rows) {
    double sum = 0;
    for (double w : row) sum += w;
    for (double& w : row) w /= sum;
  }
  auto matrix = std::make_shared<const std::vector<std::vector<double>>>(std::move(rows));
  return tparam2(n, start, [matrix](const Value& nv, const Value& sv) {
    const int64_t steps = value_to_int(nv), first = value_to_int(sv);
    if (steps <= 0) return silence();
    check_steps(static_cast<double>(steps), "markovPat");
    if (first < 0 || first >= static_cast<int64_t>(matrix->size()))
      throw std::domain_error("the start state " + std::to_string(first) + " has no row in the matrix of " +
                              std::to_string(matrix->size()) + " rows");
    // Tidal's runMarkov: step k (k = 1 .. n-1) draws timeToRand (cycle + k/n) and takes the first state whose
    // running sum of the current row reaches it. The chain depends on the cycle, so each cycle is built alone.
    return split_queries(Pattern::from_query([matrix, steps, first](const Arc& arc, std::vector<Event>& out) {
      const Rational cycle = arc.begin.sam();
      std::vector<Value> chain{Value::number(static_cast<double>(first))};
      size_t state = static_cast<size_t>(first);
      for (int64_t k = 1; k < steps; ++k) {
        const double r = time_to_rand(cycle + Rational(k, steps));
        const std::vector<double>& row = (*matrix)[state];
        double sum = 0;
        size_t next = row.size() - 1;  // rounding may leave the last running sum just below r
        for (size_t j = 0; j < row.size(); ++j) {
          sum += row[j];
          if (r <= sum) {
            next = j;
            break;
          }
        }
        state = next;
        chain.push_back(Value::number(static_cast<double>(state)));
      }
      fast_from_list(chain).query(arc, out);
    }));
  });
}

Pattern perlin() {
  return sig([](const Rational& t) {
    double x = t.to_double();
    double fl = std::floor(x);
    double a = time_to_rand_double(fl), b = time_to_rand_double(fl + 1);
    double f = x - fl;
    double s = 6.0 * std::pow(f, 5) - 15.0 * std::pow(f, 4) + 10.0 * std::pow(f, 3);
    return num(a + s * (b - a));
  });
}

}  // namespace phonon
