// One function per `phonon` subcommand, each in its own file. argv[0] is the subcommand name.
// Each returns the process exit status (0 ok, 1 error in the user's input, 2 usage error).
#pragma once

namespace phonon::cli {
int cmd_render(int argc, char** argv);
int cmd_compile(int argc, char** argv);
int cmd_query(int argc, char** argv);
int cmd_bench(int argc, char** argv);
int cmd_live(int argc, char** argv);
int cmd_repl(int argc, char** argv);  // phonon repl = phonon live -
int cmd_devices(int argc, char** argv);
int cmd_dirt(int argc, char** argv);  // SuperDirt's OSC in (cli/dirt.cpp)
}  // namespace phonon::cli
