#include "runtime/drivers/engine_source.hpp"

#include <algorithm>
#include <cstddef>

#include "runtime/engine/engine.hpp"

namespace phonon {

void stereo_to_channels(const float* stereo, int frames, float* out, int channels) {
  if (channels == 2) {
    if (out != stereo) std::copy_n(stereo, static_cast<size_t>(frames) * 2, out);
    return;
  }
  const size_t ch = static_cast<size_t>(channels);
  for (int i = 0; i < frames; ++i) {
    const float mono = 0.5f * (stereo[2 * i] + stereo[2 * i + 1]);
    for (size_t c = 0; c < ch; ++c) out[static_cast<size_t>(i) * ch + c] = mono;
  }
}

EngineSource::EngineSource(Engine& engine)
    : engine_(engine),
      max_block_(std::max(1, engine.options().max_block)),
      scratch_(static_cast<size_t>(max_block_) * 2, 0.0f) {}

void EngineSource::render(float* out, int frames, int channels) noexcept {
  for (int pos = 0; pos < frames;) {
    const int n = std::min(max_block_, frames - pos);
    float* o = out + static_cast<size_t>(pos) * static_cast<size_t>(channels);
    float* dst = channels == 2 ? o : scratch_.data();
    engine_.process(dst, n);
    stereo_to_channels(dst, n, o, channels);
    pos += n;
  }
}

}  // namespace phonon
