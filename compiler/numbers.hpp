// Checked conversions of number spellings from source text. None of them throws or has undefined behaviour on
// out-of-range input (unlike std::stoi / std::atoll / std::strtod's HUGE_VAL): they report failure, so that the
// caller can turn it into a located error.
#pragma once
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace phonon {

// The largest magnitude of an integer literal (mini-notation integers, output numbers, ...): a 32-bit int, so that
// any arithmetic a combinator does on it stays far from int64 overflow.
inline constexpr int64_t kMaxIntLiteral = 2147483647;

// Outputs are o1 .. o4096 (and `out`, slot 0); buses ~d0 .. ~d4096 play by name when a program has no outputs.
inline constexpr int64_t kMaxOutputNumber = 4096;

// Decimal digits (optionally signed) -> integer, if they fit in [-max, max].
inline std::optional<int64_t> parse_int(std::string_view text, int64_t max = INT64_MAX) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v > max || v < -max) return std::nullopt;
  return v;
}

// A decimal number (digits, optional fraction and exponent) -> finite double; nullopt if it is malformed or does
// not fit a double (1e400). Values too small to represent become 0, as in C++ literals.
inline std::optional<double> parse_double(std::string_view text) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range && ptr == text.data() + text.size()) {
    // Out of range is either overflow (an error) or underflow (0 or a denormal, as in C++ literals): strtod tells
    // them apart by returning HUGE_VAL for overflow.
    double x = std::strtod(std::string(text).c_str(), nullptr);
    if (!std::isfinite(x)) return std::nullopt;
    return x;
  }
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Tempo bounds in cycles per second. Below kMinCps one cycle lasts more than 1000 s (a default 8-cycle render
// would be hours long); above kMaxCps a cycle is shorter than a millisecond.
inline constexpr double kMinCps = 0.001;
inline constexpr double kMaxCps = 1000.0;

// "the tempo is out of range: 1e-09 cycles per second; it must be between 0.001 and 1000"
inline std::string cps_range_message(double cps) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "the tempo is out of range: %g cycles per second; it must be between %g and %g", cps,
                kMinCps, kMaxCps);
  return buf;
}

// A number given as a string ("0.5" where a number is expected): leading white space is allowed, the rest must
// be a finite decimal number.
inline std::optional<double> number_in_string(std::string_view text) {
  while (!text.empty() && (text[0] == ' ' || text[0] == '\t')) text.remove_prefix(1);
  return parse_double(text);
}

}  // namespace phonon
