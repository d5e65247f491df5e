// What every driver pulls frames from: a device output on its audio thread (runtime/drivers/audio_output.hpp) or
// the offline clock of `phonon render` and `phonon bench` (runtime/drivers/offline.hpp).
#pragma once

namespace phonon {

// Called for every buffer the driver's clock asks for: write `frames` interleaved frames of `channels` channels
// into `out`. On a device's audio thread, so it must not allocate, lock, do I/O or throw.
class AudioSource {
 public:
  virtual ~AudioSource() = default;
  virtual void render(float* out, int frames, int channels) noexcept = 0;
};

}  // namespace phonon
