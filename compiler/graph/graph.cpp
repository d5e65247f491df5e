#include "compiler/graph/graph.hpp"

#include "kernels/kernel.hpp"

namespace phonon {

int Graph::add_kernel(std::string_view name, std::vector<int> inputs, std::vector<float> params, SourceSpan span) {
  GraphNode n;
  n.kind = SignalKind::Kernel;
  n.kernel = std::string(name);
  n.spec = kern::find_kernel(name);
  n.inputs = std::move(inputs);
  n.params = std::move(params);
  n.span = std::move(span);
  return add(std::move(n));
}

}  // namespace phonon
