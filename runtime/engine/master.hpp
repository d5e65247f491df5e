// The master: the plan's outputs summed in a fixed order (an output that produced NaN/Inf is silenced), the voices
// of replaced plans, the orbits' global reverb and delay, then the NaN guard, the output limiter (SuperDirt's:
// SuperCollider's look-ahead Limiter on each channel) and the interleaved frames (every channel) the driver receives.
// Audio thread; no allocation after construction.
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
  // rate: the sample rate (the limiter's look-ahead is 10 ms).
  Master(size_t stride, bool limiter, double rate, int channels = 2);

  // Starts a block of n frames: the master is silent.
  void clear(int n);
  // Adds every output of the plan, in order. An output whose block holds NaN or Inf is silenced for the block;
  // returns how many outputs failed for the first time (each is reported once).
  uint64_t add_outputs(LoadedPlan& lp, int n);
  // Adds the voices of replaced plans (they ring out straight into the master) and the orbits' effects.
  void add_voices_and_orbits(LoadedPlan& lp, int n);
  // Writes the block as interleaved frames of every channel: non-finite frames are silenced (on every channel),
  // then (unless the limiter is off) each channel goes through the look-ahead limiter. Returns the number of
  // silenced frames.
  uint64_t write(float* out, int n);
  // Frames by which the output lags the events: the limiter's look-ahead (0 with the limiter off).
  int latency() const { return latency_; }

 private:
  float* channel(int c) { return buf_.data() + static_cast<size_t>(c) * stride_; }
  const float* channel(int c) const { return buf_.data() + static_cast<size_t>(c) * stride_; }
  size_t stride_;
  int channels_;
  std::vector<float> buf_;        // channel c at c * stride_
  std::vector<float> lim_out_;    // channel c at c * stride_
  std::vector<float> lim_state_;  // channel c at c * lim_state_size_
  size_t lim_state_size_ = 0;
  float lim_params_[2] = {1.0f, 0.01f};  // SuperDirt's Limiter.ar(signal): level 1, dur 0.01 s
  float rate_;
  bool limiter_;
  int latency_ = 0;
};

// SuperDirt's orbit effect parameters taken from an event that sends to them (room size; delay time, in cycles
// with `lock`, and feedback); `cps` is the clock's tempo. Only orbits with effects change.
void set_orbit_params(LoadedPlan& lp, const VoiceParams& vp, int orbit, double cps);

}  // namespace phonon
