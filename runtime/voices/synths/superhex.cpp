// superhex: SuperDirt's hexagonal drum (MembraneHexagon of sc3-plugins): a 2-D digital waveguide mesh of 19
// scattering junctions on a triangular grid inside a small hexagon, struck by an impulse decaying over 10 ms fed
// into the first half of the junctions, heard at the centre junction. Each junction also has a self-loop whose
// weight sets the wave speed (the tension, 0.05 * freq / 400), every rim junction an extra inverting, averaging
// guide (the damped rim), and each pass through a junction loses 1 - 0.01 * `rate` (1) / freq of the wave.
// Env.linen(0.02, 0.96, 0.02, curve -3) over sustain. `accelerate` glides the tension (the pitch).
#include <array>

#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon::synth_detail {

namespace {

constexpr int kPoints = 19;
constexpr int kMaxLines = 64;
// Junctions that take the strike: the first half in discovery order (below).
constexpr int kStruck = kPoints / 2;
// Waveguide constants of the mesh: junction spacing and wave speed (as MembraneHexagon's).
constexpr double kSpacing = 6.0, kSpeed = 8.0;

// The mesh: junctions found from the centre (0, 0) by a depth-first search over the six grid directions, in
// MembraneHexagon's order (the order decides which junctions take the strike); each grid edge is one line.
struct Mesh {
  int lines = 0;
  std::array<int, kMaxLines> a{}, b{};  // line k joins junctions a[k] and b[k]
  std::array<int, kPoints> degree{};    // lines at each junction
  std::array<bool, kPoints> rim{};      // junction on the rim (a neighbour outside the hexagon)
};

constexpr bool in_hexagon(int x, int y) {
  constexpr int size = 12;  // MembraneHexagon's shape size 1, in grid units
  x = x < 0 ? -x : x;
  y = y < 0 ? -y : y;
  return x < size / 2 && y < size / 4 && (x < size / 4 || x < size / 2 - y);
}

constexpr Mesh build_mesh() {
  Mesh m;
  constexpr int dir[6][2] = {{1, 1}, {2, 0}, {1, -1}, {-1, -1}, {-2, 0}, {-1, 1}};
  std::array<int, kPoints> px{}, py{}, stack{};
  int found = 1, depth = 0, at = 0;
  while (true) {
    for (int d = 0; d < 6; ++d) {
      const int x = px[at] + dir[d][0], y = py[at] + dir[d][1];
      if (!in_hexagon(x, y)) {
        m.rim[at] = true;
        continue;
      }
      int id = -1;
      for (int j = 0; j < found; ++j)
        if (px[j] == x && py[j] == y) id = j;
      if (id < 0) {
        id = found++;
        px[id] = x;
        py[id] = y;
        stack[depth++] = id;
      }
      if (d < 3) {  // each grid edge once, from the junction found first of its two ends
        m.a[m.lines] = at;
        m.b[m.lines] = id;
        ++m.degree[at];
        ++m.degree[id];
        ++m.lines;
      }
    }
    if (depth == 0) break;
    at = stack[--depth];
  }
  return m;
}

constexpr Mesh kMesh = build_mesh();
static_assert(kMesh.lines == 42, "the hexagon of 19 junctions has 42 grid edges");

// The strike's decay per frame: 60 dB in 10 ms.
double strike_decay(double rate) { return std::exp(std::log(0.001) / (0.01 * rate)); }

// The default note peaks near 13 (as SuperCollider's; SuperDirt's output limiter then holds it); low notes (slack
// membranes) pile the strike up louder still: above 14 the output bends towards 16.
double soft_cap(double y) {
  const double a = std::fabs(y);
  return a <= 14.0 ? y : std::copysign(14.0 + 2.0 * std::tanh((a - 14.0) / 2.0), y);
}

struct HexState {
  double to_b[kMaxLines];  // wave on line k travelling a -> b (arriving at b)
  double to_a[kMaxLines];  // wave on line k travelling b -> a
  double self[kPoints];    // each junction's self-loop
  double rim[kPoints];     // each rim junction's inverting guide, and its previous inverted input
  double rim_prev[kPoints];
  double strike;  // the decaying strike
};

}  // namespace

int64_t superhex_total_frames(const SynthParams& p) { return sustain_frames(SynthId::SuperHex, p, 1.0); }

void superhex_start(const SynthParams& p, SynthState& st) {
  HexState s{};
  // SuperCollider's Decay computes its first frame once in its constructor and again in its first block, so the
  // impulse enters twice (an NRT render of MembraneHexagon is exactly twice a single strike's).
  s.strike = 1.0 + strike_decay(resolve_common(SynthId::SuperHex, p).rate);
  store_state(st, s);
}

int superhex_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  const Common c = resolve_common(SynthId::SuperHex, p);
  const double speed = clampd(finite_or(p.lfo_rate, 1.0), -1e6, 1e6);
  const double freq = std::max(c.freq, 1e-3);
  // A loss below 0 (rate / freq above 100) would make the mesh grow without bound: it is silenced instead.
  const double loss = clampd(1.0 - 0.01 * speed / freq, 0.0, 0.99999);
  const double decay = strike_decay(c.rate);
  const Envelope env = env_linen(0.02, 0.96, 0.02, 1.0, -3.0, c.sustain);
  return render_frames<HexState>(st, c.rate, elapsed, l, r, n, [&](HexState& s, double t, float& ol, float& orr) {
    double tension = 0.05 * freq / 400.0 * line_at(1.0, 1.0 + c.accelerate, c.sustain, t);
    if (tension == 0.0) tension = 1e-4;
    // Junction admittance: the self-loop's weight (yj - lines) against the lines' (1 each). Below 7 the self-loop
    // weight of a junction with six lines and a rim guide turns negative and the mesh grows without bound (as
    // MembraneHexagon does above ~3.2 kHz): the tension stops rising there.
    const double yj = std::max(2.0 * kSpacing * kSpacing / (tension * tension * kSpeed * kSpeed), 7.0);
    double incoming[kPoints] = {};
    for (int k = 0; k < kMesh.lines; ++k) {
      incoming[kMesh.b[k]] += s.to_b[k];
      incoming[kMesh.a[k]] += s.to_a[k];
    }
    double total[kPoints];
    const double input = s.strike / kStruck;
    for (int j = 0; j < kPoints; ++j) {
      const int ins = kMesh.degree[j] + (kMesh.rim[j] ? 1 : 0);
      double sum = incoming[j] + (kMesh.rim[j] ? s.rim[j] : 0.0);
      double v = 2.0 * (sum + (yj - ins) * s.self[j]) / yj;
      if (j < kStruck) v += input;
      total[j] = v * loss;
    }
    // Scatter: each junction sends its total minus what arrived on the same guide.
    for (int k = 0; k < kMesh.lines; ++k) {
      const double ab = total[kMesh.a[k]] - s.to_a[k];
      s.to_a[k] = flush(total[kMesh.b[k]] - s.to_b[k]);
      s.to_b[k] = flush(ab);
    }
    for (int j = 0; j < kPoints; ++j) {
      s.self[j] = flush(total[j] - s.self[j]);
      if (kMesh.rim[j]) {
        const double inverted = -(total[j] - s.rim[j]);
        s.rim[j] = flush(0.5 * (inverted + s.rim_prev[j]));
        s.rim_prev[j] = inverted;
      }
    }
    s.strike = flush(s.strike * decay);
    ol = orr = static_cast<float>(soft_cap(total[0]) * env.at(t));
  });
}

}  // namespace phonon::synth_detail
