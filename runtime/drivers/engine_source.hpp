// The engine as an AudioSource: any buffer a driver's clock asks for is rendered in engine blocks of at most
// max_block frames (so a driver sees the same block sequence as `phonon render --block max_block` whenever its
// buffers are multiples of max_block), and the engine's stereo goes to the driver's N channels.
#pragma once
#include <vector>

#include "runtime/drivers/audio_source.hpp"

namespace phonon {

class Engine;

// The engine's `from` interleaved channels to a device's `channels`: the same count as is; stereo to another
// count: every channel gets the mono sum (L + R) / 2; otherwise channel c of the engine to channel c of the device,
// the device's extra channels silent (a device with fewer channels than asked for is an error when it opens).
void engine_to_device_channels(const float* in, int from, int frames, float* out, int channels);

class EngineSource final : public AudioSource {
 public:
  explicit EngineSource(Engine& engine);  // allocates one block of the engine's channels of scratch
  void render(float* out, int frames, int channels) noexcept override;

 private:
  Engine& engine_;
  int max_block_;
  int channels_;                // the engine's
  std::vector<float> scratch_;  // one block, for outputs with other than the engine's channel count
};

}  // namespace phonon
