// The compiler's front door: .ph text in, an immutable Plan (or diagnostics) out.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"

namespace phonon {

struct Plan;  // compiler/plan.hpp

struct CompileOptions {
  std::string dump;  // "ast", "types", "graph" or "plan": the IR after that stage goes to CompileResult::dump
  // A pass name or "all": the IR after that pass (every pass) goes to CompileResult::dump, with "(unchanged)"
  // when the pass changed nothing (passes.hpp lists the passes; pass_names() gives them).
  std::string dump_after;
};

struct CompileResult {
  std::shared_ptr<const Plan> plan;  // null when there were errors
  Diagnostics diagnostics;           // errors and warnings, in source order
  std::string dump;                  // the requested IR dump (CompileOptions::dump)
  bool ok() const { return plan != nullptr && !diagnostics.has_errors(); }
};

// Reads a file ("-" = stdin). A missing or unreadable file is an error diagnostic, never an exception.
CompileResult compile_file(const std::string& path, const CompileOptions& options = {});
CompileResult compile_source(std::shared_ptr<const SourceFile> file, const CompileOptions& options = {});

}  // namespace phonon
