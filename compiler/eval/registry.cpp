#include "compiler/eval/registry.hpp"

namespace phonon::eval {

const char* param_type_name(ParamType t) {
  switch (t) {
    case ParamType::Any: return "a value";
    case ParamType::Number: return "a number";
    case ParamType::PatNumber: return "a pattern of numbers";
    case ParamType::PatNote: return "a pattern of notes";
    case ParamType::PatInt: return "a pattern of integers";
    case ParamType::PatTime: return "a pattern of times";
    case ParamType::PatString: return "a pattern of strings";
    case ParamType::PatBool: return "a pattern of booleans";
    case ParamType::PatControl: return "a control pattern";
    case ParamType::PatAny: return "a pattern";
    case ParamType::Function: return "a function";
    case ParamType::List: return "a list";
    case ParamType::Tuple: return "a tuple";
  }
  return "?";
}

void Registry::add(Builtin b) {
  std::string name = b.name;
  auto old = builtins_.find(name);
  if (old != builtins_.end() && !b.params.empty() && !b.bare) {
    if (old->second->params.empty()) b.bare = old->second->impl;
    else if (old->second->bare) b.bare = old->second->bare;
  }
  builtins_[name] = std::make_shared<const Builtin>(std::move(b));
}

const Builtin* Registry::find(const std::string& name) const {
  auto it = builtins_.find(name);
  return it == builtins_.end() ? nullptr : it->second.get();
}

std::shared_ptr<const Builtin> Registry::find_shared(const std::string& name) const {
  auto it = builtins_.find(name);
  return it == builtins_.end() ? nullptr : it->second;
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  out.reserve(builtins_.size());
  for (const auto& [k, v] : builtins_) out.push_back(k);
  return out;
}

bool Registry::first_warning(const std::string& key) const {
  std::lock_guard<std::mutex> lock(warned_mutex_);
  return warned_.insert(key).second;
}

std::shared_ptr<Registry> make_standard_registry() {
  auto r = std::make_shared<Registry>();
  register_operator_builtins(*r);
  register_pattern_builtins(*r);
  register_control_builtins(*r);
  register_prelude_builtins(*r);
  register_library_builtins(*r);
  register_params_builtins(*r);
  register_controller_builtins(*r);
  return r;
}

}  // namespace phonon::eval
