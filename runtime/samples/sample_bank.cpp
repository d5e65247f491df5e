#include "runtime/samples/sample_bank.hpp"

#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
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
  static const char* const kExts[] = {"wav", "wave", "bwf", "aif", "aiff", "aifc", "flac", "ogg",
                                      "oga", "opus", "au",  "snd", "caf",  "w64",  "rf64", "mp3",
                                      "voc", "sf",   "paf", "svx", "iff",  "nist", "sph",  "htk",
                                      "pvf", "xi",   "sds", "avr", "wve",  "mat",  "mat4", "mat5"};
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

// Plain words for an error of the file system.
std::string plain_error(const std::error_code& ec) {
  if (ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted) return "permission denied";
  if (ec == std::errc::too_many_symbolic_link_levels) return "symbolic link loop";
  if (ec == std::errc::no_such_file_or_directory) return "it does not exist";
  if (ec == std::errc::not_a_directory) return "a path component is not a folder";
  return ec.message();
}

// Why libsndfile could not open a file, in plain words, with its own message for reference.
std::string sndfile_open_error() {
  const int err = sf_error(nullptr);
  std::string detail = sf_strerror(nullptr);
  while (!detail.empty() && (detail.back() == '.' || detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  std::string what;
  switch (err) {
    case SF_ERR_UNRECOGNISED_FORMAT: what = "not an audio format Phonon can read, or not audio at all"; break;
    case SF_ERR_SYSTEM: what = "the file cannot be read"; break;
    case SF_ERR_MALFORMED_FILE: what = "corrupt audio file (its header is malformed)"; break;
    case SF_ERR_UNSUPPORTED_ENCODING: what = "its audio encoding is not supported"; break;
    default: what = "corrupt or unsupported audio file"; break;
  }
  return what + " (libsndfile says: " + detail + ")";
}

// MP3 files are decoded by libmpg123 (through libsndfile), which prints its own complaints about a damaged stream
// straight to stderr. A file named .mp3 that does not begin like one (an ID3 tag or an MPEG audio frame) is
// therefore refused here, before libsndfile sees it.
bool looks_like_mp3(const std::string& path) {
  unsigned char head[3] = {0, 0, 0};
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return true;  // reported by the open below
  size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  if (n >= 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') return true;
  return n >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x18) != 0x08 && (head[1] & 0x06) != 0;
}

std::string megabytes(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

// Checks what can be known before decoding: readable, not empty, a format libsndfile opens, decoded size within
// the limit. Returns false with the reason in *why.
bool precheck_file(const std::string& path, uint64_t max_bytes, std::string* why) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return *why = plain_error(ec), false;
  if (size == 0) return *why = "the file is empty", false;
  if (::access(path.c_str(), R_OK) != 0)
    return *why = plain_error(std::error_code(errno, std::generic_category())), false;
  std::string ext = lower(fs::path(path).extension().string());
  if (ext == ".mp3" && !looks_like_mp3(path))
    return *why = "not an MP3 file (it does not begin with an MPEG header)", false;
  SF_INFO info{};
  SNDFILE* sf = sf_open(path.c_str(), SFM_READ, &info);
  if (!sf) return *why = sndfile_open_error(), false;
  sf_close(sf);
  if (info.channels <= 0 || info.samplerate <= 0)
    return *why = "corrupt audio file (no channels or no sample rate)", false;
  if (info.frames <= 0) return *why = "no audio in it", false;
  const uint64_t kept = static_cast<uint64_t>(std::min(info.channels, 2));
  const uint64_t frames = static_cast<uint64_t>(info.frames);
  if (frames > max_bytes / (kept * sizeof(float))) {
    *why = "too large: " + megabytes(frames * kept * sizeof(float)) + " decoded, more than the limit of " +
           megabytes(max_bytes) + " per file (PHONON_MAX_SAMPLE_MB raises it)";
    return false;
  }
  return true;
}

// Decodes one file into planar float with guard frames. Returns false with a warning line on failure.
bool load_file(const std::string& path, const std::string& sample_name, uint64_t max_bytes, SampleData* out,
               bool* had_many_channels, std::string* why) {
  std::string reason;
  if (!precheck_file(path, max_bytes, &reason)) {
    *why = "skipping sample file `" + path + "`: " + reason;
    return false;
  }
  AudioFileData data;
  std::string error;
  if (!read_audio_file(path, &data, &error)) {
    const std::string prefix = "cannot read `" + path + "`: ";
    if (error.rfind(prefix, 0) == 0) error = error.substr(prefix.size());
    *why = "skipping sample file `" + path + "`: corrupt or truncated audio (" + error + ")";
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

// Why a directory entry with an audio extension is not a file that can be loaded; empty if it is one.
std::string not_a_file_reason(const fs::path& p) {
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);  // follows symbolic links
  if (ec && ec != std::errc::no_such_file_or_directory) return plain_error(ec);
  switch (st.type()) {
    case fs::file_type::regular: return {};
    case fs::file_type::not_found: return "dangling symbolic link (its target does not exist)";
    case fs::file_type::directory: return "a folder, not a file";
    case fs::file_type::fifo: return "a named pipe (FIFO), not a file";
    case fs::file_type::socket: return "a socket, not a file";
    case fs::file_type::block:
    case fs::file_type::character: return "a device, not a file";
    default: return "not a regular file";
  }
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

  std::unique_ptr<std::atomic<const Entry*>[]> entries { new std::atomic<const Entry*>[ kMaxNames ] };
  std::unique_ptr<std::atomic<int>[]> table { new std::atomic<int>[ kTableSize ] };
  std::atomic<int> size{0};
  std::vector<std::unique_ptr<Entry>> owned;       // preload thread only
  std::unordered_set<std::string> warned_unknown;  // preload thread only
  std::unordered_set<std::string> warned_paths;    // preload thread only: each unreadable path is reported once

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
    : roots_(std::move(roots)), builtin_kit_(builtin_kit), impl_(std::make_unique<Impl>()) {
  if (const char* env = std::getenv("PHONON_MAX_SAMPLE_MB")) {
    char* end = nullptr;
    const double mb = std::strtod(env, &end);
    if (end != env && *end == '\0' && mb > 0 && mb < 1e9)
      max_sample_bytes_ = static_cast<uint64_t>(mb * 1024.0 * 1024.0);
    else
      std::fprintf(stderr, "warning: PHONON_MAX_SAMPLE_MB=%s is not a positive number of megabytes; using %llu\n", env,
                   static_cast<unsigned long long>(kDefaultMaxSampleBytes >> 20));
  }
}
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

  auto warn_path = [&](const std::string& path, const std::string& line) {
    if (impl_->warned_paths.insert(path).second) append_line(warning, line);
  };
  auto entry = std::make_unique<Entry>();
  entry->name = name;
  for (const auto& root : roots_) {
    std::error_code ec;
    const fs::path dir = fs::path(root) / name;
    const fs::file_status root_st = fs::status(root, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
      warn_path(root, "cannot use sample folder `" + root + "`: " + plain_error(ec));
      continue;
    }
    if (!fs::exists(root_st)) continue;  // documented: missing default roots are skipped silently
    if (!fs::is_directory(root_st)) {
      warn_path(root, "cannot use sample folder `" + root + "`: it is a file, not a folder");
      continue;
    }
    const fs::file_status st = fs::status(dir, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
      warn_path(dir.string(), "cannot use sound folder `" + dir.string() + "`: " + plain_error(ec));
      continue;
    }
    if (!fs::is_directory(st)) {
      std::error_code lec;
      if (fs::is_symlink(fs::symlink_status(dir, lec)))
        warn_path(dir.string(), "cannot use sound folder `" + dir.string() + "`: " + not_a_file_reason(dir));
      else if (fs::exists(st))
        warn_path(dir.string(), "cannot use sound folder `" + dir.string() + "`: it is a file, not a folder");
      continue;
    }
    std::vector<std::pair<std::string, std::string>> files;  // (file name, path)
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::string fname = it->path().filename().string();
      if (fname.empty() || fname[0] == '.') continue;  // hidden files, macOS "._x.wav" resource forks
      std::string ext = it->path().extension().string();
      if (ext.size() < 2 || !is_audio_extension(lower(ext.substr(1)))) continue;
      const std::string why = not_a_file_reason(it->path());
      if (!why.empty()) {
        warn_path(it->path().string(), "skipping sample file `" + it->path().string() + "`: " + why);
        continue;
      }
      files.emplace_back(fname, it->path().string());
    }
    if (ec) {
      warn_path(dir.string(), "cannot read sound folder `" + dir.string() + "`: " + plain_error(ec));
      continue;
    }
    std::sort(files.begin(), files.end());
    bool many_channels = false;
    for (const auto& [fname, path] : files) {
      SampleData s;
      std::string why;
      if (load_file(path, name + ":" + std::to_string(entry->samples.size()), max_sample_bytes_, &s, &many_channels,
                    &why)) {
        entry->samples.push_back(std::move(s));
      } else {
        warn_path(path, why);
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
