// Built-in synths (runtime/synths): every synth sounds, ends on time, is block-size invariant and deterministic,
// and stays finite for extreme parameters.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "runtime/voices/synths/synths.hpp"

namespace phonon {
namespace {

struct Rendered {
  std::vector<float> l, r;
  bool ended = false;  // synth_render returned < n
};

// Renders a voice from frame 0 in blocks of `block` until it ends or `max_frames` are rendered.
Rendered render(SynthId id, const SynthParams& p, int block, int64_t max_frames = 10 * 48000) {
  SynthState st;
  synth_start(id, p, st);
  Rendered out;
  std::vector<float> l(static_cast<size_t>(block)), r(static_cast<size_t>(block));
  int64_t elapsed = 0;
  while (elapsed < max_frames) {
    const int n = static_cast<int>(std::min<int64_t>(block, max_frames - elapsed));
    const int got = synth_render(id, p, st, elapsed, l.data(), r.data(), n);
    EXPECT_GE(got, 0);
    EXPECT_LE(got, n);
    out.l.insert(out.l.end(), l.begin(), l.begin() + got);
    out.r.insert(out.r.end(), r.begin(), r.begin() + got);
    // Frames after the end are zeroed.
    for (int i = got; i < n; ++i) {
      EXPECT_EQ(l[static_cast<size_t>(i)], 0.0f);
      EXPECT_EQ(r[static_cast<size_t>(i)], 0.0f);
    }
    elapsed += got;
    if (got < n) {
      out.ended = true;
      break;
    }
  }
  return out;
}

float peak(const Rendered& x) {
  float m = 0.0f;
  for (float v : x.l) m = std::max(m, std::fabs(v));
  for (float v : x.r) m = std::max(m, std::fabs(v));
  return m;
}

bool all_finite(const Rendered& x) {
  for (float v : x.l)
    if (!std::isfinite(v)) return false;
  for (float v : x.r)
    if (!std::isfinite(v)) return false;
  return true;
}

std::vector<SynthId> all_synths() {
  std::vector<SynthId> ids;
  for (const auto& name : synth_names()) ids.push_back(synth_by_name(name));
  return ids;
}

SynthParams base_params(double sustain = 0.5) {
  SynthParams p;
  p.freq = 261.6256;
  p.sustain = sustain;
  p.rate = 48000.0;
  p.seed = 42;
  return p;
}

TEST(SynthRegistry, NamesRoundTrip) {
  const std::vector<std::string> expected = {"superpiano", "supersaw", "supersquare", "superkick",
                                             "supersnare", "superhat", "superfm"};
  // The first seven, in SynthId order; the rest are listed in runtime/voices/synths/synth_list.inc.
  std::vector<std::string> names = synth_names();
  ASSERT_GE(names.size(), expected.size());
  EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + 7), expected);
  for (const auto& n : expected) {
    SynthId id = synth_by_name(n);
    ASSERT_NE(id, SynthId::None) << n;
    EXPECT_EQ(synth_name(id), n);
    EXPECT_EQ(synth_default_sustain(id), 1.0);
  }
  EXPECT_EQ(synth_by_name("bd"), SynthId::None);
  EXPECT_EQ(synth_by_name("SuperPiano"), SynthId::None);
  EXPECT_EQ(synth_by_name(""), SynthId::None);
}

TEST(SynthRender, EverySynthSoundsAtANormalisedLevel) {
  for (SynthId id : all_synths()) {
    Rendered x = render(id, base_params(), 256);
    float pk = peak(x);
    // SuperDirt's levels (tests/render/superdirt_synths_test.cpp): most peak near 1, the SOS drums near 2, psin
    // (five sines summed) near 5, superhex (the membrane's centre, beyond SuperDirt's limiter) near 13; supernoise
    // clips at 0.3.
    EXPECT_GT(pk, synth_name(id) == "supernoise" ? 0.25f : 0.3f) << synth_name(id);
    EXPECT_LT(pk, synth_name(id) == "psin" ? 5.5f : synth_name(id) == "superhex" ? 16.0f : 2.5f) << synth_name(id);
    // Some energy (not a single spike).
    double e = 0.0;
    for (float v : x.l) e += static_cast<double>(v) * v;
    EXPECT_GT(e / static_cast<double>(x.l.size()), 3e-4) << synth_name(id);
  }
}

TEST(SynthRender, EndsWithinSustainPlusRelease) {
  const double rate = 48000.0;
  for (SynthId id : all_synths()) {
    for (double sus : {0.05, 0.3, 1.2}) {
      SynthParams p = base_params(sus);
      Rendered x = render(id, p, 333);
      ASSERT_TRUE(x.ended) << synth_name(id);
      // The longest release is superfm's default 1/20 s (+ a 5 ms fade).
      EXPECT_LE(static_cast<double>(x.l.size()), std::ceil((sus + 0.056) * rate)) << synth_name(id) << " " << sus;
      EXPECT_GE(static_cast<double>(x.l.size()), 0.3 * sus * rate) << synth_name(id) << " " << sus;
      EXPECT_EQ(static_cast<int64_t>(x.l.size()), synth_total_frames(id, p)) << synth_name(id);
      // The envelope has closed by the last frame (relative to the synth's level: superhex peaks near 13).
      ASSERT_FALSE(x.l.empty());
      const float closed = synth_name(id) == "superhex" ? 0.3f : 0.02f;
      EXPECT_LT(std::fabs(x.l.back()), closed) << synth_name(id) << " " << sus;
      EXPECT_LT(std::fabs(x.r.back()), closed) << synth_name(id) << " " << sus;
    }
  }
}

TEST(SynthRender, DefaultSustainWhenNegative) {
  for (SynthId id : all_synths()) {
    SynthParams a = base_params(-1.0);
    SynthParams b = base_params(synth_default_sustain(id));
    EXPECT_EQ(synth_total_frames(id, a), synth_total_frames(id, b)) << synth_name(id);
    Rendered ra = render(id, a, 512), rb = render(id, b, 512);
    EXPECT_EQ(ra.l, rb.l) << synth_name(id);
  }
}

TEST(SynthRender, LongerSustainLastsLonger) {
  for (SynthId id : all_synths()) {
    EXPECT_LT(synth_total_frames(id, base_params(0.2)), synth_total_frames(id, base_params(0.8))) << synth_name(id);
  }
}

TEST(SynthRender, BlockSizeInvariant) {
  for (SynthId id : all_synths()) {
    SynthParams p = base_params(0.25);
    p.accelerate = 0.5;  // exercise the time-varying paths too
    Rendered ref = render(id, p, 512);
    for (int block : {1, 7, 64, 100, 4096}) {
      Rendered x = render(id, p, block);
      ASSERT_EQ(x.l.size(), ref.l.size()) << synth_name(id) << " block " << block;
      for (size_t i = 0; i < ref.l.size(); ++i) {
        ASSERT_NEAR(x.l[i], ref.l[i], 1e-5) << synth_name(id) << " block " << block << " frame " << i;
        ASSERT_NEAR(x.r[i], ref.r[i], 1e-5) << synth_name(id) << " block " << block << " frame " << i;
      }
    }
  }
}

TEST(SynthRender, FirstBlockEqualsEightSmallBlocks) {
  for (SynthId id : all_synths()) {
    SynthParams p = base_params(1.0);
    SynthState a, b;
    synth_start(id, p, a);
    synth_start(id, p, b);
    std::vector<float> la(512), ra(512), lb(512), rb(512);
    EXPECT_EQ(synth_render(id, p, a, 0, la.data(), ra.data(), 512), 512);
    for (int k = 0; k < 8; ++k)
      EXPECT_EQ(synth_render(id, p, b, k * 64, lb.data() + k * 64, rb.data() + k * 64, 64), 64);
    for (int i = 0; i < 512; ++i) {
      ASSERT_NEAR(la[i], lb[i], 1e-5) << synth_name(id) << " " << i;
      ASSERT_NEAR(ra[i], rb[i], 1e-5) << synth_name(id) << " " << i;
    }
  }
}

TEST(SynthRender, Deterministic) {
  for (SynthId id : all_synths()) {
    SynthParams p = base_params(0.3);
    Rendered a = render(id, p, 128), b = render(id, p, 128);
    ASSERT_EQ(a.l.size(), b.l.size());
    EXPECT_EQ(0, std::memcmp(a.l.data(), b.l.data(), a.l.size() * sizeof(float))) << synth_name(id);
    EXPECT_EQ(0, std::memcmp(a.r.data(), b.r.data(), a.r.size() * sizeof(float))) << synth_name(id);
  }
}

TEST(SynthRender, NoiseDependsOnSeed) {
  for (SynthId id :
       {SynthId::SuperHat, SynthId::SuperSnare, SynthId::SuperKick, SynthId::SuperNoise, SynthId::SuperMandolin}) {
    SynthParams p = base_params(0.3);
    Rendered a = render(id, p, 128);
    p.seed = 43;
    Rendered b = render(id, p, 128);
    EXPECT_NE(a.l, b.l) << synth_name(id);
  }
}

TEST(SynthRender, ExtremeParametersStayFinite) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<SynthParams> cases;
  for (double f : {0.0, 1e-6, 20.0, 20000.0, 1e9, -100.0, nan, inf}) {
    SynthParams p = base_params(0.1);
    p.freq = f;
    cases.push_back(p);
  }
  for (double s : {0.0, 1e-6, nan, inf, -inf}) {
    SynthParams p = base_params(s);
    cases.push_back(p);
  }
  for (double rate : {8000.0, 192000.0, 0.0, nan}) {
    SynthParams p = base_params(0.05);
    p.rate = rate;
    cases.push_back(p);
  }
  {
    SynthParams p = base_params(0.1);
    p.accelerate = -10;
    p.voice = 100;
    p.decay = -50;
    p.semitone = 1e6;
    p.resonance = 50;
    p.lfo = 1e9;
    p.lfo_rate = -1e9;
    p.pitch1 = 1e9;
    p.velocity = 1e9;
    p.detune = 1e9;
    p.muffle = -1;
    p.stereo = 5;
    cases.push_back(p);
  }
  {
    SynthParams p = base_params(0.1);
    p.accelerate = 1e9;
    p.voice = nan;
    p.decay = inf;
    p.resonance = nan;
    p.velocity = 0;
    for (int i = 0; i < 6; ++i) {
      p.fm.amp[i] = 1e9f;
      p.fm.ratio[i] = 1e9f;
      p.fm.detune[i] = -1e9f;
      for (int j = 0; j < 6; ++j) p.fm.mod[i][j] = 1e6f;
      for (int k = 0; k < 4; ++k) {
        p.fm.egrate[i][k] = (k % 2) ? 0.0f : 1e9f;
        p.fm.eglevel[i][k] = 1e9f;
      }
    }
    p.fm.feedback = 1e9f;
    p.fm.lfodepth = 1e9f;
    p.fm.lfofreq = 1e9f;
    cases.push_back(p);
  }
  for (SynthId id : all_synths()) {
    for (size_t c = 0; c < cases.size(); ++c) {
      Rendered x = render(id, cases[c], 500, 48000);
      EXPECT_TRUE(all_finite(x)) << synth_name(id) << " case " << c;
      // superhex's default note already peaks near 13 (its output bends towards 16).
      EXPECT_LT(peak(x), synth_name(id) == "superhex" ? 16.5f : 8.0f) << synth_name(id) << " case " << c;
    }
  }
}

TEST(SynthRender, HugeSustainKeepsPlaying) {
  for (SynthId id : all_synths()) {
    SynthParams p = base_params(1e12);
    // Sustain is capped at 1e5 s; the drums last 0.31..0.61 of it.
    EXPECT_GT(synth_total_frames(id, p), int64_t{1400000000}) << synth_name(id);
    SynthState st;
    synth_start(id, p, st);
    std::vector<float> l(256), r(256);
    // Far into the voice: still producing finite frames.
    const int64_t at = int64_t{1} << 30;
    EXPECT_EQ(synth_render(id, p, st, 0, l.data(), r.data(), 256), 256) << synth_name(id);
    EXPECT_EQ(synth_render(id, p, st, at, l.data(), r.data(), 256), 256) << synth_name(id);
    for (int i = 0; i < 256; ++i) ASSERT_TRUE(std::isfinite(l[i]) && std::isfinite(r[i])) << synth_name(id);
  }
}

TEST(SynthRender, StateIsFixedSizePod) {
  static_assert(std::is_trivially_copyable_v<SynthState>);
  static_assert(std::is_trivially_copyable_v<SynthParams>);
  EXPECT_LE(sizeof(SynthState), 1600u);
}

}  // namespace
}  // namespace phonon
