#include "compiler/pattern/value.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace phonon {

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.ptr_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Value Value::map(std::shared_ptr<const ControlMap> m) {
  Value v;
  v.kind_ = Kind::Map;
  v.ptr_ = std::move(m);
  return v;
}

double Value::as_number() const {
  assert(kind_ == Kind::Number || kind_ == Kind::Bool);
  return num_;
}
bool Value::as_bool() const {
  assert(kind_ == Kind::Number || kind_ == Kind::Bool);
  return num_ != 0.0;
}
const std::string& Value::as_string() const {
  assert(kind_ == Kind::String);
  return *static_cast<const std::string*>(ptr_.get());
}
const ControlMap& Value::as_map() const {
  assert(kind_ == Kind::Map);
  return *static_cast<const ControlMap*>(ptr_.get());
}
std::shared_ptr<const ControlMap> Value::map_ptr() const {
  assert(kind_ == Kind::Map);
  return std::static_pointer_cast<const ControlMap>(ptr_);
}

size_t Value::identity_hash() const {
  uint64_t bits;
  static_assert(sizeof(bits) == sizeof(num_));
  std::memcpy(&bits, &num_, sizeof bits);
  auto p = reinterpret_cast<uintptr_t>(ptr_.get());
  uint64_t h = bits * 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(p) >> 4) * 0xC2B2AE3D27D4EB4Full ^
               static_cast<uint64_t>(kind_);
  return static_cast<size_t>(h ^ (h >> 29));
}

bool Value::operator==(const Value& o) const {
  if (kind_ != o.kind_) return false;
  switch (kind_) {
    case Kind::Nil: return true;
    case Kind::Number:
    case Kind::Bool: return num_ == o.num_;
    case Kind::String: return as_string() == o.as_string();
    case Kind::Map: return ptr_ == o.ptr_ || as_map() == o.as_map();
  }
  return false;
}

static std::string show_number(double x) {
  char buf[64];
  if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.1f", x);
  } else {
    std::snprintf(buf, sizeof buf, "%.10g", x);
  }
  return buf;
}

std::string Value::to_string() const {
  switch (kind_) {
    case Kind::Nil: return "nil";
    case Kind::Number: return show_number(num_);
    case Kind::Bool: return num_ != 0.0 ? "true" : "false";
    case Kind::String: return "\"" + as_string() + "\"";
    case Kind::Map: {
      std::string out;
      bool first = true;
      for (const auto& [k, v] : as_map().entries()) {
        if (!first) out += ", ";
        first = false;
        out += k + ": " + v.to_string();
      }
      return out;
    }
  }
  return "?";
}

ControlMap::ControlMap(std::vector<Entry> entries) {
  for (auto& e : entries) set(std::move(e.first), std::move(e.second));
}

const Value* ControlMap::find(std::string_view key) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const Entry& e, std::string_view k) { return e.first < k; });
  if (it != entries_.end() && it->first == key) return &it->second;
  return nullptr;
}

void ControlMap::set(std::string key, Value v) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const Entry& e, const std::string& k) { return e.first < k; });
  if (it != entries_.end() && it->first == key) {
    it->second = std::move(v);
  } else {
    entries_.insert(it, Entry(std::move(key), std::move(v)));
  }
}

Value control(std::string key, Value v) {
  auto m = std::make_shared<ControlMap>();
  m->set(std::move(key), std::move(v));
  return Value::map(std::move(m));
}

}  // namespace phonon
