#include "cli/common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "compiler/diagnostics.hpp"
#include "compiler/plan.hpp"
#include "runtime/engine/load.hpp"

namespace phonon::cli {

std::shared_ptr<const Plan> compile_and_report(const std::string& path) {
  CompileResult r = compile_file(path);
  std::string text = r.diagnostics.render_all();
  if (!text.empty()) std::fputs(text.c_str(), stderr);
  if (!r.ok()) return nullptr;
  return r.plan;
}

std::unique_ptr<LoadedPlan> load_and_report(const Engine& engine, SampleBank& bank, std::shared_ptr<const Plan> plan) {
  std::vector<std::string> warnings;
  auto lp = load_plan(engine, bank, std::move(plan), &warnings);
  // Sample paths come from the file system and may hold any byte: each line is escaped like a diagnostic.
  for (const auto& w : warnings) {
    size_t start = 0;
    while (start <= w.size()) {
      size_t end = std::min(w.find('\n', start), w.size());
      std::fprintf(stderr, "warning: %s\n", escape_control(std::string_view(w).substr(start, end - start)).c_str());
      start = end + 1;
    }
  }
  return lp;
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) == 1; }

namespace {
bool is_audio_file(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".wav" || ext == ".aif" || ext == ".aiff" || ext == ".flac" || ext == ".ogg";
}
}  // namespace

std::vector<std::string> sample_roots_from_cli(const std::vector<std::string>& dirs) {
  namespace fs = std::filesystem;
  for (const auto& d : dirs) {
    std::error_code ec;
    const fs::file_status st = fs::status(d, ec);
    if (!fs::is_directory(st)) {
      const char* why = ec && ec != std::errc::no_such_file_or_directory ? nullptr
                        : fs::exists(st)                                 ? "it is a file, not a folder"
                                                                         : "no such folder";
      std::fprintf(stderr,
                   "warning: --samples %s: %s (sounds come from the other sample folders and the "
                   "built-in kit)\n",
                   d.c_str(), why ? why : ec.message().c_str());
      continue;
    }
    bool files = false, sounds = false;
    fs::directory_iterator it(d, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::error_code ec2;
      if (it->is_regular_file(ec2) && is_audio_file(it->path())) files = true;
      if (it->is_directory(ec2)) sounds = true;
    }
    if (ec) {
      std::fprintf(stderr,
                   "warning: --samples %s: cannot read the folder: %s (sounds come from the other sample "
                   "folders and the built-in kit)\n",
                   d.c_str(), ec == std::errc::permission_denied ? "permission denied" : ec.message().c_str());
      continue;
    }
    if (files && !sounds)
      std::fprintf(stderr,
                   "warning: --samples %s holds audio files, not sound folders: give the library root whose "
                   "subfolders are the sound names (e.g. --samples %s)\n",
                   d.c_str(), fs::path(d).lexically_normal().parent_path().string().c_str());
  }
  return default_sample_roots(dirs);
}

int max_voices_option(Args& a, const std::string& opt) {
  const int n = a.integer(opt, 1, 1 << 30);
  if (n > kMaxVoicesCeiling)
    throw UsageError("option " + opt + " is at most " + std::to_string(kMaxVoicesCeiling) + ", got " +
                     std::to_string(n) + " (every voice is preallocated: " + std::to_string(n) + " would take about " +
                     std::to_string(static_cast<long long>(n) * 3500 / 1000000) + " MB)");
  return n;
}

bool output_channels_option(Args& a, const std::string& arg, EngineOptions& eo) {
  if (arg == "--channels") {
    eo.channels = a.integer(arg, 2, 64);
    return true;
  }
  if (arg != "--orbit-channels") return false;
  const std::string v = a.value(arg);
  eo.orbit_channels.clear();
  size_t pos = 0;
  while (pos <= v.size()) {
    const size_t comma = std::min(v.find(',', pos), v.size());
    const std::string item = v.substr(pos, comma - pos);
    char* end = nullptr;
    const long c = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || c < 0 || c > 63)
      throw UsageError(
          "--orbit-channels expects first channels counted from 0, separated by commas (e.g. "
          "`0,2,4`), got `" +
          v + "`");
    eo.orbit_channels.push_back(static_cast<int>(c));
    pos = comma + 1;
  }
  return true;
}

void check_output_channels(const EngineOptions& eo) {
  for (int c : eo.orbit_channels)
    if (c >= eo.channels)
      throw UsageError("--orbit-channels names channel " + std::to_string(c) + " (counted from 0), but there are " +
                       std::to_string(eo.channels) + " output channels; add `--channels " + std::to_string(c + 2) +
                       "`");
}

std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, x < 0.1 ? "%.1f%%" : "%.0f%%", 100.0 * x);
  return buf;
}

std::string describe_load(const AudioOutputStats& st) {
  return "load mean " + percent(st.load_mean) + " p99 " + percent(st.load_p99) + " worst " + percent(st.load_worst) +
         ", late buffers " + std::to_string(st.late_buffers);
}

}  // namespace phonon::cli
