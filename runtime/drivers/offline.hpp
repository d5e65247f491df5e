// The offline clock: `phonon render` and `phonon bench` pull an AudioSource (usually an EngineSource) block by
// block as fast as the consumer takes the frames, instead of at a device's pace. Each block has at most `block`
// frames; the last one is shorter when `total` is not a multiple.
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/drivers/audio_source.hpp"

namespace phonon {

// Receives the offline blocks. Throwing from a hook stops the run (the exception propagates).
class OfflineConsumer {
 public:
  virtual ~OfflineConsumer() = default;
  virtual void before_block(int /*frames*/) {}
  // `frames` interleaved frames of `channels` channels, starting at frame `first` of the run.
  virtual void after_block(const float* interleaved, int frames, int channels, int64_t first) = 0;
};

class OfflineDriver {
 public:
  OfflineDriver(AudioSource& source, int block, int channels = 2);
  // Renders `total` frames through the consumer.
  void run(int64_t total, OfflineConsumer& consumer);
  int channels() const { return channels_; }

 private:
  AudioSource& source_;
  int block_;
  int channels_;
  std::vector<float> buf_;
};

}  // namespace phonon
