// Musical helpers: scales (Tidal's Scales.hs), chords (Chords.hs), arpeggios, fit.
#include <algorithm>
#include <cmath>
#include <map>

#include "compiler/pattern/ops.hpp"

namespace phonon {

namespace {
// Tables, several entries per line.
// clang-format off
const std::map<std::string, std::vector<double>>& scale_table() {
  static const std::map<std::string, std::vector<double>> t = {
      {"minPent", {0, 3, 5, 7, 10}}, {"majPent", {0, 2, 4, 7, 9}}, {"ritusen", {0, 2, 5, 7, 9}},
      {"egyptian", {0, 2, 5, 7, 10}}, {"kumai", {0, 2, 3, 7, 9}}, {"hirajoshi", {0, 2, 3, 7, 8}},
      {"iwato", {0, 1, 5, 6, 10}}, {"chinese", {0, 4, 6, 7, 11}}, {"indian", {0, 4, 5, 7, 10}},
      {"pelog", {0, 1, 3, 7, 8}}, {"prometheus", {0, 2, 4, 6, 11}}, {"scriabin", {0, 1, 4, 7, 9}},
      {"gong", {0, 2, 4, 7, 9}}, {"shang", {0, 2, 5, 7, 10}}, {"jiao", {0, 3, 5, 8, 10}},
      {"zhi", {0, 2, 5, 7, 9}}, {"yu", {0, 3, 5, 7, 10}}, {"whole", {0, 2, 4, 6, 8, 10}},
      {"wholetone", {0, 2, 4, 6, 8, 10}}, {"augmented", {0, 3, 4, 7, 8, 11}}, {"augmented2", {0, 1, 4, 5, 8, 9}},
      {"hexMajor7", {0, 2, 4, 7, 9, 11}}, {"hexDorian", {0, 2, 3, 5, 7, 10}}, {"hexPhrygian", {0, 1, 3, 5, 8, 10}},
      {"hexSus", {0, 2, 5, 7, 9, 10}}, {"hexMajor6", {0, 2, 4, 5, 7, 9}}, {"hexAeolian", {0, 3, 5, 7, 8, 10}},
      {"major", {0, 2, 4, 5, 7, 9, 11}}, {"ionian", {0, 2, 4, 5, 7, 9, 11}}, {"dorian", {0, 2, 3, 5, 7, 9, 10}},
      {"phrygian", {0, 1, 3, 5, 7, 8, 10}}, {"lydian", {0, 2, 4, 6, 7, 9, 11}},
      {"mixolydian", {0, 2, 4, 5, 7, 9, 10}}, {"aeolian", {0, 2, 3, 5, 7, 8, 10}},
      {"minor", {0, 2, 3, 5, 7, 8, 10}}, {"locrian", {0, 1, 3, 5, 6, 8, 10}},
      {"harmonicMinor", {0, 2, 3, 5, 7, 8, 11}}, {"harmonicMajor", {0, 2, 4, 5, 7, 8, 11}},
      {"melodicMinor", {0, 2, 3, 5, 7, 9, 11}}, {"melodicMinorDesc", {0, 2, 3, 5, 7, 8, 10}},
      {"melodicMajor", {0, 2, 4, 5, 7, 8, 10}}, {"bartok", {0, 2, 4, 5, 7, 8, 10}},
      {"hindu", {0, 2, 4, 5, 7, 8, 10}},
      // raga modes
      {"todi", {0, 1, 3, 6, 7, 8, 11}}, {"purvi", {0, 1, 4, 6, 7, 8, 11}}, {"marva", {0, 1, 4, 6, 7, 9, 11}},
      {"bhairav", {0, 1, 4, 5, 7, 8, 11}}, {"ahirbhairav", {0, 1, 4, 5, 7, 9, 10}},
      {"chromatic", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}, {"blues", {0, 3, 5, 6, 7, 10}},
      {"superLocrian", {0, 1, 3, 4, 6, 8, 10}}, {"romanianMinor", {0, 2, 3, 6, 7, 9, 10}},
      {"hungarianMinor", {0, 2, 3, 6, 7, 8, 11}}, {"neapolitanMinor", {0, 1, 3, 5, 7, 8, 11}},
      {"enigmatic", {0, 1, 4, 6, 8, 10, 11}}, {"spanish", {0, 1, 4, 5, 7, 8, 10}},
      {"leadingWhole", {0, 2, 4, 6, 8, 10, 11}}, {"lydianMinor", {0, 2, 4, 6, 7, 8, 10}},
      {"neapolitanMajor", {0, 1, 3, 5, 7, 9, 11}}, {"locrianMajor", {0, 2, 4, 5, 6, 8, 10}},
      // 8-note scales (Tidal: diminished starts with the half step)
      {"diminished", {0, 1, 3, 4, 6, 7, 9, 10}}, {"octatonic", {0, 1, 3, 4, 6, 7, 9, 10}},
      {"diminished2", {0, 2, 3, 5, 6, 8, 9, 11}}, {"octatonic2", {0, 2, 3, 5, 6, 8, 9, 11}},
      // modes of limited transposition
      {"messiaen1", {0, 2, 4, 6, 8, 10}}, {"messiaen2", {0, 1, 3, 4, 6, 7, 9, 10}},
      {"messiaen3", {0, 2, 3, 4, 6, 7, 8, 10, 11}}, {"messiaen4", {0, 1, 2, 5, 6, 7, 8, 11}},
      {"messiaen5", {0, 1, 5, 6, 7, 11}}, {"messiaen6", {0, 2, 4, 5, 6, 8, 10, 11}},
      {"messiaen7", {0, 1, 2, 3, 5, 6, 7, 8, 9, 11}},
      // Arabic maqams (quarter tones), as in Tidal (from SuperCollider's Scale.sc)
      {"bayati", {0, 1.5, 3, 5, 7, 8, 10}}, {"hijaz", {0, 1, 4, 5, 7, 8.5, 10}},
      {"sikah", {0, 1.5, 3.5, 5.5, 7, 8.5, 10.5}}, {"rast", {0, 2, 3.5, 5, 7, 9, 10.5}},
      {"iraq", {0, 1.5, 3.5, 5, 6.5, 8.5, 10.5}}, {"saba", {0, 1.5, 3, 4, 6, 8, 10}}};
  return t;
}

const std::map<std::string, std::vector<double>>& chord_table() {
  static const std::map<std::string, std::vector<double>> t = {
      {"major", {0, 4, 7}}, {"maj", {0, 4, 7}}, {"M", {0, 4, 7}}, {"aug", {0, 4, 8}}, {"plus", {0, 4, 8}},
      {"sharp5", {0, 4, 8}}, {"six", {0, 4, 7, 9}}, {"6", {0, 4, 7, 9}}, {"sixNine", {0, 4, 7, 9, 14}},
      {"six9", {0, 4, 7, 9, 14}}, {"sixby9", {0, 4, 7, 9, 14}}, {"6by9", {0, 4, 7, 9, 14}},
      {"major7", {0, 4, 7, 11}}, {"maj7", {0, 4, 7, 11}}, {"major9", {0, 4, 7, 11, 14}},
      {"maj9", {0, 4, 7, 11, 14}}, {"add9", {0, 4, 7, 14}}, {"major11", {0, 4, 7, 11, 14, 17}},
      {"maj11", {0, 4, 7, 11, 14, 17}}, {"add11", {0, 4, 7, 17}}, {"major13", {0, 4, 7, 11, 14, 21}},
      {"maj13", {0, 4, 7, 11, 14, 21}}, {"add13", {0, 4, 7, 21}}, {"dom7", {0, 4, 7, 10}},
      {"dom9", {0, 4, 7, 14}}, {"dom11", {0, 4, 7, 17}}, {"dom13", {0, 4, 7, 21}},
      {"sevenFlat5", {0, 4, 6, 10}}, {"7f5", {0, 4, 6, 10}}, {"sevenSharp5", {0, 4, 8, 10}},
      {"7s5", {0, 4, 8, 10}}, {"sevenFlat9", {0, 4, 7, 10, 13}}, {"7f9", {0, 4, 7, 10, 13}},
      {"nine", {0, 4, 7, 10, 14}}, {"eleven", {0, 4, 7, 10, 14, 17}}, {"11", {0, 4, 7, 10, 14, 17}},
      {"thirteen", {0, 4, 7, 10, 14, 17, 21}}, {"13", {0, 4, 7, 10, 14, 17, 21}}, {"minor", {0, 3, 7}},
      {"min", {0, 3, 7}}, {"m", {0, 3, 7}}, {"diminished", {0, 3, 6}}, {"dim", {0, 3, 6}},
      {"minorSharp5", {0, 3, 8}}, {"msharp5", {0, 3, 8}}, {"mS5", {0, 3, 8}}, {"minor6", {0, 3, 7, 9}},
      {"min6", {0, 3, 7, 9}}, {"m6", {0, 3, 7, 9}}, {"minorSixNine", {0, 3, 9, 7, 14}},
      {"minor69", {0, 3, 9, 7, 14}}, {"min69", {0, 3, 9, 7, 14}}, {"minSixNine", {0, 3, 9, 7, 14}},
      {"m69", {0, 3, 9, 7, 14}}, {"mSixNine", {0, 3, 9, 7, 14}}, {"m6by9", {0, 3, 9, 7, 14}},
      {"minor7flat5", {0, 3, 6, 10}}, {"min7flat5", {0, 3, 6, 10}}, {"m7flat5", {0, 3, 6, 10}},
      {"m7f5", {0, 3, 6, 10}}, {"minorMajor7", {0, 3, 7, 11}}, {"minMaj7", {0, 3, 7, 11}},
      {"mmaj7", {0, 3, 7, 11}}, {"minor7", {0, 3, 7, 10}}, {"min7", {0, 3, 7, 10}}, {"m7", {0, 3, 7, 10}},
      {"minor7sharp5", {0, 3, 8, 10}}, {"min7sharp5", {0, 3, 8, 10}}, {"m7sharp5", {0, 3, 8, 10}},
      {"m7s5", {0, 3, 8, 10}}, {"minor7flat9", {0, 3, 7, 10, 13}}, {"min7flat9", {0, 3, 7, 10, 13}},
      {"m7flat9", {0, 3, 7, 10, 13}}, {"m7f9", {0, 3, 7, 10, 13}}, {"minor7sharp9", {0, 3, 7, 10, 14}},
      {"min7sharp9", {0, 3, 7, 10, 14}}, {"m7sharp9", {0, 3, 7, 10, 14}}, {"m7s9", {0, 3, 7, 10, 14}},
      {"diminished7", {0, 3, 6, 9}}, {"dim7", {0, 3, 6, 9}}, {"minor9", {0, 3, 7, 10, 14}},
      {"min9", {0, 3, 7, 10, 14}}, {"m9", {0, 3, 7, 10, 14}}, {"minor11", {0, 3, 7, 10, 14, 17}},
      {"min11", {0, 3, 7, 10, 14, 17}}, {"m11", {0, 3, 7, 10, 14, 17}}, {"minor13", {0, 3, 7, 10, 14, 17, 21}},
      {"min13", {0, 3, 7, 10, 14, 17, 21}}, {"m13", {0, 3, 7, 10, 14, 17, 21}}, {"minorMajor9", {0, 3, 7, 11, 14}},
      {"one", {0}}, {"1", {0}}, {"five", {0, 7}}, {"5", {0, 7}}, {"sus2", {0, 2, 7}}, {"sus4", {0, 5, 7}},
      {"sevenSus2", {0, 2, 7, 10}}, {"7sus2", {0, 2, 7, 10}}, {"sevenSus4", {0, 5, 7, 10}},
      {"7sus4", {0, 5, 7, 10}}, {"nineSus4", {0, 5, 7, 10, 14}}, {"ninesus4", {0, 5, 7, 10, 14}},
      {"9sus4", {0, 5, 7, 10, 14}}, {"sevenFlat10", {0, 4, 7, 10, 15}}, {"7f10", {0, 4, 7, 10, 15}},
      {"nineSharp5", {0, 1, 13}}, {"9sharp5", {0, 1, 13}}, {"9s5", {0, 1, 13}}, {"minor9sharp5", {0, 1, 14}},
      {"minor9s5", {0, 1, 14}}, {"min9sharp5", {0, 1, 14}}, {"min9s5", {0, 1, 14}}, {"m9sharp5", {0, 1, 14}},
      {"m9s5", {0, 1, 14}}, {"sevenSharp5flat9", {0, 4, 8, 10, 13}}, {"7s5f9", {0, 4, 8, 10, 13}},
      {"minor7sharp5flat9", {0, 3, 8, 10, 13}}, {"m7sharp5flat9", {0, 3, 8, 10, 13}},
      {"m7s5f9", {0, 3, 8, 10, 13}}, {"elevenSharp", {0, 4, 7, 10, 14, 18}},
      {"11s", {0, 4, 7, 10, 14, 18}}, {"minor11sharp", {0, 3, 7, 10, 14, 18}}, {"m11sharp", {0, 3, 7, 10, 14, 18}},
      {"m11s", {0, 3, 7, 10, 14, 18}}};
  return t;
}
// clang-format on
}  // namespace

bool scale_exists(const std::string& name) { return scale_table().count(name) > 0; }

std::vector<std::string> scale_names() {
  std::vector<std::string> out;
  for (const auto& kv : scale_table()) out.push_back(kv.first);
  return out;
}

bool chord_notes(const std::string& name, std::vector<double>& out) {
  auto it = chord_table().find(name);
  if (it == chord_table().end()) return false;
  out = it->second;
  return true;
}

static double note_in_scale(const std::vector<double>& s, int64_t x) {
  auto n = static_cast<int64_t>(s.size());
  int64_t idx = ((x % n) + n) % n;
  int64_t oct = x >= 0 ? x / n : -((-x + n - 1) / n);  // Haskell div (floor)
  return s[static_cast<size_t>(idx)] + 12.0 * static_cast<double>(oct);
}

Pattern to_scale(const std::vector<double>& steps, const Pattern& p) {
  if (steps.empty()) return silence();
  return fmap(p, [steps](const Value& v) { return Value::number(note_in_scale(steps, value_to_int(v))); });
}

Pattern scale(const Pattern& names, const Pattern& p) {
  // (\n name -> noteInScale (lookup name) n) <$> p <* names ; unknown names give [0]
  return app_left(p, names, [](const Value& v, const Value& name) {
    static const std::vector<double> zero{0};
    const std::vector<double>* s = &zero;
    if (name.is_string()) {
      auto it = scale_table().find(name.as_string());
      if (it != scale_table().end()) s = &it->second;
    }
    return Value::number(note_in_scale(*s, value_to_int(v)));
  });
}

using ArpFn = std::function<std::vector<Event>(std::vector<Event>)>;

static Pattern arp_with(const Pattern& p, ArpFn f) {
  return Pattern::from_query([p, f](const Arc& a, std::vector<Event>& out) {
    std::vector<Event> es = p.query(a);
    std::stable_sort(es.begin(), es.end(), [](const Event& x, const Event& y) {
      if (!x.whole || !y.whole) return x.whole.has_value() < y.whole.has_value();
      if (x.whole->begin != y.whole->begin) return x.whole->begin < y.whole->begin;
      return x.whole->end < y.whole->end;
    });
    size_t i = 0;
    while (i < es.size()) {
      size_t j = i + 1;
      while (j < es.size() && es[j].whole == es[i].whole) ++j;
      std::vector<Event> group(es.begin() + static_cast<long>(i), es.begin() + static_cast<long>(j));
      group = f(std::move(group));
      auto d = static_cast<int64_t>(group.size());
      for (int64_t n = 0; n < d; ++n) {
        const Event& e = group[static_cast<size_t>(n)];
        if (!e.whole) continue;
        Rational dur = (e.whole->end - e.whole->begin) / Rational(d);
        Rational ns = e.whole->begin + dur * Rational(n);
        Arc nw(ns, ns + dur);
        auto part = nw.sub_arc(e.part);
        if (!part) continue;
        out.emplace_back(nw, *part, e.value);
      }
      i = j;
    }
  });
}

Pattern arpeggiate(const Pattern& p) {
  return arp_with(p, [](std::vector<Event> x) { return x; });
}

static std::vector<Event> arp_mode(const std::string& name, std::vector<Event> x) {
  auto rev = [](std::vector<Event> v) {
    std::reverse(v.begin(), v.end());
    return v;
  };
  auto init = [](std::vector<Event> v) {
    if (!v.empty()) v.pop_back();
    return v;
  };
  auto cat = [](std::vector<Event> a, const std::vector<Event>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  std::function<std::vector<Event>(std::vector<Event>)> converge = [&](std::vector<Event> v) {
    std::vector<Event> out;
    size_t lo = 0, hi = v.size();
    bool front = true;
    while (lo < hi) {
      if (front) out.push_back(v[lo++]);
      else out.push_back(v[--hi]);
      front = !front;
    }
    return out;
  };
  if (name == "up") return x;
  if (name == "down") return rev(x);
  if (name == "updown") return cat(init(x), init(rev(x)));
  if (name == "downup") return cat(init(rev(x)), init(x));
  if (name == "up&down") return cat(x, rev(x));
  if (name == "down&up") return cat(rev(x), x);
  if (name == "converge") return converge(x);
  if (name == "diverge") return rev(converge(x));
  if (name == "disconverge") {
    auto c = converge(x);
    auto r = rev(c);
    if (!r.empty()) r.erase(r.begin());
    return cat(c, r);
  }
  if (name == "pinkyup" || name == "pinkyupdown") {
    std::vector<Event> out;
    if (x.empty()) return out;
    Event pinky = x.back();
    for (size_t i = 0; i + 1 < x.size(); ++i) out.push_back(x[i]), out.push_back(pinky);
    if (name == "pinkyup") return out;
    return cat(init(out), init(rev(out)));
  }
  if (name == "thumbup" || name == "thumbupdown") {
    std::vector<Event> out;
    if (x.empty()) return out;
    Event thumb = x.front();
    for (size_t i = 1; i < x.size(); ++i) out.push_back(thumb), out.push_back(x[i]);
    if (name == "thumbup") return out;
    return cat(init(out), init(rev(out)));
  }
  return x;
}

Pattern arp(const Pattern& modes, const Pattern& p) {
  return tparam(modes, [p](const Value& v) {
    std::string name = v.is_string() ? v.as_string() : "up";
    return arp_with(p, [name](std::vector<Event> x) { return arp_mode(name, std::move(x)); });
  });
}

Pattern fit(const Pattern& step, const std::vector<Value>& xs, const Pattern& p) {
  if (xs.empty()) return silence();
  return tparam(step, [xs, p](const Value& sv) {
    int64_t per = value_to_int(sv);
    return Pattern::from_query([per, xs, p](const Arc& a, std::vector<Event>& out) {
      size_t start = out.size();
      p.query(a, out);
      auto len = static_cast<int64_t>(xs.size());
      for (size_t k = start; k < out.size(); ++k) {
        int64_t pos = per * out[k].part.begin.floor();
        int64_t i = value_to_int(out[k].value) + pos;
        out[k].value = xs[static_cast<size_t>(((i % len) + len) % len)];
      }
    });
  });
}

// Tidal 1.7.10's fit': `squeezeJoin $ _fit n masks to`, the i-th mask being `stretch $ mask (from' == i) p'` with
// p' and from' sped up by `cycles`.
Pattern fit_slices(const Pattern& cycles, int64_t n, const Pattern& from, const Pattern& to, const Pattern& p) {
  if (n <= 0) return silence();
  check_steps(static_cast<double>(n), "fit'");
  const Pattern fast_p = fast(cycles, p), fast_from = fast(cycles, from);
  auto slices = std::make_shared<std::vector<Pattern>>();
  std::vector<Value> indices;
  for (int64_t i = 0; i < n; ++i) {
    const double want = static_cast<double>(i);
    const Pattern is_i =
        fmap(filter_values(fast_from, [want](const Value& v) { return v.is_number() && v.as_number() == want; }),
             [](const Value&) { return Value::boolean(true); });
    slices->push_back(stretch(mask(is_i, fast_p)));
    indices.push_back(Value::number(want));
  }
  return squeeze_bind(fit(pure(Value::number(static_cast<double>(n))), indices, to),
                      [slices](const Value& v) { return (*slices)[static_cast<size_t>(value_to_int(v))]; });
}

}  // namespace phonon
