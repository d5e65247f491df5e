// Controls (LANGUAGE.md §5): functions from patterns to control-map patterns, plus the functions of Tidal that
// only work on control patterns (hurry, stut, echo, jux, chop, striate, slice, splice, loopAt, chew, fix).
#include <cctype>
#include <cstdlib>
#include <memory>

#include "compiler/eval/builtin_helpers.hpp"
#include "compiler/numbers.hpp"

namespace phonon::eval {
// The registrations below are a table (one `def` per name, its lambda inline): clang-format 14 would break every
// call whose lambda is not its last argument, so they are left out of scripts/check-format.sh.
// clang-format off

using namespace bi;
using PT = ParamType;

namespace {

// Tidal's `sound = grp [mS "s", mF "n"]`: a word "name:i" (i a decimal number) is the map {s: name, n: i}, so
// `s "drum:1" |+ n 1` is drum:2 and `n 3 # s "drum:1"` is drum:1. Other words (no index, a non-numeric
// suffix) stay whole in `s`; a third field ("a:1:x") is dropped as in Tidal.
Value sound_value(const Value& v) {
  if (!v.is_string()) return control("s", v);
  const std::string& w = v.as_string();
  size_t colon = w.find(':');
  if (colon == std::string::npos || colon == 0) return control("s", v);
  size_t end = w.find(':', colon + 1);
  std::string idx = w.substr(colon + 1, end == std::string::npos ? std::string::npos : end - colon - 1);
  size_t i = 0;
  if (i < idx.size() && idx[i] == '-') ++i;
  size_t digits = 0, dot = 0;
  for (; i < idx.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(idx[i]))) ++digits;
    else if (idx[i] == '.' && dot == 0 && digits > 0) ++dot;
    else return control("s", v);
  }
  if (digits == 0 || idx.back() == '.') return control("s", v);
  auto n = parse_double(idx);
  if (!n) return control("s", v);  // more digits than a double holds: a name, reported as an unknown sample
  auto m = std::make_shared<ControlMap>();
  m->set("s", Value::string(w.substr(0, colon)));
  m->set("n", Value::number(*n));
  return Value::map(std::move(m));
}

void control(Registry& r, const std::string& name, const std::string& key, PT type) {
  def(r, name, {p(key == "s" ? "sound" : "value", type)}, [key](CallContext& c, std::vector<Term>& a) {
    if (key == "s") return controls(c, fmap(a[0].pattern, sound_value));
    return controls(c, make_control(key, a[0].pattern));
  }, PT::PatControl, key == "s" ? std::string("sets the `s` control (`name:i` also sets `n` to i)")
                                   : "sets the `" + key + "` control");
}

Pattern merge_left(const Pattern& a, const Pattern& b) { return op_pattern(NumOp::KeepRight, Structure::Left, a, b); }

ControlMap first_map(const Pattern& p, const SourceSpan& span) {
  auto es = p.query_sorted(Arc(Rational(0), Rational(1)));
  for (const auto& e : es)
    if (e.value.is_map()) return e.value.as_map();
  throw_error(span, "this control pattern has no event in its first cycle");
}

}  // namespace

void register_control_builtins(Registry& r) {
  control(r, "s", "s", PT::PatString);
  control(r, "sound", "s", PT::PatString);
  control(r, "vowel", "vowel", PT::PatString);
  control(r, "unit", "unit", PT::PatString);
  for (const char* n : {"n", "note"}) control(r, n, n, PT::PatNote);
  control(r, "up", "note", PT::PatNote);  // Tidal 1.7: `up = note`
  const std::pair<const char*, const char*> numeric[] = {
      {"speed", "speed"}, {"gain", "gain"}, {"amp", "amp"}, {"pan", "pan"}, {"shape", "shape"},
      {"coarse", "coarse"}, {"crush", "crush"}, {"cutoff", "cutoff"}, {"lpf", "cutoff"}, {"ctf", "cutoff"},
      {"resonance", "resonance"}, {"lpq", "resonance"}, {"res", "resonance"}, {"hcutoff", "hcutoff"},
      {"hpf", "hcutoff"}, {"hresonance", "hresonance"}, {"hpq", "hresonance"}, {"bandf", "bandf"}, {"bpf", "bandf"},
      {"bandq", "bandq"}, {"bpq", "bandq"}, {"begin", "begin"}, {"end", "end"}, {"loop", "loop"}, {"cut", "cut"},
      {"legato", "legato"}, {"sustain", "sustain"}, {"accelerate", "accelerate"}, {"attack", "attack"},
      {"att", "attack"}, {"hold", "hold"}, {"release", "release"}, {"rel", "release"}, {"orbit", "orbit"},
      {"room", "room"}, {"size", "size"}, {"sz", "size"}, {"dry", "dry"}, {"delay", "delay"},
      {"delaytime", "delaytime"}, {"delayt", "delaytime"}, {"delayfeedback", "delayfeedback"},
      {"delayfb", "delayfeedback"}, {"squiz", "squiz"}, {"octave", "octave"}, {"nudge", "nudge"},
      {"a", "attack"}, {"r", "release"}, {"decay", "decay"}, {"velocity", "velocity"}, {"channel", "channel"},
      {"detune", "detune"}, {"voice", "voice"}, {"lock", "lock"}, {"cps", "cps"}, {"sustainlevel", "sustainlevel"},
      {"freq", "freq"},
      // SuperDirt's per-voice effects beyond the core ones (runtime/voices/voice_fx.cpp).
      {"djf", "djf"}, {"triode", "triode"}, {"krush", "krush"}, {"kcutoff", "kcutoff"}, {"octer", "octer"},
      {"octersub", "octersub"}, {"octersubsub", "octersubsub"}, {"ring", "ring"}, {"ringf", "ringf"},
      {"ringdf", "ringdf"}, {"tremolorate", "tremolorate"}, {"tremr", "tremolorate"},
      {"tremolodepth", "tremolodepth"}, {"tremdp", "tremolodepth"}, {"distort", "distort"}, {"waveloss", "waveloss"},
      {"phaserrate", "phaserrate"}, {"phasr", "phaserrate"}, {"phaserdepth", "phaserdepth"},
      {"phasdp", "phaserdepth"}, {"fshift", "fshift"}, {"fshiftnote", "fshiftnote"},
      {"fshiftphase", "fshiftphase"}};
  for (auto [name, key] : numeric) control(r, name, key, PT::PatNumber);

  def(r, "ar", {p("attack", PT::PatNumber), p("release", PT::PatNumber)}, [](CallContext& c, std::vector<Term>& a) {
    return controls(c, merge_left(make_control("attack", a[0].pattern), make_control("release", a[1].pattern)));
  }, PT::PatControl, "attack and release times (seconds)");
  def(r, "adsr", {p("attack", PT::PatNumber), p("decay", PT::PatNumber), p("sustain", PT::PatNumber),
                  p("release", PT::PatNumber)},
      [](CallContext& c, std::vector<Term>& a) {
        Pattern x = make_control("attack", a[0].pattern);
        x = merge_left(x, make_control("decay", a[1].pattern));
        x = merge_left(x, make_control("sustainlevel", a[2].pattern));  // `sustain` is a duration in SuperDirt
        x = merge_left(x, make_control("release", a[3].pattern));
        return controls(c, x);
      }, PT::PatControl, "attack, decay, sustain level, release");

  def(r, "hurry", {p("factor", PT::PatTime), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, hurry(a[0].pattern, a[1].pattern)); },
      PT::PatControl);
  def(r, "stut", {p("count", PT::PatInt), p("feedback", PT::PatNumber), p("time", PT::PatTime), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) {
        return controls(c, stut(a[0].pattern, a[1].pattern, a[2].pattern, a[3].pattern));
      }, PT::PatControl);
  def(r, "interpolateControls", {p("amount", PT::PatNumber), p("from", PT::PatControl), p("to", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) {
        return controls(c, interpolate_controls(a[0].pattern, a[1].pattern, a[2].pattern, integer_control));
      }, PT::PatControl, "the blend behind Tidal's `interpolate` transition: `to`'s events, its numbers moved from `from`'s by `amount`");
  def(r, "echo", {p("count", PT::PatInt), p("time", PT::PatTime), p("feedback", PT::PatNumber), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) {
        return controls(c, echo(a[0].pattern, a[1].pattern, a[2].pattern, a[3].pattern));
      }, PT::PatControl);
  def(r, "jux", {p("f", PT::Function), p("pat", PT::PatControl)}, [](CallContext& c, std::vector<Term>& a) {
    auto f = c.ev.to_transform(a[0], ElemKind::Control, "argument `f` of `jux`");
    return controls(c, jux_by(pure(Value::number(1)), f, a[1].pattern));
  }, PT::PatControl);
  def(r, "juxBy", {p("amount", PT::PatNumber), p("f", PT::Function), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) {
        auto f = c.ev.to_transform(a[1], ElemKind::Control, "argument `f` of `juxBy`");
        return controls(c, jux_by(a[0].pattern, f, a[2].pattern));
      }, PT::PatControl);
  def(r, "chop", {p("n", PT::PatInt), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, chop(a[0].pattern, a[1].pattern)); },
      PT::PatControl);
  def(r, "striate", {p("n", PT::PatInt), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, striate(a[0].pattern, a[1].pattern)); },
      PT::PatControl);
  def(r, "striateBy", {p("n", PT::PatInt), p("fraction", PT::PatNumber), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, striate_by(a[0].pattern, a[1].pattern, a[2].pattern)); },
      PT::PatControl);
  def(r, "slice", {p("n", PT::PatInt), p("index", PT::PatInt), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, slice(a[0].pattern, a[1].pattern, a[2].pattern)); },
      PT::PatControl);
  def(r, "splice", {p("n", PT::PatInt), p("index", PT::PatInt), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, splice(a[0].pattern, a[1].pattern, a[2].pattern)); },
      PT::PatControl);
  def(r, "chew", {p("n", PT::PatInt), p("indices", PT::PatInt), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, chew(a[0].pattern, a[1].pattern, a[2].pattern)); },
      PT::PatControl);
  def(r, "loopAt", {p("cycles", PT::PatTime), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) { return controls(c, loop_at(a[0].pattern, a[1].pattern)); },
      PT::PatControl);
  def(r, "fix", {p("f", PT::Function), p("match", PT::PatControl), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) {
        auto f = c.ev.to_transform(a[0], ElemKind::Control, "argument `f` of `fix`");
        return controls(c, fix(f, first_map(a[1].pattern, a[1].span), a[2].pattern));
      }, PT::PatControl);
  def(r, "unfix", {p("f", PT::Function), p("match", PT::PatControl), p("pat", PT::PatControl)},
      [](CallContext& c, std::vector<Term>& a) {
        auto f = c.ev.to_transform(a[0], ElemKind::Control, "argument `f` of `unfix`");
        return controls(c, unfix(f, first_map(a[1].pattern, a[1].span), a[2].pattern));
      }, PT::PatControl);
}

// clang-format on
}  // namespace phonon::eval
