#include "compiler/pattern/ops_controller.hpp"

#include <cmath>

#include "compiler/pattern/controller_input.hpp"

namespace phonon {

namespace {
// Tidal's getF/getI/getS: which sent values a kind takes.
std::optional<Value> usable(const std::optional<Value>& v, ControllerKind kind) {
  if (!v) return std::nullopt;
  switch (kind) {
    case ControllerKind::Number:
      if (v->is_number()) return v;
      break;
    case ControllerKind::Integer:
      if (v->is_number()) return Value::number(std::floor(v->as_number()));
      break;
    case ControllerKind::String:
      if (v->is_string()) return v;
      break;
  }
  return std::nullopt;
}
}  // namespace

Pattern controller(std::string name, ControllerKind kind, std::optional<Value> fallback) {
  return Pattern::from_query([name = std::move(name), kind, fallback](const Arc& a, std::vector<Event>& out) {
    std::optional<Value> v = usable(ControllerInput::global().get(name), kind);
    if (!v) v = fallback;
    if (v) Pattern::pure(*v).query(a, out);
  });
}

}  // namespace phonon
