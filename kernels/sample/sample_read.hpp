// Voice kernel: reading a sample with variable speed (per voice, per block).
#pragma once

namespace phonon::kern {

// Source is planar (ch1 == nullptr for mono), `len` frames, with at least 4 zero guard frames readable on both
// sides (data[-4..-1] and data[len..len+3] are valid zeros). Output frame i reads source position
// p = pos + i * inc (double), cubic Hermite (4-point, 3rd-order, Catmull-Rom) interpolation of the frames
// floor(p)-1 .. floor(p)+2. Frames whose p is outside [begin, end) output 0. Returns the number of leading frames
// that were inside [begin,end) (the voice ends when it returns < frames). For mono sources out1 receives a copy of
// out0, unless out1 is nullptr (allowed only when ch1 is nullptr). Contract: 0 <= begin <= end <= len (the caller
// clamps; the guard frames cover the interpolation taps; the vector path may read any frame in [-4, ceil(end) + 3]).
// `inc` may be negative (reverse playback). Does not allocate; safe on the audio thread.
int sample_read(const float* ch0, const float* ch1, double begin, double end, double pos, double inc, float* out0,
                float* out1, int frames);
// Scalar reference (the specification); same contract.
int sample_read_reference(const float* ch0, const float* ch1, double begin, double end, double pos, double inc,
                          float* out0, float* out1, int frames);

}  // namespace phonon::kern
