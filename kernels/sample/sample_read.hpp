// Voice kernel: reading a sample with variable speed (per voice, per block).
#pragma once
#include <cstdint>

namespace phonon::kern {

// Source positions are fixed point, 32.32 in an int64 (frames * 2^32): exact to add, so a voice's position after
// any number of frames does not depend on how its frames were split into blocks.
inline constexpr double kSampleFixedOne = 4294967296.0;  // 2^32
inline constexpr double kSampleMaxPos = 268435456.0;     // |positions| are clamped to 2^28 frames
inline constexpr double kSampleMaxInc = 65536.0;         // |speeds| are clamped to 2^16 source frames per frame
// floor(clamp(x, -2^28, 2^28) * 2^32 + 0.5): a position (frames) as 32.32 fixed point.
int64_t sample_pos_fixed(double x);
// floor(clamp(x, -2^16, 2^16) * 2^32 + 0.5): a speed (source frames per output frame) as 32.32 fixed point.
int64_t sample_inc_fixed(double x);

// Source is planar (ch1 == nullptr for mono), `len` frames, with at least 4 zero guard frames readable on both
// sides (data[-4..-1] and data[len..len+3] are valid zeros). Positions, speed and window are 32.32 fixed point.
// Output frame i reads source position p = pos + i * inc (exact int64 arithmetic): k = p >> 32 (floor), fraction
// t = float((p mod 2^32) >> 8) * 2^-24 (24 bits, exact in float), cubic Hermite (4-point, 3rd-order,
// Catmull-Rom) interpolation of the frames k-1 .. k+2, except that t == 0 outputs frame k itself (exactly: the
// Hermite sum at t = 0 equals it too, but for the sign of a zero and non-finite neighbours; a sample played at its
// own rate from a whole frame is then a copy). Frames with p outside [begin, end) output 0. Returns the
// number of leading frames that were inside [begin, end) (the voice ends when it returns < frames). For mono
// sources out1 receives a copy of out0, unless out1 is nullptr (allowed only when ch1 is nullptr).
// Contract: 0 <= begin <= end <= len * 2^32 (the caller clamps; the guard frames cover the interpolation taps;
// the vector path may read any frame in [-4, ceil(end) + 3]); |pos| <= 2^60, |inc| <= 2^48, frames <= 4096 (so
// no position overflows). `inc` may be negative (reverse playback). Does not allocate; safe on the audio thread.
int sample_read_fixed(const float* ch0, const float* ch1, int64_t begin, int64_t end, int64_t pos, int64_t inc,
                      float* out0, float* out1, int frames);
// Scalar reference (the specification); same contract.
int sample_read_fixed_reference(const float* ch0, const float* ch1, int64_t begin, int64_t end, int64_t pos,
                                int64_t inc, float* out0, float* out1, int frames);

// The same with positions in frames (double): sample_read_fixed with begin, end and pos converted by
// sample_pos_fixed and inc by sample_inc_fixed, in chunks of at most 4096 frames (any frame count).
int sample_read(const float* ch0, const float* ch1, double begin, double end, double pos, double inc, float* out0,
                float* out1, int frames);
// Scalar reference (the specification); same contract.
int sample_read_reference(const float* ch0, const float* ch1, double begin, double end, double pos, double inc,
                          float* out0, float* out1, int frames);

// sample_read's conversion and chunking around a given fixed-point reader (used by the architecture tables).
using SampleReadFixedFn = int (*)(const float*, const float*, int64_t, int64_t, int64_t, int64_t, float*, float*, int);
int sample_read_with(SampleReadFixedFn fn, const float* ch0, const float* ch1, double begin, double end, double pos,
                     double inc, float* out0, float* out1, int frames);

}  // namespace phonon::kern
