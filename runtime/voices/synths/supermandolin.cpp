// supermandolin: SuperDirt's plucked string: a burst of white noise (level 0.2, see below, decaying 60 dB in 0.1 * MIDI
// note / 69 s) into two feedback combs (CombL) with delays 1/f * (1 -+ `detune` / 100) (`detune` 0.2) and a 60 dB decay
// time of the sustain, summed; Env.linen(0.002, 0.996, 0.002, curve -3) over sustain. `accelerate` glides the pitch.
//
// A comb's delay line would not fit the fixed per-voice state, so each comb is rebuilt from its resonances: a comb
// of delay N samples and feedback g is exactly the sum of N complex one-pole resonators at the multiples of 1/N
// (radius g^(1/N)), minus its direct path. Each comb keeps its lowest kModes resonances (all of them down to
// ~245 Hz at 44.1 kHz); the linear interpolation of CombL's fractional delay, which damps the upper harmonics in
// its loop, is applied to each resonance's radius. Below ~245 Hz the harmonics above kModes * f are missing (and
// the excitation's noise above them is heard faintly); a sustain under ~10 periods rings longer than SuperDirt's.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kModes = 90;
// SuperCollider's control period: the resonances follow a pitch glide once every this many frames from the onset
// (so rendering is the same for any block size).
constexpr int kControlBlock = 64;

struct MandolinState {
  float re[2][kModes], im[2][kModes];
  double burst;  // the excitation's envelope
  Rng rng;
};

struct Combs {
  double c[2][kModes], s[2][kModes];  // each resonance's pole: radius * (cos, sin)
  int modes[2];                       // resonances below Nyquist
  double norm[2];                     // 1 / (delay in samples * feedback)
  double inv_g[2];                    // 1 / feedback
};

// The resonances of both combs for pitch f.
void tune(Combs& cb, double f, double detune, double sustain, double rate) {
  for (int j = 0; j < 2; ++j) {
    const double delay_s = std::min(0.05, (1.0 / std::max(f, 1e-3)) * (j == 0 ? 1.0 - detune : 1.0 + detune));
    const double n = std::max(delay_s * rate, 1.0);
    // The resonator sum divides by g, so each pass loses at most 6 dB: a sustain under ~10 periods rings longer than
    // SuperDirt's (which then barely rings at all).
    const double g = std::max(std::exp(std::log(0.001) * delay_s / std::max(sustain, 1e-4)), 0.5);
    const double frac = n - std::floor(n);
    cb.norm[j] = 1.0 / (n * g);
    cb.inv_g[j] = 1.0 / g;
    cb.modes[j] = std::min(kModes, static_cast<int>(n / 2.0) + 1);
    for (int k = 0; k < cb.modes[j]; ++k) {
      const double w = kTwoPi * k / n;
      // |(1 - frac) + frac e^{-iw}|: the interpolated read's loss at this harmonic.
      const double interp = std::sqrt(std::max(0.0, 1.0 - 2.0 * frac * (1.0 - frac) * (1.0 - std::cos(w))));
      const double radius = std::pow(g * interp, 1.0 / n);
      cb.c[j][k] = radius * std::cos(w);
      cb.s[j][k] = radius * std::sin(w);
    }
  }
}

// The burst's decay per frame: 60 dB in 0.1 * (MIDI note) / 69 seconds.
double burst_decay(const Common& c) {
  const double midi = note_of(std::max(c.freq, 1e-3)) + 60.0;
  return std::exp(std::log(0.001) / (std::max(0.1 * midi / 69.0, 1e-4) * c.rate));
}

}  // namespace

int64_t supermandolin_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperMandolin, p, 1.0); }

void supermandolin_start(const SynthParams& p, SynthState& st) {
  MandolinState s{};
  // SuperCollider's Decay computes its first frame once in its constructor and again in its first block, so the
  // strike of 0.1 enters twice: the burst starts at 0.1 * (1 + decay), as measured from SuperCollider (about 0.2).
  s.burst = 0.1 * (1.0 + burst_decay(resolve_common(SynthId::SuperMandolin, p)));
  s.rng = Rng::seeded(p.seed, 30);
  store_state(st, s);
}

int supermandolin_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperMandolin, p);
  const double detune = clampd(finite_or(p.detune, 0.2), -50.0, 50.0) / 100.0;
  const double decay = burst_decay(c);
  const Envelope env = env_linen(0.002, 0.996, 0.002, 1.0, -3.0, c.sustain);
  Combs cb;
  int64_t frame = elapsed;
  bool tuned = false;
  return render_frames<MandolinState>(
      st, c.rate, elapsed, l, r, n, [&](MandolinState& s, double t, float& ol, float& orr) {
        if (!tuned || frame % kControlBlock == 0) {
          const double t0 = static_cast<double>(frame - frame % kControlBlock) / c.rate;
          tune(cb, c.freq * line_at(1.0, 1.0 + c.accelerate, c.sustain, t0), detune, c.sustain, c.rate);
          tuned = true;
        }
        ++frame;
        const double x = s.burst * s.rng.white();
        s.burst = flush(s.burst * decay);
        double y = 0.0;
        for (int j = 0; j < 2; ++j) {
          double sum = 0.0;
          for (int k = 0; k < cb.modes[j]; ++k) {
            const double zr = s.re[j][k], zi = s.im[j][k];
            const double nr = cb.c[j][k] * zr - cb.s[j][k] * zi + x;
            const double ni = cb.s[j][k] * zr + cb.c[j][k] * zi;
            s.re[j][k] = static_cast<float>(nr);
            s.im[j][k] = static_cast<float>(ni);
            sum += k == 0 ? nr : 2.0 * nr;
          }
          y += sum * cb.norm[j] - x * cb.inv_g[j];
        }
        ol = orr = static_cast<float>(y * env.at(t));
      });
}

}  // namespace phonon::synth_detail
