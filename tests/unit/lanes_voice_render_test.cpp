// The lane path for plain sample voices (runtime/voices/voice_render_lanes.hpp) against VoiceRenderer::render: same
// audio within float rounding (the lane filter is the exact TDF-II recursion, VoiceRenderer's the block
// state-space form; positions are fixed point in one and double in the other), same voice life (finished flags,
// elapsed), for mono and stereo samples, onsets inside the block, voices ending on the sample's end or the
// envelope's, sends, with and without a low-pass. And the lane path gives the same audio at block sizes 512, 100
// and 64.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "kernels/filter/biquad_voice.hpp"
#include "runtime/engine/voice_start.hpp"
#include "runtime/samples/sample_bank.hpp"
#include "runtime/voices/voice.hpp"
#include "runtime/voices/voice_fx.hpp"
#include "runtime/voices/voice_render.hpp"
#include "runtime/voices/voice_render_lanes.hpp"

namespace phonon {
namespace {

constexpr float kRate = 44100.0f;

SampleData make_sample(int channels, int frames, unsigned seed) {
  SampleData sd;
  sd.allocate(channels, frames);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-0.5f, 0.5f);
  for (int c = 0; c < channels; ++c)
    for (int i = 0; i < frames; ++i)
      sd.mutable_channel(c)[i] = 0.5f * std::sin(0.01f * static_cast<float>(i) * (c + 1)) + d(rng);
  return sd;
}

// Voices of every kind the lane path takes.
std::vector<Voice> make_voices(const SampleData& mono, const SampleData& stereo, int count, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Voice> vs(static_cast<size_t>(count));
  for (int k = 0; k < count; ++k) {
    Voice& v = vs[static_cast<size_t>(k)];
    v.sample = k % 3 == 2 ? &stereo : &mono;
    const double len = static_cast<double>(v.sample->frames);
    v.inc = k % 5 == 0 ? 1.0 : k % 5 == 1 ? 0.9 : k % 5 == 2 ? -1.1 : k % 5 == 3 ? 1.5 : 0.37;
    v.lo = k % 4 == 0 ? 100.5 : 0.0;
    v.hi = k % 4 == 0 ? len - 300.25 : len;
    v.start_pos = v.inc > 0 ? v.lo + u(rng) * 50 : v.hi - 1 - u(rng) * 50;
    v.attack = static_cast<int64_t>(u(rng) * 600);
    v.length = k % 6 == 0 ? -1 : static_cast<int64_t>(u(rng) * 3000);
    v.release = static_cast<int64_t>(u(rng) * 2000);
    v.gain_l = static_cast<float>(0.2 + u(rng));
    v.gain_r = static_cast<float>(0.2 + u(rng));
    // The lane path takes filtered voices (an unfiltered one has no recursion to put in lanes).
    v.stages = kStageSample;
    VoiceParams lp;
    lp.cutoff = 200 + 8000 * u(rng);
    lp.resonance = u(rng) * 0.5;
    build_fx_chain(lp, kRate, v);
    if (k % 8 == 1) v.send_rev = 0.4f;
    if (k % 8 == 5) v.send_del = 0.3f, v.send_rev = 0.1f;
    v.start_offset = k % 3 == 0 ? static_cast<int>(u(rng) * 500) : 0;
    v.active = true;
  }
  return vs;
}

struct Out {
  std::vector<float> acc;  // 6 buffers of `frames` over the whole render
  std::vector<int64_t> ended_at;
};

// Renders `total` frames in blocks of `n` frames, through the lane path (groups of at most kLaneRows channels, in
// order) or VoiceRenderer.
Out render(std::vector<Voice> vs, int n, int total, bool lanes) {
  const size_t stride = (static_cast<size_t>(n) + 15) & ~static_cast<size_t>(15);
  VoiceRenderer vr(kRate, stride);
  VoiceScratch sc;
  sc.allocate(stride);
  LaneRenderer lr(stride);
  Out o;
  o.acc.assign(6 * static_cast<size_t>(total), 0.0f);
  o.ended_at.assign(vs.size(), -1);
  std::vector<float> acc(6 * stride);
  for (int f0 = 0; f0 < total; f0 += n) {
    const int m = std::min(n, total - f0);  // the last block may be shorter
    std::fill(acc.begin(), acc.end(), 0.0f);
    std::vector<Voice*> group;
    std::vector<size_t> ids;
    int rows = 0;
    auto flush = [&] {
      bool alive[kLaneGroup];
      lr.render(group.data(), static_cast<int>(group.size()), m, acc.data(), alive);
      for (size_t j = 0; j < group.size(); ++j)
        if (!alive[j]) group[j]->active = false, o.ended_at[ids[j]] = f0;
      group.clear();
      ids.clear();
      rows = 0;
    };
    for (size_t k = 0; k < vs.size(); ++k) {
      Voice& v = vs[k];
      if (!v.active) continue;
      if (lanes && is_plain_voice(v, m)) {
        if (rows + lane_rows(v) > kLaneRows) flush();
        group.push_back(&v);
        ids.push_back(k);
        rows += lane_rows(v);
      } else {
        if (!vr.render(v, nullptr, m, acc.data(), sc)) v.active = false, o.ended_at[k] = f0;
      }
    }
    if (!group.empty()) flush();
    for (int b = 0; b < 6; ++b)
      for (int i = 0; i < m; ++i) o.acc[static_cast<size_t>(b) * total + f0 + i] = acc[b * stride + i];
  }
  return o;
}

// The peak of `ref`'s accumulators and the largest difference of `got` from them.
std::pair<double, double> peak_and_error(const Out& got, const Out& ref) {
  double peak = 0, err = 0;
  for (size_t i = 0; i < got.acc.size(); ++i) {
    peak = std::max(peak, static_cast<double>(std::fabs(ref.acc[i])));
    err = std::max(err, static_cast<double>(std::fabs(got.acc[i] - ref.acc[i])));
  }
  return {peak, err};
}

// Voices started from events (runtime/engine/voice_start.hpp): only a sample with a low-pass and nothing else
// that changes its sound takes the lane path.
TEST(SamplerLanes, OnlySampleVoicesWithALowPassAndNoOtherStageTakeTheLanePath) {
  const SampleData mono = make_sample(1, 3000, 1);
  VoiceStartContext ctx;
  ctx.rate = kRate;
  auto started = [&](VoiceParams vp) {
    Voice v;
    EXPECT_TRUE(start_sample_voice(vp, mono, {0.5, 0}, ctx, v));
    return v;
  };
  VoiceParams plain;
  EXPECT_FALSE(is_plain_voice(started(plain), 512));  // no low-pass: VoiceRenderer is cheaper per voice
  VoiceParams lp;
  lp.cutoff = 800;
  const Voice v = started(lp);
  EXPECT_TRUE(is_plain_voice(v, 512));
  Voice w = v;
  w.start_offset = 600;
  EXPECT_FALSE(is_plain_voice(w, 512));  // onset in a later block
  w = v, w.fade_left = 10;
  EXPECT_FALSE(is_plain_voice(w, 512));  // stolen or cut
  VoiceParams p;
  p = lp, p.hcutoff = 500;
  EXPECT_FALSE(is_plain_voice(started(p), 512));
  p = lp, p.bandf = 500;
  EXPECT_FALSE(is_plain_voice(started(p), 512));
  p = lp, p.accelerate = 0.5;
  EXPECT_FALSE(is_plain_voice(started(p), 512));
  p = lp, p.shape = 0.5;
  EXPECT_FALSE(is_plain_voice(started(p), 512));
  p = lp, p.crush = 4;
  EXPECT_FALSE(is_plain_voice(started(p), 512));
  p = lp, p.coarse = 4;
  EXPECT_FALSE(is_plain_voice(started(p), 512));
  p = lp, p.vowel = 'a';
  EXPECT_FALSE(is_plain_voice(started(p), 512));
  p = lp, p.has_loop = true, p.loop = 2.0;
  EXPECT_FALSE(is_plain_voice(started(p), 512));
  p = lp, p.has_adsr = true;
  EXPECT_FALSE(is_plain_voice(started(p), 512));
  w = v, w.stages |= kStageSquiz;  // (squiz: set where its chain is built, voice_fx.cpp)
  EXPECT_FALSE(is_plain_voice(w, 512));
  p = lp, p.pan = 0.2, p.gain = 1.3, p.room = 0.4, p.attack = 0.01, p.release = 0.2, p.speed = 1.5;
  EXPECT_TRUE(is_plain_voice(started(p), 512));  // level, pan, sends, envelope and speed are the lane path's own
}

TEST(SamplerLanes, MatchesVoiceRenderer) {
  const SampleData mono = make_sample(1, 6000, 1), stereo = make_sample(2, 5000, 2);
  const std::vector<Voice> vs = make_voices(mono, stereo, 53, 7);
  for (const Voice& v : vs) ASSERT_TRUE(is_plain_voice(v, 512));
  const int total = 512 * 16;
  const Out a = render(vs, 512, total, true), b = render(vs, 512, total, false);
  const auto [peak, err] = peak_and_error(a, b);
  EXPECT_GT(peak, 1.0);
  EXPECT_LT(err, 2e-4 * peak) << "peak " << peak;
  EXPECT_EQ(a.ended_at, b.ended_at);
  int ended = 0;
  for (int64_t e : a.ended_at) ended += e >= 0;
  EXPECT_GT(ended, 20);  // voices end on the envelope and on the sample's end inside the render
}

// Blocks longer than one tile (kLaneTileFrames): onsets in a later tile, filter states carried across tiles.
TEST(SamplerLanes, MatchesVoiceRendererWithBlocksOfSeveralTiles) {
  const SampleData mono = make_sample(1, 6000, 5), stereo = make_sample(2, 5000, 6);
  std::vector<Voice> vs = make_voices(mono, stereo, 37, 13);
  for (size_t k = 0; k < vs.size(); ++k) vs[k].start_offset = static_cast<int>((k * 397) % 1500);
  const int total = 1600 * 5;
  const Out a = render(vs, 1600, total, true), b = render(vs, 1600, total, false);
  const auto [peak, err] = peak_and_error(a, b);
  EXPECT_GT(peak, 1.0);
  EXPECT_LT(err, 2e-4 * peak) << "peak " << peak;
  EXPECT_EQ(a.ended_at, b.ended_at);
}

TEST(SamplerLanes, SameAudioAtBlockSizes) {
  const SampleData mono = make_sample(1, 6000, 3), stereo = make_sample(2, 5000, 4);
  const std::vector<Voice> vs = make_voices(mono, stereo, 40, 11);
  const int total = 6400;
  const Out ref = render(vs, 512, total, true);
  for (int n : {100, 64, 256, 1024, 2000}) {  // 1024 and 2000: several tiles per block
    const Out o = render(vs, n, total, true);
    const auto [peak, err] = peak_and_error(o, ref);
    // Envelope ramps restart per block (float rounding of the ramp); the read and the filter are exact.
    EXPECT_LT(err, 1e-5 * peak) << "block " << n;
    for (size_t k = 0; k < vs.size(); ++k)
      if (ref.ended_at[k] >= 0) {
        EXPECT_GE(o.ended_at[k], 0) << "voice " << k;
      }
  }
}

}  // namespace
}  // namespace phonon
