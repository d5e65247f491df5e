// Output routing: which output channels a voice, an orbit's effects and the plan's outputs sound on. As in
// SuperDirt's `~dirt.start(57120, [0, 2, 4, …])`, each orbit owns a channel pair starting at its first channel
// (orbit k on 2k and 2k + 1 by default), an orbit number beyond the list wraps (SuperDirt's orbits.wrapAt), and
// `channel c` moves a voice c channels up from its orbit's first (SuperDirt adds channel / numChannels to the
// pan). A pair's right channel wraps to channel 0 past the last. The plan's outputs (and the voices that reach
// them, see runtime/engine/mixer.cpp) sound on orbit 0's pair.
#pragma once
#include <vector>

namespace phonon {

class Routing {
 public:
  // channels >= 2; orbit_first: each orbit's first channel (empty: 0, 2, 4, … for channels / 2 orbits). The
  // caller has checked every entry is in [0, channels).
  Routing(int channels, const std::vector<int>& orbit_first) : channels_(channels < 2 ? 2 : channels) {
    if (orbit_first.empty())
      for (int c = 0; c + 1 < channels_; c += 2) first_.push_back(c);
    else first_ = orbit_first;
  }
  int channels() const { return channels_; }
  int orbits() const { return static_cast<int>(first_.size()); }
  // The first channel of a voice on `orbit` with SuperDirt's `channel` control `shift`.
  int first_channel(int orbit, int shift) const {
    const int n = orbits();
    const int o = ((orbit % n) + n) % n;
    return (((first_[o] + shift) % channels_) + channels_) % channels_;
  }
  int right_of(int first) const { return first + 1 < channels_ ? first + 1 : 0; }
  // Where the plan's outputs sound: orbit 0's pair.
  int main_first() const { return first_[0]; }

 private:
  int channels_;
  std::vector<int> first_;
};

}  // namespace phonon
