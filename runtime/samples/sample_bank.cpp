#include "runtime/samples/sample_bank.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <unordered_set>

#include "runtime/samples/audio_file.hpp"
#include "runtime/samples/builtin_kit.hpp"

namespace phonon {

void SampleData::allocate(int channel_count, int64_t frame_count) {
  channels = std::clamp(channel_count, 1, 2);
  frames = std::max<int64_t>(frame_count, 0);
  for (int c = 0; c < 2; ++c) {
    auto& v = storage[static_cast<size_t>(c)];
    if (c < channels) {
      v.assign(static_cast<size_t>(frames + 2 * kGuard), 0.0f);
    } else {
      v.clear();
      v.shrink_to_fit();
    }
  }
}

namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Extensions of formats libsndfile reads (compared lower case). Files with other extensions (README.txt,
// .DS_Store, ...) are ignored silently; files with these extensions that fail to decode are warned about.
bool is_audio_extension(const std::string& ext) {
  static const char* const kExts[] = {"wav",  "wave", "bwf", "aif", "aiff", "aifc", "flac", "ogg", "oga",
                                      "opus", "au",   "snd", "caf", "w64",  "rf64", "mp3",  "voc", "sf",
                                      "paf",  "svx",  "iff", "nist", "sph", "htk",  "pvf",  "xi",  "sds",
                                      "avr",  "wve",  "mat", "mat4", "mat5"};
  for (const char* e : kExts)
    if (ext == e) return true;
  return false;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (char c : name)
    if (c == '/' || c == '\\' || c == '\0') return false;
  return true;
}

uint64_t hash_name(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

struct Entry {
  std::string name;
  std::vector<SampleData> samples;
};

// Decodes one file into planar float with guard frames. Returns false with a warning line on failure.
bool load_file(const std::string& path, const std::string& sample_name, SampleData* out, bool* had_many_channels,
               std::string* why) {
  AudioFileData data;
  std::string error;
  if (!read_audio_file(path, &data, &error)) {
    const std::string prefix = "cannot read `" + path + "`: ";
    if (error.rfind(prefix, 0) == 0) error = error.substr(prefix.size());
    *why = "skipping sample file `" + path + "`: " + error;
    return false;
  }
  if (data.frames <= 0) {
    *why = "skipping sample file `" + path + "`: no audio in it";
    return false;
  }
  if (data.channels > 2) *had_many_channels = true;
  SampleData s;
  s.name = sample_name;
  s.path = path;
  s.rate = data.rate;
  s.allocate(std::min(data.channels, 2), data.frames);
  const size_t stride = static_cast<size_t>(data.channels);
  for (int c = 0; c < s.channels; ++c) {
    float* dst = s.mutable_channel(c);
    const float* src = data.interleaved.data() + c;
    for (int64_t i = 0; i < data.frames; ++i) {
      float v = src[static_cast<size_t>(i) * stride];
      dst[i] = std::isfinite(v) ? v : 0.0f;  // a NaN/Inf in a float file must not poison the mix
    }
  }
  *out = std::move(s);
  return true;
}

void append_line(std::string* warning, const std::string& line) {
  if (!warning) return;
  if (!warning->empty()) warning->push_back('\n');
  *warning += line;
}

}  // namespace

std::vector<std::string> default_sample_roots(const std::vector<std::string>& cli_dirs) {
  const char* home_env = std::getenv("HOME");
  const std::string home = home_env ? home_env : "";
  std::vector<std::string> roots;
  auto add = [&](std::string dir) {
    if (dir.empty()) return;
    if (!home.empty() && (dir == "~" || dir.rfind("~/", 0) == 0)) dir = home + dir.substr(1);
    if (std::find(roots.begin(), roots.end(), dir) == roots.end()) roots.push_back(std::move(dir));
  };
  for (const auto& d : cli_dirs) add(d);
  if (const char* env = std::getenv("PHONON_SAMPLES")) {
    std::string s = env;
    size_t start = 0;
    while (start <= s.size()) {
      size_t colon = s.find(':', start);
      if (colon == std::string::npos) colon = s.size();
      add(s.substr(start, colon - start));
      start = colon + 1;
    }
  }
  if (!home.empty()) add(home + "/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples");
  add("./samples");
  return roots;
}

// Storage that the audio thread reads without locks: `entries` is a fixed array of published pointers (an id
// is an index into it) and `table` an open-addressing hash table (name -> id) whose slots are only ever filled,
// never changed. The preload thread writes an entry fully, publishes its pointer, then its table slot (release);
// readers load with acquire. Entries are owned by `owned` and never move or change once published.
struct SampleBank::Impl {
  static constexpr int kTableSize = 2 * kMaxNames;  // power of two; load factor <= 0.5

  std::unique_ptr<std::atomic<const Entry*>[]> entries{new std::atomic<const Entry*>[kMaxNames]};
  std::unique_ptr<std::atomic<int>[]> table{new std::atomic<int>[kTableSize]};
  std::atomic<int> size{0};
  std::vector<std::unique_ptr<Entry>> owned;         // preload thread only
  std::unordered_set<std::string> warned_unknown;    // preload thread only

  Impl() {
    for (int i = 0; i < kMaxNames; ++i) entries[i].store(nullptr, std::memory_order_relaxed);
    for (int i = 0; i < kTableSize; ++i) table[i].store(-1, std::memory_order_relaxed);
  }

  int find(std::string_view name) const {
    uint64_t h = hash_name(name);
    for (int probe = 0; probe < kTableSize; ++probe) {
      int slot = static_cast<int>((h + static_cast<uint64_t>(probe)) & (kTableSize - 1));
      int id = table[slot].load(std::memory_order_acquire);
      if (id < 0) return -1;
      const Entry* e = entries[id].load(std::memory_order_acquire);
      if (e && e->name == name) return id;
    }
    return -1;
  }

  void insert(std::unique_ptr<Entry> entry) {
    int id = size.load(std::memory_order_relaxed);
    uint64_t h = hash_name(entry->name);
    entries[id].store(entry.get(), std::memory_order_release);
    for (int probe = 0; probe < kTableSize; ++probe) {
      int slot = static_cast<int>((h + static_cast<uint64_t>(probe)) & (kTableSize - 1));
      if (table[slot].load(std::memory_order_relaxed) < 0) {
        table[slot].store(id, std::memory_order_release);
        break;
      }
    }
    size.store(id + 1, std::memory_order_release);
    owned.push_back(std::move(entry));
  }

  const Entry* entry(int id) const {
    if (id < 0 || id >= kMaxNames) return nullptr;
    return entries[id].load(std::memory_order_acquire);
  }
};

SampleBank::SampleBank(std::vector<std::string> roots, bool builtin_kit)
    : roots_(std::move(roots)), builtin_kit_(builtin_kit), impl_(std::make_unique<Impl>()) {}
SampleBank::~SampleBank() = default;
SampleBank::SampleBank(SampleBank&&) noexcept = default;
SampleBank& SampleBank::operator=(SampleBank&&) noexcept = default;

bool SampleBank::preload(const std::string& name, std::string* warning) {
  if (!impl_) impl_ = std::make_unique<Impl>();  // a moved-from bank starts empty again
  if (impl_->find(name) >= 0) return true;
  if (impl_->warned_unknown.count(name)) return false;

  auto unknown = [&](const std::string& extra) {
    std::string searched;
    for (const auto& r : roots_) searched += (searched.empty() ? "" : ", ") + r;
    if (builtin_kit_) searched += searched.empty() ? "built-in kit" : ", built-in kit";
    if (searched.empty()) searched = "no sample folders";
    append_line(warning, "unknown sample `" + name + "` (searched: " + searched + ")" + extra);
    impl_->warned_unknown.insert(name);
    return false;
  };
  if (!valid_name(name)) return unknown("");
  if (impl_->size.load(std::memory_order_relaxed) >= kMaxNames)
    return unknown("; too many sample names (at most " + std::to_string(kMaxNames) + ")");

  auto entry = std::make_unique<Entry>();
  entry->name = name;
  for (const auto& root : roots_) {
    std::error_code ec;
    fs::path dir = fs::path(root) / name;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<std::pair<std::string, std::string>> files;  // (file name, path)
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      std::error_code ec2;
      if (!it->is_regular_file(ec2)) continue;  // follows symlinks
      std::string fname = it->path().filename().string();
      if (fname.empty() || fname[0] == '.') continue;  // hidden files, macOS "._x.wav" resource forks
      std::string ext = it->path().extension().string();
      if (ext.size() < 2 || !is_audio_extension(lower(ext.substr(1)))) continue;
      files.emplace_back(fname, it->path().string());
    }
    if (ec) {
      append_line(warning, "cannot list `" + dir.string() + "`: " + ec.message());
      continue;
    }
    std::sort(files.begin(), files.end());
    bool many_channels = false;
    for (const auto& [fname, path] : files) {
      SampleData s;
      std::string why;
      if (load_file(path, name + ":" + std::to_string(entry->samples.size()), &s, &many_channels, &why)) {
        entry->samples.push_back(std::move(s));
      } else {
        append_line(warning, why);
      }
    }
    if (many_channels)
      append_line(warning, "sample `" + name + "` in `" + dir.string() +
                               "`: files with more than 2 channels play their first two channels only");
    if (!entry->samples.empty()) break;
  }
  if (entry->samples.empty() && builtin_kit_ && builtin_kit_has(name)) entry->samples = builtin_kit_make(name);
  if (entry->samples.empty()) return unknown("");
  impl_->insert(std::move(entry));
  return true;
}

int SampleBank::id_of(std::string_view name) const { return impl_ ? impl_->find(name) : -1; }

const SampleData* SampleBank::get(int id, int index) const {
  if (!impl_) return nullptr;
  const Entry* e = impl_->entry(id);
  if (!e || e->samples.empty()) return nullptr;
  const int n = static_cast<int>(e->samples.size());
  int i = index % n;
  if (i < 0) i += n;
  return &e->samples[static_cast<size_t>(i)];
}

const SampleData* SampleBank::get(std::string_view name, int index) const { return get(id_of(name), index); }

int SampleBank::count(int id) const {
  if (!impl_) return 0;
  const Entry* e = impl_->entry(id);
  return e ? static_cast<int>(e->samples.size()) : 0;
}

int SampleBank::count(std::string_view name) const { return count(id_of(name)); }

}  // namespace phonon
