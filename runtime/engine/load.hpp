// Compile-and-prepare, shared by `phonon render`, `phonon bench` and `phonon live` (off the audio thread).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.hpp"

namespace phonon {

class Engine;
class LoadedPlan;
class SampleBank;

// Preloads every sample the plan names into `bank` (each unknown name is a warning, once), then prepares the
// plan for `engine`. Warnings are appended to `warnings`.
std::unique_ptr<LoadedPlan> load_plan(const Engine& engine, SampleBank& bank, std::shared_ptr<const Plan> plan,
                                      std::vector<std::string>* warnings);

}  // namespace phonon
