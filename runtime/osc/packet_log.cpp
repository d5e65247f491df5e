#include "runtime/osc/packet_log.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace phonon {

namespace {
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

PacketLog read_packet_log(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read `" + path + "`: " + std::strerror(errno));
  PacketLog log;
  bool has_start = false;
  std::string line;
  for (int no = 1; std::getline(f, line); ++no) {
    const auto fail = [&](const std::string& why) {
      throw std::runtime_error(path + ":" + std::to_string(no) + ": " + why);
    };
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string first, hex;
    in >> first;
    if (first == "start") {
      if (!(in >> log.start) || !std::isfinite(log.start)) fail("`start` needs a time in Unix seconds");
      has_start = true;
      continue;
    }
    LoggedPacket p;
    char* end = nullptr;
    p.arrival = std::strtod(first.c_str(), &end);
    if (end == first.c_str() || *end || !std::isfinite(p.arrival)) fail("expected `start T` or `TIME HEX`");
    if (!(in >> hex) || hex.size() % 2) fail("expected the packet as an even number of hex digits");
    for (size_t i = 0; i < hex.size(); i += 2) {
      const int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
      if (hi < 0 || lo < 0) fail("`" + hex.substr(i, 2) + "` is not a hex byte");
      p.bytes.push_back(static_cast<uint8_t>(hi * 16 + lo));
    }
    log.packets.push_back(std::move(p));
  }
  if (!has_start) throw std::runtime_error(path + ": no `start T` line (the wall time of frame 0)");
  return log;
}

}  // namespace phonon
