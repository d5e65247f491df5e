// A device output: a stream that pulls interleaved float frames from an AudioSource on the audio API's thread
// (its clock). Backend-neutral: the one implementation today is RtAudio's (runtime/drivers/backend_rtaudio.cpp);
// another backend implements this header in its own file.
//
// Threading contract: open/start/stop/close and the queries run on one control thread. AudioSource::render runs
// on the API's audio thread; the backend around it only reads the clock, updates atomics and never allocates,
// locks, logs or throws. stats(), reset_load() and take_error() may be called from any thread.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/drivers/audio_source.hpp"

namespace phonon {

struct AudioDevice {
  std::string api;  // "jack", "pulse", "alsa", ... (the backend's short API name)
  unsigned id = 0;  // the device's index within its API
  std::string name;
  int output_channels = 0;
  std::vector<unsigned> sample_rates;
  unsigned preferred_rate = 0;
  bool is_default_output = false;
};

// The APIs the backend was built with, in the order `phonon live` tries them: jack, pulse, alsa, then the others.
std::vector<std::string> audio_apis();
// Devices of `api` with at least one output channel. If the API cannot be opened or probed (e.g. no JACK
// server) the list is empty and *error (if not null) says why; never throws. Unless `verbose`, what the audio
// libraries print to stderr while probing (ALSA's "cannot find card" lines etc.) is suppressed.
std::vector<AudioDevice> list_output_devices(const std::string& api, std::string* error, bool verbose = false);

struct AudioOutputConfig {
  std::string api;       // empty: the first API (audio_apis() order) that has an output device
  std::string device;    // empty: the API's default output; digits: a device id; otherwise part of a device name
  unsigned rate = 0;     // 0: 44100 if the device supports it, else its preferred rate
  unsigned block = 512;  // requested buffer size; the API may choose another (JACK uses the server's period)
  int channels = 2;      // output channels (2: stereo, or mono on a one-channel device; more: the device must
                         // have them)
  std::string client_name = "phonon";  // JACK client name
  bool verbose = false;                // let the audio libraries print their probing messages to stderr
};

struct AudioOutputStats {
  uint64_t callbacks = 0;  // device buffers served
  uint64_t frames = 0;     // frames served
  uint64_t underruns = 0;  // buffers the API flagged as underflowed
  // Load: time in render() / the buffers' duration, since the last reset_load() (runtime/drivers/buffer_load.hpp).
  double load_mean = 0.0;
  uint64_t load_buffers = 0;  // the buffers load_mean is over
  double load_p99 = 0.0;      // 99 % of the buffers took at most this
  double load_worst = 0.0;    // the worst single buffer
  uint64_t late_buffers = 0;  // buffers whose render() took longer than the buffer lasts
};

class AudioOutput {
 public:
  AudioOutput();
  ~AudioOutput();  // closes the stream
  AudioOutput(const AudioOutput&) = delete;
  AudioOutput& operator=(const AudioOutput&) = delete;

  // Opens (does not start) a float32 interleaved stream of config.channels channels (stereo by default, mono if
  // that is all the device has).
  // `source` must outlive the stream. Returns false with a user-facing message in *error.
  bool open(const AudioOutputConfig& config, AudioSource* source, std::string* error);
  bool start(std::string* error);
  // Stops (waiting for the current buffer) and closes the stream; safe to call when not open.
  void close();

  bool is_open() const;
  bool is_running() const;  // false after the API stopped the stream by itself (e.g. JACK server shut down)
  unsigned rate() const;
  unsigned buffer_frames() const;  // the buffer size the API chose
  int channels() const;
  const std::string& api() const;
  const std::string& device_name() const;

  AudioOutputStats stats() const;
  void reset_load();
  // The last error or warning the API reported asynchronously (stream errors, device loss), then clears it;
  // empty if none. (With RtAudio, whose error callback carries no user pointer, this report is shared by all
  // streams of the process.)
  std::string take_error();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace phonon
