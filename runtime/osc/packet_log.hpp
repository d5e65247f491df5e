// A packet log: OSC datagrams with the wall time each arrived, as text, for `phonon dirt --replay` and its tests.
//
//   # comments (how the log was made)
//   start 1765117800.250000          the wall time (Unix seconds) that becomes frame 0
//   1765117800.262113 2362756e646c65…  arrival time (Unix seconds) and the datagram in hex
//
// tests/osc/record_packets.py writes one from what arrives on a UDP port.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace phonon {

struct LoggedPacket {
  double arrival = 0.0;
  std::vector<uint8_t> bytes;
};

struct PacketLog {
  double start = 0.0;
  std::vector<LoggedPacket> packets;  // in file order
};

// Throws std::runtime_error naming the file and line on anything it cannot read.
PacketLog read_packet_log(const std::string& path);

}  // namespace phonon
