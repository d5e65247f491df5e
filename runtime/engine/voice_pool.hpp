// The voice pool: every Voice the engine can sound, preallocated, and the active list in start order. Allocation
// steals the oldest voice when the pool is full (it fades out in a reserve slot while its successor starts), cut
// groups fade the previous voices of a group, and voices with squiz or phaser take a preallocated state slot.
// Audio thread only (constructed off it); nothing here allocates after construction.
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/voices/voice.hpp"
#include "runtime/voices/voice_fx.hpp"

namespace phonon {

// An active voice with what the per-block grouping needs, so that grouping never touches the Voice itself (16k
// voices do not fit in L2, and a Voice another core rendered last block is a cross-core miss).
struct ActiveVoice {
  int idx;      // into VoicePool::voices
  int group;    // so = (source + 1) * kOrbits + orbit (source -1: voices of replaced plans, which ring out straight
                // to the master). On the outputs' pair: so; routed to another first channel c (Routing):
                // routed_base + so * channels + c, so that the stereo grouping table stays as short as before.
  int channel;  // first output channel
  bool sends;   // sends to its orbit's reverb or delay
};

class VoicePool {
 public:
  // Room for max_voices sounding voices plus a reserve for fading stolen ones; squiz and phaser states for `rate`.
  VoicePool(int max_voices, double rate);

  std::vector<Voice> voices;
  std::vector<SynthSlot> synth_slots;  // parallel to voices (used by synth voices only)
  std::vector<ActiveVoice> active;     // oldest first
  uint64_t next_serial = 0;            // the serial of the next voice to start

  // A free slot. When max_voices sound, the oldest voice that is not already fading starts a fade (it keeps
  // its slot until the fade ends); when even the reserve is in use the oldest voice is dropped outright.
  int alloc();
  // Returns a slot alloc() gave that started no voice (its Voice was not touched).
  void give_back(int idx) { free_list_.push_back(idx); }
  // Ends voice idx (its instrument voice too) and frees its slot. It must not be in the active list.
  void release(int idx);
  // Where a voice's group goes (ActiveVoice::group): the outputs' first channel, the channel count, and the first
  // routed group number, (voice sources + 1) * kOrbits.
  struct GroupKeys {
    int main = 0, channels = 2, routed_base = 0;
    int of(int source, int orbit, int channel) const;
  };
  // Appends voice idx (started, orbit and sends set) to the active list and counts its serial. `channel`: the
  // first output channel it sounds on.
  void activate(int idx, int source, int channel, const GroupKeys& keys);
  // Cut groups: a new voice (sample, synth or instrument) in group `cut` (> 0) on `orbit` fades the sounding
  // voices of that group and orbit, from the new voice's onset frame (`offset` into this block) so that cut
  // groups sound the same at every block size.
  void cut_group(int cut, int orbit, int offset);
  // Gives voice idx (being started, serial next_serial, its chain built) a free FxBufferPool slot with `span`
  // of each channel zeroed, if one is free (fx_buffer_span, runtime/voices/voice_fx.hpp). A slot is free when
  // the voice that took it has ended (or its Voice slot was reused since).
  void take_fx_buffer(int idx, FxBufferSpan span);
  // The voices of a replaced plan: regrouped as source -1 (see ActiveVoice::group) with the new plan's keys,
  // keeping their channel.
  void regroup_as_replaced(const GroupKeys& keys);
  // True while an active voice was started by `owner` (a LoadedPlan whose instrument templates it runs).
  bool plays_for(const void* owner) const;
  // Drops the active voices with finished[k] (by active position) and frees their slots, keeping the order.
  void drop_finished(const char* finished);
  // Stops every voice at once (a fresh start).
  void stop_all();

 private:
  int max_voices_;
  std::vector<int> free_list_;
  FxBufferPool fx_buf_;  // states of squiz and phaser stages (allocated here, taken at start)
};

}  // namespace phonon
