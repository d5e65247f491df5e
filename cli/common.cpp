#include "cli/common.hpp"

#include <unistd.h>

#include <cstdio>

#include "compiler/plan.hpp"
#include "runtime/load.hpp"

namespace phonon::cli {

std::shared_ptr<const Plan> compile_and_report(const std::string& path) {
  CompileResult r = compile_file(path);
  std::string text = r.diagnostics.render_all();
  if (!text.empty()) std::fputs(text.c_str(), stderr);
  if (!r.ok()) return nullptr;
  return r.plan;
}

std::unique_ptr<LoadedPlan> load_and_report(const Engine& engine, SampleBank& bank, std::shared_ptr<const Plan> plan) {
  std::vector<std::string> warnings;
  auto lp = load_plan(engine, bank, std::move(plan), &warnings);
  for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  return lp;
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) == 1; }

}  // namespace phonon::cli
