// An AudioSource that forwards to another, set later: a device must be opened before the engine can be built (the
// engine needs the rate the device accepted), so the stream opens with this forwarder and the real source is
// attached before the stream starts. Silence until then.
#pragma once
#include <cstddef>
#include <cstring>

#include "runtime/drivers/audio_source.hpp"

namespace phonon {

class ForwardingSource final : public AudioSource {
 public:
  AudioSource* target = nullptr;
  void render(float* out, int frames, int channels) noexcept override {
    if (target) {
      target->render(out, frames, channels);
    } else {
      std::memset(out, 0, sizeof(float) * static_cast<size_t>(frames) * static_cast<size_t>(channels));
    }
  }
};

}  // namespace phonon
