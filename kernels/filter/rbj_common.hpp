// Shared engine of the RBJ biquad graph kernels (filter.lpf/hpf/bpf/notch/rlpf/rhpf).
//
// Coefficient update policy: coefficients are recomputed from the cutoff and q inputs at every 16th frame counted
// from the instance's start (a frame counter lives in the state), using the values at that frame; so results do
// not depend on the block size. When cutoff and q are constant over a whole block and equal the values the current
// coefficients were made from, the block runs through the vectorised block state-space biquad
// (biquad_voice_simd.hpp). State: z1, z2, frame counter, cutoff, q, b0, b1, b2, a1, a2.
#pragma once
#include "kernels/filter/biquad_voice.hpp"
#include "kernels/filter/biquad_voice_simd.hpp"
#include "kernels/kernel_util.hpp"

namespace phonon::kern::rbj {

constexpr int kUpdateEvery = 16;
constexpr std::size_t kStateFloats = 10;
using Design = BiquadCoefs (*)(float cutoff_hz, float q, float rate);

static inline KernelSpec make_spec(const char* name, const char* doc, const char* q_port, float q_default) {
  KernelSpec s;
  s.name = name;
  s.doc = doc;
  s.inputs = {"in", "cutoff", q_port};
  s.outputs = {"out"};
  s.state_floats = kStateFloats;
  s.input_defaults = {0.0f, 1000.0f, q_default};
  return s;
}

static inline float identity_q(float q) { return q; }

// Scalar path (also the reference). Tag: the architecture (see the ODR rule in kernel_util.hpp).
template <class Tag>
static void run_scalar(const KernelArgs& a, Design design, float (*qmap)(float)) {
  float* st = a.state;
  float z1 = st[0], z2 = st[1];
  std::uint32_t counter = util::load_u32(st + 2);
  BiquadCoefs c{st[5], st[6], st[7], st[8], st[9]};
  for (int i = 0; i < a.frames; ++i) {
    if (counter % kUpdateEvery == 0) {
      const float fc = a.in[1][i], q = a.in[2][i];
      if (fc != st[3] || q != st[4] || counter == 0) {
        c = design(fc, qmap(q), a.rate);
        st[3] = fc, st[4] = q;
      }
    }
    ++counter;
    const float x = a.in[0][i];
    const float y = c.b0 * x + z1;
    z1 = c.b1 * x - c.a1 * y + z2;
    z2 = c.b2 * x - c.a2 * y;
    a.out[0][i] = y;
  }
  st[0] = util::flush_f(z1), st[1] = util::flush_f(z2);
  util::store_u32(st + 2, counter);
  st[5] = c.b0, st[6] = c.b1, st[7] = c.b2, st[8] = c.a1, st[9] = c.a2;
}

template <class Arch>
static void run(Arch arch, const KernelArgs& a, Design design, float (*qmap)(float)) {
  float* st = a.state;
  const std::uint32_t counter = util::load_u32(st + 2);
  bool constant = counter != 0;
  for (int i = 0; constant && i < a.frames; ++i) constant = a.in[1][i] == st[3] && a.in[2][i] == st[4];
  if (!constant) {
    run_scalar<Arch>(a, design, qmap);
    return;
  }
  const BiquadCoefs c{st[5], st[6], st[7], st[8], st[9]};
  for (int i = 0; i < a.frames; ++i) a.out[0][i] = a.in[0][i];
  biquad_process_simd(arch, c, st, a.out[0], a.frames);  // flushes z1, z2 (st[0], st[1])
  util::store_u32(st + 2, counter + static_cast<std::uint32_t>(a.frames));
}

}  // namespace phonon::kern::rbj
