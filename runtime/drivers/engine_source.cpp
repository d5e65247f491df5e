#include "runtime/drivers/engine_source.hpp"

#include <algorithm>
#include <cstddef>

#include "runtime/engine/engine.hpp"

namespace phonon {

void engine_to_device_channels(const float* stereo, int from, int frames, float* out, int channels) {
  if (channels == from) {
    if (out != stereo) std::copy_n(stereo, static_cast<size_t>(frames) * static_cast<size_t>(from), out);
    return;
  }
  const size_t ch = static_cast<size_t>(channels);
  if (from != 2) {
    const size_t fc = static_cast<size_t>(from);
    for (size_t i = 0; i < static_cast<size_t>(frames); ++i)
      for (size_t c = 0; c < ch; ++c) out[i * ch + c] = c < fc ? stereo[i * fc + c] : 0.0f;
    return;
  }
  for (int i = 0; i < frames; ++i) {
    const float mono = 0.5f * (stereo[2 * i] + stereo[2 * i + 1]);
    for (size_t c = 0; c < ch; ++c) out[static_cast<size_t>(i) * ch + c] = mono;
  }
}

EngineSource::EngineSource(Engine& engine)
    : engine_(engine),
      max_block_(std::max(1, engine.options().max_block)),
      channels_(engine.options().channels),
      scratch_(static_cast<size_t>(max_block_) * static_cast<size_t>(channels_), 0.0f) {}

void EngineSource::render(float* out, int frames, int channels) noexcept {
  for (int pos = 0; pos < frames;) {
    const int n = std::min(max_block_, frames - pos);
    float* o = out + static_cast<size_t>(pos) * static_cast<size_t>(channels);
    float* dst = channels == channels_ ? o : scratch_.data();
    engine_.process(dst, n);
    engine_to_device_channels(dst, channels_, n, o, channels);
    pos += n;
  }
}

}  // namespace phonon
