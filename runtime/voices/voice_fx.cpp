#include "runtime/voices/voice_fx.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/filter/biquad_voice.hpp"
#include "kernels/filter/sc_filter_coefs.hpp"
#include "kernels/kernel.hpp"

namespace phonon {

namespace {

// ---- the stages' set-up and run functions ---------------------------------------------------------------------

float resonance_to_q(double res) {
  // SuperDirt's RLPF/RHPF take rq = resonance.linexp(0, 1, 1, 0.001); q = 1 / rq, capped for stability.
  return static_cast<float>(std::min(std::pow(1000.0, std::clamp(res, 0.0, 1.0)), 50.0));
}

// A biquad stage's memory: b0 b1 b2 a1 a2, then z[ch][2].
constexpr int kBiquadMem = 5 + 4;
void put_biquad(const kern::BiquadCoefs& c, float* mem) { std::memcpy(mem, &c, sizeof c); }
void run_biquad(float* mem, int ch, float* io, int n) {
  kern::BiquadCoefs c;
  std::memcpy(&c, mem, sizeof c);
  kern::biquad_process(c, mem + kBiquadStateOffset + 2 * ch, io, n);
}

// SuperDirt's dirt_vowel: five SuperCollider BPFs at the vowel's formants (the Vowel quark's counterTenor
// register), each scaled by its level times resonance.linlin(0, 1, 50, 200), with rq = (1 / bandwidth) /
// resonance.linlin(0, 1, 0.1, 0.5); their sum is crossfaded with the dry signal at equal power (XFade2, pan
// resonance.linlin(0, 1, -0.5, 1), level 0.25). resonance defaults to 0.5.
struct VowelFormants {
  float freq[5], db[5], bw[5];
};
const VowelFormants& vowel_table(char v) {
  static const VowelFormants a{{660, 1120, 2750, 3000, 3350}, {0, -6, -23, -24, -38}, {80, 90, 120, 130, 140}},
      e{{440, 1800, 2700, 3000, 3300}, {0, -14, -18, -20, -20}, {70, 80, 100, 120, 120}},
      i{{270, 1850, 2900, 3350, 3590}, {0, -24, -24, -36, -36}, {40, 90, 100, 120, 120}},
      o{{430, 820, 2700, 3000, 3300}, {0, -10, -26, -22, -34}, {40, 80, 100, 120, 120}},
      u{{370, 630, 2750, 3000, 3400}, {0, -20, -23, -30, -34}, {40, 60, 100, 120, 120}};
  switch (v) {
    case 'e': return e;
    case 'i': return i;
    case 'o': return o;
    case 'u': return u;
    default: return a;
  }
}
// Memory: dry gain, wet gain, 5 x biquad coefficients (the band's level folded into b0..b2), 5 x z[ch][2].
constexpr int kVowelBands = 5;
constexpr int kVowelMem = 2 + kVowelBands * 5 + kVowelBands * 4;
void setup_vowel(const VoiceParams& vp, float rate, float* mem) {
  const VowelFormants& f = vowel_table(vp.vowel);
  const double res = vp.has_resonance ? vp.resonance : 0.0;
  const double amp_scale = 50.0 + 150.0 * res;
  const double rq_div = 0.1 + 0.4 * res;
  // XFade2(dry, wet, pan, 0.25): gains cos and sin of (pan + 1) pi / 4, pan clamped to [-1, 1].
  const double pan = std::clamp(-0.5 + 1.5 * res, -1.0, 1.0);
  mem[0] = static_cast<float>(0.25 * std::cos((pan + 1.0) * M_PI / 4));
  mem[1] = static_cast<float>(0.25 * std::sin((pan + 1.0) * M_PI / 4));
  for (int b = 0; b < kVowelBands; ++b) {
    kern::BiquadCoefs c = kern::sc_bpf(std::min<double>(f.freq[b], rate / 2), (1.0 / f.bw[b]) / rq_div, rate);
    const float g = static_cast<float>(std::pow(10.0, f.db[b] / 20.0) * amp_scale);
    c.b0 *= g, c.b1 *= g, c.b2 *= g;
    std::memcpy(mem + 2 + 5 * b, &c, sizeof c);
  }
}
void run_vowel(float* mem, int ch, float* io, int n, const FxRunContext& ctx) {
  float* sum = ctx.c;
  float* band = ctx.b;
  std::fill(sum, sum + n, 0.0f);
  for (int b = 0; b < kVowelBands; ++b) {
    kern::BiquadCoefs c;
    std::memcpy(&c, mem + 2 + 5 * b, sizeof c);
    std::copy(io, io + n, band);
    kern::biquad_process(c, mem + 2 + 5 * kVowelBands + 4 * b + 2 * ch, band, n);
    for (int i = 0; i < n; ++i) sum[i] += band[i];
  }
  const float gd = mem[0], gw = mem[1];
  for (int i = 0; i < n; ++i) io[i] = gd * io[i] + gw * sum[i];
}

// A graph kernel with one audio input and constant params: params at mem[0..np), its state per channel after them.
void run_kernel(const kern::KernelSpec* k, const float* params, float* state, float* io, int n,
                const FxRunContext& ctx) {
  const float* in[1] = {io};
  float* out[1] = {ctx.b};
  k->process(kern::KernelArgs{in, out, state, params, n, ctx.rate});
  std::copy(ctx.b, ctx.b + n, io);
}
// A kernel whose one extra input is a constant amount (fx.shape, fx.crush, fx.coarse, fx.squiz): mem[0] = amount.
void run_amount_kernel(const kern::KernelSpec* k, float amount, const float* params, float* state, float* io, int n,
                       const FxRunContext& ctx) {
  std::fill(ctx.a, ctx.a + n, amount);
  const float* in[2] = {io, ctx.a};
  float* out[1] = {ctx.b};
  k->process(kern::KernelArgs{in, out, state, params, n, ctx.rate});
  std::copy(ctx.b, ctx.b + n, io);
}

// fx.squiz's params as SuperDirt's squiz uses the Squiz UGen: one zero crossing per chunk, 0.1 s memory (the
// engine sizes its FxBufferPool slots with the same values, fx_buffer_layout).
constexpr float kSquizParams[2] = {1.0f, 0.1f};

// ---- the stage table ------------------------------------------------------------------------------------------

struct FxDef {
  FxKind kind;
  const char* module;  // SuperDirt's module name
  const char* kernel;  // the graph kernel it runs (null: computed here)
  uint32_t stage_bit;  // its VoiceStage bit
  bool homogeneous;    // f(c x) = c f(x) for c >= 0: commutes with the pan gains
  int params;          // kernel stages: leading fx_mem floats that are the kernel's params
  int mem;             // fx_mem floats it takes (params, then the state of channel 0 and of channel 1)
  bool (*wanted)(const VoiceParams&);
  void (*setup)(const VoiceParams&, float rate, float* mem);
};

// Params of a kernel stage from FxControls, defaults as SuperDirt's SynthDefs have them.
template <int N>
void put_params(float* mem, const VoiceParams& vp, const FxControl (&c)[N], const float (&dflt)[N]) {
  for (int i = 0; i < N; ++i) mem[i] = static_cast<float>(vp.get(c[i], dflt[i]));
}

// SuperDirt's module order: core-modules.scd (vowel, shape, hpf, bpf, crush, coarse, lpf, ..., tremolo, phaser),
// then default-effects-extra.scd (waveloss, squiz, fshift, triode, krush, octer, ring, distort, ..., dj-filter).
const FxDef kFxDefs[] = {
    {FxKind::Vowel, "vowel", nullptr, kStageVowel, true, 0, kVowelMem,
     [](const VoiceParams& p) { return p.vowel != 0; }, setup_vowel},
    {FxKind::Shape, "shape", "fx.shape", kStageShape, false, 1, 1, [](const VoiceParams& p) { return p.shape > 0; },
     [](const VoiceParams& p, float, float* m) { m[0] = static_cast<float>(std::min(p.shape, 0.999)); }},
    {FxKind::Hpf, "hpf", nullptr, kStageHighpass, true, 0, kBiquadMem,
     [](const VoiceParams& p) { return p.hcutoff > 0; },
     [](const VoiceParams& p, float rate, float* m) {
       put_biquad(kern::biquad_highpass(static_cast<float>(p.hcutoff), resonance_to_q(p.hresonance), rate), m);
     }},
    {FxKind::Bpf, "bpf", nullptr, kStageBandpass, true, 0, kBiquadMem, [](const VoiceParams& p) { return p.bandf > 0; },
     [](const VoiceParams& p, float rate, float* m) {
       kern::BiquadCoefs c =
           kern::biquad_bandpass(static_cast<float>(p.bandf), static_cast<float>(std::max(0.1, p.bandq)), rate);
       // dirt_bpf: BPF.ar(sig, bandf, 1 / bandq) * max(bandq, 1): the narrow band keeps its loudness.
       const float makeup = static_cast<float>(std::max(p.bandq, 1.0));
       c.b0 *= makeup, c.b1 *= makeup, c.b2 *= makeup;
       put_biquad(c, m);
     }},
    {FxKind::Crush, "crush", "fx.crush", kStageCrush, false, 1, 1, [](const VoiceParams& p) { return p.crush > 0; },
     [](const VoiceParams& p, float, float* m) { m[0] = static_cast<float>(p.crush); }},
    {FxKind::Coarse, "coarse", "fx.coarse", kStageCoarse, true, 1, 1 + 4,
     [](const VoiceParams& p) { return p.coarse > 1; },
     [](const VoiceParams& p, float, float* m) { m[0] = static_cast<float>(p.coarse); }},
    {FxKind::Lpf, "lpf", nullptr, kStageLowpass, true, 0, kBiquadMem, [](const VoiceParams& p) { return p.cutoff > 0; },
     [](const VoiceParams& p, float rate, float* m) {
       put_biquad(kern::biquad_lowpass(static_cast<float>(p.cutoff), resonance_to_q(p.resonance), rate), m);
     }},
    {FxKind::Tremolo, "tremolo", "fx.tremolo", kStageEffect, true, 2, 2 + 2,
     [](const VoiceParams& p) { return p.has(kFxTremolorate); },
     // A depth not given is 0 (SuperDirt sends the unset control as nil, set to 0: `tremolorate` alone is dry).
     [](const VoiceParams& p, float, float* m) {
       put_params(m, p, {kFxTremolorate, kFxTremolodepth}, {1.0f, 0.0f});
     }},
    // Linear: commutes with the pan. Its delay line lives in the voice's FxBufferPool slot (mem[2]: where in a
    // channel's part of the slot), so the stage takes only its params here. A depth not given is 0, not the
    // SynthDef's 0.5: SuperDirt sends the unset control as nil, which scsynth sets to 0 (recorded: `phaserrate 8`
    // alone plays the dry sound).
    {FxKind::Phaser, "phaser", "fx.dirt_phaser", kStageEffect, true, 2, 3,
     [](const VoiceParams& p) { return p.has(kFxPhaserrate); },
     [](const VoiceParams& p, float rate, float* m) {
       put_params(m, p, {kFxPhaserrate, kFxPhaserdepth}, {1.0f, 0.0f});
       m[2] = static_cast<float>(fx_buffer_layout(rate).squiz);
     }},
    // Random per channel (SuperDirt runs one WaveLoss per channel): not homogeneous, so a mono source is panned
    // first and each channel draws its own segments (channel 1 counts from 2^23).
    {FxKind::Waveloss, "waveloss", "fx.waveloss", kStageEffect, false, 2, 2 + 6,
     [](const VoiceParams& p) { return p.has(kFxWaveloss); },
     [](const VoiceParams& p, float, float* m) {
       put_params(m, p, {kFxWaveloss}, {0.0f});  // m[1], the seed: the voice's serial (build_fx_chain)
       m[2 + 3 + 2] = 8388608.0f;
     }},
    {FxKind::Squiz, "squiz", "fx.squiz", kStageSquiz, true, 1, 1, [](const VoiceParams& p) { return p.squiz > 1; },
     [](const VoiceParams& p, float, float* m) { m[0] = static_cast<float>(p.squiz); }},
    // dirt_fshift: the shift is fshift + fshiftnote * the event's frequency (SuperDirt's ~freq: the midi note
    // `note`, else `n`, plus 12 * octave, as Hz).
    {FxKind::Fshift, "fshift", "fx.fshift", kStageEffect, true, 2, 2 + 2 * 14,
     [](const VoiceParams& p) { return p.has(kFxFshift); },
     [](const VoiceParams& p, float, float* m) {
       const double midinote = 60.0 + (p.has_note ? p.note : p.n + p.pitch_offset);
       const double freq = 440.0 * std::pow(2.0, (midinote - 69.0) / 12.0);
       m[0] = static_cast<float>(p.get(kFxFshift, 0.0) + p.get(kFxFshiftnote, 0.0) * freq);
       m[1] = static_cast<float>(p.get(kFxFshiftphase, 0.0));
     }},
    {FxKind::Triode, "triode", "fx.triode", kStageEffect, false, 1, 1 + 4,
     [](const VoiceParams& p) { return p.has(kFxTriode); },
     [](const VoiceParams& p, float, float* m) { put_params(m, p, {kFxTriode}, {0.0f}); }},
    {FxKind::Krush, "krush", "fx.krush", kStageEffect, false, 2, 2 + 4,
     [](const VoiceParams& p) { return p.has(kFxKrush); },
     [](const VoiceParams& p, float, float* m) {
       put_params(m, p, {kFxKrush, kFxKcutoff}, {0.0f, 0.0f});
     }},
    {FxKind::Octer, "octer", "fx.octer", kStageEffect, true, 3, 3 + 14,
     [](const VoiceParams& p) { return p.has(kFxOcter) || p.has(kFxOctersub) || p.has(kFxOctersubsub); },
     [](const VoiceParams& p, float, float* m) {
       put_params(m, p, {kFxOcter, kFxOctersub, kFxOctersubsub}, {0.0f, 0.0f, 0.0f});
     }},
    {FxKind::Ring, "ring", "fx.ring", kStageEffect, true, 3, 3 + 4, [](const VoiceParams& p) { return p.has(kFxRing); },
     [](const VoiceParams& p, float, float* m) {
       put_params(m, p, {kFxRing, kFxRingf, kFxRingdf}, {0.0f, 0.0f, 0.0f});
     }},
    {FxKind::Distort, "distort", "fx.dirt_distort", kStageEffect, false, 1, 1 + 18,
     [](const VoiceParams& p) { return p.has(kFxDistort); },
     [](const VoiceParams& p, float, float* m) { put_params(m, p, {kFxDistort}, {0.0f}); }},
    {FxKind::Djf, "dj-filter", "fx.djf", kStageEffect, true, 1, 1 + 8,
     [](const VoiceParams& p) { return p.has(kFxDjf); },
     [](const VoiceParams& p, float, float* m) { put_params(m, p, {kFxDjf}, {0.5f}); }},
};
static_assert(sizeof kFxDefs / sizeof kFxDefs[0] == kFxKinds, "one kFxDefs row per FxKind");

const FxDef& def(FxKind k) { return kFxDefs[static_cast<int>(k)]; }

}  // namespace

const char* fx_kernel_name(FxKind k) { return def(k).kernel; }
const char* fx_module_name(FxKind k) { return def(k).module; }

const kern::KernelSpec* const* fx_kernels() {
  struct Table {
    const kern::KernelSpec* k[kFxKinds];
    Table() {
      for (int i = 0; i < kFxKinds; ++i) k[i] = kFxDefs[i].kernel ? kern::find_kernel(kFxDefs[i].kernel) : nullptr;
    }
  };
  static const Table t;
  return t.k;
}

void build_fx_chain(const VoiceParams& vp, float rate, Voice& v) {
  const kern::KernelSpec* const* kernels = fx_kernels();
  int mem = 0;
  v.fx_count = 0;
  v.fx_after_pan = false;
  for (int i = 0; i < kFxKinds; ++i) {
    const FxDef& d = kFxDefs[i];
    if (!d.wanted(vp)) continue;
    if (d.kernel && !kernels[i]) continue;  // a build without the kernel plays the voice without it
    if (v.fx_count == kMaxFxStages || mem + d.mem > kFxMemFloats) break;
    FxStage& s = v.fx[v.fx_count++];
    s.kind = d.kind;
    s.mem = static_cast<uint8_t>(mem);
    d.setup(vp, rate, v.fx_mem + mem);
    if (d.kind == FxKind::Waveloss) v.fx_mem[mem + 1] = static_cast<float>(v.serial & 0xFFFFu);
    mem += d.mem;
    v.stages |= d.stage_bit;
    if (!d.homogeneous) v.fx_after_pan = true;
  }
}

void run_fx_stage(const FxStage& s, Voice& v, int ch, float* io, int n, const FxRunContext& ctx) {
  float* mem = v.fx_mem + s.mem;
  const kern::KernelSpec* k = ctx.kernels[static_cast<int>(s.kind)];
  switch (s.kind) {
    case FxKind::Vowel: return run_vowel(mem, ch, io, n, ctx);
    case FxKind::Hpf:
    case FxKind::Bpf:
    case FxKind::Lpf: return run_biquad(mem, ch, io, n);
    case FxKind::Shape:
    case FxKind::Crush: return run_amount_kernel(k, mem[0], nullptr, nullptr, io, n, ctx);
    case FxKind::Coarse: return run_amount_kernel(k, mem[0], nullptr, mem + 1 + 2 * ch, io, n, ctx);
    // Their state is in the FxBufferPool slot the engine gives the voice after the start (none free: played
    // without them).
    case FxKind::Squiz:
      if (v.fx_buf[ch]) run_amount_kernel(k, mem[0], kSquizParams, v.fx_buf[ch], io, n, ctx);
      return;
    case FxKind::Phaser:
      if (v.fx_buf[ch]) run_kernel(k, mem, v.fx_buf[ch] + static_cast<std::size_t>(mem[2]), io, n, ctx);
      return;
    default: {
      const int np = def(s.kind).params;
      const int per_channel = (def(s.kind).mem - np) / 2;
      return run_kernel(k, mem, mem + np + per_channel * ch, io, n, ctx);
    }
  }
}

FxBufferLayout fx_buffer_layout(float rate) {
  const kern::KernelSpec* const* k = fx_kernels();
  const kern::KernelSpec* sq = k[static_cast<int>(FxKind::Squiz)];
  const kern::KernelSpec* ph = k[static_cast<int>(FxKind::Phaser)];
  FxBufferLayout l;
  if (sq) l.squiz = kern::state_floats_for(*sq, kSquizParams, rate);
  if (ph) l.phaser = kern::state_floats_for(*ph, nullptr, rate);
  return l;
}

FxBufferSpan fx_buffer_span(const Voice& v, float rate) {
  FxBufferSpan span;
  bool any = false;
  for (int i = 0; i < v.fx_count; ++i) {
    if (v.fx[i].kind != FxKind::Squiz && v.fx[i].kind != FxKind::Phaser) continue;
    const FxBufferLayout l = fx_buffer_layout(rate);
    std::size_t from = 0, to = 0;
    if (v.fx[i].kind == FxKind::Squiz) from = 0, to = l.squiz;
    else from = l.squiz, to = l.squiz + l.phaser;
    span.from = any ? std::min(span.from, from) : from;
    span.to = std::max(span.to, to);
    any = true;
  }
  return span;
}

float* fx_lpf_mem(Voice& v) { return v.fx_mem + v.fx[0].mem; }

}  // namespace phonon
