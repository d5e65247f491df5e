// osc_packet_well_formed (runtime/osc/osc_validate.hpp): what liblo may be given.
#include "runtime/osc/osc_validate.hpp"

#include <gtest/gtest.h>
#include <lo/lo.h>

#include <string>
#include <vector>

#include "runtime/osc/packet_log.hpp"

namespace phonon {
namespace {

std::vector<unsigned char> bytes(const std::string& s) { return {s.begin(), s.end()}; }

bool ok(const std::vector<unsigned char>& b) { return osc_packet_well_formed(b.data(), b.size()); }

std::vector<unsigned char> serialise(lo_message m, const char* path) {
  size_t n = 0;
  void* data = lo_message_serialise(m, path, nullptr, &n);
  std::vector<unsigned char> out(static_cast<unsigned char*>(data), static_cast<unsigned char*>(data) + n);
  free(data);
  lo_message_free(m);
  return out;
}

TEST(OscValidate, EveryPacketTidalSentIsWellFormed) {
  for (const char* log : {"tidal_bundle.log", "tidal_stamp.log"}) {
    const PacketLog l = read_packet_log(std::string(PHONON_SOURCE_DIR) + "/tests/osc/data/" + log);
    ASSERT_FALSE(l.packets.empty()) << log;
    for (const LoggedPacket& p : l.packets) EXPECT_TRUE(osc_packet_well_formed(p.bytes.data(), p.bytes.size())) << log;
  }
}

TEST(OscValidate, MessagesOfEveryArgumentTypeLibloWritesAreWellFormed) {
  lo_message m = lo_message_new();
  lo_message_add_int32(m, 3);
  lo_message_add_float(m, 0.5f);
  lo_message_add_string(m, "bd");
  lo_message_add_double(m, 0.25);
  lo_message_add_int64(m, 7);
  lo_message_add_symbol(m, "sym");
  const unsigned char blob_data[5] = {1, 2, 3, 4, 5};
  lo_blob blob = lo_blob_new(5, blob_data);
  lo_message_add_blob(m, blob);
  lo_message_add_true(m);
  lo_message_add_nil(m);
  EXPECT_TRUE(ok(serialise(m, "/dirt/play")));
  lo_blob_free(blob);
  EXPECT_TRUE(ok(serialise(lo_message_new(), "/dirt/hush")));
}

TEST(OscValidate, ABlobThatRunsPastTheEndIsRejected) {
  // Found by tests/fuzz/osc_fuzz.cpp: this made liblo's lo_message_deserialise read out of bounds.
  const std::vector<unsigned char> crash = {
      0x2f, 0x64, 0x69, 0x72, 0x74, 0x2f, 0x70, 0x6c, 0x61, 0x79, 0x00, 0x00, 0x2c, 0x73, 0x73, 0x73, 0x66,
      0x73, 0x62, 0x00, 0x73, 0x00, 0x00, 0x00, 0x62, 0x64, 0x00, 0x00, 0x13, 0x13, 0x13, 0x13, 0x13, 0x13,
      0x13, 0x13, 0x13, 0x13, 0x13, 0x13, 0x13, 0x13, 0x13, 0x13, 0x4a, 0xd9, 0xff, 0x4a, 0xd9, 0xff, 0xff,
      0xff, 0x3f, 0x6c, 0x6f, 0xd7, 0xd7, 0xd7, 0xd7, 0xd7, 0xd7, 0xd7, 0xd7, 0xd7, 0xd7, 0xd7, 0xd7, 0xd7,
      0xd7, 0xd7, 0xd7, 0x62, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x70, 0x79, 0x7a, 0x00,
  };
  EXPECT_FALSE(ok(crash));
  // A blob whose length is larger than what follows, and one that fits.
  EXPECT_FALSE(ok(bytes(std::string("/a\0\0,b\0\0\0\0\0\x09xxxx", 16))));
  EXPECT_TRUE(ok(bytes(std::string("/a\0\0,b\0\0\0\0\0\x04xxxx", 16))));
}

TEST(OscValidate, TruncatedStringsSizesAndBundlesAreRejected) {
  EXPECT_FALSE(ok(bytes(std::string("/abc", 4))));                           // address not terminated
  EXPECT_FALSE(ok(bytes(std::string("/a\0\0,s\0\0bd", 10))));                // size not a multiple of 4
  EXPECT_FALSE(ok(bytes(std::string("/a\0\0,s\0\0bdbd", 12))));              // string argument not terminated
  EXPECT_FALSE(ok(bytes(std::string("/a\0\0,i\0\0", 8))));                   // int32 missing
  EXPECT_FALSE(ok(bytes(std::string("/a\0\0,i\0\0\0\0\0\0\0\0\0\0", 16))));  // bytes left over
  EXPECT_FALSE(ok(bytes(std::string("/a\0\0,[i]\0\0\0\0\0\0\0\0", 16))));    // arrays: liblo cannot read them
  EXPECT_TRUE(ok(bytes(std::string("/a\0\0", 4))));                          // no type tags: no arguments
  // A bundle: header, timetag, then sized elements that must be packets themselves.
  const std::string head("#bundle\0\0\0\0\0\0\0\0\x01", 16);
  EXPECT_TRUE(ok(bytes(head + std::string("\0\0\0\x04/a\0\0", 8))));
  EXPECT_FALSE(ok(bytes(head + std::string("\0\0\0\x08/a\0\0", 8))));  // element runs past the end
  EXPECT_FALSE(ok(bytes(head + std::string("\0\0\0\x04/abc", 8))));    // element not a packet
  EXPECT_TRUE(ok(bytes(head)));                                        // an empty bundle
  EXPECT_FALSE(osc_packet_well_formed(nullptr, 0));
}

TEST(OscValidate, BundlesNestDeeperThanEightAreRejected) {
  std::string p("/a\0\0", 4);
  for (int depth = 0; depth < 9; ++depth) {
    const uint32_t n = static_cast<uint32_t>(p.size());
    const std::string size{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                           static_cast<char>(n)};
    p = std::string("#bundle\0\0\0\0\0\0\0\0\x01", 16) + size + p;
    EXPECT_EQ(ok(bytes(p)), depth < 8) << "depth " << depth + 1;
  }
}

}  // namespace
}  // namespace phonon
