#include "runtime/voices/voice_render.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/env/ramp.hpp"
#include "kernels/mix/pan_mix.hpp"
#include "kernels/sample/sample_read.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/instrument.hpp"
#include "runtime/voices/voice_fx.hpp"

namespace phonon {

namespace {
// SuperDirt `loop`: frames [elapsed, elapsed + count) of a sample voice whose source range [lo, hi) repeats until
// the read head has travelled v.loops times its width. The unwrapped head position at output frame e is the
// non-looping one (start_pos + inc * e, or accelerate's 16-frame grid), so the result does not depend on the
// block size; it is wrapped into [lo, hi) for reading. Returns the frames produced (< count once done).
int read_looped(const Voice& v, const SampleData* sd, float* out_l, float* out_r, int count) {
  constexpr int kAccelChunk = 16;
  const double width = v.hi - v.lo;
  const double limit = v.loops * width;
  int produced = 0;
  bool retried = false;
  while (produced < count) {
    const int64_t e = v.elapsed + produced;
    int len = count - produced;
    double inc = v.inc, p;
    if (v.accel != 0.0) {
      len = static_cast<int>(std::min<int64_t>(len, kAccelChunk - e % kAccelChunk));
      const double g = static_cast<double>(e - e % kAccelChunk);
      inc = v.inc + v.accel * g;
      p = v.start_pos + v.inc * g + 0.5 * v.accel * g * g + inc * static_cast<double>(e % kAccelChunk);
    } else {
      p = v.start_pos + v.inc * static_cast<double>(e);
    }
    const double d = std::fabs(p - v.start_pos);
    if (!(d < limit)) break;
    const double left = (limit - d) / std::fabs(inc);  // frames until the last pass ends
    if (left < len) len = std::max(1, static_cast<int>(std::ceil(left)));
    double q = std::fmod(d, width);
    if (retried) q = 0.0;  // the wrap landed on the range's far edge by rounding: restart the pass exactly
    const double pos = v.inc > 0 ? v.lo + q : v.start_pos - q;
    const int got = kern::sample_read(sd->channel(0), sd->channel(1), v.lo, v.hi, pos, inc, out_l + produced,
                                      out_r ? out_r + produced : nullptr, len);
    if (got == 0) {
      if (retried) break;
      retried = true;
      continue;
    }
    retried = false;
    produced += got;
  }
  return produced;
}
}  // namespace

VoiceRenderer::VoiceRenderer(float rate, size_t stride) : rate_(rate), stride_(stride), fx_kernels_(fx_kernels()) {}

int envelope_segments(const Voice& v, int64_t e0, int n, EnvSegment* seg) {
  const int64_t a = v.attack;
  const int64_t d = v.env_adsr ? v.decay : 0;
  const double level = v.env_adsr ? static_cast<double>(v.sustain_level) : 1.0;
  // Release start: the gate (`length`); an attack-release voice always completes its attack first.
  const int64_t r0 = v.length < 0 ? INT64_MAX : (v.env_adsr ? v.length : std::max(v.length, a));
  // The level the release starts from (the gate may close during the attack or the decay).
  double from = level;
  if (r0 < a) from = static_cast<double>(r0) / a;
  else if (r0 < a + d) from = 1.0 - (1.0 - level) * static_cast<double>(r0 - a) / d;
  int count = 0;
  int i = 0;
  while (i < n) {
    const int64_t e = e0 + i;
    int64_t end;
    double start, step;
    if (e < r0 && e < a) {
      end = std::min(a, r0);
      start = static_cast<double>(e) / a;
      step = 1.0 / a;
    } else if (e < r0 && e < a + d) {
      end = std::min(a + d, r0);
      start = 1.0 - (1.0 - level) * static_cast<double>(e - a) / d;
      step = -(1.0 - level) / d;
    } else if (e < r0) {
      end = r0;
      start = level, step = 0.0;
    } else if (e < r0 + v.release) {
      end = r0 + v.release;
      start = from * (1.0 - static_cast<double>(e - r0) / v.release);
      step = -from / v.release;
    } else {
      end = INT64_MAX;
      start = 0.0, step = 0.0;
    }
    const int run = static_cast<int>(std::min<int64_t>(n - i, end - e));
    seg[count++] = EnvSegment{i, run, static_cast<float>(start), static_cast<float>(step)};
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
    if (g.step == 0.0f) std::fill(out + g.off, out + g.off + g.len, g.start);
    else kern::ramp(out + g.off, g.start, g.step, g.len);
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
    const InstrumentTemplate::PitchGlide pitch{v.pitch_ratio, v.pitch_ratio_end, v.glide_frames};
    produced = v.instrument->render(v.inst_slot, v.elapsed, v.gate_frames, pitch, v.quiet_frames, tmp_l, tmp_r, count,
                                    sc.thread);
  } else if (v.synth != SynthId::None) {
    produced = synth_render(v.synth, synth->params, synth->state, v.elapsed, tmp_l, tmp_r, count);
  } else if (v.loops > 0.0) {
    produced = read_looped(v, sd, tmp_l, sd->channels > 1 ? tmp_r : nullptr, count);
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
      const double pos =
          v.start_pos + v.inc * e0 + 0.5 * v.accel * e0 * e0 + inc * static_cast<double>(e % kAccelChunk);
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
    // The effect chain. SuperDirt pans first and applies amp * gain^4 last; with only stages that commute with
    // those gains (runtime/voices/voice_fx.hpp) a mono sample is processed once and panned from the one channel.
    const bool stereo = !sd || sd->channels > 1;
    float* right = stereo ? tmp_r : tmp_l;
    float pan_gl = v.gain_l, pan_gr = v.gain_r;
    if (v.fx_count > 0) {
      int chans = stereo ? 2 : 1;
      if (v.fx_after_pan) {
        if (!stereo) std::copy(tmp_l, tmp_l + live, tmp_r);
        for (int i = 0; i < live; ++i) tmp_l[i] *= v.pan_l, tmp_r[i] *= v.pan_r;
        chans = 2;
        right = tmp_r;
        pan_gl = pan_gr = v.level;
      }
      const FxRunContext fc{fx_kernels_, sc.a.data(), sc.b.data(), sc.c.data(), rate_};
      for (int ch = 0; ch < chans; ++ch)
        for (int k = 0; k < v.fx_count; ++k) run_fx_stage(v.fx[k], v, ch, ch == 0 ? tmp_l : tmp_r, live, fc);
    }
    // Dry pair, then the reverb and delay send pairs.
    const float send[3] = {1.0f, v.send_rev, v.send_del};
    for (int k = 0; k < 3; ++k) {
      if (k > 0 && !(send[k] > 0)) continue;
      const float gl = k == 0 ? pan_gl : pan_gl * send[k], gr = k == 0 ? pan_gr : pan_gr * send[k];
      float* dl = acc_l + 2 * k * stride + off;
      float* dr = acc_r + 2 * k * stride + off;
      if (fading) {
        kern::pan_mix_add(tmp_l, right, env, gl, gr, dl, dr, live);
      } else {
        for (int g = 0; g < nseg; ++g) {
          const EnvSegment& e = seg[g];
          if (e.start == 0.0f && e.step == 0.0f) continue;
          kern::pan_mix_add_ramp(tmp_l + e.off, right + e.off, e.start, e.step, gl, gr, dl + e.off, dr + e.off, e.len);
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
