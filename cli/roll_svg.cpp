#include "cli/roll_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace phonon::cli {

namespace {

constexpr double kCycleWidth = 480.0;
constexpr double kLaneHeight = 18.0;
constexpr double kLabelWidth = 110.0;
constexpr double kTop = 22.0;

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// Sample players whose `n` is a file index, not a pitch: anything that is not one of the built-in synths.
bool is_synth(const std::string& s) { return s.rfind("super", 0) == 0; }

struct Lane {
  std::string track;
  std::string sound;  // s, or "" for a bare pitch pattern
  bool pitched = false;
  double pitch = 0;  // pitched lanes
  std::string label;
};

// The lane key of one event; `pitched` lanes sort by pitch.
Lane lane_of(const std::string& track, const Value& v) {
  Lane l;
  l.track = track;
  const Value* s = v.is_map() ? v.as_map().find("s") : nullptr;
  if (!s && v.is_map()) s = v.as_map().find("sound");
  const Value* note = v.is_map() ? v.as_map().find("note") : nullptr;
  const Value* n = v.is_map() ? v.as_map().find("n") : nullptr;
  if (s && s->is_string()) l.sound = s->as_string();
  if (note && note->is_number()) {
    l.pitched = true;
    l.pitch = note->as_number() + (n && n->is_number() ? n->as_number() : 0.0);
  } else if (n && n->is_number() && (l.sound.empty() || is_synth(l.sound))) {
    l.pitched = true;
    l.pitch = n->as_number();
  } else if (n && n->is_number()) {
    l.sound += ":" + num(n->as_number());
  } else if (!s && v.is_number()) {
    l.pitched = true;
    l.pitch = v.as_number();
  } else if (!s) {
    l.sound = v.is_string() ? v.as_string() : "event";
  }
  return l;
}

std::string label_of(const Lane& l, bool multi_track) {
  std::string out = multi_track && !l.track.empty() ? l.track + " " : "";
  if (l.pitched) return out + (l.sound.empty() ? "" : l.sound + " ") + num(l.pitch);
  return out + l.sound;
}

}  // namespace

std::string roll_svg(const std::vector<RollTrack>& tracks, int64_t cycles) {
  cycles = std::max<int64_t>(cycles, 1);
  const bool multi = tracks.size() > 1;
  // Lanes in order: per track, unpitched sounds by name, then pitched ones from high to low with every pitch in
  // between filled in.
  std::vector<Lane> lanes;
  std::map<std::string, size_t> index;
  for (const auto& t : tracks) {
    std::set<std::string> sounds;
    std::map<std::string, std::pair<double, double>> ranges;  // sound -> (min, max) pitch
    std::map<std::string, std::set<double>> fractional;       // non-integer pitches
    for (const auto& e : t.events) {
      if (!e.whole) continue;
      Lane l = lane_of(t.name, e.value);
      if (!l.pitched) {
        sounds.insert(l.sound);
        continue;
      }
      auto [it, fresh] = ranges.emplace(l.sound, std::make_pair(l.pitch, l.pitch));
      if (!fresh) it->second = {std::min(it->second.first, l.pitch), std::max(it->second.second, l.pitch)};
      if (l.pitch != std::floor(l.pitch)) fractional[l.sound].insert(l.pitch);
    }
    for (const auto& s : sounds) {
      Lane l;
      l.track = t.name;
      l.sound = s;
      l.label = label_of(l, multi);
      index[t.name + "\n" + l.label] = lanes.size();
      lanes.push_back(l);
    }
    for (const auto& [sound, range] : ranges) {
      std::set<double> pitches = fractional[sound];
      // Whole pitches from the top down (a range of more than four octaves shows only the pitches played).
      const bool fill = range.second - range.first <= 48;
      for (double p = std::floor(range.second); p >= std::ceil(range.first); p -= 1) pitches.insert(p);
      if (!fill) {
        pitches.clear();
        for (const auto& e : t.events)
          if (e.whole) {
            Lane l = lane_of(t.name, e.value);
            if (l.pitched && l.sound == sound) pitches.insert(l.pitch);
          }
      }
      for (auto it = pitches.rbegin(); it != pitches.rend(); ++it) {
        Lane l;
        l.track = t.name;
        l.sound = sound;
        l.pitched = true;
        l.pitch = *it;
        l.label = label_of(l, multi);
        index[t.name + "\n" + l.label] = lanes.size();
        lanes.push_back(l);
      }
    }
  }

  const double width = kLabelWidth + kCycleWidth * static_cast<double>(cycles) + 10;
  const double height = kTop + kLaneHeight * static_cast<double>(std::max<size_t>(lanes.size(), 1)) + 6;
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
         "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  out += "<rect x=\"0\" y=\"0\" width=\"" + num(width) + "\" height=\"" + num(height) + "\" fill=\"#15151a\"/>\n";
  for (size_t i = 0; i < lanes.size(); ++i) {
    const double y = kTop + kLaneHeight * static_cast<double>(i);
    if (i % 2 == 0)
      out += "<rect x=\"" + num(kLabelWidth) + "\" y=\"" + num(y) + "\" width=\"" + num(width - kLabelWidth - 10) +
             "\" height=\"" + num(kLaneHeight) + "\" fill=\"#1d1d24\"/>\n";
    out += "<text class=\"lane\" x=\"" + num(kLabelWidth - 6) + "\" y=\"" + num(y + kLaneHeight * 0.7) +
           "\" text-anchor=\"end\" fill=\"#c8c8d0\">" + xml_escape(lanes[i].label) + "</text>\n";
  }
  for (int64_t c = 0; c <= cycles; ++c) {
    const double x = kLabelWidth + kCycleWidth * static_cast<double>(c);
    out += "<line x1=\"" + num(x) + "\" y1=\"" + num(kTop - 6) + "\" x2=\"" + num(x) + "\" y2=\"" + num(height - 6) +
           "\" stroke=\"#55556a\" stroke-width=\"1\"/>\n";
    if (c < cycles)
      out += "<text x=\"" + num(x + 3) + "\" y=\"" + num(kTop - 9) + "\" fill=\"#8888a0\">cycle " + std::to_string(c) +
             "</text>\n";
  }
  for (const auto& t : tracks) {
    for (const auto& e : t.events) {
      if (!e.whole) continue;
      Lane l = lane_of(t.name, e.value);
      const std::string label = label_of(l, multi);
      const size_t i = index.at(t.name + "\n" + label);
      const double x0 = kLabelWidth + kCycleWidth * e.part.begin.to_double();
      const double x1 = kLabelWidth + kCycleWidth * e.part.end.to_double();
      const double y = kTop + kLaneHeight * static_cast<double>(i) + 2;
      const int hue = static_cast<int>((i * 47) % 360);
      out += "<rect class=\"note\" data-lane=\"" + xml_escape(label) + "\" data-begin=\"" + e.part.begin.to_string() +
             "\" data-end=\"" + e.part.end.to_string() + "\" x=\"" + num(x0 + 0.5) + "\" y=\"" + num(y) +
             "\" width=\"" + num(std::max(1.0, x1 - x0 - 1.0)) + "\" height=\"" + num(kLaneHeight - 4) +
             "\" rx=\"3\" fill=\"hsl(" + std::to_string(hue) + ",70%," + (e.has_onset() ? "62%" : "40%") +
             ")\"><title>" + xml_escape(label + " " + e.to_string()) + "</title></rect>\n";
    }
  }
  out += "</svg>\n";
  return out;
}

}  // namespace phonon::cli
