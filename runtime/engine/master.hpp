// The master: the plan's outputs summed in a fixed order (an output that produced NaN/Inf is silenced), the voices
// of replaced plans, the orbits' global reverb and delay, then the NaN guard, the soft limiter and the interleaved
// stereo the driver receives. Audio thread; no allocation after construction.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace phonon {

class LoadedPlan;
struct VoiceParams;

class Master {
 public:
  // channels: the output channels (Routing); the plan's outputs sound on `main_first` and the channel after it.
  Master(size_t stride, bool limiter, int channels = 2);

  // Starts a block of n frames: the master is silent.
  void clear(int n);
  // Adds every output of the plan, in order. An output whose block holds NaN or Inf is silenced for the block;
  // returns how many outputs failed for the first time (each is reported once).
  uint64_t add_outputs(LoadedPlan& lp, int n);
  // Adds the voices of replaced plans (they ring out straight into the master) and the orbits' effects.
  void add_voices_and_orbits(LoadedPlan& lp, int n);
  // Writes the block as interleaved frames of every channel: non-finite frames are silenced, the rest
  // soft-limited (unless the limiter is off). Returns the number of silenced frames.
  uint64_t write(float* out, int n) const;

 private:
  uint64_t write_channels(float* out, int n) const;  // more than 2 channels
  float* channel(int c) { return buf_.data() + static_cast<size_t>(c) * stride_; }
  const float* channel(int c) const { return buf_.data() + static_cast<size_t>(c) * stride_; }
  size_t stride_;
  int channels_;
  std::vector<float> buf_;  // channel c at c * stride_
  float* l_;  // channel 0 and 1: the stereo master
  float* r_;
  bool limiter_;
};

// SuperDirt's orbit effect parameters taken from an event that sends to them (room size; delay time, in cycles
// with `lock`, and feedback); `cps` is the clock's tempo. Only orbits with effects change.
void set_orbit_params(LoadedPlan& lp, const VoiceParams& vp, int orbit, double cps);

}  // namespace phonon
