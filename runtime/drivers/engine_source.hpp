// The engine as an AudioSource: any buffer a driver's clock asks for is rendered in engine blocks of at most
// max_block frames (so a driver sees the same block sequence as `phonon render --block max_block` whenever its
// buffers are multiples of max_block), and the engine's stereo goes to the driver's N channels.
#pragma once
#include <vector>

#include "runtime/drivers/audio_source.hpp"

namespace phonon {

class Engine;

// Stereo to `channels` interleaved channels: 2 as is; otherwise every channel gets the mono sum (L + R) / 2.
void stereo_to_channels(const float* stereo, int frames, float* out, int channels);

class EngineSource final : public AudioSource {
 public:
  explicit EngineSource(Engine& engine);  // allocates one stereo block of scratch
  void render(float* out, int frames, int channels) noexcept override;

 private:
  Engine& engine_;
  int max_block_;
  std::vector<float> scratch_;  // one stereo block, for outputs with other than 2 channels
};

}  // namespace phonon
