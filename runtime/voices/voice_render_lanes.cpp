#include "runtime/voices/voice_render_lanes.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "kernels/filter/biquad_voice.hpp"
#include "kernels/mix/pan_mix.hpp"
#include "kernels/sample/sample_read.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/voice_fx.hpp"
#include "runtime/voices/voice_render.hpp"

namespace phonon {

bool lane_eligible(const Voice& v) { return v.stages == (kStageSample | kStageLowpass); }

bool is_plain_voice(const Voice& v, int n) { return lane_eligible(v) && lane_this_block(v, n); }

int lane_rows(const Voice& v) { return v.sample && v.sample->channels > 1 ? 2 : 1; }

namespace {

struct Lane {
  const float* ch0;
  const float* ch1;
  int64_t begin, end, pos, inc;  // fixed point; pos: at the voice's first frame in this block
  int off;                       // block frame of the voice's first frame in this block
  int64_t env_left;              // frames until the envelope ends
  int live;                      // frames mixed so far this block
  bool reading;                  // false once the sample has ended
};

// Prefetches the source frames voice `l` reads in block frames [t0, t0 + tn) (its taps included).
void prefetch_source(const Lane& l, int t0, int tn) {
  if (!l.reading) return;
  const int a = std::max(t0, l.off);
  const int m = t0 + tn - a;
  if (m <= 0) return;
  const int64_t p0 = l.pos + static_cast<int64_t>(a - l.off) * l.inc, p1 = p0 + static_cast<int64_t>(m) * l.inc;
  int64_t k0 = std::max(std::min(p0, p1), l.begin) >> 32, k1 = std::min(std::max(p0, p1), l.end) >> 32;
  if (k1 - k0 > 4096) k1 = k0 + 4096;
  for (const float* ch : {l.ch0, l.ch1}) {
    if (!ch) continue;
    for (int64_t k = k0 - 1; k <= k1 + 2; k += 16) __builtin_prefetch(ch + k);
    __builtin_prefetch(ch + k1 + 2);
  }
}

}  // namespace

void LaneRenderer::render(Voice* const* voices, int count, int n, float* acc, bool* alive) const {
  constexpr int G = kLaneGroup, R = kLaneRows, T = kLaneTileFrames;
  alignas(64) float tile[R][T];  // voice j's channels at rows row0[j] (and row0[j] + 1 for a stereo sample)
  Lane lane[G];
  kern::BiquadCoefs coefs[R];
  float* rows[R];
  float zbuf[R][2];
  int nrows = 0;
  int row_voice[R], row_ch[R];
  int row0[G];
  for (int j = 0, r = 0; j < count; ++j) {
    Voice& v = *voices[j];
    const SampleData* sd = v.sample;
    Lane& l = lane[j];
    row0[j] = r;
    r += lane_rows(v);
    l.ch0 = sd->channel(0);
    l.ch1 = sd->channels > 1 ? sd->channel(1) : nullptr;
    l.begin = kern::sample_pos_fixed(v.lo);
    l.end = kern::sample_pos_fixed(v.hi);
    l.inc = kern::sample_inc_fixed(v.inc);
    l.pos = kern::sample_pos_fixed(v.start_pos) + v.elapsed * l.inc;
    l.off = v.start_offset;
    const int64_t env_end = v.length < 0 ? INT64_MAX : std::max(v.length, v.attack) + v.release;
    l.env_left = std::max<int64_t>(0, env_end - v.elapsed);
    l.live = 0;
    l.reading = true;
    if (v.stages & kStageLowpass) {
      const float* mem = fx_lpf_mem(v);
      for (int ch = 0; ch < (l.ch1 ? 2 : 1); ++ch) {
        std::memcpy(&coefs[nrows], mem, sizeof(kern::BiquadCoefs));
        zbuf[nrows][0] = mem[kBiquadStateOffset + 2 * ch];
        zbuf[nrows][1] = mem[kBiquadStateOffset + 2 * ch + 1];
        rows[nrows] = tile[row0[j] + ch];
        row_voice[nrows] = j;
        row_ch[nrows] = ch;
        ++nrows;
      }
    }
  }
  // The lanes kernel takes the states contiguously: z[2r], z[2r + 1] for row r.
  float* zflat = &zbuf[0][0];
  const size_t stride = stride_;
  for (int t0 = 0; t0 < n; t0 += T) {
    const int tn = std::min(T, n - t0);
    // 1. Read: each voice's frames of this tile into its row(s); zeros before its onset and after its end. The
    //    next voice's source frames are prefetched while this one is read (its sample is often out of L2).
    for (int j = 0; j < count; ++j) {
      if (j + 1 < count) prefetch_source(lane[j + 1], t0, tn);
      Lane& l = lane[j];
      float* r0 = tile[row0[j]];
      float* r1 = l.ch1 ? tile[row0[j] + 1] : nullptr;
      const int a = std::max(t0, l.off);  // first frame of the voice in this tile
      const int lead = std::min(a - t0, tn);
      std::fill(r0, r0 + lead, 0.0f);
      if (r1) std::fill(r1, r1 + lead, 0.0f);
      const int m = tn - lead;
      if (m <= 0) continue;
      int got = 0;
      if (l.reading) {
        const int64_t p = l.pos + static_cast<int64_t>(a - l.off) * l.inc;
        got = kern::sample_read_fixed(l.ch0, l.ch1, l.begin, l.end, p, l.inc, r0 + lead, r1 ? r1 + lead : nullptr, m);
        if (got < m) l.reading = false;
      } else {
        std::fill(r0 + lead, r0 + tn, 0.0f);
        if (r1) std::fill(r1 + lead, r1 + tn, 0.0f);
      }
      // Frames of this tile to mix: read and before the envelope's end (as VoiceRenderer's `live`).
      const int64_t e_done = a - l.off;  // frames of this voice already handled in this block
      const int64_t mix = std::min<int64_t>(got, std::max<int64_t>(0, l.env_left - e_done));
      // Only a contiguous run from the voice's first frame is live (VoiceRenderer stops at the first gap).
      if (l.live == e_done) l.live += static_cast<int>(mix);
    }
    // 2. Filter: the rows of every low-passed voice, voices in SIMD lanes.
    if (nrows > 0) kern::biquad_process_lanes(coefs, zflat, rows, nrows, tn);
    // 3. Mix each voice's live frames of this tile through its envelope and gains.
    for (int j = 0; j < count; ++j) {
      Lane& l = lane[j];
      const Voice& v = *voices[j];
      const int a = std::max(t0, l.off);
      if (a >= t0 + tn) continue;
      const int e_done = a - l.off;
      const int m = std::min(l.live - e_done, t0 + tn - a);  // live frames of the voice in this tile
      if (m <= 0) continue;
      const float* in0 = tile[row0[j]] + (a - t0);
      const float* in1 = l.ch1 ? tile[row0[j] + 1] + (a - t0) : in0;
      EnvSegment seg[kMaxEnvSegments];
      const int nseg = envelope_segments(v, v.elapsed + e_done, m, seg);
      const float send[3] = {1.0f, v.send_rev, v.send_del};
      for (int k = 0; k < 3; ++k) {
        if (k > 0 && !(send[k] > 0)) continue;
        const float gl = k == 0 ? v.gain_l : v.gain_l * send[k], gr = k == 0 ? v.gain_r : v.gain_r * send[k];
        float* dl = acc + 2 * k * stride + a;
        float* dr = dl + stride;
        for (int g = 0; g < nseg; ++g) {
          const EnvSegment& e = seg[g];
          if (e.start == 0.0f && e.step == 0.0f) continue;
          kern::pan_mix_add_ramp(in0 + e.off, in1 + e.off, e.start, e.step, gl, gr, dl + e.off, dr + e.off, e.len);
        }
      }
    }
  }
  for (int r = 0; r < nrows; ++r) {
    float* mem = fx_lpf_mem(*voices[row_voice[r]]);
    mem[kBiquadStateOffset + 2 * row_ch[r]] = zbuf[r][0];
    mem[kBiquadStateOffset + 2 * row_ch[r] + 1] = zbuf[r][1];
  }
  for (int j = 0; j < count; ++j) {
    Voice& v = *voices[j];
    const int cnt = n - lane[j].off;
    alive[j] = lane[j].live == cnt;
    v.elapsed += cnt;
    v.start_offset = 0;
  }
}

}  // namespace phonon
