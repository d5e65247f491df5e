// Instrument voices: a bus played by name (`s "~pad*4" # note "c e g"`) runs its template plan once per voice,
// with the voice's own kernel state, its note's gate and its pitch ratio. Templates are prepared with their
// LoadedPlan (state pools and per-thread buffers allocated off the audio thread).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/plan.hpp"

namespace phonon {

struct Voice;

class InstrumentTemplate {
 public:
  InstrumentTemplate(std::string name, std::shared_ptr<const Plan> plan, double rate, int max_block, int threads,
                     int max_voices);

  const std::string& name() const { return name_; }
  // Takes a state slot for a new voice and initialises it (no allocation); -1 when every slot is in use.
  int start_voice();
  void end_voice(int slot);
  // A voice's pitch ratio over time: `from` at its onset, moving linearly to `to` over `glide_frames` frames and
  // staying there (glide_frames <= 0: `to` from the onset). Computed per frame from the voice's own frame count,
  // so the result does not depend on the block size.
  struct PitchGlide {
    float from = 1.0f, to = 1.0f;
    int64_t glide_frames = 0;
  };
  // Renders frames [elapsed, elapsed + n) of a voice whose gate stays high for `gate_frames` frames, with pitch
  // ratio `pitch`, into l/r. Returns n while the voice sounds; 0 once its gate is off and it has fallen silent.
  // `quiet` counts consecutive near-silent frames after the gate (kept by the voice): the voice ends after
  // kQuietFrames of them, a rule that does not depend on the block size.
  int render(int slot, int64_t elapsed, int64_t gate_frames, const PitchGlide& pitch, int& quiet, float* l, float* r,
             int n, int thread);

 private:
  std::string name_;
  std::shared_ptr<const Plan> plan_;
  float rate_;
  size_t stride_;
  size_t state_total_ = 0;
  std::vector<size_t> state_offset_;
  std::vector<float> states_;  // max_voices * state_total_
  std::vector<int> free_;
  struct ThreadBuffers {
    std::vector<float> slots;
    std::vector<std::vector<const float*>> in;
    std::vector<std::vector<float*>> out;
  };
  std::vector<ThreadBuffers> threads_;
  std::vector<int> order_;  // steps in run order
};

}  // namespace phonon
