#include "compiler/pattern/pattern.hpp"

#include <algorithm>

namespace phonon {

namespace {
class PureNode final : public PatternNode {
 public:
  explicit PureNode(Value v) : v_(std::move(v)) {}
  const Value& value() const { return v_; }
  void query(const Arc& a, std::vector<Event>& out) const override {
    if (a.end < a.begin) return;
    int64_t first = a.begin.floor();
    int64_t last = a.begin == a.end ? first : a.end.ceil() - 1;
    if (last - first > kMaxCyclesPerQuery) throw_too_many_cycles();
    for (int64_t c = first; c <= last; ++c) {
      Arc whole(Rational(c), Rational(c + 1));
      out.emplace_back(whole, a.sect(whole), v_);
    }
    if (out.size() > kMaxEventsPerQuery) throw_too_many_events();
  }

 private:
  Value v_;
};

class AnalogNode final : public PatternNode {
 public:
  explicit AnalogNode(std::function<Value(const Arc&)> f) : f_(std::move(f)) {}
  void query(const Arc& a, std::vector<Event>& out) const override {
    if (a.end < a.begin) return;
    out.emplace_back(std::nullopt, a, f_(a));
  }

 private:
  std::function<Value(const Arc&)> f_;
};
}  // namespace

bool Pattern::pure_value(Value& out) const {
  auto* p = dynamic_cast<const PureNode*>(node_.get());
  if (!p) return false;
  out = p->value();
  return true;
}

Pattern Pattern::pure(Value v) { return Pattern(std::make_shared<const PureNode>(std::move(v))); }

Pattern Pattern::analog(std::function<Value(const Arc&)> f) {
  return Pattern(std::make_shared<const AnalogNode>(std::move(f)));
}

std::vector<Event> Pattern::query_sorted(const Arc& arc) const {
  std::vector<Event> out = query(arc);
  std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
    if (a.part.begin != b.part.begin) return a.part.begin < b.part.begin;
    return a.whole_start() < b.whole_start();
  });
  return out;
}

// Tidal's prettyRat: unicode glyphs for common fractions.
static std::string pretty_rat(const Rational& r) {
  if (r < Rational(0)) return "-" + pretty_rat(-r);
  int64_t whole = r.floor();
  Rational frac = r - Rational(whole);
  std::string out;
  if (whole != 0 || frac == Rational(0)) out = std::to_string(whole);
  if (frac == Rational(0)) return out;
  struct G {
    int64_t n, d;
    const char* s;
  };
  static const G glyphs[] = {{1, 2, "½"}, {1, 3, "⅓"}, {2, 3, "⅔"}, {1, 4, "¼"}, {3, 4, "¾"}, {1, 5, "⅕"},
                             {2, 5, "⅖"}, {3, 5, "⅗"}, {4, 5, "⅘"}, {1, 6, "⅙"}, {5, 6, "⅚"}, {1, 7, "⅐"},
                             {1, 8, "⅛"}, {3, 8, "⅜"}, {5, 8, "⅝"}, {7, 8, "⅞"}, {1, 9, "⅑"}, {1, 10, "⅒"}};
  for (const auto& g : glyphs)
    if (frac.num() == g.n && frac.den() == g.d) return out + g.s;
  // Tidal's prettyRat writes 1 + 1/18 as `11/18`; a space keeps the whole part apart: `1 1/18`.
  return out + (out.empty() ? "" : " ") + std::to_string(frac.num()) + "/" + std::to_string(frac.den());
}

std::string Event::to_string() const {
  std::string arc = pretty_rat(part.begin) + ">" + pretty_rat(part.end);
  if (!whole) return "~" + arc + "~|" + value.to_string();
  std::string h = whole->begin == part.begin ? "" : pretty_rat(whole->begin) + "-";
  std::string t = whole->end == part.end ? "" : "-" + pretty_rat(whole->end);
  return h + "(" + arc + ")" + t + "|" + value.to_string();
}

}  // namespace phonon
