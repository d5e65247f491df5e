// Patterns of controller input (Tidal's cF, cI, cN, cS, cR and their `0` and `_` forms): each query reads the
// controller's latest value (compiler/pattern/controller_input.hpp) and answers as `pure` of it would, one event
// per cycle. So a new value shows from the next query on.
#pragma once
#include <optional>
#include <string>

#include "compiler/pattern/pattern.hpp"

namespace phonon {

enum class ControllerKind {
  Number,   // cF, cN, cR: a number sent (int or float); a string gives the fallback
  Integer,  // cI: a number, floored
  String,   // cS: a string sent; a number gives the fallback
};

// `fallback`: the value when nothing usable was sent; nullopt = silence then (the `_` forms).
Pattern controller(std::string name, ControllerKind kind, std::optional<Value> fallback);

}  // namespace phonon
