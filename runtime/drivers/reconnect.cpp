#include "runtime/drivers/reconnect.hpp"

namespace phonon {

OutputKeeper::OutputKeeper(AudioOutput& output, AudioSource* source, const AudioOutputConfig& config, unsigned rate)
    : output_(output), source_(source), config_(config), rate_(rate), last_progress_(Clock::now()) {}

OutputKeeper::Report OutputKeeper::poll(Clock::time_point now, bool stopping) {
  Report rep;
  const std::string audio_error = output_.take_error();
  if (!audio_error.empty()) rep.messages.push_back("audio: " + audio_error);

  const AudioOutputStats st = output_.stats();
  if (st.callbacks != last_callbacks_) {
    last_callbacks_ = st.callbacks;
    last_progress_ = now;
  }
  if (!lost_ && (!output_.is_running() || now - last_progress_ > std::chrono::seconds(2))) {
    if (stopping) {
      rep.stop = true;  // the fade cannot finish; nothing is lost by ending now
      return rep;
    }
    lost_ = true;
    next_reopen_ = now + std::chrono::milliseconds(500);
    rep.messages.push_back("error: the audio stream stopped (device lost or audio server gone)");
  }
  if (lost_ && now >= next_reopen_) {
    if (attempts_ >= kMaxAttempts) {
      rep.messages.push_back("error: could not reopen the audio device; stopping");
      rep.stop = rep.failed = true;
      return rep;
    }
    ++attempts_;
    AudioOutputConfig again = config_;
    again.api = output_.api();
    again.device = output_.device_name();
    again.rate = rate_;  // the engine runs at this rate
    output_.close();
    std::string error;
    if (output_.open(again, source_, &error) && output_.start(&error)) {
      lost_ = false;
      attempts_ = 0;
      last_progress_ = Clock::now();
      rep.messages.push_back("reconnected to " + output_.api() + " `" + output_.device_name() + "`");
    } else {
      rep.messages.push_back("reconnecting failed (attempt " + std::to_string(attempts_) + " of " +
                             std::to_string(kMaxAttempts) + "): " + error);
      next_reopen_ = Clock::now() + std::chrono::seconds(1);
    }
  }
  return rep;
}

}  // namespace phonon
