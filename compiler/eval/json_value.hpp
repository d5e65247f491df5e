// A minimal JSON reader/writer for tools (conformance cases, `phonon query --json`). Not used on the audio path.
// Contract: parse_json throws std::runtime_error("json: <what> at offset N") on malformed input.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace phonon::json {

struct JsonMember;  // {first: key, second: value}; a struct rather than std::pair so that it may be incomplete here

struct JsonValue {
  enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
  bool boolean = false;
  double number = 0.0;
  std::string string;
  std::vector<JsonValue> array;
  std::vector<JsonMember> object;  // in file order

  const JsonValue* get(const std::string& key) const;  // object member or nullptr
  bool is_null() const { return type == Type::Null; }
};

struct JsonMember {
  std::string first;
  JsonValue second;
};

JsonValue parse_json(const std::string& text);
std::string quote(const std::string& s);  // JSON string literal with escapes
std::string number(double x);             // shortest round-trip form; integers without ".0"

}  // namespace phonon::json
