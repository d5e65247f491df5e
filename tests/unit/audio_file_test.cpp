// AudioFileWriter / read_audio_file: formats, round trips, temp-then-rename, errors.
#include "runtime/samples/audio_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

namespace phonon {
namespace {

namespace fs = std::filesystem;

// A fresh empty folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("phonon_audiofile_" + std::to_string(::getpid()) + "_" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
    return out;
  }

 private:
  fs::path path_;
};

// Stereo test signal: a sine on the left, a different sine at half level on the right.
std::vector<float> test_signal(int64_t frames, double rate) {
  std::vector<float> v(static_cast<size_t>(frames) * 2);
  for (int64_t i = 0; i < frames; ++i) {
    v[static_cast<size_t>(2 * i)] = static_cast<float>(0.8 * std::sin(2 * M_PI * 440.0 * i / rate));
    v[static_cast<size_t>(2 * i + 1)] = static_cast<float>(0.4 * std::sin(2 * M_PI * 660.0 * i / rate));
  }
  return v;
}

void write_file(const std::string& path, double rate, SampleFormat fmt, const std::vector<float>& data) {
  AudioFileWriter w(path, rate, 2, fmt);
  // Write in two pieces to check appending.
  int64_t frames = static_cast<int64_t>(data.size() / 2);
  int64_t half = frames / 2;
  w.write_interleaved(data.data(), half);
  w.write_interleaved(data.data() + half * 2, frames - half);
  EXPECT_EQ(w.frames_written(), frames);
  w.commit();
}

void expect_round_trip(const std::string& name, SampleFormat fmt, double tolerance) {
  TempDir dir;
  const double rate = 44101.0;
  const auto data = test_signal(5000, rate);
  const std::string path = dir.file(name);
  write_file(path, rate, fmt, data);
  AudioFileData back;
  std::string error;
  ASSERT_TRUE(read_audio_file(path, &back, &error)) << error;
  EXPECT_EQ(back.rate, rate);
  EXPECT_EQ(back.channels, 2);
  ASSERT_EQ(back.frames, 5000);
  ASSERT_EQ(back.interleaved.size(), data.size());
  double worst = 0.0;
  for (size_t i = 0; i < data.size(); ++i) worst = std::max(worst, std::abs(double(back.interleaved[i]) - data[i]));
  EXPECT_LE(worst, tolerance) << name;
  // Only the final file is left: no temporary.
  EXPECT_EQ(dir.entries(), std::vector<std::string>{name});
}

TEST(AudioFile, RoundTripWav16) { expect_round_trip("out.wav", SampleFormat::Pcm16, 1.0 / 32768 + 1e-7); }
TEST(AudioFile, RoundTripWav24) { expect_round_trip("out.wav", SampleFormat::Pcm24, 1.0 / 8388608 + 1e-8); }
TEST(AudioFile, RoundTripWavFloatIsExact) { expect_round_trip("out.wav", SampleFormat::Float32, 0.0); }
TEST(AudioFile, RoundTripFlac16) { expect_round_trip("out.flac", SampleFormat::Pcm16, 1.0 / 32768 + 1e-7); }
TEST(AudioFile, RoundTripFlac24) { expect_round_trip("out.flac", SampleFormat::Pcm24, 1.0 / 8388608 + 1e-8); }
TEST(AudioFile, RoundTripAiff) { expect_round_trip("out.aiff", SampleFormat::Pcm24, 1.0 / 8388608 + 1e-8); }
TEST(AudioFile, UpperCaseExtension) { expect_round_trip("OUT.WAV", SampleFormat::Pcm16, 1.0 / 32768 + 1e-7); }

TEST(AudioFile, WavIsPlainRiffWhenSmall) {
  TempDir dir;
  const std::string path = dir.file("a.wav");
  write_file(path, 48000, SampleFormat::Pcm16, test_signal(100, 48000));
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  EXPECT_EQ(std::string(magic, 4), "RIFF");
}

TEST(AudioFile, OggVorbisIgnoresBitsAndIsClose) {
  TempDir dir;
  const std::string path = dir.file("a.ogg");
  const auto data = test_signal(44100, 44100);
  write_file(path, 44100, SampleFormat::Float32, data);  // bits ignored for Ogg
  AudioFileData back;
  std::string error;
  ASSERT_TRUE(read_audio_file(path, &back, &error)) << error;
  EXPECT_EQ(back.channels, 2);
  EXPECT_EQ(back.rate, 44100.0);
  EXPECT_NEAR(static_cast<double>(back.frames), 44100.0, 2048.0);
  // Lossy: compare the energy of the left channel in the middle of the file.
  double e_in = 0, e_out = 0;
  for (int64_t i = 10000; i < 30000; ++i) {
    e_in += data[static_cast<size_t>(2 * i)] * data[static_cast<size_t>(2 * i)];
    e_out += back.interleaved[static_cast<size_t>(2 * i)] * back.interleaved[static_cast<size_t>(2 * i)];
  }
  EXPECT_NEAR(e_out / e_in, 1.0, 0.1);
}

TEST(AudioFile, PcmClipsInsteadOfWrapping) {
  TempDir dir;
  const std::string path = dir.file("clip.wav");
  std::vector<float> data = {1.5f, -1.5f, 3.0f, -3.0f, 0.5f, -0.5f};
  write_file(path, 44100, SampleFormat::Pcm16, data);
  AudioFileData back;
  ASSERT_TRUE(read_audio_file(path, &back, nullptr));
  ASSERT_EQ(back.interleaved.size(), data.size());
  EXPECT_GT(back.interleaved[0], 0.99f);
  EXPECT_LT(back.interleaved[1], -0.99f);
  EXPECT_GT(back.interleaved[2], 0.99f);
  EXPECT_LT(back.interleaved[3], -0.99f);
  EXPECT_NEAR(back.interleaved[4], 0.5f, 1e-4);
}

TEST(AudioFile, NonFiniteValuesAreWrittenAsZero) {
  TempDir dir;
  for (auto fmt : {SampleFormat::Pcm16, SampleFormat::Float32}) {
    const std::string path = dir.file(fmt == SampleFormat::Pcm16 ? "nan16.wav" : "nanf.wav");
    std::vector<float> data = {NAN, INFINITY, -INFINITY, 0.25f};
    write_file(path, 44100, fmt, data);
    AudioFileData back;
    ASSERT_TRUE(read_audio_file(path, &back, nullptr));
    ASSERT_EQ(back.interleaved.size(), 4u);
    EXPECT_EQ(back.interleaved[0], 0.0f);
    EXPECT_EQ(back.interleaved[1], 0.0f);
    EXPECT_EQ(back.interleaved[2], 0.0f);
    EXPECT_NEAR(back.interleaved[3], 0.25f, 1e-4);
  }
}

TEST(AudioFile, LongWritesInManyChunks) {
  TempDir dir;
  const std::string path = dir.file("long.flac");
  const auto data = test_signal(100000, 48000);  // more than the writer's internal chunk
  write_file(path, 48000, SampleFormat::Pcm24, data);
  AudioFileData back;
  ASSERT_TRUE(read_audio_file(path, &back, nullptr));
  ASSERT_EQ(back.frames, 100000);
  for (size_t i = 0; i < data.size(); i += 1013) EXPECT_NEAR(back.interleaved[i], data[i], 1e-6);
}

TEST(AudioFile, FlacFloatIsAnErrorWithHint) {
  TempDir dir;
  try {
    AudioFileWriter w(dir.file("x.flac"), 44100, 2, SampleFormat::Float32);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("x.flac"), std::string::npos) << msg;
    EXPECT_NE(msg.find("16"), std::string::npos) << msg;
    EXPECT_NE(msg.find("24"), std::string::npos) << msg;
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(AudioFile, UnknownExtensionNamesSupportedOnes) {
  TempDir dir;
  try {
    AudioFileWriter w(dir.file("x.mp3"), 44100, 2, SampleFormat::Pcm16);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("cannot write `"), std::string::npos) << msg;
    EXPECT_NE(msg.find(".mp3"), std::string::npos) << msg;
    for (const char* ext : {".wav", ".flac", ".ogg", ".aiff"}) EXPECT_NE(msg.find(ext), std::string::npos) << msg;
  }
  EXPECT_THROW(AudioFileWriter(dir.file("noext"), 44100, 2, SampleFormat::Pcm16), std::runtime_error);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(AudioFile, BadRateOrChannelsIsAnError) {
  TempDir dir;
  EXPECT_THROW(AudioFileWriter(dir.file("a.wav"), 0, 2, SampleFormat::Pcm16), std::runtime_error);
  EXPECT_THROW(AudioFileWriter(dir.file("a.wav"), 44100.5, 2, SampleFormat::Pcm16), std::runtime_error);
  EXPECT_THROW(AudioFileWriter(dir.file("a.wav"), 44100, 0, SampleFormat::Pcm16), std::runtime_error);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(AudioFile, UnwritablePathThrowsClearMessageAndLeavesNothing) {
  TempDir dir;
  const std::string path = dir.file("missing_folder/y.wav");
  try {
    AudioFileWriter w(path, 44100, 2, SampleFormat::Pcm16);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write `" + path + "`: No such file or directory");
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(AudioFile, NothingAppearsBeforeCommit) {
  TempDir dir;
  const std::string path = dir.file("song.wav");
  const auto data = test_signal(1000, 44100);
  AudioFileWriter w(path, 44100, 2, SampleFormat::Pcm24);
  w.write_interleaved(data.data(), 1000);
  EXPECT_FALSE(fs::exists(path));
  w.commit();
  EXPECT_TRUE(fs::exists(path));
  EXPECT_THROW(w.commit(), std::logic_error);
  EXPECT_THROW(w.write_interleaved(data.data(), 1), std::logic_error);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"song.wav"});
}

TEST(AudioFile, DestroyedWithoutCommitLeavesNoFile) {
  TempDir dir;
  const std::string path = dir.file("song.flac");
  {
    const auto data = test_signal(1000, 44100);
    AudioFileWriter w(path, 44100, 2, SampleFormat::Pcm16);
    w.write_interleaved(data.data(), 1000);
    EXPECT_EQ(dir.entries().size(), 1u);  // the temporary file
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(AudioFile, AbandonedRenderKeepsThePreviousFile) {
  TempDir dir;
  const std::string path = dir.file("song.wav");
  write_file(path, 44100, SampleFormat::Pcm16, test_signal(300, 44100));
  {
    AudioFileWriter w(path, 44100, 2, SampleFormat::Pcm16);
    const auto data = test_signal(50, 44100);
    w.write_interleaved(data.data(), 50);
  }
  AudioFileData back;
  ASSERT_TRUE(read_audio_file(path, &back, nullptr));
  EXPECT_EQ(back.frames, 300);
  // Committing replaces it.
  write_file(path, 44100, SampleFormat::Pcm16, test_signal(70, 44100));
  ASSERT_TRUE(read_audio_file(path, &back, nullptr));
  EXPECT_EQ(back.frames, 70);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"song.wav"});
}

TEST(AudioFile, ManyChannels) {
  TempDir dir;
  const std::string path = dir.file("quad.wav");
  std::vector<float> data(400);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i % 4) * 0.25f;
  AudioFileWriter w(path, 96000, 4, SampleFormat::Float32);
  w.write_interleaved(data.data(), 100);
  w.commit();
  AudioFileData back;
  ASSERT_TRUE(read_audio_file(path, &back, nullptr));
  EXPECT_EQ(back.channels, 4);
  EXPECT_EQ(back.rate, 96000.0);
  EXPECT_EQ(back.interleaved, data);
}

TEST(AudioFile, ReadErrorsNameTheFile) {
  TempDir dir;
  std::string error;
  AudioFileData out;
  EXPECT_FALSE(read_audio_file(dir.file("none.wav"), &out, &error));
  EXPECT_NE(error.find("cannot read `" + dir.file("none.wav") + "`"), std::string::npos) << error;
  {
    std::ofstream fake(dir.file("fake.wav"));
    fake << "this is not audio, just text pretending to be a wav file\n";
  }
  error.clear();
  EXPECT_FALSE(read_audio_file(dir.file("fake.wav"), &out, &error));
  EXPECT_NE(error.find("fake.wav"), std::string::npos) << error;
}

// The generated test library keeps the quirks of the real one (tests/data/samples.tsv): a 44101 Hz mono file and
// an IEEE float stereo one.
TEST(AudioFile, ReadsTestSamples) {
  AudioFileData out;
  std::string error;
  ASSERT_TRUE(read_audio_file(std::string(PHONON_TEST_SAMPLES) + "/bd/BT0A0A7.wav", &out, &error)) << error;
  EXPECT_EQ(out.rate, 44101.0);
  EXPECT_EQ(out.channels, 1);
  EXPECT_GT(out.frames, 1000);
  ASSERT_TRUE(read_audio_file(std::string(PHONON_TEST_SAMPLES) + "/sd/rytm-00-hard.wav", &out, &error)) << error;
  EXPECT_EQ(out.channels, 2);  // IEEE float stereo
}

// The real Dirt-Samples files (with their extra chunks) when ../shared is beside the repository; optional.
TEST(AudioFile, ReadsRealWorldSamplesWhenShared) {
  const std::string dir = std::string(PHONON_SHARED_DIR) + "/samples";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no " << dir << " (optional real-world samples): skipped";
  AudioFileData out;
  std::string error;
  ASSERT_TRUE(read_audio_file(dir + "/bd/BT0A0A7.wav", &out, &error)) << error;
  EXPECT_EQ(out.rate, 44101.0);
  ASSERT_TRUE(read_audio_file(dir + "/sd/rytm-00-hard.wav", &out, &error)) << error;
  EXPECT_EQ(out.channels, 2);
}

}  // namespace
}  // namespace phonon
