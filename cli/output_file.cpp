#include "cli/output_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>

namespace phonon::cli {

namespace {
bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
// The first bytes of `path` ("" when it cannot be read).
std::string head_of(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string out(n, '\0');
  in.read(out.data(), static_cast<std::streamsize>(n));
  out.resize(static_cast<size_t>(in.gcount()));
  return out;
}

bool looks_like_picture(const std::string& head, bool png) {
  if (png) return head.rfind("\x89PNG", 0) == 0;
  return head.find("<svg") != std::string::npos || head.rfind("<?xml", 0) == 0;
}
}  // namespace

bool write_picture(const std::string& path, const std::string& content, const std::string& input, const char* who) {
  const bool png = content.rfind("\x89PNG", 0) == 0;
  struct stat st {};
  if (!input.empty() && input != "-" && same_file(input, path)) {
    std::fprintf(stderr, "%s: error: `%s` is the input program; it is kept (choose another name)\n", who, path.c_str());
    return false;
  }
  if (::stat(path.c_str(), &st) == 0 &&
      (!S_ISREG(st.st_mode) || (st.st_size > 0 && !looks_like_picture(head_of(path, 256), png)))) {
    std::fprintf(stderr,
                 "%s: error: cannot write `%s`: it exists and is not %s picture, so it is kept (remove it "
                 "first, or choose another name)\n",
                 who, path.c_str(), png ? "a PNG" : "an SVG");
    return false;
  }
  const std::string temp = path + ".part-" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      const int err = errno;
      ::unlink(temp.c_str());
      std::fprintf(stderr, "%s: error: cannot write `%s`: %s\n", who, path.c_str(), std::strerror(err));
      return false;
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    std::fprintf(stderr, "%s: error: cannot write `%s`: %s\n", who, path.c_str(), std::strerror(err));
    return false;
  }
  return true;
}

std::unique_ptr<AudioFileWriter> open_render_output(const std::string& input, const std::string& output, double rate,
                                                    SampleFormat fmt, int64_t frames, int channels) {
  if (input != "-" && same_file(input, output)) {
    std::fprintf(stderr,
                 "phonon render: error: the output `%s` is the input program; it is kept (choose another "
                 "name, e.g. -o out.wav)\n",
                 output.c_str());
    return nullptr;
  }
  remove_temp_files_on_signals();
  try {
    auto writer = std::make_unique<AudioFileWriter>(output, rate, channels, fmt, frames);
    for (const auto& stale : writer->stale_removed())
      std::fprintf(stderr, "note: removed `%s`, left by an interrupted render\n", stale.c_str());
    return writer;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "phonon render: error: %s\n", e.what());
    return nullptr;
  }
}

}  // namespace phonon::cli
