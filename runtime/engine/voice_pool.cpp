#include "runtime/engine/voice_pool.hpp"

#include <algorithm>

#include "runtime/engine/loaded_plan.hpp"
#include "runtime/engine/voice_start.hpp"
#include "runtime/voices/instrument.hpp"

namespace phonon {

namespace {
constexpr int kVoiceReserve = 64;   // extra slots so a stolen voice can fade while its successor starts
constexpr int kFxBufferSlots = 64;  // voices that can sound with squiz or phaser at once (later ones play without)
}  // namespace

VoicePool::VoicePool(int max_voices, double rate) : max_voices_(std::max(1, max_voices)) {
  voices.resize(static_cast<size_t>(max_voices_ + kVoiceReserve));
  synth_slots.resize(voices.size());
  active.reserve(voices.size());
  free_list_.reserve(voices.size());
  for (int i = static_cast<int>(voices.size()) - 1; i >= 0; --i) free_list_.push_back(i);
  const FxBufferLayout layout = fx_buffer_layout(static_cast<float>(rate));
  if (layout.floats() > 0) fx_buf_.allocate(kFxBufferSlots, layout.floats());
}

int VoicePool::alloc() {
  if (static_cast<int>(active.size()) >= max_voices_) {
    // Steal the oldest voice that is not already fading.
    for (const ActiveVoice& a : active) {
      Voice& v = voices[a.idx];
      if (v.fade_left < 0) {
        v.fade_left = kStealFadeFrames;
        v.fade_len = kStealFadeFrames;
        break;
      }
    }
  }
  if (free_list_.empty()) {
    // Even the reserve is in use: drop the oldest voice outright (only under extreme overload).
    int idx = active.front().idx;
    active.erase(active.begin());
    voices[idx].active = false;
    return idx;
  }
  int idx = free_list_.back();
  free_list_.pop_back();
  return idx;
}

void VoicePool::release(int idx) {
  if (voices[idx].instrument) voices[idx].instrument->end_voice(voices[idx].inst_slot);
  voices[idx].instrument = nullptr;
  voices[idx].active = false;
  free_list_.push_back(idx);
}

int VoicePool::GroupKeys::of(int source, int orbit, int channel) const {
  const int so = (source + 1) * kOrbits + orbit;
  return channel == main ? so : routed_base + so * channels + channel;
}

void VoicePool::activate(int idx, int source, int channel, const GroupKeys& keys) {
  const Voice& v = voices[idx];
  active.push_back(ActiveVoice{idx, keys.of(source, v.orbit, channel), channel, v.send_rev > 0 || v.send_del > 0});
  ++next_serial;
}

void VoicePool::cut_group(int cut, int orbit, int offset) {
  if (cut <= 0) return;
  orbit = std::clamp(orbit, 0, kOrbits - 1);
  for (const ActiveVoice& a : active) {
    Voice& o = voices[a.idx];
    if (o.cut == cut && o.orbit == orbit && o.fade_left < 0) {
      o.fade_left = kStealFadeFrames + std::max(0, offset - o.start_offset);
      o.fade_len = kStealFadeFrames;
    }
  }
}

void VoicePool::take_fx_buffer(int idx, FxBufferSpan span) {
  Voice& v = voices[idx];
  for (int s = 0; s < fx_buf_.slots(); ++s) {
    const int o = fx_buf_.voice[s];
    if (o >= 0 && o != idx && voices[o].active && voices[o].fx_buf_slot == s && voices[o].serial == fx_buf_.serial[s])
      continue;
    fx_buf_.voice[s] = idx;
    fx_buf_.serial[s] = next_serial;
    v.fx_buf_slot = s;
    for (int ch = 0; ch < 2; ++ch) {
      v.fx_buf[ch] = fx_buf_.state(s, ch);
      std::fill(v.fx_buf[ch] + span.from, v.fx_buf[ch] + span.to, 0.0f);
    }
    return;
  }
}

void VoicePool::regroup_as_replaced(const GroupKeys& keys) {
  for (ActiveVoice& a : active) a.group = keys.of(-1, voices[a.idx].orbit, a.channel);
}

bool VoicePool::plays_for(const void* owner) const {
  bool used = false;
  for (const ActiveVoice& a : active) used |= voices[a.idx].owner == owner;
  return used;
}

void VoicePool::drop_finished(const char* finished) {
  const int nact = static_cast<int>(active.size());
  int w = 0;
  for (int k = 0; k < nact; ++k) {
    if (finished[k]) {
      release(active[k].idx);
    } else {
      active[w++] = active[k];
    }
  }
  active.resize(static_cast<size_t>(w));
}

void VoicePool::stop_all() {
  for (const ActiveVoice& a : active) release(a.idx);
  active.clear();
}

}  // namespace phonon
