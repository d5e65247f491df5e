// The block-kernel ABI. A kernel processes one block of `frames` samples for one instance (one step of the
// Plan, or one voice). Every kernel is described by a KernelSpec registered in kernels/registry.cpp; its code
// lives in one header (kernels/<family>/<name>.hpp) with a vectorised `process<Arch>` over xsimd::batch and a
// scalar `reference`. The registry resolves `process` to the best architecture compiled in (run-time dispatch).
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace phonon::kern {

// Everything a kernel sees for one block.
struct KernelArgs {
  const float* const* in;  // one pointer per input port, each `frames` floats (constant inputs are filled buffers)
  float* const* out;       // one pointer per output port, each `frames` floats; may alias no input
  float* state;            // `state_floats` floats owned by this instance, zeroed then init_state() at load
  const float* params;     // constant parameters (count = spec.params.size()), fixed at compile time
  int frames;              // 1 .. max block size
  float rate;              // sample rate in Hz
};

using KernelFn = void (*)(const KernelArgs&);
using KernelInitFn = void (*)(float* state, const float* params, float rate);

// A kernel's part in a feedback loop (build_graph splits a delay on a loop into a read and a write half).
enum class FeedbackRole {
  None,
  Delay,  // a whole delay line: on a feedback loop it is split into a Read and a Write sharing one line
  Read,   // reads only the line's past, so nothing in the loop comes before it (no input edge)
  Write,  // writes the line; nothing reads it; it runs after everything it reads and shares its Read's state
};

struct KernelSpec {
  std::string_view name;                 // "osc.saw", "filter.lpf" (family.name)
  std::string_view doc;                  // one paragraph: what it computes, units, ranges
  std::vector<std::string_view> inputs;  // port names
  std::vector<std::string_view> outputs;
  std::vector<std::string_view> params;  // constant parameter names
  std::size_t state_floats = 0;
  KernelInitFn init = nullptr;   // may be null (state stays zero)
  KernelFn process = nullptr;    // best architecture available on this CPU
  KernelFn reference = nullptr;  // scalar reference (the specification)
  // Added by the kernels helper. When non-null, the state size depends on the constant params and the sample rate
  // (delay lines, reverbs): the plan loader must allocate state_size(params, rate) floats instead of state_floats.
  std::size_t (*state_size)(const float* params, float rate) = nullptr;
  // Default values, one per port/param (empty when the kernel has no defaults): what a trailing argument left out
  // by the user means (`delay 0.25` = delay with feedback and mix at their defaults).
  std::vector<float> input_defaults;
  std::vector<float> param_defaults;

  // Facts the compiler's passes ask (compiler/passes/*), so that no pass recognises a kernel by its name.
  // pure: the output at a frame depends only on the inputs at that frame and the params (no state, no noise, no
  // time): constant inputs fold through `reference` on a one-frame block, and the output changes no faster than
  // the inputs do.
  bool pure = false;
  std::vector<int> frequency_inputs;  // inputs in Hz: an instrument voice multiplies them by its pitch ratio
  bool follows_gate = false;          // an envelope on its gate input (an instrument without one gets a default)
  FeedbackRole feedback_role = FeedbackRole::None;
  // A kernel computing the same signal at block rate (within -80 dB) when the frequency input is a constant
  // below 20 Hz (osc.sine -> osc.sine_ramp, for LFOs); empty when there is none.
  std::string_view block_rate_form;
};

// The number of state floats an instance needs (state_size when present, otherwise state_floats).
inline std::size_t state_floats_for(const KernelSpec& spec, const float* params, float rate) {
  return spec.state_size ? spec.state_size(params, rate) : spec.state_floats;
}

// All registered kernels, in a stable order (by name).
const std::vector<const KernelSpec*>& all_kernels();
// nullptr when unknown.
const KernelSpec* find_kernel(std::string_view name);
// Name of the instruction set the dispatched kernels use on this CPU ("avx512bw", "avx2", "sse4.2", "sse2", "neon").
std::string_view active_arch();
// Every architecture compiled into this binary that this CPU supports, best first (for tests that compare each
// architecture's process against the reference).
std::vector<std::string_view> available_archs();
// The process function of `spec` for a given architecture name from available_archs() (tests only).
KernelFn process_for_arch(const KernelSpec& spec, std::string_view arch);

}  // namespace phonon::kern
