#include "runtime/drivers/offline.hpp"

#include <algorithm>
#include <cstddef>

namespace phonon {

OfflineDriver::OfflineDriver(AudioSource& source, int block, int channels)
    : source_(source),
      block_(std::max(1, block)),
      channels_(std::max(1, channels)),
      buf_(static_cast<size_t>(block_) * static_cast<size_t>(channels_), 0.0f) {}

void OfflineDriver::run(int64_t total, OfflineConsumer& consumer) {
  for (int64_t done = 0; done < total;) {
    const int n = static_cast<int>(std::min<int64_t>(block_, total - done));
    consumer.before_block(n);
    source_.render(buf_.data(), n, channels_);
    consumer.after_block(buf_.data(), n, channels_, done);
    done += n;
  }
}

}  // namespace phonon
