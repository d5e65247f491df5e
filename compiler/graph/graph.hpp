// The signal graph: a flat list of nodes (constants, control-signal patterns, voice sources, kernels), built from
// signal expressions by passes/build_graph and rewritten by the passes in passes/pipeline.cpp.
#pragma once
#include <string>
#include <vector>

#include "compiler/graph/signal.hpp"
#include "compiler/plan.hpp"

namespace phonon {

// How often a node's value can change: never (constant), only at event boundaries (control: a stepped pattern
// signal, or arithmetic on such signals and constants), or every sample (audio).
// Constant: one value; Block: computed on a grid of frames and ramped (block-rate kernels); Control: number
// patterns, steps at event boundaries; Audio: every frame. Ordered from slowest to fastest.
enum class Rate { Constant, Block, Control, Audio };
const char* rate_name(Rate r);

struct GraphNode {
  SignalKind kind = SignalKind::Const;  // never Bus: bus references are resolved while building
  std::string kernel;                   // Kernel: kernel name
  const kern::KernelSpec* spec = nullptr;
  std::vector<int> inputs;  // node ids
  std::vector<float> params;
  double value = 0.0;                 // Const
  int source = -1;                    // Voices: voice_sources index; Pattern: signal_patterns index
  int channels = 1;                   // 1 (mono) or 2 (stereo), set by infer_channels
  Rate rate = Rate::Audio;            // set by infer_rates
  bool dead = false;                  // removed by a pass (kept so ids stay stable)
  std::string bus;                    // the bus this node is the value of, if any (for labels)
  ConstRole role = ConstRole::Value;  // Const: filled per voice in instrument templates (gate, pitch ratio)
  // A delay inside a feedback loop is two nodes sharing one delay line (build_graph): an `fx.delay_read` (no
  // inputs: reads the line's past) and an `fx.delay_write` (inputs: in, the read's wet, feedback) that nothing
  // reads. `paired` links them both ways: schedule() runs the write after everything it reads, and lower_plan
  // gives the write the read's state.
  int paired = -1;
  SourceSpan span;
};

struct GraphOutput {
  std::string label;  // "out", "o1", "~d1"
  int node;
};

struct Graph {
  double cps = 0.5;
  std::vector<GraphNode> nodes;
  std::vector<GraphOutput> outputs;
  std::vector<VoiceSource> voice_sources;
  std::vector<SignalPattern> signal_patterns;
  std::vector<std::string> sample_names;
  bool channels_known = false;  // set by infer_channels
  bool rates_known = false;     // set by infer_rates

  int add(GraphNode n) {
    nodes.push_back(std::move(n));
    return static_cast<int>(nodes.size()) - 1;
  }
  // Adds a node applying the kernel `name` (which must exist in this build) to `inputs`.
  int add_kernel(std::string_view name, std::vector<int> inputs, std::vector<float> params = {}, SourceSpan span = {});
};

// Stable text form (`phonon compile --dump=graph`).
std::string print_graph(const Graph& g);

}  // namespace phonon
