// The engine: runs a compiled Plan block by block. One engine serves both backends (file render and live
// audio). The audio thread only calls process(); everything that allocates happens in prepare().
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace phonon {

struct Plan;
class Outbound;  // events that leave Phonon (runtime/outbound/outbound.hpp)
class SampleBank;
class LoadedPlan;      // a Plan with its voices, buffers and scratch allocated (runtime/engine/loaded_plan.hpp)
class ExternalEvents;  // events from outside the program (runtime/engine/external_events.hpp)

struct EngineOptions {
  double rate = 44100.0;
  int max_block = 512;    // process() is never called with more frames than this
  int threads = 1;        // OpenMP threads used for voices and stripes
  bool limiter = true;    // output limiter, SuperDirt's look-ahead Limiter (--no-limit turns it off)
  int max_voices = 4096;  // voices sounding at once; beyond it the oldest is stolen with a short fade
  int channels = 2;       // output channels: process() writes this many interleaved (runtime/engine/routing.hpp)
  std::vector<int> orbit_channels;  // each orbit's first channel; empty: 0, 2, 4, … (channels / 2 orbits)
  Outbound* outbound = nullptr;     // MIDI/OSC targets: their events go there instead of (or besides) sounding
  bool stamp_blocks = false;        // record when each process() call starts (block_stamp(): Ableton Link)
};

enum class SwapMode { NextCycle, Now };

struct EngineStats {
  double cycle = 0.0;  // cycle position at the end of the last block
  double cps = 0.5;
  int voices = 0;                   // voices sounding after the last block
  int voices_max = 0;               // most voices sounding at once since start (a voice shorter than a block counts)
  uint64_t frames = 0;              // frames rendered since start
  uint64_t swaps = 0;               // plans swapped in
  double swap_cycle = 0.0;          // the exact cycle at which the last of them took over
  uint64_t nan_voices = 0;          // voices silenced because they produced NaN/Inf
  uint64_t jumps = 0;               // jumps of the cycle position taken (request_jump)
  double jump_from = 0.0;           // the cycle the clock left at the last jump
  uint64_t plan_tempo_changes = 0;  // plans swapped in with a tempo of their own (`setcps`, `cps:`)
  double plan_cps = 0.5;            // the tempo of the last of them
};

class Engine {
 public:
  explicit Engine(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Off the audio thread: allocate everything the plan needs. The bank must outlive the returned object and
  // already hold every sample the plan names (compile + preload first).
  std::unique_ptr<LoadedPlan> prepare(std::shared_ptr<const Plan> plan, const SampleBank& bank) const;

  // Install the first plan (not concurrently with process()).
  void start(std::unique_ptr<LoadedPlan> plan);
  // Lock-free hand-over from a non-audio thread: the engine swaps at the next cycle boundary (or the next
  // block with SwapMode::Now). A plan handed over before the previous one was taken replaces it.
  void schedule_swap(std::unique_ptr<LoadedPlan> plan, SwapMode mode);
  // Non-audio thread: frees plans the audio thread has retired. Call periodically.
  void collect_garbage();
  // Non-audio thread (the one that calls collect_garbage): queries the patterns' next cycles ahead of the audio
  // thread, so that in steady state the callback neither queries patterns nor allocates. Call it several times
  // per cycle (e.g. every 20 ms). Rendering without it gives the same output (the engine then queries itself).
  void prefetch();

  // Any non-audio thread: clock control from outside the program (runtime/engine/clock_control.hpp), applied at
  // the start of the next block. request_cps changes the tempo and keeps the cycle position; a plan swapped in
  // later sets its own tempo only if it differs from the plan it replaces. request_jump moves the cycle
  // position: to `cycle` at frame `at_frame` (a frame to come: exactly there, the block is split; a frame
  // passed: extrapolated to the block that takes it), or with at_frame < 0 to `cycle` at the first frame of the
  // next block. Sounding voices go on; the cycles queried ahead are queried again
  // (the prefetching thread primes the target cycle first, so with prefetch() running the jump waits for its
  // next call). Both return false for a value that is not a finite number in range (cps in (0, 1000], cycle in
  // [0, 1e6]).
  bool request_cps(double cps);
  // How many of EngineOptions::threads the next blocks may use (clamped to 1..threads; at start, all of them).
  // Live mode moves it with the measured load (runtime/live/thread_policy.hpp). The output does not depend on it.
  void set_active_threads(int n);
  int active_threads() const;
  bool request_jump(double cycle, int64_t at_frame = -1);

  // `phonon dirt`: events from outside (OSC) also start voices, at their own frames, through the same voice path
  // as the plan's events; their voices mix straight into the master. Call before start(); `events` must
  // outlive the engine's use of it (null: none).
  void set_external_events(ExternalEvents* events);

  // Audio thread: render `frames` (<= max_block) interleaved frames of options().channels channels (2: stereo).
  // No allocation, lock or I/O.
  void process(float* interleaved, int frames);

  // Frames by which the output lags the events: the output limiter's look-ahead (2 x 441 frames at 44.1 kHz, as
  // SuperDirt's; 0 with the limiter off). An offline render drops them from the start of its file.
  int output_latency() const;

  // Any thread, with EngineOptions::stamp_blocks: the first frame of the latest process() call and the
  // steady_clock time (ns since its epoch) at which that call began; false before the first. Once the caller
  // marks device buffers, only the first call of each buffer is stamped.
  bool block_stamp(int64_t* frame, int64_t* steady_ns) const;
  // Audio thread, before the process() calls of one device buffer (runtime/live/live_session.cpp).
  void mark_device_buffer();

  EngineStats stats() const;  // safe from any thread (values are read atomically, possibly one block old)
  const EngineOptions& options() const { return options_; }

 private:
  struct Impl;
  EngineOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace phonon
