#include "runtime/engine/load.hpp"

#include "compiler/plan.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/outbound/outbound.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/synths/synths.hpp"

namespace phonon {

std::unique_ptr<LoadedPlan> load_plan(const Engine& engine, SampleBank& bank, std::shared_ptr<const Plan> plan,
                                      std::vector<std::string>* warnings) {
  for (const auto& name : plan->sample_names) {
    std::string w;
    // A MIDI or OSC target's name (runtime/outbound/outbound.hpp) is not a sample.
    if (const Outbound* ob = engine.options().outbound; ob && ob->target_of(name) >= 0) continue;
    bool found = bank.preload(name, &w);
    // A built-in synth name that no library has plays the synth: not a missing sample.
    if (!found && synth_by_name(name) != SynthId::None) continue;
    if (!found && !w.empty() && name == "midi")
      w += "\n  hint: `s \"midi\"` events go to a MIDI port with `phonon live --midi-out PORT` (docs/connect.md)";
    if (!w.empty() && warnings) {
      size_t start = 0;
      while (start < w.size()) {
        size_t nl = w.find('\n', start);
        if (nl == std::string::npos) nl = w.size();
        if (nl > start) warnings->push_back(w.substr(start, nl - start));
        start = nl + 1;
      }
    }
  }
  return engine.prepare(std::move(plan), bank);
}

}  // namespace phonon
