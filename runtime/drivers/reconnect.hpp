// Device-reconnection policy for a live output: notices a stream that stopped (the API stopped it, e.g. the JACK
// server went away, or no buffer was served for 2 s) and reopens the same API and device at the engine's rate,
// up to kMaxAttempts times in a row (the first 0.5 s after the loss, then 1 s apart). Control thread only.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "runtime/drivers/audio_output.hpp"

namespace phonon {

class OutputKeeper {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kMaxAttempts = 5;

  // `output` is open and started with `config` and `source`; `rate` is the rate the engine runs at.
  OutputKeeper(AudioOutput& output, AudioSource* source, const AudioOutputConfig& config, unsigned rate);

  struct Report {
    std::vector<std::string> messages;  // for the user, one line each (without a trailing newline)
    bool stop = false;                  // end playing: the stream is lost while stopping, or reopening failed
    bool failed = false;                // with stop: reopening failed (an error exit)
  };
  // Call every few tens of milliseconds. `stopping`: the player is fading out; a stream lost then just ends.
  Report poll(Clock::time_point now, bool stopping);

 private:
  AudioOutput& output_;
  AudioSource* source_;
  AudioOutputConfig config_;
  unsigned rate_;
  uint64_t last_callbacks_ = 0;
  Clock::time_point last_progress_;
  Clock::time_point next_reopen_;
  bool lost_ = false;
  int attempts_ = 0;
};

}  // namespace phonon
