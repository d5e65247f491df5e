// Plain WAV where it fits: a render of known length at 16 or 24 bits with 1-2 channels is a canonical PCM WAV
// (format 1) that Python's `wave` module reads, 32-bit float is format 3, more channels are
// WAVE_FORMAT_EXTENSIBLE with the standard speaker mask, and a file of unknown length (a recording) is valid on
// disk after every write.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/samples/audio_file.hpp"
#include "tests/cli/cli_support.hpp"

namespace phonon {
namespace {

using namespace cli_support;

struct WavHeader {
  std::string riff;  // "RIFF" or "RF64"
  int tag = -1;      // format tag of the fmt chunk
  int channels = 0;
  int bits = 0;
  uint32_t channel_mask = 0;  // WAVE_FORMAT_EXTENSIBLE only
};

uint32_t le32(const std::string& b, size_t at) {
  uint32_t v = 0;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}
uint16_t le16(const std::string& b, size_t at) {
  uint16_t v = 0;
  std::memcpy(&v, b.data() + at, 2);
  return v;
}

WavHeader parse_header(const std::string& bytes) {
  WavHeader h;
  if (bytes.size() < 12) return h;
  h.riff = bytes.substr(0, 4);
  for (size_t at = 12; at + 8 <= bytes.size();) {
    const std::string id = bytes.substr(at, 4);
    const uint32_t size = le32(bytes, at + 4);
    if (id == "fmt " && at + 8 + 16 <= bytes.size()) {
      h.tag = le16(bytes, at + 8);
      h.channels = le16(bytes, at + 10);
      h.bits = le16(bytes, at + 22);
      if (h.tag == 0xFFFE && at + 8 + 24 <= bytes.size()) h.channel_mask = le32(bytes, at + 8 + 20);
      break;
    }
    at += 8 + size + (size & 1);
  }
  return h;
}

std::string render(const ScratchDir& dir, const std::string& bits) {
  const std::string ph = dir.write("p.ph", "o1: s \"bd*4 [sn cp]\"\no2: sine 330 * 0.2\n");
  const std::string out = dir.file("o" + bits + ".wav");
  CliRun r = run_phonon("render " + ph + " -o " + out + " --duration 1 --bits " + bits);
  EXPECT_EQ(r.status, 0) << r.output;
  return out;
}

TEST(WavFormat, SixteenBitStereoRenderIsPlainPcmThatPythonWaveReads) {
  ScratchDir dir;
  const std::string out = render(dir, "16");
  WavHeader h = parse_header(read_file(out));
  EXPECT_EQ(h.riff, "RIFF");
  EXPECT_EQ(h.tag, 1);
  EXPECT_EQ(h.channels, 2);
  EXPECT_EQ(h.bits, 16);
  const std::string py = dir.write("read.py",
                                   "import sys, wave\n"
                                   "w = wave.open(sys.argv[1])\n"
                                   "print(w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes())\n");
  FILE* p = popen(("python3 " + py + " " + out + " 2>&1").c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[256] = {};
  std::string text;
  while (fgets(buf, sizeof buf, p)) text += buf;
  EXPECT_EQ(pclose(p), 0) << text;
  EXPECT_EQ(text, "2 2 44100 44100\n");
}

// 24-bit is PCM (format 1), 32-bit is IEEE float (format 3), both in a plain RIFF container.
TEST(WavFormat, TwentyFourBitIsPcmAndFloatIsFormat3) {
  ScratchDir dir;
  for (auto [bits, tag] : {std::pair{24, 1}, std::pair{32, 3}}) {
    WavHeader h = parse_header(read_file(render(dir, std::to_string(bits))));
    EXPECT_EQ(h.riff, "RIFF") << bits;
    EXPECT_EQ(h.tag, tag) << bits;
    EXPECT_EQ(h.bits, bits);
  }
}

TEST(WavFormat, MoreThanTwoChannelsIsExtensibleWithTheStandardMask) {
  ScratchDir dir;
  // Quad = front left/right + back left/right (0x33); 5.1 adds centre and LFE (0x3F).
  for (auto [channels, mask] : {std::pair{4, 0x33u}, std::pair{6, 0x3Fu}}) {
    const std::string path = dir.file("multi" + std::to_string(channels) + ".wav");
    {
      AudioFileWriter w(path, 48000, channels, SampleFormat::Pcm16, 100);
      std::vector<float> data(static_cast<size_t>(100 * channels), 0.25f);
      w.write_interleaved(data.data(), 100);
      w.commit();
    }
    WavHeader h = parse_header(read_file(path));
    EXPECT_EQ(h.riff, "RIFF");
    EXPECT_EQ(h.tag, 0xFFFE);
    EXPECT_EQ(h.channels, channels);
    EXPECT_EQ(h.channel_mask, mask) << channels << " channels";
  }
}

TEST(WavFormat, UnknownLengthFileIsValidAfterEveryWrite) {
  ScratchDir dir;
  AudioFileWriter w(dir.file("rec.wav"), 44100, 2, SampleFormat::Float32);
  std::vector<float> block(2 * 1000, 0.5f);
  for (int64_t written = 1000; written <= 3000; written += 1000) {
    w.write_interleaved(block.data(), 1000);
    const auto parts = dir.names_with("rec.wav.part-");
    ASSERT_EQ(parts.size(), 1u);
    AudioFileData d;
    std::string error;
    ASSERT_TRUE(read_audio_file(dir.file(parts[0]), &d, &error)) << error;
    EXPECT_EQ(d.frames, written);
    EXPECT_EQ(d.channels, 2);
  }
  w.commit();
  AudioFileData d;
  ASSERT_TRUE(read_audio_file(dir.file("rec.wav"), &d, nullptr));
  EXPECT_EQ(d.frames, 3000);
}

}  // namespace
}  // namespace phonon
