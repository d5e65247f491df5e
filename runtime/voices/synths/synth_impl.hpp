// Internal: the per-synth entry points behind synth_start/synth_render (one .cpp per synth).
#pragma once
#include <cstdint>
#include <cstring>

#include "runtime/voices/synths/synths.hpp"

namespace phonon::synth_detail {

#define PHONON_DECLARE_SYNTH(name)                         \
  int64_t name##_total_frames(const SynthParams& p);       \
  void name##_start(const SynthParams& p, SynthState& st); \
  int name##_render(const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n);

#define PHONON_SYNTH(id, name) PHONON_DECLARE_SYNTH(name)
#include "runtime/voices/synths/synth_list.inc"
#undef PHONON_SYNTH

#undef PHONON_DECLARE_SYNTH

// Frames of [elapsed, elapsed + n) that lie before the end of the voice (0..n); zeroes l/r beyond them.
inline int live_frames(const SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  int64_t left = st.total_frames - elapsed;
  int live = left <= 0 ? 0 : (left >= n ? n : static_cast<int>(left));
  for (int i = live; i < n; ++i) l[i] = r[i] = 0.0f;
  return live;
}

// The render loop of a synth computed one sample at a time: loads the state S, calls fn(s, t, l, r) for every live
// frame (t = seconds since the onset; fn writes the frame's left and right), stores the state back.
template <class S, class Fn>
int render_frames(SynthState& st, double rate, int64_t elapsed, float* l, float* r, int n, Fn&& fn) {
  const int live = live_frames(st, elapsed, l, r, n);
  if (live == 0) return 0;
  S s;
  std::memcpy(&s, st.data, sizeof(S));
  for (int i = 0; i < live; ++i) fn(s, static_cast<double>(elapsed + i) / rate, l[i], r[i]);
  std::memcpy(st.data, &s, sizeof(S));
  return live;
}

}  // namespace phonon::synth_detail
