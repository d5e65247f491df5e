// Synth registry: names, defaults, control names -> SynthParams fields, and dispatch to the per-synth files.
#include "runtime/voices/synths/synths.hpp"

#include <cmath>

#include "runtime/voices/synths/synth_impl.hpp"
#include "runtime/voices/synths/synth_util.hpp"

namespace phonon {

namespace {

constexpr std::string_view kNames[kSynthCount] = {
#define PHONON_SYNTH(id, name) #name,
#include "runtime/voices/synths/synth_list.inc"
#undef PHONON_SYNTH
};

struct Entry {
  int64_t (*total_frames)(const SynthParams&);
  void (*start)(const SynthParams&, SynthState&);
  int (*render)(const SynthParams&, SynthState&, int64_t, float*, float*, int);
};
constexpr Entry kEntries[kSynthCount] = {
#define PHONON_SYNTH(id, name) \
  {&synth_detail::name##_total_frames, &synth_detail::name##_start, &synth_detail::name##_render},
#include "runtime/voices/synths/synth_list.inc"
#undef PHONON_SYNTH
};

bool valid(SynthId id) { return static_cast<int>(id) >= 0 && static_cast<int>(id) < kSynthCount; }

// Parses a 1-based operator index digit '1'..'6' -> 0..5, or -1.
int op_digit(char c) { return (c >= '1' && c <= '6') ? c - '1' : -1; }
int stage_digit(char c) { return (c >= '1' && c <= '4') ? c - '1' : -1; }

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

}  // namespace

SynthId synth_by_name(std::string_view name) {
  for (int i = 0; i < kSynthCount; ++i)
    if (kNames[i] == name) return static_cast<SynthId>(i);
  return SynthId::None;
}

std::vector<std::string> synth_names() {
  std::vector<std::string> out;
  for (auto n : kNames) out.emplace_back(n);
  return out;
}

std::string_view synth_name(SynthId id) {
  int i = static_cast<int>(id);
  return (i >= 0 && i < kSynthCount) ? kNames[i] : std::string_view{};
}

double synth_default_sustain(SynthId) { return 1.0; }

bool synth_set_control(SynthParams& p, std::string_view name, double v) {
  struct Scalar {
    std::string_view name;
    double SynthParams::*field;
  };
  static constexpr Scalar kScalars[] = {
      {"accelerate", &SynthParams::accelerate},
      {"voice", &SynthParams::voice},
      {"decay", &SynthParams::decay},
      {"semitone", &SynthParams::semitone},
      {"resonance", &SynthParams::resonance},
      {"lpq", &SynthParams::resonance},
      {"lfo", &SynthParams::lfo},
      {"rate", &SynthParams::lfo_rate},
      {"pitch1", &SynthParams::pitch1},
      {"pitch2", &SynthParams::pitch2},
      {"pitch3", &SynthParams::pitch3},
      {"slide", &SynthParams::slide},
      {"speed", &SynthParams::speed},
      {"velocity", &SynthParams::velocity},
      {"detune", &SynthParams::detune},
      {"muffle", &SynthParams::muffle},
      {"stereo", &SynthParams::stereo},
      {"vibrato", &SynthParams::vibrato},
      {"vrate", &SynthParams::vrate},
      {"perc", &SynthParams::perc},
      {"percf", &SynthParams::percf},
      {"modamp", &SynthParams::modamp},
      {"modfreq", &SynthParams::modfreq},
      {"delay", &SynthParams::delay},
      {"width", &SynthParams::width},
      {"ratio", &SynthParams::ratio},
      {"cycle", &SynthParams::cycle},
  };
  for (const auto& s : kScalars) {
    if (s.name == name) {
      p.*(s.field) = v;
      return true;
    }
  }
  // Clamped into float range first (an out-of-range double -> float conversion is undefined).
  const float f = std::isfinite(v) ? static_cast<float>(v < -1e30 ? -1e30 : (v > 1e30 ? 1e30 : v)) : 0.0f;
  FmParams& fm = p.fm;
  float* fm_scalar = name == "feedback"   ? &fm.feedback
                     : name == "lfofreq"  ? &fm.lfofreq
                     : name == "lfodepth" ? &fm.lfodepth
                                          : nullptr;
  if (fm_scalar) {
    *fm_scalar = f;
    return true;
  }
  auto one = [&](std::string_view prefix, float* arr) {
    if (name.size() != prefix.size() + 1 || !starts_with(name, prefix)) return false;
    int i = op_digit(name.back());
    if (i < 0) return false;
    arr[i] = f;
    return true;
  };
  if (one("amp", fm.amp) || one("ratio", fm.ratio) || one("detune", fm.detune)) return true;
  if (name.size() == 5 && starts_with(name, "mod")) {
    int i = op_digit(name[3]), j = op_digit(name[4]);
    if (i < 0 || j < 0) return false;
    fm.mod[i][j] = f;
    return true;
  }
  auto eg = [&](std::string_view prefix, float(*arr)[4]) {
    if (name.size() != prefix.size() + 2 || !starts_with(name, prefix)) return false;
    int i = op_digit(name[prefix.size()]), k = stage_digit(name[prefix.size() + 1]);
    if (i < 0 || k < 0) return false;
    arr[i][k] = f;
    return true;
  };
  return eg("eglevel", fm.eglevel) || eg("egrate", fm.egrate);
}

int64_t synth_total_frames(SynthId id, const SynthParams& p) {
  return valid(id) ? kEntries[static_cast<int>(id)].total_frames(p) : 0;
}

void synth_start(SynthId id, const SynthParams& p, SynthState& st) {
  using namespace synth_detail;
  st = SynthState{};
  st.sustain = resolve_common(id == SynthId::None ? SynthId::SuperPiano : id, p).sustain;
  st.total_frames = synth_total_frames(id, p);
  if (valid(id)) kEntries[static_cast<int>(id)].start(p, st);
}

int synth_render(SynthId id, const SynthParams& p, SynthState& st, int64_t elapsed, float* l, float* r, int n) {
  using namespace synth_detail;
  if (n <= 0) return 0;
  if (valid(id)) return kEntries[static_cast<int>(id)].render(p, st, elapsed, l, r, n);
  for (int i = 0; i < n; ++i) l[i] = r[i] = 0.0f;
  return 0;
}

}  // namespace phonon
