// superpiano: SuperDirt's superpiano is MdaPiano, a sample-based piano. This one is additive: up to 40 partials whose
// tuning (stretch), level and decay rate were measured from SuperDirt's superpiano at nine notes (c2..c8, table
// below) and are interpolated between them by note. Each partial decays exponentially; a longer `sustain` decays
// more slowly, as MdaPiano's decay (0.1 * sustain) does: every partial's rate changes by
// 8.686 * (e^(c - 0.2 sustain) - e^(c - 0.4)) dB/s with c = -0.6 + 0.033 * midinote (fitted to the recordings).
// `velocity` (1) scales the level by velocity^2.6 and tilts the spectrum (softer is darker), `muffle` (1) darkens
// slightly, `stereo` (0.2) spreads odd and even partials apart. `detune` (MdaPiano's string stretch) is accepted;
// its effect in SuperDirt was below measurement and is not modelled. Envelope as SuperDirt's:
// Env.linen(0.002, 0.996, 0.002, curve -3) over sustain. `accelerate` glides every partial by (1 -> 1 + accelerate)
// over the sustain; the rotations are re-tuned every kGlideChunk frames of the voice's own time.
#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

// Measured from SuperDirt's superpiano (sustain 2, velocity 1) at these notes (tests/data/superdirt-synths).
constexpr int kRows = 9;
constexpr double kRowNote[kRows] = {-36, -24, -12, -6, 0, 6, 12, 24, 36};
constexpr int kMaxPartials = 40;
constexpr float kRatio[kRows][kMaxPartials] = {
    {0.9985, 1.0005, 1.0045, 1.0022, 1.0031, 1.0057, 1.0037, 1.0069, 1.0063, 1.0067, 1.0066, 1.0078, 1.0052, 1.0086,
     1.0114, 1.0110, 1.0104, 1.0120, 1.0129, 1.0140, 1.0149, 1.0157, 1.0170, 1.0209, 1.0186, 1.0112, 1.0089, 1.0086,
     1.0079, 1.0090, 1.0031, 0.9954, 0.9966, 0.9997, 1.0021, 1.0051, 1.0071, 1.0079, 1.0128, 1.0133},
    {0.9985, 1.0015, 1.0045, 1.0042, 1.0048, 1.0059, 1.0043, 1.0067, 1.0065, 1.0062, 1.0065, 1.0075, 1.0040, 1.0086,
     1.0120, 1.0107, 1.0111, 1.0122, 1.0123, 1.0138, 1.0145, 1.0155, 1.0167, 1.0197, 1.0185, 1.0112, 1.0094, 1.0083,
     1.0096, 1.0107, 1.0071, 0.9980, 0.9967, 0.9999, 1.0023, 1.0048, 1.0071, 1.0083, 1.0129, 1.0136},
    {0.9989, 1.0015, 1.0035, 1.0036, 1.0040, 1.0056, 1.0052, 1.0061, 1.0062, 1.0066, 1.0078, 1.0079, 1.0058, 1.0101,
     1.0105, 1.0124, 1.0128, 1.0137, 1.0148, 1.0157, 1.0176, 1.0188, 1.0196, 1.0220, 1.0239, 1.0238, 1.0261, 1.0276,
     1.0293, 1.0307, 1.0322, 1.0340, 1.0360, 1.0377, 1.0384, 1.0416, 1.0433, 1.0435, 1.0465, 1.0427},
    {1.0047, 1.0035, 1.0055, 1.0041, 1.0052, 1.0051, 1.0064, 1.0063, 1.0082, 1.0109, 1.0100, 1.0112, 1.0128, 1.0134,
     1.0148, 1.0171, 1.0187, 1.0198, 1.0224, 1.0240, 1.0263, 1.0285, 1.0305, 1.0328, 1.0358, 1.0381, 1.0404, 1.0441,
     1.0462, 1.0489, 1.0521, 1.0552, 1.0581, 1.0614, 1.0643, 1.0681, 1.0734, 1.0749, 1.0785, 1.0830},
    {1.0043, 1.0035, 1.0055, 1.0046, 1.0049, 1.0047, 1.0067, 1.0073, 1.0087, 1.0114, 1.0124, 1.0143, 1.0159, 1.0168,
     1.0193, 1.0222, 1.0244, 1.0265, 1.0294, 1.0326, 1.0352, 1.0382, 1.0411, 1.0448, 1.0482, 1.0524, 1.0557, 1.0591,
     1.0632, 1.0671, 1.0723, 1.0759, 1.0810, 1.0849, 1.0907, 1.0935, 1.0991, 1.1040, 1.1095, 1.1154},
    {1.0013, 1.0025, 1.0025, 1.0047, 1.0056, 1.0079, 1.0093, 1.0120, 1.0138, 1.0175, 1.0205, 1.0240, 1.0280, 1.0326,
     1.0365, 1.0415, 1.0462, 1.0519, 1.0573, 1.0630, 1.0689, 1.0750, 1.0823, 1.0888, 1.0943, 1.0990, 1.1107, 1.1181,
     1.1272, 1.1255, 1.1249, 1.1233, 1.1233, 1.1233, 1.1233, 1.1233, 1.1233, 1.1233, 1.1233, 1.1233},
    {1.0027, 1.0015, 1.0035, 1.0041, 1.0041, 1.0088, 1.0116, 1.0155, 1.0188, 1.0228, 1.0275, 1.0323, 1.0370, 1.0434,
     1.0499, 1.0562, 1.0630, 1.0712, 1.0780, 1.0849, 1.0947, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018,
     1.1018, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018, 1.1018},
    {1.0003, 1.0005, 1.0035, 1.0084, 1.0145, 1.0219, 1.0303, 1.0399, 1.0543, 1.0649, 1.0820, 1.0820, 1.0820, 1.0820,
     1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820,
     1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820, 1.0820},
    {0.9985, 0.9965, 1.0045, 1.0113, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218,
     1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218,
     1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218, 1.0218},
};
constexpr float kAmp[kRows][kMaxPartials] = {
    {0.00253, 0.21887, 0.09633, 0.06193, 0.04566, 0.03419, 0.06131, 0.00724, 0.03448, 0.08968,
     0.05375, 0.07219, 0.09063, 0.07741, 0.01170, 0.00724, 0.00978, 0.01280, 0.01461, 0.03341,
     0.02771, 0.02531, 0.02526, 0.01293, 0.01200, 0.09742, 0.00624, 0.02953, 0.00452, 0.00226,
     0.00412, 0.01045, 0.00172, 0.00304, 0.00672, 0.01915, 0.02832, 0.00787, 0.02677, 0.01867},
    {0.00265, 0.19787, 0.09245, 0.05706, 0.04954, 0.03209, 0.05394, 0.00702, 0.03339, 0.08476,
     0.05253, 0.06628, 0.07429, 0.07282, 0.01067, 0.00768, 0.00769, 0.01163, 0.01550, 0.03431,
     0.02772, 0.02633, 0.02371, 0.01113, 0.01126, 0.08288, 0.00438, 0.02651, 0.00401, 0.00162,
     0.00369, 0.00817, 0.00230, 0.00312, 0.00640, 0.01812, 0.02590, 0.00588, 0.01818, 0.01851},
    {0.10502, 0.13711, 0.04125, 0.12950, 0.08816, 0.00969, 0.08505, 0.01442, 0.04616, 0.08509,
     0.02248, 0.01485, 0.08296, 0.08388, 0.01838, 0.00552, 0.01283, 0.02918, 0.02175, 0.00840,
     0.02904, 0.05354, 0.02060, 0.01406, 0.00209, 0.00767, 0.01913, 0.00736, 0.01110, 0.00882,
     0.03171, 0.01900, 0.00660, 0.00661, 0.00219, 0.00268, 0.00950, 0.01463, 0.01139, 0.01932},
    {0.10015, 0.19845, 0.08059, 0.08477, 0.02927, 0.01839, 0.04584, 0.00519, 0.03510, 0.00517,
     0.01658, 0.04449, 0.00525, 0.01386, 0.02408, 0.01729, 0.00441, 0.00709, 0.00442, 0.01389,
     0.00255, 0.00951, 0.02146, 0.00679, 0.00000, 0.00835, 0.00494, 0.00232, 0.00157, 0.01050,
     0.00676, 0.00184, 0.00150, 0.00365, 0.00587, 0.00000, 0.00000, 0.00168, 0.00291, 0.00000},
    {0.16325, 0.38766, 0.07185, 0.04921, 0.04294, 0.00635, 0.08376, 0.01761, 0.00893, 0.02284,
     0.02077, 0.01960, 0.02688, 0.01788, 0.03476, 0.01975, 0.00777, 0.00807, 0.00692, 0.01256,
     0.00763, 0.00415, 0.00732, 0.00290, 0.00000, 0.00165, 0.00584, 0.00000, 0.00176, 0.00141,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000},
    {0.28110, 0.14357, 0.03757, 0.03151, 0.05650, 0.01221, 0.03635, 0.01182, 0.03829, 0.02228,
     0.02753, 0.01271, 0.01053, 0.00416, 0.01710, 0.00399, 0.00612, 0.00135, 0.00180, 0.00183,
     0.00228, 0.00000, 0.00205, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000},
    {0.36229, 0.09364, 0.04300, 0.03174, 0.00951, 0.00987, 0.03764, 0.00648, 0.02867, 0.00384,
     0.00823, 0.00968, 0.00519, 0.00376, 0.00510, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000},
    {0.36346, 0.10362, 0.03442, 0.06499, 0.02427, 0.01023, 0.00663, 0.00000, 0.00000, 0.00000,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000},
    {0.02628, 0.04229, 0.00913, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000,
     0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000, 0.00000},
};
constexpr float kDecayDb[kRows][kMaxPartials] = {
    {11.8, 17.3, 15.8, 14.9, 11.3, 14.5, 22.2, 14.6, 16.3, 15.0, 14.7, 19.7, 15.6, 15.8,
     16.4, 14.6, 20.6, 15.6, 13.3, 14.5, 15.0, 11.8, 14.3, 20.1, 15.2, 27.6, 28.5, 26.5,
     23.8, 26.4, 29.1, 17.8, 4.2,  11.8, 20.9, 16.9, 16.9, 11.5, 25.5, 20.7},
    {11.0, 16.0, 14.8, 13.8, 11.3, 13.8, 20.5, 13.8, 15.4, 14.2, 14.7, 18.2, 14.8, 15.1,
     16.4, 14.7, 20.3, 14.7, 13.6, 14.7, 15.2, 12.5, 14.6, 18.2, 16.0, 38.4, 27.0, 28.5,
     24.0, 21.9, 28.2, 30.4, 8.4,  14.4, 20.4, 19.7, 20.8, 11.1, 22.2, 22.8},
    {10.7, 15.9, 13.0, 14.7, 14.2, 13.2, 17.8, 28.9, 25.2, 24.1, 12.1, 13.3, 22.6, 38.8,
     24.0, 10.9, 21.2, 27.9, 23.5, 17.7, 27.4, 21.3, 22.6, 23.6, 25.5, 19.1, 28.3, 23.3,
     29.2, 25.5, 35.7, 30.1, 34.0, 28.0, 24.1, 28.8, 33.6, 36.7, 37.0, 41.9},
    {14.3, 17.3, 15.7, 16.2, 17.0, 35.3, 23.2, 12.9, 21.7, 7.5,  27.8, 21.2, 19.2, 24.6,
     30.8, 28.6, 25.3, 24.3, 24.3, 31.1, 32.2, 28.7, 33.3, 35.8, 38.4, 44.5, 35.0, 44.2,
     35.5, 40.7, 37.9, 38.1, 43.0, 43.5, 41.3, 45.2, 36.5, 41.6, 50.1, 57.9},
    {21.1, 27.5, 24.5, 18.4, 28.6, 28.6, 29.9, 26.8, 30.6, 28.8, 31.0, 42.2, 36.5, 34.7,
     34.4, 44.3, 48.0, 42.1, 57.9, 50.1, 48.5, 49.9, 45.2, 39.8, 40.7, 46.2, 42.0, 50.5,
     46.7, 41.4, 42.6, 42.0, 52.7, 53.3, 59.8, 60.8, 60.5, 63.9, 53.9, 53.6},
    {22.6, 28.4, 29.1, 35.0, 33.4, 32.1, 35.5, 36.0, 37.4, 46.1, 49.1, 48.9, 49.7, 62.7,
     64.9, 53.2, 59.5, 52.9, 59.1, 63.5, 66.0, 62.5, 72.3, 62.3, 41.8, 48.4, 57.9, 54.4,
     52.7, 50.8, 40.1, 30.3, 30.3, 30.3, 30.3, 30.3, 30.3, 30.3, 30.3, 30.3},
    {33.9, 32.0, 35.0, 40.8, 44.9, 34.0, 46.8, 43.3, 43.5, 45.3, 59.3, 56.8, 55.4, 59.1,
     59.7, 52.6, 59.7, 50.2, 53.1, 63.8, 79.9, 75.0, 75.0, 75.0, 75.0, 75.0, 75.0, 75.0,
     75.0, 75.0, 75.0, 75.0, 75.0, 75.0, 75.0, 75.0, 75.0, 75.0, 75.0, 75.0},
    {45.5, 58.0, 49.6, 56.1, 72.9, 60.4, 67.0, 79.8, 69.4, 80.1, 49.8, 49.8, 49.8, 49.8,
     49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8,
     49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8, 49.8},
    {75.3, 70.7, 85.5, 75.1, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0,
     65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0,
     65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0, 65.0},
};

constexpr int kGlideChunk = 16;
// The table's levels are read 30..130 ms after the onset and extrapolated back to it; this corrects that estimate
// to the level measured over the whole note.
constexpr double kLevel = 0.944;

// The partials as parallel arrays (the render loop vectorises over them).
struct PianoState {
  int count;
  float c[kMaxPartials], s[kMaxPartials];      // rotating phasors (cos, sin)
  float cr[kMaxPartials], sr[kMaxPartials];    // per-sample rotations
  float level[kMaxPartials], m[kMaxPartials];  // amplitude and per-sample decay multiplier
  float gl[kMaxPartials], gr[kMaxPartials];    // left/right gains (odd and even partials spread by `stereo`)
  float w[kMaxPartials];                       // angular step at the onset (radians per frame), for `accelerate`
};

// Row index and weight of the row above for `note`.
void row_of(double note, int& row, double& frac) {
  if (note <= kRowNote[0]) {
    row = 0;
    frac = 0.0;
    return;
  }
  for (int i = 0; i + 1 < kRows; ++i) {
    if (note < kRowNote[i + 1]) {
      row = i;
      frac = (note - kRowNote[i]) / (kRowNote[i + 1] - kRowNote[i]);
      return;
    }
  }
  row = kRows - 2;
  frac = 1.0;
}

double lerp(const float (*table)[kMaxPartials], int row, double frac, int k) {
  return table[row][k] + (table[row + 1][k] - table[row][k]) * frac;
}

}  // namespace

int64_t superpiano_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperPiano, p, 1.0); }

void superpiano_start(const SynthParams& p, SynthState& st) {
  Common c = resolve_common(SynthId::SuperPiano, p);
  PianoState s{};
  const double f = c.freq;
  const double note = note_of(f);
  const double vel = clampd(finite_or(p.velocity, 1.0), 0.0, 2.0);
  const double muffle = clampd(finite_or(p.muffle, 1.0), 0.0, 1.25);
  const double stereo = clampd(finite_or(p.stereo, 0.2), 0.0, 1.0);
  const double limit = std::min(0.45 * c.rate, 16000.0);
  const double mda = -0.6 + 0.033 * (note + 60.0);
  const double sustain_shift = 8.686 * (std::exp(mda - 0.2 * c.sustain) - std::exp(mda - 0.4));
  const double vel_db = vel > 0.0 ? 20.0 * std::log10(vel) : -200.0;
  int row;
  double frac;
  row_of(note, row, frac);
  int count = 0;
  for (int k = 0; k < kMaxPartials && f > 0.0; ++k) {
    const double a = lerp(kAmp, row, frac, k);
    if (a <= 0.0) continue;
    const double fk = (k + 1) * f * lerp(kRatio, row, frac, k);
    if (fk >= limit) break;
    const double tilt_db = 2.0 * vel_db * k / 15.0 + (muffle - 1.0) * 0.085 * k;
    const double amp = kLevel * a * std::pow(vel, 2.6) * std::pow(10.0, tilt_db / 20.0);
    const double decay_db = std::max(1.0, lerp(kDecayDb, row, frac, k) + sustain_shift);
    const double w = kTwoPi * fk / c.rate;
    s.w[count] = static_cast<float>(w);
    s.cr[count] = static_cast<float>(std::cos(w));
    s.sr[count] = static_cast<float>(std::sin(w));
    s.c[count] = 1.0f;
    s.s[count] = 0.0f;
    s.level[count] = static_cast<float>(amp);
    s.m[count] = static_cast<float>(std::pow(10.0, -decay_db / (20.0 * c.rate)));
    const double side = (k % 2 == 0 ? 0.5 : -0.5) * stereo;  // equal-power spread around the centre
    s.gl[count] = static_cast<float>(std::sqrt(1.0 - side));
    s.gr[count] = static_cast<float>(std::sqrt(1.0 + side));
    ++count;
  }
  s.count = count;
  store_state(st, s);
}

int superpiano_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const int live = live_frames(st, elapsed, l, r, n);
  if (live == 0) return 0;
  Common c = resolve_common(SynthId::SuperPiano, p);
  PianoState s = load_state<PianoState>(st);
  const Envelope env = env_linen(0.002, 0.996, 0.002, 1.0, -3.0, c.sustain);
  for (int i = 0; i < live; ++i) {
    const double t = static_cast<double>(elapsed + i) / c.rate;
    if (c.accelerate != 0.0 && (elapsed + i) % kGlideChunk == 0) {
      const double g = line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
      for (int k = 0; k < s.count; ++k) {
        const double w = clampd(s.w[k] * g, -0.45 * kTwoPi, 0.45 * kTwoPi);
        s.cr[k] = static_cast<float>(std::cos(w));
        s.sr[k] = static_cast<float>(std::sin(w));
      }
    }
    float outl = 0.0f, outr = 0.0f;
    for (int k = 0; k < s.count; ++k) {
      const float y = s.s[k] * s.level[k];
      outl += s.gl[k] * y;
      outr += s.gr[k] * y;
      const float c2 = s.c[k] * s.cr[k] - s.s[k] * s.sr[k];
      const float s2 = s.s[k] * s.cr[k] + s.c[k] * s.sr[k];
      const float fix = 1.5f - 0.5f * (c2 * c2 + s2 * s2);  // keeps the phasor on the unit circle
      s.c[k] = c2 * fix;
      s.s[k] = s2 * fix;
      s.level[k] *= s.m[k];  // decays towards 0 (denormals are flushed by the audio thread's FTZ/DAZ)
    }
    const double e = env.at(t);
    l[i] = static_cast<float>(outl * e);
    r[i] = static_cast<float>(outr * e);
  }
  store_state(st, s);
  return live;
}

}  // namespace phonon::synth_detail
