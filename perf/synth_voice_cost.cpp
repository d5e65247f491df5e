// Instructions of one synth voice (issue 13, perf/RESULTS.md "Synth voices"): start + render 1 s (44100 frames) in
// 512-frame blocks, note 0, sustain 1. Built by hand against a checkout's runtime/voices/synths/*.cpp and run under
// callgrind (see RESULTS.md); not part of the build.
#include <cstdio>
#include <cstring>
#include <vector>

#include "runtime/voices/synths/synths.hpp"
using namespace phonon;
int main(int argc, char** argv) {
  SynthId id = synth_by_name(argv[1]);
  SynthParams p;
  p.freq = 261.6256;
  p.sustain = 1.0;
  p.rate = 44100;
  p.seed = 1;
  if (argc > 2) p.freq = 261.6256 * 0.25;
  SynthState st;
  synth_start(id, p, st);
  std::vector<float> l(512), r(512);
  double acc = 0;
  for (int64_t at = 0; at < 44100; at += 512) {
    int got = synth_render(id, p, st, at, l.data(), r.data(), 512);
    acc += l[0];
    if (got < 512) break;
  }
  std::printf("%g\n", acc);
}
