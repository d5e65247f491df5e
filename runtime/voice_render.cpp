#include "runtime/voice_render.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/env/ramp.hpp"
#include "kernels/filter/biquad_voice.hpp"
#include "kernels/mix/pan_mix.hpp"
#include "kernels/sample/sample_read.hpp"
#include "runtime/instrument.hpp"
#include "runtime/sample_bank.hpp"

namespace phonon {

namespace {
// Runs a one-input-plus-one-parameter effect kernel (fx.shape, fx.crush, fx.coarse) in place on `io`.
void run_voice_fx(const kern::KernelSpec* k, float amount, float* state, float* io, float* param, float* out, int n,
                  float rate) {
  std::fill(param, param + n, amount);
  const float* in[2] = {io, param};
  float* outs[1] = {out};
  kern::KernelArgs a{in, outs, state, nullptr, n, rate};
  k->process(a);
  std::copy(out, out + n, io);
}
}  // namespace

const Formants& vowel_formants(char v) {
  static const Formants a{{600, 1040, 2250}, {0, -7, -9}}, e{{400, 1620, 2400}, {0, -12, -9}},
      i{{250, 1750, 2600}, {0, -30, -16}}, o{{400, 750, 2400}, {0, -11, -21}}, u{{350, 600, 2400}, {0, -20, -32}};
  switch (v) {
    case 'e': return e;
    case 'i': return i;
    case 'o': return o;
    case 'u': return u;
    default: return a;
  }
}

VoiceRenderer::VoiceRenderer(float rate, size_t stride)
    : rate_(rate),
      stride_(stride),
      k_shape(kern::find_kernel("fx.shape")),
      k_crush(kern::find_kernel("fx.crush")),
      k_coarse(kern::find_kernel("fx.coarse")) {}

int envelope_segments(const Voice& v, int64_t e0, int n, EnvSegment* seg) {
  int count = 0;
  int i = 0;
  while (i < n) {
    int64_t e = e0 + i;
    int run;
    float start, step;
    if (e < v.attack) {
      run = static_cast<int>(std::min<int64_t>(n - i, v.attack - e));
      start = static_cast<float>(static_cast<double>(e) / v.attack);
      step = static_cast<float>(1.0 / v.attack);
    } else {
      int64_t r0 = v.length < 0 ? INT64_MAX : std::max(v.length, v.attack);
      if (e < r0) {
        run = static_cast<int>(std::min<int64_t>(n - i, r0 - e));
        start = 1.0f, step = 0.0f;
      } else if (e < r0 + v.release) {
        run = static_cast<int>(std::min<int64_t>(n - i, r0 + v.release - e));
        start = static_cast<float>(1.0 - static_cast<double>(e - r0) / v.release);
        step = static_cast<float>(-1.0 / v.release);
      } else {
        run = n - i;
        start = 0.0f, step = 0.0f;
      }
    }
    seg[count++] = EnvSegment{i, run, start, step};
    i += run;
  }
  return count;
}

// Envelope gain for frames [e0, e0 + n) of a voice into env.
void VoiceRenderer::envelope(const Voice& v, int64_t e0, int n, float* out) {
  EnvSegment seg[kMaxEnvSegments];
  const int ns = envelope_segments(v, e0, n, seg);
  for (int k = 0; k < ns; ++k) {
    const EnvSegment& g = seg[k];
    if (g.step == 0.0f)
      std::fill(out + g.off, out + g.off + g.len, g.start);
    else
      kern::ramp(out + g.off, g.start, g.step, g.len);
  }
}

// Renders one voice into acc_l/acc_r for this block; returns false when the voice is finished.
bool VoiceRenderer::render(Voice& v, SynthSlot* synth, int n, float* acc_l, VoiceScratch& sc) const {
  float* acc_r = acc_l + stride_;
  const size_t stride = stride_;
  float* tmp_l = sc.l.data();
  float* tmp_r = sc.r.data();
  float* env = sc.env.data();
  const int off = v.start_offset;
  const int count = n - off;
  if (count <= 0) {
    v.start_offset -= n;  // starts in a later sub-block
    return true;
  }
  const SampleData* sd = v.sample;
  int produced;
  if (v.instrument) {
    produced = v.instrument->render(v.inst_slot, v.elapsed, v.gate_frames, v.pitch_ratio, v.quiet_frames, tmp_l,
                                    tmp_r, count, sc.thread);
  } else if (v.synth != SynthId::None) {
    produced = synth_render(v.synth, synth->params, synth->state, v.elapsed, tmp_l, tmp_r, count);
  } else if (v.accel == 0.0) {
    double pos = v.start_pos + v.inc * static_cast<double>(v.elapsed);
    // A mono sample is read into tmp_l only (it is panned from the one channel below).
    produced = kern::sample_read(sd->channel(0), sd->channel(1), v.lo, v.hi, pos, v.inc, tmp_l,
                                 sd->channels > 1 ? tmp_r : nullptr, count);
  } else {
    // accelerate: the speed changes every 16 frames of the voice's own time (a grid that does not depend on the
    // block size), each chunk read at its start's speed and position.
    constexpr int kAccelChunk = 16;
    produced = 0;
    while (produced < count) {
      const int64_t e = v.elapsed + produced;
      const int len = static_cast<int>(std::min<int64_t>(count - produced, kAccelChunk - e % kAccelChunk));
      const double e0 = static_cast<double>(e - e % kAccelChunk);  // the chunk's start on the voice's grid
      const double inc = v.inc + v.accel * e0;
      const double pos = v.start_pos + v.inc * e0 + 0.5 * v.accel * e0 * e0 + inc * static_cast<double>(e % kAccelChunk);
      int got = kern::sample_read(sd->channel(0), sd->channel(1), v.lo, v.hi, pos, inc, tmp_l + produced,
                                  sd->channels > 1 ? tmp_r + produced : nullptr, len);
      produced += got;
      if (got < len) break;
    }
  }
  int64_t env_end = v.length < 0 ? INT64_MAX : std::max(v.length, v.attack) + v.release;
  int live = static_cast<int>(std::min<int64_t>(produced, std::max<int64_t>(0, env_end - v.elapsed)));
  if (v.fade_left >= 0) live = std::min(live, v.fade_left);
  if (live > 0) {
    // Without a cut fade the envelope is applied segment by segment inside the pan mix (no env buffer).
    const bool fading = v.fade_left >= 0;
    EnvSegment seg[kMaxEnvSegments];
    int nseg = 0;
    if (fading) {
      envelope(v, v.elapsed, live, env);
      for (int i = 0; i < live; ++i)
        env[i] *= std::min(1.0f, static_cast<float>(v.fade_left - i) / static_cast<float>(v.fade_len));
    } else {
      nseg = envelope_segments(v, v.elapsed, live, seg);
    }
    // A mono sample is filtered once and panned from the one channel.
    const bool stereo = !sd || sd->channels > 1;
    float* right = stereo ? tmp_r : tmp_l;
    if (v.lpf) {
      kern::biquad_process(v.lpf_c, v.z[0][0], tmp_l, live);
      if (stereo) kern::biquad_process(v.lpf_c, v.z[0][1], tmp_r, live);
    }
    if (v.hpf) {
      kern::biquad_process(v.hpf_c, v.z[1][0], tmp_l, live);
      if (stereo) kern::biquad_process(v.hpf_c, v.z[1][1], tmp_r, live);
    }
    if (v.bpf) {
      kern::biquad_process(v.bpf_c, v.z[2][0], tmp_l, live);
      if (stereo) kern::biquad_process(v.bpf_c, v.z[2][1], tmp_r, live);
    }
    for (int ch = 0; ch < (stereo ? 2 : 1); ++ch) {
      float* io = ch == 0 ? tmp_l : tmp_r;
      const float rate = rate_;
      if (v.shape > 0) run_voice_fx(k_shape, v.shape, nullptr, io, sc.a.data(), sc.b.data(), live, rate);
      if (v.crush > 0) run_voice_fx(k_crush, v.crush, nullptr, io, sc.a.data(), sc.b.data(), live, rate);
      if (v.coarse > 1) run_voice_fx(k_coarse, v.coarse, v.coarse_state[ch], io, sc.a.data(), sc.b.data(), live, rate);
      if (v.vowel_bands) {
        // Three formant band-passes in parallel, summed with their levels.
        float* sum = sc.c.data();
        std::fill(sum, sum + live, 0.0f);
        for (int b = 0; b < v.vowel_bands; ++b) {
          std::copy(io, io + live, sc.b.data());
          kern::biquad_process(v.vowel_c[b], v.vz[b][ch], sc.b.data(), live);
          for (int i = 0; i < live; ++i) sum[i] += v.vowel_gain[b] * sc.b[i];
        }
        std::copy(sum, sum + live, io);
      }
    }
    // Dry pair, then the reverb and delay send pairs.
    const float send[3] = {1.0f, v.send_rev, v.send_del};
    for (int k = 0; k < 3; ++k) {
      if (k > 0 && !(send[k] > 0)) continue;
      const float gl = k == 0 ? v.gain_l : v.gain_l * send[k], gr = k == 0 ? v.gain_r : v.gain_r * send[k];
      float* dl = acc_l + 2 * k * stride + off;
      float* dr = acc_r + 2 * k * stride + off;
      if (fading) {
        kern::pan_mix_add(tmp_l, right, env, gl, gr, dl, dr, live);
      } else {
        for (int g = 0; g < nseg; ++g) {
          const EnvSegment& e = seg[g];
          if (e.start == 0.0f && e.step == 0.0f) continue;
          kern::pan_mix_add_ramp(tmp_l + e.off, right + e.off, e.start, e.step, gl, gr, dl + e.off, dr + e.off,
                                 e.len);
        }
      }
    }
  }
  v.elapsed += count;
  v.start_offset = 0;
  if (v.fade_left >= 0) {
    v.fade_left -= count;
    if (v.fade_left <= 0) return false;
  }
  return live == count;
}

}  // namespace phonon
