#include "runtime/live/live_session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <new>
#include <stdexcept>

#include "compiler/compile.hpp"
#include "runtime/drivers/audio_output.hpp"
#include "runtime/drivers/engine_source.hpp"
#include "runtime/drivers/forwarding_source.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/audio_file.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon {

// ---------------------------------------------------------------------------------------------------------------
// LiveRenderer

LiveRenderer::LiveRenderer(Engine& engine, const LiveRenderConfig& config)
    : engine_(engine),
      config_(config),
      channels_(engine.options().channels),
      scratch_(static_cast<size_t>(std::max(1, config.max_block)) * static_cast<size_t>(channels_), 0.0f) {
  config_.max_block = std::max(1, config_.max_block);
  fade_frames_ = std::max<int64_t>(1, static_cast<int64_t>(config_.fade_seconds * config_.rate + 0.5));
  recording_ = config_.record != nullptr;
  skip_ = static_cast<uint64_t>(std::max(0, engine.output_latency()));
  stop_at_ = config_.stop_after_frames ? config_.stop_after_frames + skip_ : 0;
}

void LiveRenderer::render(float* out, int frames, int channels) noexcept {
  int pos = 0;
  engine_.mark_device_buffer();  // for outside clocks: the buffer's first block is when the device asked
  if (!finished_.load(std::memory_order_relaxed)) {
    if (fade_pos_ < 0 && stop_requested_.load(std::memory_order_acquire)) fade_pos_ = 0;
    uint64_t played = frames_played_.load(std::memory_order_relaxed);
    bool done = false;
    while (pos < frames && !done) {
      int n = std::min(config_.max_block, frames - pos);
      if (stop_at_ && !duration_reached_.load(std::memory_order_relaxed)) {
        const uint64_t left = stop_at_ > played ? stop_at_ - played : 0;
        if (left == 0) {
          duration_reached_.store(true, std::memory_order_release);
          recording_ = false;  // the recording is exactly stop_after_frames long
          if (fade_pos_ < 0) fade_pos_ = 0;
        } else {
          n = static_cast<int>(std::min<uint64_t>(static_cast<uint64_t>(n), left));
        }
      }
      const size_t ec = static_cast<size_t>(channels_);
      float* dst = channels == channels_ ? out + static_cast<size_t>(pos) * ec : scratch_.data();
      engine_.process(dst, n);
      if (fade_pos_ >= 0) {
        for (int i = 0; i < n; ++i) {
          const double g =
              std::max(0.0, 1.0 - static_cast<double>(fade_pos_ + i + 1) / static_cast<double>(fade_frames_));
          for (size_t c = 0; c < ec; ++c) dst[i * ec + c] = static_cast<float>(dst[i * ec + c] * g);
        }
        fade_pos_ += n;
        if (fade_pos_ >= fade_frames_) done = true;
      }
      const int skip =
          played < skip_ ? static_cast<int>(std::min<uint64_t>(skip_ - played, static_cast<uint64_t>(n))) : 0;
      if (recording_ && n > skip) {
        SpscRing<float>& ring = *config_.record;
        const int m = n - skip;
        const size_t values = static_cast<size_t>(m) * ec;
        if (ring.write_available() >= values) {
          ring.push(dst + ec * static_cast<size_t>(skip), values);
          frames_recorded_.fetch_add(static_cast<uint64_t>(m), std::memory_order_relaxed);
        } else {
          frames_dropped_.fetch_add(static_cast<uint64_t>(m), std::memory_order_relaxed);
        }
      }
      if (channels != channels_)
        engine_to_device_channels(dst, channels_, n, out + static_cast<size_t>(pos) * static_cast<size_t>(channels),
                                  channels);
      played += static_cast<uint64_t>(n);
      pos += n;
    }
    frames_played_.store(played, std::memory_order_relaxed);
    if (done) finished_.store(true, std::memory_order_release);
  }
  std::fill(out + static_cast<size_t>(pos) * static_cast<size_t>(channels),
            out + static_cast<size_t>(frames) * static_cast<size_t>(channels), 0.0f);
}

// ---------------------------------------------------------------------------------------------------------------
// Recorder

struct Recorder::WriterHolder {
  AudioFileWriter writer;
  WriterHolder(const std::string& path, double rate, int channels)
      : writer(path, rate, channels, SampleFormat::Float32) {}
};

Recorder::Recorder(const std::string& path, double rate, double ring_seconds, int channels)
    : path_(path),
      ring_(static_cast<size_t>(std::max(1.0, ring_seconds * rate)) * static_cast<size_t>(channels)),
      channels_(channels),
      rate_(rate) {
  writer_ = std::make_unique<WriterHolder>(path, rate, channels);
  thread_ = std::thread([this] { run(); });
}

Recorder::~Recorder() {
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  // Without finish(), writer_'s destructor removes the temporary file.
}

void Recorder::run() {
  const size_t ch = static_cast<size_t>(channels_);
  std::vector<float> buf(8192 * ch);  // whole frames (the renderer pushes whole frames)
  bool failed = false;
  for (;;) {
    const bool stopping = stop_.load(std::memory_order_acquire);
    const size_t n = ring_.pop(buf.data(), buf.size());
    if (n == 0) {
      if (stopping) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    if (failed) continue;  // keep draining so the producer never sees a full ring because of us
    try {
      writer_->writer.write_interleaved(buf.data(), static_cast<int64_t>(n / ch));
      frames_written_.fetch_add(static_cast<int64_t>(n / ch), std::memory_order_relaxed);
    } catch (const std::exception& e) {
      error_ = e.what();
      failed = true;
      failed_.store(true, std::memory_order_release);
      std::fprintf(stderr,
                   "\nphonon live: warning: %s; the recording stops here, the music goes on, and `%s` will "
                   "keep the %.1f s written so far\n",
                   error_.c_str(), path_.c_str(), static_cast<double>(frames_written_.load()) / rate_);
    }
  }
}

bool Recorder::finish(std::string* error) {
  if (finished_) return error_.empty();
  finished_ = true;
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  try {
    writer_->writer.commit();
    if (!error_.empty())
      error_ += "; `" + path_ + "` holds the " + std::to_string(frames_written_.load()) + " frames written before it";
  } catch (const std::exception& e) {
    error_ += (error_.empty() ? "" : "; then ") + std::string(e.what());
  }
  if (!error_.empty() && error) *error = "recording `" + path_ + "`: " + error_;
  return error_.empty();
}

// ---------------------------------------------------------------------------------------------------------------
// prepare_program

PreparedProgram::PreparedProgram() = default;
PreparedProgram::PreparedProgram(PreparedProgram&&) noexcept = default;
PreparedProgram& PreparedProgram::operator=(PreparedProgram&&) noexcept = default;
PreparedProgram::~PreparedProgram() = default;

PreparedProgram prepare_program(const Engine& engine, SampleBank& bank, const std::string& name,
                                const std::string& text) {
  PreparedProgram out;
  const auto t0 = std::chrono::steady_clock::now();
  // Whatever the compiler or the sample loader throws stays here: the caller keeps the previous version.
  try {
    CompileResult result = compile_source(std::make_shared<const SourceFile>(name, text), CompileOptions{});
    out.messages = result.diagnostics.render_all();
    if (result.ok()) {
      std::vector<std::string> warnings;
      out.plan = load_plan(engine, bank, result.plan, &warnings);
      for (const auto& w : warnings) out.messages += "warning: " + w + "\n";
    }
  } catch (const std::bad_alloc&) {
    out.plan.reset();
    out.messages += name + ": error: not enough memory to prepare the program\n";
  } catch (const std::exception& e) {
    out.plan.reset();
    out.messages += name + ": error: cannot prepare the program: " + e.what() + "\n";
  } catch (...) {
    out.plan.reset();
    out.messages += name + ": error: cannot prepare the program (unknown exception)\n";
  }
  out.ok = out.plan != nullptr;
  out.compile_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

PreparedProgram prepare_program_guarded(const Engine& engine, SampleBank& bank, const std::string& name,
                                        const std::string& text, const CompileGuardOptions& guard,
                                        const std::atomic<bool>* cancel) {
  const CompileCheck check = check_compile_isolated(name, text, guard, cancel);
  PreparedProgram out;
  switch (check.outcome) {
    case CheckOutcome::Accepted:
    case CheckOutcome::Unavailable:  // no child process: compile unguarded rather than not at all
      out = prepare_program(engine, bank, name, text);
      if (check.outcome == CheckOutcome::Unavailable)
        out.messages =
            "warning: could not start a process to check the program; compiled without the guard\n" + out.messages;
      out.compile_ms += check.ms;
      return out;
    case CheckOutcome::Cancelled: out.cancelled = true; break;
    case CheckOutcome::Rejected:
    case CheckOutcome::Failed:
    case CheckOutcome::TimedOut: out.messages = check.messages; break;
  }
  out.compile_ms = check.ms;
  return out;
}

LiveRenderConfig live_render_config(int max_block, double rate, double duration, Recorder* recorder) {
  LiveRenderConfig rc;
  rc.max_block = max_block;
  rc.rate = rate;
  rc.stop_after_frames = duration > 0 ? static_cast<uint64_t>(std::llround(duration * rate)) : 0;
  rc.record = recorder ? &recorder->ring() : nullptr;
  return rc;
}

bool start_live_playback(Engine& engine, AudioOutput& output, ForwardingSource& forward, const std::string& record_path,
                         int max_block, double rate, double duration, int channels, LivePlayback* playback,
                         std::string* error) {
  if (!record_path.empty()) {
    try {
      playback->recorder = std::make_unique<Recorder>(record_path, rate, 8.0, channels);
    } catch (const std::exception& e) {
      *error = e.what();
      return false;
    }
  }
  playback->renderer =
      std::make_unique<LiveRenderer>(engine, live_render_config(max_block, rate, duration, playback->recorder.get()));
  forward.target = playback->renderer.get();
  return output.start(error);
}

}  // namespace phonon
