// docs/kernels.md is generated from the kernel registry. This test regenerates it when PHONON_UPDATE_GOLDEN=1 and
// otherwise fails if the checked-in file differs from what the registry says.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "kernels/kernel.hpp"

namespace phonon::kern {
namespace {

std::string fmt(float v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

std::string port_list(const std::vector<std::string_view>& names, const std::vector<float>& defaults) {
  if (names.empty()) return "—";
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) s += ", ";
    s += "`" + std::string(names[i]) + "`";
    if (!defaults.empty()) s += " = " + fmt(defaults[i]);
  }
  return s;
}

std::string generate_kernel_docs() {
  std::ostringstream md;
  md << "# Kernel reference\n\n"
     << "<!-- Generated from the kernel registry by tests/unit/kernel_docs_test.cpp. Do not edit: run\n"
     << "     PHONON_UPDATE_GOLDEN=1 ./phonon_tests --gtest_filter='KernelDocs.*' to regenerate. -->\n\n"
     << "Every graph kernel processes one block for one instance: audio-rate input buffers in, output buffers "
        "out, constant params fixed when the Plan is built, and a private state (zeroed, then `init`). Defaults "
        "(`name = value`) are what the compiler uses for trailing arguments left out. Each kernel has a scalar "
        "`reference`; `process` is its vectorised form (xsimd), compiled for AVX-512, AVX2+FMA and SSE4.2 and "
        "picked at start-up (override with `PHONON_ARCH=scalar|sse|avx2|avx512`). How to add one: "
        "[writing-a-kernel.md](writing-a-kernel.md).\n\n"
     << "State sizes marked *params/rate* are computed by `KernelSpec::state_size(params, rate)`.\n\n";
  std::string family;
  for (const KernelSpec* s : all_kernels()) {
    const std::string name(s->name);
    const std::string fam = name.substr(0, name.find('.'));
    if (fam != family) {
      family = fam;
      md << "## " << fam << "\n\n";
    }
    md << "### `" << name << "`\n\n"
       << s->doc << "\n\n"
       << "| inputs | outputs | params | state floats |\n|---|---|---|---|\n"
       << "| " << port_list(s->inputs, s->input_defaults) << " | " << port_list(s->outputs, {}) << " | "
       << port_list(s->params, s->param_defaults) << " | "
       << (s->state_size ? std::string("*params/rate*") : std::to_string(s->state_floats)) << " |\n\n";
  }
  md << "## Voice kernels\n\n"
     << "Plain functions called by the runtime per voice per block (namespace `phonon::kern`), each with a "
        "`_reference` twin and dispatched like the graph kernels:\n\n"
     << "- `sample_read` (kernels/sample/sample_read.hpp): cubic Hermite (Catmull-Rom) playback at any speed, "
        "planar mono/stereo, returns the number of leading frames inside [begin, end). Fast path for speed "
        "exactly 1 (contiguous vector loads).\n"
     << "- `ramp` (kernels/env/ramp.hpp): out[i] = start + i * step.\n"
     << "- `pan_mix_add` (kernels/mix/pan_mix.hpp): acc += in * env * gain, both channels.\n"
     << "- `biquad_lowpass/highpass/bandpass/notch`, `resonance_to_q`, `biquad_process` "
        "(kernels/filter/biquad_voice.hpp): RBJ biquads in transposed direct form II; the vector version "
        "evaluates W frames at once with the exact block state-space form (y = T x + G z).\n"
     << "- `biquad_process_lanes` (same header): many voices' filters in SIMD lanes (lane = voice), gathering one "
        "frame of W voices per step; measured no faster than `biquad_process` per voice except on AVX-512 with "
        "short blocks (see perf/kernels_bench.cpp, `voice/biquad*`).\n\n"
     << "## Measured quality\n\n"
     << "Alias energy relative to harmonic energy for a 3 kHz tone at 44.1 kHz (tests/unit/kernel_sound_test.cpp, "
        "`KernelSound.PolyBlepSawAliasLevel`, 1 s, all bins that are multiples of 300 Hz):\n\n"
     << "| waveform | band-limited | naive |\n|---|---|---|\n"
     << "| saw (PolyBLEP) | -26.8 dB | -10.6 dB |\n"
     << "| square (PolyBLEP) | -31.4 dB | |\n"
     << "| triangle (PolyBLAMP) | -50.3 dB | -35.0 dB |\n\n"
     << "The RBJ low-pass magnitude (sine sweeps) matches the analytic curve within 0.5 dB up to the cutoff; "
        "`fx.reverb` with room 0.5 decays below -60 dB within 2 s; delays are exact to the sample; recursive "
        "states are flushed to zero (no denormals) after an impulse.\n";
  return md.str();
}

TEST(KernelDocs, UpToDate) {
  const std::string path = std::string(PHONON_SOURCE_DIR) + "/docs/kernels.md";
  const std::string want = generate_kernel_docs();
  const char* update = std::getenv("PHONON_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << want;
    GTEST_SKIP() << "regenerated " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << path << " missing; run with PHONON_UPDATE_GOLDEN=1";
  std::stringstream have;
  have << in.rdbuf();
  if (have.str() == want) return;
  // Report the first differing line only (the file is long).
  std::istringstream a(have.str()), b(want);
  std::string la, lb;
  int line = 1;
  while (std::getline(a, la) && std::getline(b, lb) && la == lb) ++line;
  ADD_FAILURE() << path << " is stale (first difference at line " << line << ": have \"" << la << "\", want \"" << lb
                << "\"); run with PHONON_UPDATE_GOLDEN=1";
}

}  // namespace
}  // namespace phonon::kern
