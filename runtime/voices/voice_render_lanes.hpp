// The lane path for plain sample voices: up to kLaneGroup voices of one batch rendered together, their low-pass
// filters running with voices in SIMD lanes (kern::biquad_process_lanes). Every other voice goes through
// VoiceRenderer::render (runtime/voices/voice_render.hpp).
//
// Per group and per tile of kLaneTileFrames block frames: each voice's sample is read (fixed-point positions,
// kern::sample_read_fixed) into its row of a stack tile (a voice that starts later in the block has zeros before
// its onset, which leave its zero filter state untouched), the rows of the voices with a low-pass are filtered
// together (exactly the scalar TDF-II recursion per voice), and each voice's live frames are mixed through its
// envelope segments (envelope_segments) and equal-power gains into the batch accumulators (kern::pan_mix_add_ramp),
// dry pair first, then the reverb and delay send pairs, in the group's voice order.
//
// Deterministic and independent of the thread count: the result depends only on the group's voices and order.
// A voice's source position is start + elapsed * speed in 32.32 fixed point (exact), so it does not depend on the
// block size either. Audio thread: no allocation, lock or I/O (the tile lives on the stack, 32 KB).
#pragma once
#include <cstddef>

#include "runtime/voices/voice.hpp"

namespace phonon {

// A group holds at most kLaneRows sample channels (a mono voice takes one row, a stereo voice two): the AVX-512
// width (narrower SIMD runs sub-groups). The tile is kLaneRows x kLaneTileFrames floats (32 KB) on the stack.
inline constexpr int kLaneRows = 16;
inline constexpr int kLaneGroup = kLaneRows;  // voices per group, at most
inline constexpr int kLaneTileFrames = 512;   // block frames per tile

// True for a voice the lane path renders exactly as VoiceRenderer::render would (up to the filter's rounding):
// a sample voice whose only stage is a low-pass (`cutoff`; without one there is no recursion to put in lanes and
// the per-voice path is cheaper: measured on m.ph at 64-frame blocks), see VoiceStage in runtime/voices/voice.hpp,
// not fading, whose onset lies inside a block of `n` frames.
bool is_plain_voice(const Voice& v, int n);
// The part of is_plain_voice that is fixed when the voice starts (everything but the fade and the onset): its
// stages are exactly kStageSample | kStageLowpass.
bool lane_eligible(const Voice& v);
// The part that can change from block to block: not fading, onset inside this block of `n` frames.
inline bool lane_this_block(const Voice& v, int n) { return v.fade_left < 0 && v.start_offset < n; }

// Rows of the tile a plain voice takes (its sample's channels).
int lane_rows(const Voice& v);

class LaneRenderer {
 public:
  explicit LaneRenderer(size_t stride) : stride_(stride) {}
  // Renders `count` plain voices (lane_rows summing to <= kLaneRows) for a block of `n` frames into the batch
  // accumulator `acc` (the layout of VoiceRenderer::render: dry L/R, reverb send L/R, delay send L/R, `stride` apart).
  // alive[j] is set to false when voice j has finished (its sample or envelope ended inside this block).
  void render(Voice* const* voices, int count, int n, float* acc, bool* alive) const;

 private:
  size_t stride_;
};

}  // namespace phonon
