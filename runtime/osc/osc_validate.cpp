#include "runtime/osc/osc_validate.hpp"

#include <cstdint>
#include <cstring>

namespace phonon {
namespace {

constexpr int kMaxBundleDepth = 8;

uint32_t be32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

// The padded length of the terminated string at p (within n bytes), or 0 if it is not terminated in them.
size_t padded_string(const unsigned char* p, size_t n) {
  const void* nul = std::memchr(p, 0, n);
  if (!nul) return 0;
  const size_t len = static_cast<size_t>(static_cast<const unsigned char*>(nul) - p) + 1;
  const size_t padded = (len + 3) & ~size_t{3};
  return padded <= n ? padded : 0;
}

bool message_well_formed(const unsigned char* p, size_t n) {
  if (n == 0 || p[0] != '/') return false;
  const size_t address = padded_string(p, n);
  if (!address) return false;
  size_t at = address;
  if (at == n) return true;  // no type tags: no arguments
  if (p[at] != ',') return false;
  const size_t tags_len = padded_string(p + at, n - at);
  if (!tags_len) return false;
  const unsigned char* tags = p + at + 1;
  at += tags_len;
  for (; *tags; ++tags) {
    const size_t left = n - at;
    switch (*tags) {
      case 'i':
      case 'f':
      case 'c':
      case 'r':
      case 'm':
        if (left < 4) return false;
        at += 4;
        break;
      case 'h':
      case 't':
      case 'd':
        if (left < 8) return false;
        at += 8;
        break;
      case 's':
      case 'S': {
        const size_t s = left ? padded_string(p + at, left) : 0;
        if (!s) return false;
        at += s;
        break;
      }
      case 'b': {
        if (left < 4) return false;
        const uint32_t len = be32(p + at);
        if (len > left - 4) return false;
        const size_t padded = (size_t{len} + 3) & ~size_t{3};
        if (padded > left - 4) return false;
        at += 4 + padded;
        break;
      }
      case 'T':
      case 'F':
      case 'N':
      case 'I': break;
      default: return false;  // arrays and unknown tags: liblo does not read them
    }
  }
  return at == n;
}

bool packet_well_formed(const unsigned char* p, size_t n, int depth) {
  if (n % 4 != 0) return false;
  if (n >= 8 && std::memcmp(p, "#bundle", 8) == 0) {
    if (depth >= kMaxBundleDepth || n < 16) return false;
    for (size_t at = 16; at < n;) {
      if (n - at < 4) return false;
      const uint32_t len = be32(p + at);
      at += 4;
      if (len == 0 || len > n - at || !packet_well_formed(p + at, len, depth + 1)) return false;
      at += len;
    }
    return true;
  }
  return message_well_formed(p, n);
}

}  // namespace

bool osc_packet_well_formed(const unsigned char* data, size_t size) {
  return data && packet_well_formed(data, size, 0);
}

}  // namespace phonon
