// Voice kernel: per-voice biquad filter (RBJ cookbook coefficients, transposed direct form II).
#pragma once

namespace phonon::kern {

// Normalised coefficients (a0 = 1): y = b0 x + b1 x[-1] + b2 x[-2] - a1 y[-1] - a2 y[-2].
struct BiquadCoefs {
  float b0, b1, b2, a1, a2;
};

// RBJ "Audio EQ Cookbook" designs. cutoff_hz is clamped to [10 Hz, 0.49 * rate], q to >= 0.05 (so every result is
// a stable filter); computed in double, rounded to float.
BiquadCoefs biquad_lowpass(float cutoff_hz, float q, float rate);
BiquadCoefs biquad_highpass(float cutoff_hz, float q, float rate);
BiquadCoefs biquad_bandpass(float cutoff_hz, float q, float rate);  // constant 0 dB peak gain
BiquadCoefs biquad_notch(float cutoff_hz, float q, float rate);

// SuperDirt's `resonance` (0..1) as a biquad Q: SuperDirt runs RLPF with rq = resonance.linexp(0, 1, 1, 0.001),
// i.e. q = 1 / rq = 1000^res (res clamped to [0, 1]; 0 -> Q 1, 0.5 -> Q 31.6, 1 -> Q 1000).
float resonance_to_q(float res);

// In-place transposed direct form II over one block; z[2] is the voice's filter state (zero-initialised).
// State values below 1e-15 in magnitude are flushed to zero at the end of the block (no denormals).
// The dispatched version evaluates blocks of W frames (W = SIMD width) with an exact state-space formulation
// (y = T x + G z, T Toeplitz of the impulse response), so results equal the reference up to float rounding.
void biquad_process(const BiquadCoefs& c, float* z, float* io, int frames);
// Scalar reference (the specification).
void biquad_process_reference(const BiquadCoefs& c, float* z, float* io, int frames);

// Lanes-across-voices variant: runs `count` independent voices' filters; voice v filters io[v] (`frames` floats,
// in place) with coefficients c[v] and state z[2v], z[2v+1]. Voices are grouped W at a time into SIMD lanes
// (lane = voice): chunks of W frames of the W rows are transposed in registers (kernels/mix/transpose_simd.hpp),
// one TDF-II step per frame runs for all W voices, and the chunk is transposed back; a tail of count % W voices
// runs in partly filled lanes. Exactly the reference's arithmetic per voice (no fused multiply-adds): the result
// is bit-identical to biquad_process_lanes_reference on every architecture.
void biquad_process_lanes(const BiquadCoefs* c, float* z, float* const* io, int count, int frames);
// Scalar reference: biquad_process_reference on each voice.
void biquad_process_lanes_reference(const BiquadCoefs* c, float* z, float* const* io, int count, int frames);

}  // namespace phonon::kern
