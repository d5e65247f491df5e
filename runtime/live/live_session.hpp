// The pieces of `phonon live` below the command line: the audio-thread renderer (engine + fade-out + recording
// tap), the recording writer thread, and compile-preload-prepare of a new program version off the audio thread.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "runtime/drivers/audio_source.hpp"
#include "runtime/live/compile_guard.hpp"
#include "runtime/live/ring_buffer.hpp"

namespace phonon {

class AudioOutput;
class Engine;
class ForwardingSource;
class LoadedPlan;
class SampleBank;
struct SourceFile;

struct LiveRenderConfig {
  int max_block = 512;  // engine.process() is called with at most this many frames
  double rate = 44100.0;
  uint64_t stop_after_frames = 0;     // --duration: 0 = play until request_stop()
  double fade_seconds = 0.05;         // fade-out length at the end
  SpscRing<float>* record = nullptr;  // if set, receives the engine's frames (all its channels; see render())
};

// The AudioSource of `phonon live`. render() splits the device buffer into engine blocks of at most max_block
// frames, so the engine sees the same block sequence as `phonon render --block max_block` whatever buffer size
// the device chose (as long as it is a multiple of max_block). At the end (request_stop() or the duration
// reached) the output fades out linearly over fade_seconds, then stays silent and finished() becomes true.
// Recording: every frame sent to the device is pushed to the ring, including a fade after request_stop();
// with stop_after_frames the recording holds exactly that many frames (the fade that follows is not recorded,
// so that it equals `phonon render --duration`). Like render, the recording leaves out the engine's output latency
// (the limiter's look-ahead) at its start, and the duration is played that much longer. A full ring drops frames and
// counts them.
class LiveRenderer final : public AudioSource {
 public:
  LiveRenderer(Engine& engine, const LiveRenderConfig& config);  // allocates all its buffers
  void render(float* out, int frames, int channels) noexcept override;

  void request_stop() { stop_requested_.store(true, std::memory_order_release); }  // any thread
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  bool duration_reached() const { return duration_reached_.load(std::memory_order_acquire); }
  uint64_t frames_played() const { return frames_played_.load(std::memory_order_relaxed); }
  uint64_t frames_recorded() const { return frames_recorded_.load(std::memory_order_relaxed); }
  uint64_t frames_dropped() const { return frames_dropped_.load(std::memory_order_relaxed); }

 private:
  Engine& engine_;
  LiveRenderConfig config_;
  int channels_;                // the engine's output channels
  std::vector<float> scratch_;  // one block, for devices with another channel count
  int64_t fade_frames_ = 1;
  int64_t fade_pos_ = -1;  // audio thread: -1 = not fading
  uint64_t skip_ = 0;      // Engine::output_latency(): frames at the start that the recording leaves out
  uint64_t stop_at_ = 0;   // stop_after_frames + skip_ (0: no duration)
  bool recording_ = true;  // audio thread
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> duration_reached_{false};
  std::atomic<uint64_t> frames_played_{0};
  std::atomic<uint64_t> frames_recorded_{0};
  std::atomic<uint64_t> frames_dropped_{0};
};

// Writes the frames (`channels` interleaved) of a ring to a Float32 WAV (or any format runtime/samples/audio_file.hpp
// writes) on its own thread. The ring is the single-producer side for the audio thread.
class Recorder {
 public:
  // Creates the output (throws std::runtime_error with a clear message if it cannot) and starts the writer.
  // ring_seconds: how much audio the ring buffers if the disk stalls.
  // channels: interleaved in the ring and written to the file (the engine's output channels).
  Recorder(const std::string& path, double rate, double ring_seconds = 8.0, int channels = 2);
  ~Recorder();  // stops the writer; the file is removed unless finish() committed it
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  SpscRing<float>& ring() { return ring_; }
  // Writes everything pushed so far, commits the file and stops the writer. false + *error on an I/O error; after
  // a write error (a full disk) the file is still committed, holding every frame written before it.
  bool finish(std::string* error);
  // True from the first write error on; the writer thread also warns on stderr at once, and keeps draining the
  // ring so that the music goes on.
  bool failed() const { return failed_.load(std::memory_order_acquire); }
  int64_t frames_written() const { return frames_written_.load(std::memory_order_relaxed); }
  const std::string& path() const { return path_; }

 private:
  void run();
  struct WriterHolder;
  std::string path_;
  SpscRing<float> ring_;
  std::unique_ptr<WriterHolder> writer_;
  int channels_ = 2;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> frames_written_{0};
  std::atomic<bool> failed_{false};
  double rate_ = 0;
  std::string error_;  // written by the writer thread, read after join
  std::thread thread_;
  bool finished_ = false;
};

// The renderer's configuration on a device at `rate`: blocks of at most max_block frames, stop after `duration`
// seconds (0: when asked), recording into `recorder`'s ring (null: none).
LiveRenderConfig live_render_config(int max_block, double rate, double duration, Recorder* recorder);

// What plays on the device in `live`, `repl` and `dirt`: the optional recording and the renderer that feeds it.
struct LivePlayback {
  std::unique_ptr<Recorder> recorder;  // null without --record
  std::unique_ptr<LiveRenderer> renderer;
};

// Opens the recording at `record_path` (none if empty; `channels` wide), builds the renderer for the engine, hands
// it to `forward` (the source the opened output plays) and starts the output. False with *error (ready to print)
// when the recording cannot be created or the output does not start.
bool start_live_playback(Engine& engine, AudioOutput& output, ForwardingSource& forward, const std::string& record_path,
                         int max_block, double rate, double duration, int channels, LivePlayback* playback,
                         std::string* error);

// One program version, compiled and prepared off the audio thread.
struct PreparedProgram {
  std::unique_ptr<LoadedPlan> plan;  // null when compilation (or preparation) failed
  std::string messages;              // rendered diagnostics (errors and warnings) and sample warnings
  bool ok = false;
  double compile_ms = 0.0;  // (check +) compile + preload + prepare
  bool cancelled = false;   // prepare_program_guarded: stopped while checking
  PreparedProgram();
  PreparedProgram(PreparedProgram&&) noexcept;
  PreparedProgram& operator=(PreparedProgram&&) noexcept;
  ~PreparedProgram();
};

// Compiles `text` (diagnostics name the file `name`), preloads its samples into `bank` and prepares it for
// `engine`. Never throws; the messages are ready to print.
PreparedProgram prepare_program(const Engine& engine, SampleBank& bank, const std::string& name,
                                const std::string& text);

// prepare_program behind the compile guard (runtime/live/compile_guard.hpp): the text is first compiled in a
// child process, and only a version the child accepted is compiled here. A crash, hang or exception of the
// compiler becomes an error message; *cancel (if given) abandons the check.
PreparedProgram prepare_program_guarded(const Engine& engine, SampleBank& bank, const std::string& name,
                                        const std::string& text, const CompileGuardOptions& guard,
                                        const std::atomic<bool>* cancel = nullptr);

}  // namespace phonon
