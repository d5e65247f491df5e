// SampleBank: Dirt-Samples layout, ordering, odd rates, guard frames, warnings, root order, built-in fallback.
#include "runtime/samples/sample_bank.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "runtime/samples/audio_file.hpp"
#include "runtime/samples/builtin_kit.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;

const std::string kSamples = std::string(PHONON_TEST_SAMPLES);

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ =
        fs::temp_directory_path() / ("phonon_samplebank_" + std::to_string(::getpid()) + "_" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }
  std::string file(const std::string& rel) const {
    fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    return p.string();
  }

 private:
  fs::path path_;
};

// Writes a mono or multi-channel 16-bit file whose frame i on channel c is value + c * 0.1 (constant).
void write_wav(const std::string& path, int frames, float value, int channels = 1, double rate = 44100) {
  AudioFileWriter w(path, rate, channels, SampleFormat::Pcm16);
  std::vector<float> data(static_cast<size_t>(frames) * channels);
  for (int i = 0; i < frames; ++i)
    for (int c = 0; c < channels; ++c) data[static_cast<size_t>(i * channels + c)] = value + 0.1f * c;
  w.write_interleaved(data.data(), frames);
  w.commit();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The audio files of a test sample folder, sorted by name.
std::vector<std::string> folder_files(const std::string& name) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kSamples + "/" + name)) {
    std::string ext = lower(e.path().extension().string());
    if (ext == ".wav") files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string filename(const SampleData* s) { return fs::path(s->path).filename().string(); }

void expect_guards_zero(const SampleData& s) {
  for (int c = 0; c < s.channels; ++c) {
    const float* ch = s.channel(c);
    ASSERT_NE(ch, nullptr);
    for (int k = 1; k <= kGuard; ++k) {
      EXPECT_EQ(ch[-k], 0.0f) << s.path << " channel " << c;
      EXPECT_EQ(ch[s.frames - 1 + k], 0.0f) << s.path << " channel " << c;
    }
  }
}

TEST(SampleBank, LoadsEverySharedFolder) {
  SampleBank bank({kSamples}, /*builtin_kit=*/false);
  int folders = 0;
  for (const auto& e : fs::directory_iterator(kSamples)) {
    if (!e.is_directory()) continue;
    const std::string name = e.path().filename().string();
    std::string warning;
    ASSERT_TRUE(bank.preload(name, &warning)) << name << ": " << warning;
    EXPECT_EQ(warning, "") << name;
    const auto files = folder_files(name);
    ASSERT_EQ(bank.count(name), static_cast<int>(files.size())) << name;
    for (int i = 0; i < bank.count(name); ++i) {
      const SampleData* s = bank.get(name, i);
      ASSERT_NE(s, nullptr);
      EXPECT_EQ(filename(s), files[static_cast<size_t>(i)]) << name << " index " << i;
      EXPECT_EQ(s->name, name + ":" + std::to_string(i));
      EXPECT_GT(s->frames, 100);
      EXPECT_TRUE(s->channels == 1 || s->channels == 2);
      EXPECT_TRUE(s->rate == 44100.0 || s->rate == 44101.0) << s->path << " " << s->rate;
      expect_guards_zero(*s);
    }
    ++folders;
  }
  EXPECT_EQ(folders, 14);
}

TEST(SampleBank, KeepsTheFileRate) {
  SampleBank bank({kSamples});
  ASSERT_TRUE(bank.preload("bd", nullptr));
  const SampleData* first = bank.get("bd", 0);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(filename(first), "BT0A0A7.wav");
  EXPECT_EQ(first->rate, 44101.0);
  // A later bd file is 44100 Hz: the rate is per file.
  const SampleData* other = bank.get("bd", 3);
  EXPECT_EQ(filename(other), "BT0A0DA.wav");
  EXPECT_EQ(other->rate, 44100.0);
}

TEST(SampleBank, StereoAndMono) {
  SampleBank bank({kSamples});
  ASSERT_TRUE(bank.preload("hh", nullptr));
  ASSERT_TRUE(bank.preload("sd", nullptr));  // IEEE float stereo
  ASSERT_TRUE(bank.preload("arpy", nullptr));
  for (const char* name : {"hh", "sd"}) {
    for (int i = 0; i < bank.count(name); ++i) {
      const SampleData* s = bank.get(name, i);
      EXPECT_EQ(s->channels, 2) << s->path;
      ASSERT_NE(s->channel(1), nullptr);
      EXPECT_NE(s->channel(1), s->channel(0));
    }
  }
  const SampleData* mono = bank.get("arpy", 0);
  EXPECT_EQ(mono->channels, 1);
  EXPECT_NE(mono->channel(0), nullptr);
  EXPECT_EQ(mono->channel(1), nullptr);
  EXPECT_EQ(mono->channel(2), nullptr);
  EXPECT_EQ(mono->channel(-1), nullptr);
}

TEST(SampleBank, DataMatchesTheFile) {
  SampleBank bank({kSamples});
  ASSERT_TRUE(bank.preload("hh", nullptr));
  const SampleData* s = bank.get("hh", 0);
  AudioFileData file;
  ASSERT_TRUE(read_audio_file(s->path, &file, nullptr));
  ASSERT_EQ(file.frames, s->frames);
  ASSERT_EQ(file.channels, 2);
  for (int64_t i = 0; i < s->frames; i += 97) {
    EXPECT_EQ(s->channel(0)[i], file.interleaved[static_cast<size_t>(2 * i)]);
    EXPECT_EQ(s->channel(1)[i], file.interleaved[static_cast<size_t>(2 * i + 1)]);
  }
}

TEST(SampleBank, UpperCaseExtensionIsFound) {
  SampleBank bank({kSamples}, false);
  ASSERT_TRUE(bank.preload("808bd", nullptr));
  EXPECT_EQ(bank.count("808bd"), 25);
  EXPECT_EQ(filename(bank.get("808bd", 0)), "BD0000.WAV");
  EXPECT_EQ(filename(bank.get("808bd", 24)), "BD7575.WAV");
}

TEST(SampleBank, IndexWrapsModuloCountIncludingNegative) {
  SampleBank bank({kSamples});
  ASSERT_TRUE(bank.preload("bd", nullptr));
  const int n = bank.count("bd");
  ASSERT_EQ(n, 24);
  EXPECT_EQ(filename(bank.get("bd", 1)), "BT0A0D0.wav");
  EXPECT_EQ(filename(bank.get("bd", n - 1)), "BTAAADA.wav");
  EXPECT_EQ(bank.get("bd", n), bank.get("bd", 0));
  EXPECT_EQ(bank.get("bd", n + 5), bank.get("bd", 5));
  EXPECT_EQ(bank.get("bd", -1), bank.get("bd", n - 1));
  EXPECT_EQ(bank.get("bd", -n), bank.get("bd", 0));
  EXPECT_EQ(bank.get("bd", -n - 2), bank.get("bd", n - 2));
  EXPECT_EQ(bank.get("bd", 1000 * n + 3), bank.get("bd", 3));
  EXPECT_NE(bank.get("bd", 0), bank.get("bd", 1));
}

TEST(SampleBank, IdsMatchNames) {
  SampleBank bank({kSamples});
  ASSERT_TRUE(bank.preload("sn", nullptr));
  ASSERT_TRUE(bank.preload("cp", nullptr));
  const int sn = bank.id_of("sn"), cp = bank.id_of("cp");
  EXPECT_GE(sn, 0);
  EXPECT_GE(cp, 0);
  EXPECT_NE(sn, cp);
  EXPECT_EQ(bank.get(sn, 7), bank.get("sn", 7));
  EXPECT_EQ(bank.get(cp, -1), bank.get("cp", 1));
  EXPECT_EQ(bank.count(cp), 2);
  EXPECT_EQ(bank.id_of("hh"), -1);  // not preloaded
  EXPECT_EQ(bank.get("hh", 0), nullptr);
  EXPECT_EQ(bank.count("hh"), 0);
  EXPECT_EQ(bank.get(-1, 0), nullptr);
  EXPECT_EQ(bank.get(12345, 0), nullptr);
  EXPECT_EQ(bank.get(1 << 30, 0), nullptr);
  EXPECT_EQ(bank.count(-3), 0);
  // Preloading again changes nothing.
  std::string warning;
  EXPECT_TRUE(bank.preload("sn", &warning));
  EXPECT_EQ(warning, "");
  EXPECT_EQ(bank.id_of("sn"), sn);
}

TEST(SampleBank, UnknownNameWarnsOnce) {
  TempDir missing;
  const std::string nowhere = missing.path() + "/does-not-exist";
  SampleBank bank({kSamples, nowhere});
  std::string warning;
  EXPECT_FALSE(bank.preload("nosuchsound", &warning));
  EXPECT_EQ(warning, "unknown sample `nosuchsound` (searched: " + kSamples + ", " + nowhere + ", built-in kit)");
  warning.clear();
  EXPECT_FALSE(bank.preload("nosuchsound", &warning));
  EXPECT_EQ(warning, "");
  EXPECT_EQ(bank.get("nosuchsound", 0), nullptr);
  EXPECT_EQ(bank.id_of("nosuchsound"), -1);
  EXPECT_FALSE(bank.preload("another", nullptr));  // a null warning pointer is fine

  SampleBank no_kit({kSamples}, false);
  EXPECT_FALSE(no_kit.preload("nosuchsound", &warning));
  EXPECT_EQ(warning, "unknown sample `nosuchsound` (searched: " + kSamples + ")");
}

TEST(SampleBank, PathLikeNamesAreRejected) {
  SampleBank bank({kSamples + "/bd"});
  for (const char* bad : {"", ".", "..", "../bd", "bd/..", "/etc", "a\\b"}) {
    std::string warning;
    EXPECT_FALSE(bank.preload(bad, &warning)) << bad;
    EXPECT_NE(warning.find("unknown sample"), std::string::npos) << bad;
  }
}

TEST(SampleBank, FakeWavIsSkippedWithWarning) {
  TempDir root;
  {
    std::ofstream fake(root.file("x/a_fake.wav"));
    fake << "RIFF? no, just a text file\n";
  }
  write_wav(root.file("x/b_real.wav"), 500, 0.25f);
  {
    std::ofstream notes(root.file("x/README.txt"));  // not audio by extension: ignored silently
    notes << "notes\n";
  }
  write_wav(root.file("x/.hidden.wav"), 100, 0.5f);  // hidden files are ignored
  SampleBank bank({root.path()});
  std::string warning;
  ASSERT_TRUE(bank.preload("x", &warning));
  EXPECT_NE(warning.find("a_fake.wav"), std::string::npos) << warning;
  EXPECT_EQ(warning.find("README"), std::string::npos) << warning;
  ASSERT_EQ(bank.count("x"), 1);
  const SampleData* s = bank.get("x", 0);
  EXPECT_EQ(filename(s), "b_real.wav");
  EXPECT_EQ(s->frames, 500);
  EXPECT_NEAR(s->channel(0)[0], 0.25f, 1e-4);
  EXPECT_NEAR(s->channel(0)[499], 0.25f, 1e-4);
  expect_guards_zero(*s);
}

TEST(SampleBank, EmptyAndZeroLengthFiles) {
  TempDir root;
  { std::ofstream empty(root.file("e/empty.wav")); }
  write_wav(root.file("e/zero.wav"), 0, 0.0f);
  SampleBank bank({root.path()}, false);
  std::string warning;
  EXPECT_FALSE(bank.preload("e", &warning));
  EXPECT_NE(warning.find("empty.wav"), std::string::npos) << warning;
  EXPECT_NE(warning.find("zero.wav"), std::string::npos) << warning;
  EXPECT_NE(warning.find("unknown sample `e`"), std::string::npos) << warning;
}

TEST(SampleBank, FirstRootWins) {
  TempDir a, b;
  write_wav(a.file("x/1.wav"), 100, 0.1f);
  write_wav(b.file("x/1.wav"), 100, 0.2f);
  write_wav(b.file("x/2.wav"), 100, 0.3f);
  write_wav(b.file("y/1.wav"), 100, 0.4f);
  SampleBank bank({a.path(), b.path()});
  ASSERT_TRUE(bank.preload("x", nullptr));
  EXPECT_EQ(bank.count("x"), 1);  // folders are not merged
  EXPECT_NEAR(bank.get("x", 0)->channel(0)[50], 0.1f, 1e-4);
  ASSERT_TRUE(bank.preload("y", nullptr));  // only in the second root
  EXPECT_NEAR(bank.get("y", 0)->channel(0)[50], 0.4f, 1e-4);

  SampleBank reversed({b.path(), a.path()});
  ASSERT_TRUE(reversed.preload("x", nullptr));
  EXPECT_EQ(reversed.count("x"), 2);
  EXPECT_NEAR(reversed.get("x", 0)->channel(0)[50], 0.2f, 1e-4);
}

TEST(SampleBank, FolderWithoutAudioDoesNotHideLaterRoots) {
  TempDir a, b;
  {
    std::ofstream fake(a.file("x/broken.wav"));
    fake << "junk";
  }
  write_wav(b.file("x/ok.wav"), 100, 0.3f);
  SampleBank bank({a.path(), b.path()});
  std::string warning;
  ASSERT_TRUE(bank.preload("x", &warning));
  EXPECT_NE(warning.find("broken.wav"), std::string::npos);
  EXPECT_EQ(filename(bank.get("x", 0)), "ok.wav");
}

TEST(SampleBank, LibraryBeatsBuiltinKit) {
  TempDir root;
  write_wav(root.file("bd/kick.wav"), 300, 0.5f);
  SampleBank bank({root.path()});
  ASSERT_TRUE(bank.preload("bd", nullptr));
  EXPECT_EQ(bank.count("bd"), 1);
  EXPECT_EQ(filename(bank.get("bd", 0)), "kick.wav");
  // A name in no root comes from the kit.
  ASSERT_TRUE(bank.preload("cb", nullptr));
  EXPECT_EQ(bank.get("cb", 0)->path, "builtin:cb/0");
  EXPECT_EQ(bank.get("cb", 0)->name, "cb:0");
}

TEST(SampleBank, BuiltinKitWithoutAnyLibrary) {
  TempDir empty;
  SampleBank bank({empty.path() + "/nothing-here"});
  for (const auto& name : builtin_kit_names()) {
    std::string warning;
    ASSERT_TRUE(bank.preload(name, &warning)) << name;
    EXPECT_EQ(warning, "");
    EXPECT_GE(bank.count(name), 2) << name;
    const SampleData* s = bank.get(name, 1);
    EXPECT_EQ(s->path, "builtin:" + name + "/1");
    EXPECT_EQ(s->rate, 44100.0);
    expect_guards_zero(*s);
  }
  SampleBank no_kit({}, false);
  std::string warning;
  EXPECT_FALSE(no_kit.preload("bd", &warning));
  EXPECT_EQ(warning, "unknown sample `bd` (searched: no sample folders)");
}

TEST(SampleBank, MoreThanTwoChannelsKeepsFirstTwo) {
  TempDir root;
  write_wav(root.file("quad/q.wav"), 200, 0.2f, 4);
  write_wav(root.file("quad/r.wav"), 200, 0.2f, 4);
  SampleBank bank({root.path()});
  std::string warning;
  ASSERT_TRUE(bank.preload("quad", &warning));
  EXPECT_NE(warning.find("more than 2 channels"), std::string::npos) << warning;
  EXPECT_EQ(warning.find('\n'), std::string::npos) << "warned once: " << warning;
  const SampleData* s = bank.get("quad", 0);
  EXPECT_EQ(s->channels, 2);
  EXPECT_NEAR(s->channel(0)[10], 0.2f, 1e-4);
  EXPECT_NEAR(s->channel(1)[10], 0.3f, 1e-4);
}

TEST(SampleBank, OtherFormatsAndCases) {
  TempDir root;
  {
    AudioFileWriter w(root.file("mix/a.FLAC"), 22050, 1, SampleFormat::Pcm24);
    std::vector<float> v(300, 0.5f);
    w.write_interleaved(v.data(), 300);
    w.commit();
  }
  {
    AudioFileWriter w(root.file("mix/b.aiff"), 48000, 2, SampleFormat::Pcm16);
    std::vector<float> v(600, -0.5f);
    w.write_interleaved(v.data(), 300);
    w.commit();
  }
  write_wav(root.file("mix/c.Wav"), 100, 0.1f, 1, 96000);
  SampleBank bank({root.path()});
  ASSERT_TRUE(bank.preload("mix", nullptr));
  ASSERT_EQ(bank.count("mix"), 3);
  EXPECT_EQ(bank.get("mix", 0)->rate, 22050.0);
  EXPECT_EQ(bank.get("mix", 1)->channels, 2);
  EXPECT_EQ(bank.get("mix", 2)->rate, 96000.0);
}

TEST(SampleBank, GetIsSafeWhilePreloading) {
  SampleBank bank({kSamples});
  ASSERT_TRUE(bank.preload("bd", nullptr));
  const int bd = bank.id_of("bd");
  std::atomic<bool> stop{false};
  std::atomic<long> found{0};
  std::thread reader([&] {
    long n = 0;
    while (!stop.load()) {
      const SampleData* s = bank.get(bd, static_cast<int>(n));
      if (s && s->frames > 0) ++n;
      if (bank.get("cb", 0)) found.store(1);
    }
    found.fetch_add(n);
  });
  for (const auto& name : builtin_kit_names()) bank.preload(name, nullptr);
  for (const char* name : {"sn", "hh", "arpy", "cp"}) bank.preload(name, nullptr);
  stop.store(true);
  reader.join();
  EXPECT_GT(found.load(), 0);
  EXPECT_EQ(bank.count("bd"), 24);
  EXPECT_GE(bank.count("cb"), 2);
}

TEST(SampleBank, ManyNames) {
  TempDir root;
  SampleBank bank({root.path()}, false);
  // (Strings built with += : GCC 12 gives a false -Wrestrict warning on "literal" + std::to_string().)
  auto cat = [](const char* prefix, int i, const char* suffix) {
    std::string out = prefix;
    out += std::to_string(i);
    out += suffix;
    return out;
  };
  auto name_of = [&](int i) { return cat("s", i, ""); };
  for (int k = 0; k < 10; ++k) write_wav(root.file(cat("v", k, ".wav")), 10, 0.05f * k);
  for (int i = 0; i < 300; ++i) fs::copy_file(root.file(cat("v", i % 10, ".wav")), root.file(cat("s", i, "/a.wav")));
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(bank.preload(name_of(i), nullptr));
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(bank.id_of(name_of(i)), i);
    EXPECT_NEAR(bank.get(i, 0)->channel(0)[5], 0.05f * (i % 10), 1e-4);
  }
}

TEST(SampleBank, MovedBankKeepsSamples) {
  SampleBank a({kSamples});
  ASSERT_TRUE(a.preload("cp", nullptr));
  const SampleData* s = a.get("cp", 0);
  SampleBank b = std::move(a);
  EXPECT_EQ(b.get("cp", 0), s);
  EXPECT_EQ(b.roots(), std::vector<std::string>{kSamples});
}

// Sets an environment variable for the scope of a test, restoring the previous value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (had_) ::setenv(name_.c_str(), old_.c_str(), 1);
    else ::unsetenv(name_.c_str());
  }

 private:
  std::string name_, old_;
  bool had_ = false;
};

TEST(SampleBank, DefaultRootsOrder) {
  ScopedEnv home("HOME", "/home/someone");
  ScopedEnv env("PHONON_SAMPLES", "/env/a::~/env/b:/cli/one");
  const auto roots = default_sample_roots({"/cli/one", "/cli/two"});
  const std::vector<std::string> expected = {"/cli/one",
                                             "/cli/two",
                                             "/env/a",
                                             "/home/someone/env/b",
                                             "/home/someone/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples",
                                             "./samples"};
  EXPECT_EQ(roots, expected);

  ScopedEnv no_env("PHONON_SAMPLES", nullptr);
  const auto plain = default_sample_roots({});
  EXPECT_EQ(plain, (std::vector<std::string>{"/home/someone/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples",
                                             "./samples"}));
}

}  // namespace
}  // namespace phonon
