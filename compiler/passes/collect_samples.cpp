// Pass: sample names.
// Contract: lists every sample name (`s` without its ":index") that the plan's voice sources play in their first
// 64 cycles, sorted and unique, so the runtime can preload them off the audio thread. Names that appear only
// later (e.g. a 100-step `<...>`) are not found here; the engine plays them silently until a reload.
#include <set>

#include "compiler/passes/passes.hpp"

namespace phonon {

void collect_samples(Plan& plan) {
  std::set<std::string> names;
  std::vector<Event> evs;
  for (const auto& vs : plan.voice_sources) {
    evs.clear();
    try {
      vs.pattern.query(Arc(Rational(0), Rational(64)), evs);
    } catch (...) {
      // An event storm: fall back to the first cycle.
      evs.clear();
      try {
        vs.pattern.query(Arc(Rational(0), Rational(1)), evs);
      } catch (...) {
      }
    }
    for (const auto& e : evs) {
      if (!e.value.is_map()) continue;
      const Value* s = e.value.as_map().find("s");
      if (!s) s = e.value.as_map().find("sound");
      if (!s || !s->is_string()) continue;
      std::string name = s->as_string();
      auto colon = name.rfind(':');
      if (colon != std::string::npos && colon > 0) name = name.substr(0, colon);
      if (!name.empty()) names.insert(name);
    }
  }
  plan.sample_names.assign(names.begin(), names.end());
}

}  // namespace phonon
