// Pass: sample names and effect orbits.
// Contract: lists the orbits that send to the global reverb/delay, and every sample name (`s` without its ":index")
// that the plan's voice sources play in their first 64 cycles, sorted and unique, so the runtime can preload them off
// the audio thread. Names that appear only later (e.g. a 100-step `<...>`) are not found here; the engine plays them
// silently until a reload.
#include <algorithm>
#include <cmath>
#include <set>

#include "compiler/passes/passes.hpp"

namespace phonon {

// SuperDirt/Tidal controls that Phonon accepts in patterns (so Tidal code keeps working) but whose effect it does
// not make: using one is a warning, never silently ignored. (`hold`, `loop`, `squiz`, `lock`, `nudge` and `channel`
// work: see runtime/engine/voice_start.cpp and docs/samples.md.) `cps` has SuperDirt's per-event effect (the tempo of
// that event's unit "c" and delay lock) but, unlike Tidal's scheduler, does not change the tempo: a warning says so.
struct UnsupportedControl {
  const char* key;
  const char* message;  // null: "control `key` has no effect in Phonon"
  const char* hint;
};
static const UnsupportedControl kUnsupportedControls[] = {
    {"cps",
     "control `cps` in a pattern does not change the tempo in Phonon (it only sets the tempo of its own "
     "event's `unit \"c\"` and delay `lock`, as in SuperDirt)",
     "change the tempo with a statement, e.g. `cps: 0.75` or `bpm: 90`"},
};

void warn_unsupported_controls(const Plan& plan, Diagnostics& diags) {
  std::set<std::string> warned;
  std::vector<Event> evs;
  for (const auto& vs : plan.voice_sources) {
    evs.clear();
    try {
      vs.pattern.query(Arc(Rational(0), Rational(4)), evs);
    } catch (...) {
      continue;
    }
    for (const auto& e : evs) {
      if (!e.value.is_map()) continue;
      for (const auto& c : kUnsupportedControls) {
        if (e.value.as_map().find(c.key) && warned.insert(c.key).second)
          diags.warning(
              vs.span,
              c.message ? std::string(c.message) : std::string("control `") + c.key + "` has no effect in Phonon",
              c.hint);
      }
    }
  }
}

void collect_samples(Plan& plan) {
  std::set<std::string> names;
  std::set<int> orbits;
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
      const ControlMap& m = e.value.as_map();
      const Value* room = m.find("room");
      const Value* delay = m.find("delay");
      if ((room && room->is_number() && room->as_number() > 0) ||
          (delay && delay->is_number() && delay->as_number() > 0)) {
        const Value* orbit = m.find("orbit");
        const double o = orbit && orbit->is_number() ? orbit->as_number() : 0.0;
        orbits.insert(std::isfinite(o) ? static_cast<int>(std::clamp(o, -1e9, 1e9)) : 0);
      }
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
  plan.fx_orbits.assign(orbits.begin(), orbits.end());
}

}  // namespace phonon
