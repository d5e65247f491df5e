#include <fcntl.h>
#include <rtaudio/RtAudio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>

#include "runtime/drivers/audio_output.hpp"
#include "runtime/drivers/buffer_load.hpp"

namespace phonon {

namespace {

// RtAudio's error callback is a plain function pointer without user data, so the asynchronous error report has to
// live in static storage. It holds at most one pending message; later ones are dropped until it is taken.
// 0 = empty, 1 = being written, 2 = ready.
std::atomic<int> g_error_state{0};
char g_error_text[512];

void on_rtaudio_error(RtAudioError::Type type, const std::string& text) {
  int expected = 0;
  if (!g_error_state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) return;
  std::snprintf(g_error_text, sizeof g_error_text, "%s%s", type == RtAudioError::WARNING ? "warning: " : "",
                text.c_str());
  g_error_state.store(2, std::memory_order_release);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim_rtaudio_message(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.erase(s.begin());
  return s;
}

// While probing, ALSA and JACK libraries print their own noise to stderr (e.g. "ALSA lib confmisc.c: cannot find
// card '0'") for every missing card or server; the caller gets a one-line reason instead. Redirects fd 2 to
// /dev/null for its lifetime unless `keep`. Only used on the control thread, before and between streams.
class QuietStderr {
 public:
  explicit QuietStderr(bool keep) {
    if (keep) return;
    std::fflush(stderr);
    saved_ = ::dup(2);
    const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved_ >= 0 && null_fd >= 0) ::dup2(null_fd, 2);
    if (null_fd >= 0) ::close(null_fd);
  }
  ~QuietStderr() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
  }
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

 private:
  int saved_ = -1;
};

std::string no_device_reason(const std::string& api) {
  if (api == "jack") return "no JACK server running (or it has no playback ports)";
  if (api == "pulse") return "no PulseAudio server";
  if (api == "alsa") return "no sound card";
  return "no output device";
}

bool api_from_name(const std::string& name, RtAudio::Api* api) {
  std::vector<RtAudio::Api> apis;
  RtAudio::getCompiledApi(apis);
  for (auto a : apis) {
    if (RtAudio::getApiName(a) == lower(name)) {
      *api = a;
      return true;
    }
  }
  return false;
}

std::vector<RtAudio::Api> ordered_apis() {
  std::vector<RtAudio::Api> compiled;
  RtAudio::getCompiledApi(compiled);
  std::vector<RtAudio::Api> out;
  for (auto want : {RtAudio::UNIX_JACK, RtAudio::LINUX_PULSE, RtAudio::LINUX_ALSA}) {
    if (std::find(compiled.begin(), compiled.end(), want) != compiled.end()) out.push_back(want);
  }
  for (auto a : compiled) {
    if (a == RtAudio::RTAUDIO_DUMMY) continue;
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  return out;
}

std::unique_ptr<RtAudio> make_rtaudio(RtAudio::Api api, std::string* error) {
  try {
    auto rt = std::make_unique<RtAudio>(api);
    rt->showWarnings(false);
    return rt;
  } catch (const std::exception& e) {
    if (error) *error = trim_rtaudio_message(e.what());
    return nullptr;
  }
}

std::vector<AudioDevice> list_devices(RtAudio& rt, const std::string& api_name, std::string* error) {
  std::vector<AudioDevice> out;
  try {
    const unsigned count = rt.getDeviceCount();
    for (unsigned i = 0; i < count; ++i) {
      RtAudio::DeviceInfo info = rt.getDeviceInfo(i);
      if (!info.probed || info.outputChannels == 0) continue;
      AudioDevice d;
      d.api = api_name;
      d.id = i;
      d.name = info.name;
      d.output_channels = static_cast<int>(info.outputChannels);
      d.sample_rates = info.sampleRates;
      d.preferred_rate = info.preferredSampleRate;
      d.is_default_output = info.isDefaultOutput;
      out.push_back(std::move(d));
    }
    if (out.empty() && error) *error = no_device_reason(api_name);
  } catch (const std::exception& e) {
    if (error) *error = trim_rtaudio_message(e.what());
    out.clear();
  }
  return out;
}

bool is_number(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

std::vector<std::string> audio_apis() {
  std::vector<std::string> out;
  for (auto a : ordered_apis()) out.push_back(RtAudio::getApiName(a));
  return out;
}

std::vector<AudioDevice> list_output_devices(const std::string& api, std::string* error, bool verbose) {
  RtAudio::Api id;
  if (!api_from_name(api, &id)) {
    if (error) *error = "audio API `" + api + "` is not available in this build";
    return {};
  }
  QuietStderr quiet(verbose);
  auto rt = make_rtaudio(id, error);
  if (!rt) return {};
  return list_devices(*rt, api, error);
}

struct AudioOutput::Impl {
  std::unique_ptr<RtAudio> rt;
  AudioSource* source = nullptr;
  std::string api;
  std::string device_name;
  unsigned rate = 0;
  unsigned buffer_frames = 0;
  int channels = 0;
  double ns_per_frame = 0.0;

  // Written by the audio thread only.
  std::atomic<uint64_t> callbacks{0};
  std::atomic<uint64_t> frames{0};
  std::atomic<uint64_t> underruns{0};
  BufferLoad load;
  // Set by any thread, consumed by the audio thread.
  std::atomic<bool> reset_requested{false};

  static int callback(void* out, void*, unsigned int nframes, double, RtAudioStreamStatus status, void* user) {
    auto* self = static_cast<Impl*>(user);
    if (status & RTAUDIO_OUTPUT_UNDERFLOW) self->underruns.fetch_add(1, std::memory_order_relaxed);
    if (self->reset_requested.exchange(false, std::memory_order_acquire)) self->load.reset();
    const auto t0 = std::chrono::steady_clock::now();
    self->source->render(static_cast<float*>(out), static_cast<int>(nframes), self->channels);
    const auto t1 = std::chrono::steady_clock::now();
    const double busy = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    self->load.add(busy, self->ns_per_frame * nframes);
    self->frames.fetch_add(nframes, std::memory_order_relaxed);
    self->callbacks.fetch_add(1, std::memory_order_release);
    return 0;
  }

  bool try_open(RtAudio::Api api_id, const AudioOutputConfig& config, std::string* error) {
    const std::string api_name = RtAudio::getApiName(api_id);
    std::string why;
    std::vector<AudioDevice> devices;
    {
      QuietStderr quiet(config.verbose);
      rt = make_rtaudio(api_id, &why);
      if (rt) devices = list_devices(*rt, api_name, &why);
    }
    if (!rt) {
      *error = api_name + ": " + why;
      return false;
    }
    if (devices.empty()) {
      *error = api_name + ": " + (why.empty() ? no_device_reason(api_name) : why);
      rt.reset();
      return false;
    }
    const AudioDevice* dev = nullptr;
    if (config.device.empty()) {
      for (const auto& d : devices)
        if (d.is_default_output) dev = &d;
      if (!dev) dev = &devices.front();
    } else if (is_number(config.device)) {
      const unsigned want = static_cast<unsigned>(std::stoul(config.device));
      for (const auto& d : devices)
        if (d.id == want) dev = &d;
      if (!dev) {
        *error = api_name + ": no output device with id " + config.device + " (`phonon devices` lists them)";
        rt.reset();
        return false;
      }
    } else {
      for (const auto& d : devices)
        if (!dev && lower(d.name).find(lower(config.device)) != std::string::npos) dev = &d;
      if (!dev) {
        *error = api_name + ": no output device named like `" + config.device + "` (`phonon devices` lists them)";
        rt.reset();
        return false;
      }
    }
    unsigned want_rate = config.rate;
    const auto& rates = dev->sample_rates;
    auto supports = [&](unsigned r) {
      return rates.empty() || std::find(rates.begin(), rates.end(), r) != rates.end();
    };
    if (want_rate == 0) {
      if (supports(44100)) want_rate = 44100;
      else if (dev->preferred_rate) want_rate = dev->preferred_rate;
      else want_rate = rates.front();
    } else if (!supports(want_rate)) {
      std::string list;
      for (unsigned r : rates) list += (list.empty() ? "" : ", ") + std::to_string(r);
      *error = api_name + ": device `" + dev->name + "` does not support " + std::to_string(want_rate) +
               " Hz (it supports " + list + ")";
      rt.reset();
      return false;
    }

    RtAudio::StreamParameters params;
    params.deviceId = dev->id;
    if (config.channels > 2 && dev->output_channels < config.channels) {
      *error = api_name + ": device `" + dev->name + "` has " + std::to_string(dev->output_channels) +
               " output channels, fewer than the " + std::to_string(config.channels) + " asked for (--channels)";
      rt.reset();
      return false;
    }
    params.nChannels = static_cast<unsigned>(std::min(std::max(2, config.channels), dev->output_channels));
    params.firstChannel = 0;
    RtAudio::StreamOptions options;
    options.flags = RTAUDIO_SCHEDULE_REALTIME;
    options.priority = 70;
    options.streamName = config.client_name;
    unsigned frames_req = std::max(1u, config.block);
    // Clear a stale asynchronous report so that take_error() only returns this stream's problems.
    int ready = 2;
    g_error_state.compare_exchange_strong(ready, 0);
    try {
      QuietStderr quiet(config.verbose);
      rt->openStream(&params, nullptr, RTAUDIO_FLOAT32, want_rate, &frames_req, &Impl::callback, this, &options,
                     &on_rtaudio_error);
    } catch (const std::exception& e) {
      *error = api_name + ": cannot open `" + dev->name + "`: " + trim_rtaudio_message(e.what());
      rt.reset();
      return false;
    }
    if (!rt->isStreamOpen()) {
      *error = api_name + ": cannot open `" + dev->name + "`";
      rt.reset();
      return false;
    }
    api = api_name;
    device_name = dev->name;
    rate = want_rate;
    try {
      rate = rt->getStreamSampleRate();
    } catch (const std::exception&) {
    }
    buffer_frames = frames_req;
    channels = static_cast<int>(params.nChannels);
    ns_per_frame = 1e9 / rate;
    return true;
  }
};

AudioOutput::AudioOutput() : impl_(std::make_unique<Impl>()) {}
AudioOutput::~AudioOutput() { close(); }

bool AudioOutput::open(const AudioOutputConfig& config, AudioSource* source, std::string* error) {
  close();
  impl_->source = source;
  std::string err;
  if (!config.api.empty()) {
    RtAudio::Api id;
    if (!api_from_name(config.api, &id)) {
      std::string list;
      for (const auto& a : audio_apis()) list += (list.empty() ? "" : ", ") + a;
      if (error) *error = "unknown audio API `" + config.api + "` (available: " + list + ")";
      return false;
    }
    if (impl_->try_open(id, config, &err)) return true;
    if (error) *error = err;
    return false;
  }
  std::string all;
  for (auto id : ordered_apis()) {
    if (impl_->try_open(id, config, &err)) return true;
    all += (all.empty() ? "" : "; ") + err;
  }
  if (error) *error = "no audio output device could be opened (" + all + ")";
  return false;
}

bool AudioOutput::start(std::string* error) {
  if (!impl_->rt || !impl_->rt->isStreamOpen()) {
    if (error) *error = "no open stream";
    return false;
  }
  try {
    impl_->rt->startStream();
  } catch (const std::exception& e) {
    if (error) *error = impl_->api + ": cannot start the stream: " + trim_rtaudio_message(e.what());
    return false;
  }
  return true;
}

void AudioOutput::close() {
  if (!impl_->rt) return;
  try {
    if (impl_->rt->isStreamRunning()) impl_->rt->stopStream();
  } catch (const std::exception&) {
  }
  try {
    if (impl_->rt->isStreamOpen()) impl_->rt->closeStream();
  } catch (const std::exception&) {
  }
  impl_->rt.reset();
}

bool AudioOutput::is_open() const { return impl_->rt && impl_->rt->isStreamOpen(); }
bool AudioOutput::is_running() const { return impl_->rt && impl_->rt->isStreamRunning(); }
unsigned AudioOutput::rate() const { return impl_->rate; }
unsigned AudioOutput::buffer_frames() const { return impl_->buffer_frames; }
int AudioOutput::channels() const { return impl_->channels; }
const std::string& AudioOutput::api() const { return impl_->api; }
const std::string& AudioOutput::device_name() const { return impl_->device_name; }

AudioOutputStats AudioOutput::stats() const {
  AudioOutputStats s;
  s.callbacks = impl_->callbacks.load(std::memory_order_acquire);
  s.frames = impl_->frames.load(std::memory_order_relaxed);
  s.underruns = impl_->underruns.load(std::memory_order_relaxed);
  const BufferLoadSnapshot load = impl_->load.snapshot();
  s.load_mean = load.mean;
  s.load_buffers = load.buffers;
  s.load_p99 = load.p99;
  s.load_worst = load.worst;
  s.late_buffers = load.late;
  return s;
}

void AudioOutput::reset_load() { impl_->reset_requested.store(true, std::memory_order_release); }

std::string AudioOutput::take_error() {
  if (g_error_state.load(std::memory_order_acquire) != 2) return {};
  std::string s = trim_rtaudio_message(g_error_text);
  g_error_state.store(0, std::memory_order_release);
  return s;
}

}  // namespace phonon
