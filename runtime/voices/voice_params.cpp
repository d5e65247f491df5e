#include "runtime/voices/voice_params.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "runtime/samples/sample_bank.hpp"

namespace phonon {

constexpr std::string_view kFxControlNames[kNumFxControls] = {
    "tremolorate", "tremolodepth", "triode", "krush",      "kcutoff",    "octer",   "octersub",
    "octersubsub", "ring",         "ringf",  "ringdf",     "djf",        "distort", "waveloss",
    "phaserrate",  "phaserdepth",  "fshift", "fshiftnote", "fshiftphase"};

namespace {
// An effect control of kFxControlNames: true when `key` is one (its value is stored). Every numeric key of an
// event comes here, and most are not effect controls: only the names that start with the key's letter are compared.
bool read_fx_control(std::string_view key, double x, VoiceParams* p) {
  static_assert(kNumFxControls <= 32, "one bit per FxControl");
  static constexpr std::array<uint32_t, 128> by_letter = [] {
    std::array<uint32_t, 128> m{};
    for (int c = 0; c < kNumFxControls; ++c) m[static_cast<unsigned char>(kFxControlNames[c][0]) & 127] |= 1u << c;
    return m;
  }();
  if (key.empty() || static_cast<unsigned char>(key[0]) >= 128) return false;
  for (uint32_t bits = by_letter[static_cast<unsigned char>(key[0])]; bits; bits &= bits - 1) {
    const int c = __builtin_ctz(bits);
    if (key == kFxControlNames[c]) {
      p->fx[c] = x;
      return true;
    }
  }
  return false;
}
// Integer controls (cut, channel, orbit) truncate as SuperDirt's Int conversion does; a non-finite or
// huge value must not reach the cast, whose result is undefined there. Such a voice is already marked
// not finite or is clamped to a real orbit/channel later.
int int_control(double x) {
  if (!std::isfinite(x)) return 0;
  return static_cast<int>(std::clamp(x, -1e9, 1e9));
}
}  // namespace

bool read_voice_params(const Value& v, VoiceParams* p) {
  if (!v.is_map()) return false;
  bool has_n = false;
  double n = 0.0, up = 0.0;
  for (const auto& [key, val] : v.as_map().entries()) {
    if (key == "s" || key == "sound") {
      if (!val.is_string()) return false;
      p->s = val.as_string();
      continue;
    }
    if (key == "unit") {
      p->unit_cycles = val.is_string() && val.as_string() == "c";
      continue;
    }
    if (key == "vowel") {
      if (val.is_string() && !val.as_string().empty()) {
        char c = val.as_string()[0];
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') p->vowel = c;
      }
      continue;
    }
    if (!val.is_number() && !val.is_bool()) continue;
    double x = val.as_number();
    if (!std::isfinite(x)) p->finite = false;
    switch (key[0]) {
      case 'a':
        if (key == "accelerate") p->accelerate = x;
        else if (key == "amp") p->amp = x;
        else if (key == "attack" || key == "att") p->attack = x, p->has_attack = true;
        break;
      case 'b':
        if (key == "begin") p->begin = x;
        else if (key == "bandf" || key == "bpf") p->bandf = x;
        else if (key == "bandq") p->bandq = x;
        break;
      case 'c':
        if (key == "cut") p->cut = int_control(x);
        else if (key == "cps") p->cps = x;
        else if (key == "cutoff") p->cutoff = x;
        else if (key == "crush") p->crush = x;
        else if (key == "coarse") p->coarse = x;
        else if (key == "channel") p->channel = int_control(x);
        break;
      case 'd':
        if (key == "delay") p->delay = x;
        else if (key == "delaytime") p->delaytime = x;
        else if (key == "delayfeedback") p->delayfeedback = x;
        else if (key == "decay") p->decay = x;
        else if (key == "dry") p->dry = x;
        break;
      case 'e':
        if (key == "end") p->end = x;
        break;
      case 'g':
        if (key == "gain") p->gain = x;
        break;
      case 'h':
        if (key == "hcutoff" || key == "hpf") p->hcutoff = x;
        else if (key == "hresonance") p->hresonance = x;
        else if (key == "hold") p->hold = x;
        break;
      case 'l':
        if (key == "legato") p->legato = x, p->has_legato = true;
        else if (key == "lpf") p->cutoff = x;
        else if (key == "lpq") p->resonance = x, p->has_resonance = true;
        else if (key == "loop") p->loop = x, p->has_loop = true;
        else if (key == "lock") p->lock = x != 0.0;
        break;
      case 'n':
        if (key == "n") has_n = true, n = x;
        else if (key == "note") p->note += x, p->has_note = true;
        else if (key == "nudge") p->nudge = x;
        break;
      case 'o':
        if (key == "orbit") p->orbit = int_control(x);
        else if (key == "octave") p->note += 12.0 * (x - 5.0), p->pitch_offset += 12.0 * (x - 5.0);
        break;
      case 'p':
        if (key == "pan") p->pan = x;
        break;
      case 'r':
        if (key == "release" || key == "rel") p->release = x, p->has_release = true;
        else if (key == "resonance") p->resonance = x, p->has_resonance = true;
        else if (key == "room") p->room = x;
        break;
      case 's':
        if (key == "speed") p->speed = x;
        else if (key == "sustain") p->sustain = x, p->has_sustain = true;
        else if (key == "shape") p->shape = x;
        else if (key == "size") p->size = x;
        else if (key == "squiz") p->squiz = x;
        else if (key == "sustainlevel") p->sustain_level = x, p->has_adsr = true;
        break;
      case 'u':
        if (key == "up") up = x;
        break;
      default: break;
    }
    read_fx_control(key, x, p);
  }
  if (p->s.empty()) return false;
  p->note += up;
  p->pitch_offset += up;
  p->n = n;
  // "bd:3" names the fourth sample of bd; an explicit `n` wins.
  auto colon = p->s.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view idx = p->s.substr(colon + 1);
    std::string_view name = p->s.substr(0, colon);
    bool neg = !idx.empty() && idx[0] == '-';
    long i = 0;
    bool digits = idx.size() > (neg ? 1u : 0u);
    for (size_t k = neg ? 1 : 0; k < idx.size() && digits; ++k) {
      if (idx[k] < '0' || idx[k] > '9') digits = false;
      else i = std::min(i * 10 + (idx[k] - '0'), 1L << 30);  // a sample index wraps; huge ones must not overflow
    }
    if (digits && !name.empty()) {
      p->index = static_cast<int>(neg ? -i : i);
      p->s = name;
    }
  }
  if (has_n) p->index = std::isfinite(n) ? static_cast<int>(std::clamp(std::floor(n), -1e9, 1e9)) : 0;
  return true;
}

PreparedOnset prepare_onset(const Value& v, const SampleBank* bank) {
  PreparedOnset p;
  p.ok = read_voice_params(v, &p.vp);
  if (p.ok && bank && p.vp.s[0] != '~') p.sample = bank->get(p.vp.s, p.vp.index);
  return p;
}

}  // namespace phonon
