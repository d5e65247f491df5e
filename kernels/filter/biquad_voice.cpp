#include "kernels/filter/biquad_voice.hpp"

#include <math.h>

#include "kernels/arch/arch_table.hpp"

namespace phonon::kern {

namespace {

struct Rbj {
  double cosw, alpha;
};

Rbj rbj_prepare(float cutoff_hz, float q, float rate) {
  double f = cutoff_hz;
  const double hi = 0.49 * static_cast<double>(rate);
  if (!(f >= 10.0)) f = 10.0;  // also catches NaN
  if (f > hi) f = hi;
  double qq = q;
  if (!(qq >= 0.05)) qq = 0.05;
  const double w0 = 6.28318530717958647692 * f / static_cast<double>(rate);
  return {cos(w0), sin(w0) / (2.0 * qq)};
}

BiquadCoefs normalise(double b0, double b1, double b2, double a0, double a1, double a2) {
  return {static_cast<float>(b0 / a0), static_cast<float>(b1 / a0), static_cast<float>(b2 / a0),
          static_cast<float>(a1 / a0), static_cast<float>(a2 / a0)};
}

}  // namespace

BiquadCoefs biquad_lowpass(float cutoff_hz, float q, float rate) {
  const Rbj r = rbj_prepare(cutoff_hz, q, rate);
  return normalise((1 - r.cosw) / 2, 1 - r.cosw, (1 - r.cosw) / 2, 1 + r.alpha, -2 * r.cosw, 1 - r.alpha);
}

BiquadCoefs biquad_highpass(float cutoff_hz, float q, float rate) {
  const Rbj r = rbj_prepare(cutoff_hz, q, rate);
  return normalise((1 + r.cosw) / 2, -(1 + r.cosw), (1 + r.cosw) / 2, 1 + r.alpha, -2 * r.cosw, 1 - r.alpha);
}

BiquadCoefs biquad_bandpass(float cutoff_hz, float q, float rate) {
  const Rbj r = rbj_prepare(cutoff_hz, q, rate);
  return normalise(r.alpha, 0.0, -r.alpha, 1 + r.alpha, -2 * r.cosw, 1 - r.alpha);
}

BiquadCoefs biquad_notch(float cutoff_hz, float q, float rate) {
  const Rbj r = rbj_prepare(cutoff_hz, q, rate);
  return normalise(1.0, -2 * r.cosw, 1.0, 1 + r.alpha, -2 * r.cosw, 1 - r.alpha);
}

float resonance_to_q(float res) {
  if (!(res > 0.0f)) res = 0.0f;
  if (res > 1.0f) res = 1.0f;
  return static_cast<float>(pow(1000.0, static_cast<double>(res)));
}

void biquad_process_reference(const BiquadCoefs& c, float* z, float* io, int frames) {
  float z1 = z[0], z2 = z[1];
  for (int i = 0; i < frames; ++i) {
    const float x = io[i];
    const float y = c.b0 * x + z1;
    z1 = c.b1 * x - c.a1 * y + z2;
    z2 = c.b2 * x - c.a2 * y;
    io[i] = y;
  }
  z[0] = (z1 > -1e-15f && z1 < 1e-15f) ? 0.0f : z1;
  z[1] = (z2 > -1e-15f && z2 < 1e-15f) ? 0.0f : z2;
}

void biquad_process_lanes_reference(const BiquadCoefs* c, float* z, float* const* io, int count, int frames) {
  for (int v = 0; v < count; ++v) biquad_process_reference(c[v], z + 2 * v, io[v], frames);
}

void biquad_process_lanes(const BiquadCoefs* c, float* z, float* const* io, int count, int frames) {
  selected_voice_fns().biquad_process_lanes(c, z, io, count, frames);
}

void biquad_process(const BiquadCoefs& c, float* z, float* io, int frames) {
  selected_voice_fns().biquad_process(c, z, io, frames);
}

}  // namespace phonon::kern
