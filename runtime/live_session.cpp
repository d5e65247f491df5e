#include "runtime/live_session.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <stdexcept>

#include "compiler/compile.hpp"
#include "runtime/audio_file.hpp"
#include "runtime/engine.hpp"
#include "runtime/load.hpp"
#include "runtime/loaded_plan.hpp"
#include "runtime/sample_bank.hpp"

namespace phonon {

// ---------------------------------------------------------------------------------------------------------------
// LiveRenderer

LiveRenderer::LiveRenderer(Engine& engine, const LiveRenderConfig& config)
    : engine_(engine), config_(config), scratch_(static_cast<size_t>(std::max(1, config.max_block)) * 2, 0.0f) {
  config_.max_block = std::max(1, config_.max_block);
  fade_frames_ = std::max<int64_t>(1, static_cast<int64_t>(config_.fade_seconds * config_.rate + 0.5));
  recording_ = config_.record != nullptr;
}

void LiveRenderer::render(float* out, int frames, int channels) noexcept {
  int pos = 0;
  if (!finished_.load(std::memory_order_relaxed)) {
    if (fade_pos_ < 0 && stop_requested_.load(std::memory_order_acquire)) fade_pos_ = 0;
    uint64_t played = frames_played_.load(std::memory_order_relaxed);
    bool done = false;
    while (pos < frames && !done) {
      int n = std::min(config_.max_block, frames - pos);
      if (config_.stop_after_frames && !duration_reached_.load(std::memory_order_relaxed)) {
        const uint64_t left = config_.stop_after_frames > played ? config_.stop_after_frames - played : 0;
        if (left == 0) {
          duration_reached_.store(true, std::memory_order_release);
          recording_ = false;  // the recording is exactly stop_after_frames long
          if (fade_pos_ < 0) fade_pos_ = 0;
        } else {
          n = static_cast<int>(std::min<uint64_t>(static_cast<uint64_t>(n), left));
        }
      }
      float* dst = channels == 2 ? out + static_cast<size_t>(pos) * 2 : scratch_.data();
      engine_.process(dst, n);
      if (fade_pos_ >= 0) {
        for (int i = 0; i < n; ++i) {
          const double g = std::max(0.0, 1.0 - static_cast<double>(fade_pos_ + i + 1) / static_cast<double>(fade_frames_));
          dst[2 * i] = static_cast<float>(dst[2 * i] * g);
          dst[2 * i + 1] = static_cast<float>(dst[2 * i + 1] * g);
        }
        fade_pos_ += n;
        if (fade_pos_ >= fade_frames_) done = true;
      }
      if (recording_) {
        SpscRing<float>& ring = *config_.record;
        const size_t values = static_cast<size_t>(n) * 2;
        if (ring.write_available() >= values) {
          ring.push(dst, values);
          frames_recorded_.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
        } else {
          frames_dropped_.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
        }
      }
      if (channels != 2) {
        float* o = out + static_cast<size_t>(pos) * static_cast<size_t>(channels);
        for (int i = 0; i < n; ++i) {
          const float mono = 0.5f * (dst[2 * i] + dst[2 * i + 1]);
          for (int c = 0; c < channels; ++c) o[static_cast<size_t>(i) * static_cast<size_t>(channels) + static_cast<size_t>(c)] = mono;
        }
      }
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
  WriterHolder(const std::string& path, double rate) : writer(path, rate, 2, SampleFormat::Float32) {}
};

Recorder::Recorder(const std::string& path, double rate, double ring_seconds)
    : path_(path), ring_(static_cast<size_t>(std::max(1.0, ring_seconds * rate)) * 2) {
  writer_ = std::make_unique<WriterHolder>(path, rate);
  thread_ = std::thread([this] { run(); });
}

Recorder::~Recorder() {
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  // Without finish(), writer_'s destructor removes the temporary file.
}

void Recorder::run() {
  std::vector<float> buf(8192 * 2);  // an even count: frames stay whole
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
      writer_->writer.write_interleaved(buf.data(), static_cast<int64_t>(n / 2));
      frames_written_.fetch_add(static_cast<int64_t>(n / 2), std::memory_order_relaxed);
    } catch (const std::exception& e) {
      error_ = e.what();
      failed = true;
    }
  }
}

bool Recorder::finish(std::string* error) {
  if (finished_) return error_.empty();
  finished_ = true;
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  if (error_.empty()) {
    try {
      writer_->writer.commit();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
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
                                const std::string& text,
                                const std::vector<std::shared_ptr<const SourceFile>>& definitions) {
  PreparedProgram out;
  const auto t0 = std::chrono::steady_clock::now();
  CompileOptions options;
  options.definitions = definitions;
  CompileResult result = compile_source(std::make_shared<const SourceFile>(name, text), options);
  out.messages = result.diagnostics.render_all();
  if (result.ok()) {
    std::vector<std::string> warnings;
    try {
      out.plan = load_plan(engine, bank, result.plan, &warnings);
    } catch (const std::exception& e) {
      out.messages += name + ": error: cannot prepare the program: " + e.what() + "\n";
    }
    for (const auto& w : warnings) out.messages += "warning: " + w + "\n";
    out.ok = out.plan != nullptr;
  }
  out.compile_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace phonon
