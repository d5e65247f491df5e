// Tidal's pattern library (UI.hs / Control.hs) as a C++ API, with Tidal 1.7 semantics.
// Conventions: a `const Pattern&` numeric argument is a patterned argument (Tidal's tParam: innerJoin over its
// values); plain C++ numbers are the underscore (`_fast`) forms. Transforms are `Transform` (Pattern -> Pattern).
// Functions over control patterns (ControlMap values) are marked "controls".
#pragma once
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "compiler/pattern/core.hpp"

namespace phonon {

// ---- value arithmetic (Tidal's Num/Fractional instances incl. ValueMap) ----
enum class NumOp { Add, Sub, Mul, Div, Mod, Pow, KeepLeft, KeepRight };
// Numbers: arithmetic; strings: Add concatenates; maps: unionWith (op) for Add..Pow, Map.union for Keep*; a
// number present only in the right map is negated by Sub and inverted by Div (Tidal: x - y = x + negate y,
// x / y = x * recip y).
Value apply_num_op(NumOp op, const Value& a, const Value& b);
enum class Structure { Both, Left, Right };
// The operator family: a |op| b (Both), a |op b (Left), a op| b (Right); `#` is (Right-values, Left-structure).
Pattern op_pattern(NumOp op, Structure s, const Pattern& a, const Pattern& b);

// ---- structure ----
Pattern run(const Pattern& n);
Pattern irand(const Pattern& n);
Pattern struct_(const Pattern& bools, const Pattern& p);
Pattern mask(const Pattern& bools, const Pattern& p);
// Tidal's stretch: each cycle zoomed to the arc that encloses that cycle's events.
Pattern stretch(const Pattern& p);
Pattern euclid(const Pattern& n, const Pattern& k, const Pattern& p);
Pattern euclid_inv(const Pattern& n, const Pattern& k, const Pattern& p);
Pattern euclid_full(const Pattern& n, const Pattern& k, const Pattern& p, const Pattern& p2);
Pattern euclid_off(const Pattern& n, const Pattern& k, const Pattern& s, const Pattern& p);
Pattern euclid_off_full(const Pattern& n, const Pattern& k, const Pattern& s, const Pattern& p, const Pattern& p2);
Pattern euclid_bool(int64_t n, int64_t k);                                                        // Tidal's _euclidBool
Pattern euclid_off_bool(const Pattern& n, const Pattern& k, const Pattern& s, const Pattern& p);  // mini "t(3,8)"
std::vector<bool> bjorklund(int64_t k, int64_t n);
Pattern ply(const Pattern& n, const Pattern& p);
Pattern press_by(const Pattern& r, const Pattern& p);
Pattern linger(const Pattern& r, const Pattern& p);
Pattern trunc(const Pattern& r, const Pattern& p);
Pattern iter(const Pattern& n, const Pattern& p);
Pattern iter_back(const Pattern& n, const Pattern& p);  // iter'
Pattern palindrome(const Pattern& p);
Pattern brak(const Pattern& p);
Pattern rot(const Pattern& n, const Pattern& p);
Pattern bite(const Pattern& n, const Pattern& i, const Pattern& p);
Pattern chew(const Pattern& n, const Pattern& i, const Pattern& p);  // controls
Pattern range(const Pattern& lo, const Pattern& hi, const Pattern& p);
Pattern rangex(const Pattern& lo, const Pattern& hi, const Pattern& p);
Pattern quantise(const Pattern& p);
Pattern arpeggiate(const Pattern& p);
Pattern arp(const Pattern& modes, const Pattern& p);
Pattern scale(const Pattern& names, const Pattern& p);
Pattern to_scale(const std::vector<double>& steps, const Pattern& p);
bool scale_exists(const std::string& name);
Pattern fit(const Pattern& step, const std::vector<Value>& xs, const Pattern& p);
// Tidal's fit': `cycles` cycles of p cut into n slices by the integer pattern `from`, played in the order of `to`.
Pattern fit_slices(const Pattern& cycles, int64_t n, const Pattern& from, const Pattern& to, const Pattern& p);

// ---- higher order ----
Pattern every(const Pattern& n, const Transform& f, const Pattern& p);
Pattern every_offset(const Pattern& n, const Pattern& o, const Transform& f, const Pattern& p);  // every'
Pattern whenmod(const Pattern& a, const Pattern& b, const Transform& f, const Pattern& p);
Pattern within(Rational s, Rational e, const Transform& f, const Pattern& p);
Pattern chunk(const Pattern& n, const Transform& f, const Pattern& p);
Pattern chunk_back(const Pattern& n, const Transform& f, const Pattern& p);  // chunk'
Pattern inside(const Pattern& n, const Transform& f, const Pattern& p);
Pattern outside(const Pattern& n, const Transform& f, const Pattern& p);
Pattern superimpose(const Transform& f, const Pattern& p);
Pattern off(const Pattern& t, const Transform& f, const Pattern& p);
Pattern layer(const std::vector<Transform>& fs, const Pattern& p);
Pattern stut_with(const Pattern& n, const Pattern& t, const Transform& f, const Pattern& p);
Pattern while_(const Pattern& bools, const Transform& f, const Pattern& p);
Pattern swing_by(const Pattern& x, const Pattern& n, const Pattern& p);
Pattern sometimes_by(const Pattern& x, const Transform& f, const Pattern& p);
Pattern somecycles_by(const Pattern& x, const Transform& f, const Pattern& p);
Pattern fix(const Transform& f, const ControlMap& which, const Pattern& p);    // controls
Pattern unfix(const Transform& f, const ControlMap& which, const Pattern& p);  // controls

// ---- layering (ops_layering.cpp) ----
Pattern fold_every(const std::vector<int64_t>& ns, const Transform& f, const Pattern& p);
Pattern ghost_with(Rational a, const Transform& f, const Pattern& p);     // ghost''
Pattern ghost(Rational a, const Pattern& p);                              // ghost' (controls)
Pattern spin(const Pattern& copies, const Pattern& p);                    // controls
Pattern jux_list(const std::vector<Transform>& fs, const Pattern& p);     // jux' (controls)
Pattern jux4(const Transform& f, const Pattern& p);                       // controls
Pattern juxcut(const Transform& f, const Pattern& p);                     // controls
Pattern juxcut_list(const std::vector<Transform>& fs, const Pattern& p);  // juxcut' (controls)
Pattern weave_with(Rational t, const Pattern& p, const std::vector<Transform>& fs);
Pattern ply_with(const Pattern& n, const Transform& f, const Pattern& p);
Pattern within_zoomed(Rational s, Rational e, const Transform& f, const Pattern& p);  // within'
Pattern sometimes_by_after(const Pattern& x, const Transform& f, const Pattern& p);   // sometimesBy'
Pattern stutter(int64_t n, Rational t, const Pattern& p);
Pattern wedge(const Pattern& t, const Pattern& a, const Pattern& b);
Pattern sew(const Pattern& bools, const Pattern& a, const Pattern& b);
Pattern stitch(const Pattern& bools, const Pattern& a, const Pattern& b);
Pattern randslice(const Pattern& n, const Pattern& p);  // controls
Pattern perlin_with(const Pattern& p);
Pattern brand_by(const Pattern& prob);

// ---- arranging in time (ops_sequence.cpp) ----
Pattern play_for(Rational s, Rational e, const Pattern& p);
Pattern seq_p(const std::vector<std::tuple<Rational, Rational, Pattern>>& ps);
Pattern seq_p_loop(const std::vector<std::tuple<Rational, Rational, Pattern>>& ps);
Pattern loop_first(const Pattern& p);
Pattern time_loop(const Pattern& n, const Pattern& p);
Pattern squeeze(const Pattern& indices, const std::vector<Pattern>& ps);
Pattern scan(const Pattern& n);
Pattern samples(const Pattern& names, const Pattern& indices);  // "name:i" strings
Pattern space_out(const std::vector<Rational>& times, const Pattern& p);
Pattern ur(Rational t, const Pattern& outer, const std::vector<std::pair<std::string, Pattern>>& ps,
           const std::vector<std::pair<std::string, Transform>>& fs);

// ---- randomness (deterministic, bit-exact with Tidal) ----
double time_to_rand(const Rational& t);
double time_to_rand_of_double(double t);  // timeToRand on a Double (Tidal's perlin)
std::vector<double> time_to_rands(const Rational& t, int n);
Pattern rand_pattern();  // Tidal's rand
Pattern degrade_by(const Pattern& x, const Pattern& p);
Pattern degrade_by_with_seed(int seed, double x, const Pattern& p);  // mini-notation `?` (seeded)
Pattern undegrade_by(const Pattern& x, const Pattern& p);
Pattern fade_out_from(const Rational& from, const Rational& dur, const Pattern& p);  // Tidal's fadeOutFrom
Pattern fade_in_from(const Rational& from, const Rational& dur, const Pattern& p);   // Tidal's fadeInFrom
Pattern choose_by(const Pattern& r, const std::vector<Value>& xs);
Pattern choose(const std::vector<Value>& xs);
Pattern wchoose(const std::vector<std::pair<Value, double>>& xs);
Pattern cycle_choose(const std::vector<Value>& xs);
Pattern randcat(std::vector<Pattern> ps);
Pattern wrandcat(std::vector<std::pair<Pattern, double>> ps);
Pattern random_choice_with_seed(int seed, std::vector<Pattern> ps);  // mini-notation `|`
Pattern shuffle(const Pattern& n, const Pattern& p);
Pattern scramble(const Pattern& n, const Pattern& p);
Pattern perlin();
// Tidal's markovPat: a cycle of n steps of a Markov chain from state `start`, with `rows` the transition weights
// (each row normalised; the caller checks that every row is non-empty, at most rows.size() long, with a positive
// sum). A start state that has no row throws std::domain_error.
Pattern markov_pat(const Pattern& n, const Pattern& start, std::vector<std::vector<double>> rows);

// ---- continuous ----
Pattern sine();
Pattern cosine();
Pattern saw();
Pattern isaw();
Pattern tri();
Pattern square();
Pattern env_l();
Pattern env_r();     // Tidal's envLR
Pattern env_eq();    // Tidal's envEq: equal-power fall over the first cycle
Pattern env_eq_r();  // Tidal's envEqR: equal-power rise

// ---- controls ----
Pattern make_control(const std::string& name, const Pattern& values);
// Phonon's `x # f` on a control pattern (`n "0 2 4" # scale "major"`): the numbers of control `key` become
// f(those numbers), combined back with the structure of `p`; events without a numeric `key` pass unchanged.
Pattern map_control_numbers(const Pattern& p, const std::string& key, const Transform& f);
Pattern hurry(const Pattern& r, const Pattern& p);
Pattern stut(const Pattern& count, const Pattern& feedback, const Pattern& time, const Pattern& p);
Pattern echo(const Pattern& count, const Pattern& time, const Pattern& feedback, const Pattern& p);
Pattern jux_by(const Pattern& amount, const Transform& f, const Pattern& p);
Pattern chop(const Pattern& n, const Pattern& p);
Pattern gap(const Pattern& n, const Pattern& p);
Pattern striate(const Pattern& n, const Pattern& p);
Pattern striate_by(const Pattern& n, const Pattern& f, const Pattern& p);
Pattern slice(const Pattern& n, const Pattern& i, const Pattern& p);
Pattern splice(const Pattern& n, const Pattern& i, const Pattern& p);
Pattern loop_at(const Pattern& n, const Pattern& p);
// Tidal's interpolateIn blend: the structure of `to`; each control both maps hold as numbers becomes
// to × x + from × (1 − x), x = `amount` sampled over the event's whole (floored where `integer_control`), the rest
// taken from `to`, and controls only `from` has kept.
Pattern interpolate_controls(const Pattern& amount, const Pattern& from, const Pattern& to,
                             std::function<bool(const std::string&)> integer_control);

// ---- enumeration (mini-notation `a .. b`) ----
Pattern enum_from_to(const Value& a, const Value& b);

// ---- chords (mini-notation c'maj) ----
// Returns false if the name is unknown.
bool chord_notes(const std::string& name, std::vector<double>& out);

}  // namespace phonon
