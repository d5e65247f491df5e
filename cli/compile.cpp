// phonon compile FILE.ph [--dump=ast|types|graph|plan | --dump-after=PASS|all] [--json]
#include "compiler/compile.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "compiler/passes/passes.hpp"
#include "compiler/plan.hpp"

namespace phonon::cli {

int cmd_compile(int argc, char** argv) {
  std::string input, dump = "plan", dump_after;
  bool json = false, dump_given = false;
  try {
    Args a(argc, argv);
    while (!a.done()) {
      std::string arg = a.take_option(a.next());
      if (arg == "-h" || arg == "--help") {
        std::string passes;
        for (const auto& p : pass_names()) passes += " " + p;
        std::printf(
            "usage: phonon compile FILE.ph [--dump=ast|types|graph|plan | --dump-after=PASS|all] [--json]\n"
            "  prints the program after the given stage (default: the plan); `-` reads standard input\n"
            "  --dump-after=PASS  the IR after that pass, or after every pass with `all`\n"
            "                     (\"(unchanged)\" when a pass changed nothing); passes in order:\n"
            "                    %s\n",
            passes.c_str());
        return 0;
      } else if (arg == "--dump") {
        dump = a.value(arg);
        if (dump != "ast" && dump != "types" && dump != "graph" && dump != "plan")
          throw UsageError("--dump takes ast, types, graph or plan, not `" + dump + "`");
        dump_given = true;
      } else if (arg == "--dump-after") {
        dump_after = a.value(arg);
        const auto names = pass_names();
        if (dump_after != "all" && std::find(names.begin(), names.end(), dump_after) == names.end()) {
          std::string list;
          for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
          throw UsageError("--dump-after takes `all` or a pass name (" + list + "), not `" + dump_after + "`");
        }
      } else if (arg == "--json") json = true;
      else if (arg.size() > 1 && arg[0] == '-') throw UsageError("unknown option `" + arg + "`");
      else if (input.empty()) input = arg;
      else throw UsageError("more than one input file");
    }
    if (input.empty()) throw UsageError("no input file (try `phonon compile FILE.ph`)");
    if (json && dump != "plan") throw UsageError("--json is available for --dump=plan");
    if (!dump_after.empty() && (dump_given || json))
      throw UsageError("--dump-after cannot be combined with --dump or --json");
  } catch (const UsageError& e) {
    std::fprintf(stderr, "phonon compile: error: %s\n", e.what());
    return 2;
  }
  CompileOptions opt;
  opt.dump = dump_after.empty() ? dump : "";
  opt.dump_after = dump_after;
  CompileResult r = compile_file(input, opt);
  std::string diags = r.diagnostics.render_all();
  if (!diags.empty()) std::fputs(diags.c_str(), stderr);
  if (!r.ok()) return 1;
  if (json) std::fputs(plan_to_json(*r.plan).c_str(), stdout);
  else std::fputs(r.dump.c_str(), stdout);
  return 0;
}

}  // namespace phonon::cli
