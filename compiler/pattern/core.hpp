// Core pattern algebra (Tidal's Pattern.hs / Core.hs): construction, time manipulation, structure combination
// and joins. Every function returns a new immutable Pattern; none of them queries eagerly.
// Semantics follow TidalCycles 1.7 exactly (including where events are fragmented), because golden tests compare
// events one by one.
#pragma once
#include <functional>
#include <utility>
#include <vector>

#include "compiler/pattern/pattern.hpp"

namespace phonon {

using ValueFn = std::function<Value(const Value&)>;
using ValueFn2 = std::function<Value(const Value&, const Value&)>;
using BindFn = std::function<Pattern(const Value&)>;
using Transform = std::function<Pattern(const Pattern&)>;

// ---- elementary ----
Pattern silence();
Pattern pure(Value v);
Pattern pure_number(double x);
// Tidal's sig: one analog event per query, value f(midpoint of the query arc).
Pattern sig(std::function<Value(const Rational&)> f);
Pattern stack(std::vector<Pattern> ps);
Pattern overlay(const Pattern& a, const Pattern& b);
Pattern slowcat(std::vector<Pattern> ps);  // Tidal's cat
Pattern fastcat(std::vector<Pattern> ps);
Pattern timecat(std::vector<std::pair<Rational, Pattern>> ps);
Pattern fast_from_list(const std::vector<Value>& vs);
Pattern from_list(const std::vector<Value>& vs);  // one per cycle

// ---- generic transformations ----
Pattern split_queries(const Pattern& p);
Pattern fmap(const Pattern& p, ValueFn f);
Pattern filter_values(const Pattern& p, std::function<bool(const Value&)> f);
Pattern filter_events(const Pattern& p, std::function<bool(const Event&)> f);
Pattern filter_onsets(const Pattern& p);
Pattern filter_digital(const Pattern& p);
Pattern filter_when(const Pattern& p, std::function<bool(const Rational&)> test);  // on whole start
// withQueryTime / withResultTime with monotonic maps.
Pattern with_query_time(const Pattern& p, std::function<Rational(const Rational&)> f);
Pattern with_result_time(const Pattern& p, std::function<Rational(const Rational&)> f);
Pattern with_query_arc(const Pattern& p, std::function<Arc(const Arc&)> f);
Pattern with_result_arc(const Pattern& p, std::function<Arc(const Arc&)> f);

// ---- structure combination (Applicative) ----
Pattern app_both(const Pattern& a, const Pattern& b, ValueFn2 f);   // <*>  structure from both
Pattern app_left(const Pattern& a, const Pattern& b, ValueFn2 f);   // <*   structure from the left
Pattern app_right(const Pattern& a, const Pattern& b, ValueFn2 f);  // *>   structure from the right

// ---- joins (bind = fmap then join) ----
Pattern bind(const Pattern& p, BindFn f);          // unwrap: wholes are the intersection
Pattern inner_bind(const Pattern& p, BindFn f);    // structure from the inner patterns
Pattern outer_bind(const Pattern& p, BindFn f);    // structure from the outer pattern
Pattern squeeze_bind(const Pattern& p, BindFn f);  // inner cycles squeezed into outer events

// Tidal's tParam: innerJoin $ (\v -> f v p) <$> arg.
Pattern tparam(const Pattern& arg, std::function<Pattern(const Value&)> f);
Pattern tparam2(const Pattern& a, const Pattern& b, std::function<Pattern(const Value&, const Value&)> f);
Pattern tparam3(const Pattern& a, const Pattern& b, const Pattern& c,
                std::function<Pattern(const Value&, const Value&, const Value&)> f);
Pattern tparam_squeeze(const Pattern& arg, std::function<Pattern(const Value&)> f);

// ---- time ----
Pattern fast(Rational r, const Pattern& p);  // r == 0: silence; r < 0: rev
Pattern slow(Rational r, const Pattern& p);
Pattern fast(const Pattern& r, const Pattern& p);
Pattern slow(const Pattern& r, const Pattern& p);
Pattern rot_l(Rational t, const Pattern& p);  // shift earlier (<~)
Pattern rot_r(Rational t, const Pattern& p);  // shift later (~>)
Pattern early(const Pattern& t, const Pattern& p);
Pattern late(const Pattern& t, const Pattern& p);
Pattern rev(const Pattern& p);
Pattern fast_gap(Rational r, const Pattern& p);
Pattern fast_gap(const Pattern& r, const Pattern& p);
Pattern compress(Rational b, Rational e, const Pattern& p);
Pattern zoom(Rational b, Rational e, const Pattern& p);
Pattern segment(Rational n, const Pattern& p);
Pattern segment(const Pattern& n, const Pattern& p);
// Apply f only in cycles where test(cycle) holds (Tidal's `when`, splitting queries at cycles).
Pattern when_cycle(std::function<bool(int64_t)> test, const Transform& f, const Pattern& p);

// ---- value conversions used by patterned arguments ----
Rational value_to_time(const Value& v);  // numbers -> exact rational (dyadic exact)
int64_t value_to_int(const Value& v);    // floor
double value_to_double(const Value& v);

}  // namespace phonon
