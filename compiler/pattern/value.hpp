// Dynamic values carried by pattern events.
// Contract: a Value is nil, a number (double), a string, a bool or a control map (SuperDirt parameters such as
// {s: "bd", n: 3}). Copying is cheap (strings and maps are shared, immutable). Note names in control maps are
// already numbers (c5 = 0). Equality is structural (numbers compare exactly).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace phonon {

class ControlMap;

class Value {
 public:
  enum class Kind : uint8_t { Nil, Number, String, Bool, Map };

  Value() = default;  // nil
  static Value number(double x) {
    Value v;
    v.kind_ = Kind::Number;
    v.num_ = x;
    return v;
  }
  static Value boolean(bool b) {
    Value v;
    v.kind_ = Kind::Bool;
    v.num_ = b ? 1.0 : 0.0;
    return v;
  }
  static Value string(std::string s);
  static Value map(std::shared_ptr<const ControlMap> m);

  Kind kind() const { return kind_; }
  bool is_nil() const { return kind_ == Kind::Nil; }
  bool is_number() const { return kind_ == Kind::Number; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_map() const { return kind_ == Kind::Map; }

  // Accessors: calling the wrong one is a programming error (assert); as_number() accepts bools (0/1).
  double as_number() const;
  bool as_bool() const;  // numbers: != 0
  const std::string& as_string() const;
  const ControlMap& as_map() const;
  std::shared_ptr<const ControlMap> map_ptr() const;  // shares ownership

  // Same kind and same number / same shared string or map object (cheap identity, used for memoisation).
  bool identical(const Value& o) const { return kind_ == o.kind_ && num_ == o.num_ && ptr_ == o.ptr_; }
  size_t identity_hash() const;

  bool operator==(const Value& o) const;
  bool operator!=(const Value& o) const { return !(*this == o); }
  // Tidal-like rendering: 0.5, "bd", true, {n: 2.0, s: "bd"} as `n: 2.0, s: "bd"`.
  std::string to_string() const;

 private:
  Kind kind_ = Kind::Nil;
  double num_ = 0.0;
  std::shared_ptr<const void> ptr_;  // std::string for String, ControlMap for Map
};

// An immutable-after-construction map from parameter name to value, kept sorted by name.
class ControlMap {
 public:
  using Entry = std::pair<std::string, Value>;
  ControlMap() = default;
  explicit ControlMap(std::vector<Entry> entries);  // sorts; later duplicates win

  const Value* find(std::string_view key) const;
  void set(std::string key, Value v);  // insert or replace (use before sharing)
  const std::vector<Entry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  bool operator==(const ControlMap& o) const { return entries_ == o.entries_; }

 private:
  std::vector<Entry> entries_;
};

// A one-entry control map value, e.g. control("s", Value::string("bd")).
Value control(std::string key, Value v);

}  // namespace phonon
