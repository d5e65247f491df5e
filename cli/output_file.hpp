// The output file of `phonon render`: checks that protect the user's files, and the writer.
#pragma once
#include <memory>
#include <string>

#include "runtime/samples/audio_file.hpp"

namespace phonon::cli {

// Opens the writer for `output` (`frames` long), refusing an output that is the input program itself (same file,
// whatever the path says) and, through AudioFileWriter, any existing file that is not audio. Removes the temporary
// file on SIGINT, SIGTERM and SIGHUP. On failure prints "phonon render: error: ..." and returns null.
std::unique_ptr<AudioFileWriter> open_render_output(const std::string& input, const std::string& output, double rate,
                                                    SampleFormat fmt, int64_t frames, int channels = 2);

// Writes a picture (`content`, SVG text or PNG bytes) to `path` through a temporary file, refusing a path that is
// the input program or an existing file that is not a picture of the same kind. Prints "<who>: error: ..." and
// returns false on failure.
bool write_picture(const std::string& path, const std::string& content, const std::string& input, const char* who);

}  // namespace phonon::cli
