// SuperCollider's second-order filters (BPF, LPF, RLPF, RHPF) as biquad coefficients, for the SuperDirt effects
// that name them (vowel, krush, octer, djf). Each is the UGen's own recursion (server/plugins/FilterUGens.cpp,
// read for its formulas) written in the normalised form of kern::BiquadCoefs; computed in double, rounded to
// float. Frequencies are clamped to [1 Hz, 0.49 * rate] so every result is a stable filter.
#pragma once
#include <algorithm>
#include <cmath>

#include "kernels/filter/biquad_voice.hpp"

namespace phonon::kern {

namespace sc_detail {
inline double radians(double freq, double rate) { return std::clamp(freq, 1.0, 0.49 * rate) * 2.0 * M_PI / rate; }
// y0 = a0 * x + b1 * y1 + b2 * y2 followed by out = y0 + k1 * y1 + k2 * y2 (the RLPF/RHPF form) equals the
// biquad a0 (1 + k1 z^-1 + k2 z^-2) / (1 - b1 z^-1 - b2 z^-2).
inline BiquadCoefs from_resonator(double a0, double b1, double b2, double k1, double k2) {
  return BiquadCoefs{static_cast<float>(a0), static_cast<float>(a0 * k1), static_cast<float>(a0 * k2),
                     static_cast<float>(-b1), static_cast<float>(-b2)};
}
}  // namespace sc_detail

// BPF.ar(in, freq, rq): unit gain at the centre, bandwidth rq * freq.
inline BiquadCoefs sc_bpf(double freq, double rq, double rate) {
  const double w = sc_detail::radians(freq, rate);
  const double c = 1.0 / std::tan(std::max(1e-9, rq * w * 0.5));
  const double d = 2.0 * std::cos(w);
  const double a0 = 1.0 / (1.0 + c);
  return BiquadCoefs{static_cast<float>(a0), 0.0f, static_cast<float>(-a0), static_cast<float>(-c * d * a0),
                     static_cast<float>(-(1.0 - c) * a0)};
}

// LPF.ar(in, freq): second-order Butterworth low-pass.
inline BiquadCoefs sc_lpf(double freq, double rate) {
  const double c = 1.0 / std::tan(sc_detail::radians(freq, rate) * 0.5);
  const double c2 = c * c, s2c = std::sqrt(2.0) * c;
  const double a0 = 1.0 / (1.0 + s2c + c2);
  const double b1 = -2.0 * (1.0 - c2) * a0, b2 = -(1.0 - s2c + c2) * a0;
  return sc_detail::from_resonator(a0, b1, b2, 2.0, 1.0);
}

// RLPF.ar(in, freq, rq) / RHPF.ar(in, freq, rq): resonant low- and high-pass.
inline BiquadCoefs sc_rlpf(double freq, double rq, double rate) {
  const double w = sc_detail::radians(freq, rate);
  const double d = std::tan(w * std::max(0.001, rq) * 0.5);
  const double c = (1.0 - d) / (1.0 + d);
  const double b1 = (1.0 + c) * std::cos(w), b2 = -c;
  return sc_detail::from_resonator((1.0 + c - b1) * 0.25, b1, b2, 2.0, 1.0);
}
inline BiquadCoefs sc_rhpf(double freq, double rq, double rate) {
  const double w = sc_detail::radians(freq, rate);
  const double d = std::tan(w * std::max(0.001, rq) * 0.5);
  const double c = (1.0 - d) / (1.0 + d);
  const double b1 = (1.0 + c) * std::cos(w), b2 = -c;
  return sc_detail::from_resonator((1.0 + c + b1) * 0.25, b1, b2, -2.0, 1.0);
}

// One transposed-direct-form-II step of a biquad (state z[2]), for kernels that filter frame by frame. The
// arithmetic is in double: whether the compiler fuses multiply-adds (it does in the AVX2/AVX-512 builds) then
// changes nothing visible in float, so every architecture gives the reference's result.
inline float biquad_step(const BiquadCoefs& c, float* z, float x) {
  const double y = static_cast<double>(c.b0) * x + z[0];
  z[0] = static_cast<float>(static_cast<double>(c.b1) * x - static_cast<double>(c.a1) * y + z[1]);
  z[1] = static_cast<float>(static_cast<double>(c.b2) * x - static_cast<double>(c.a2) * y);
  return static_cast<float>(y);
}

}  // namespace phonon::kern
