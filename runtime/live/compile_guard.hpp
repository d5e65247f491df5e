// Checks a new program version in a separate process before `phonon live` compiles it for real, so that no edit
// can take the audio down: an exception, a crash (SIGSEGV, abort), a stack overflow, a runaway allocation or a
// compile that never ends happen in the child, which is killed or dies alone; the player only learns the
// outcome. The child is the phonon binary itself (`phonon __check-compile`, started with posix_spawn: no copy of
// the player's memory). The Plan holds pointers and closures and cannot cross a process boundary, so the child
// only VALIDATES (compiles, reports diagnostics or how it failed) and the player then compiles the accepted text
// itself. Compilation is deterministic, and the child compiles on a stack kStackMarginBytes smaller than the one
// the calling thread has left, so a text the child accepted does not overflow the player's stack either.
#pragma once
#include <atomic>
#include <cstddef>
#include <string>

namespace phonon {

struct CompileGuardOptions {
  double timeout_seconds = 2.0;               // abandoned after this much CPU time (or 10 times as long)
  size_t memory_bytes = size_t{4} << 30;      // address space the child may add before allocation fails
  std::string executable = "/proc/self/exe";  // a phonon binary (tests name it: they run in another binary)
};

enum class CheckOutcome {
  Accepted,     // compiled without errors: compile it in-process
  Rejected,     // compile errors; `messages` holds the rendered diagnostics
  Failed,       // the compiler threw, crashed, overflowed its stack or ran out of memory; `messages` says which
  TimedOut,     // used more than timeout_seconds of CPU (or ten times that of wall time); killed
  Cancelled,    // *cancel became true while waiting; the child was killed
  Unavailable,  // no child could be started: the caller compiles in-process, unguarded
};

struct CompileCheck {
  CheckOutcome outcome = CheckOutcome::Unavailable;
  std::string messages;  // ready to print: diagnostics, or one `name: error: ...` line with a hint
  double ms = 0.0;       // wall time of the check
};

// The child's compile stack is this much smaller than what the calling thread has left, so that a program that
// nearly overflows is rejected by the child rather than crashing the player.
inline constexpr size_t kStackMarginBytes = size_t{256} << 10;

// `phonon __check-compile NAME STACK_BYTES MEMORY_BYTES`: the child's side. Reads the source from standard
// input, compiles it on a thread with STACK_BYTES of stack and at most MEMORY_BYTES more address space, writes
// the outcome to standard output and exits.
int compile_check_main(int argc, char** argv);

// Compiles `text` (diagnostics name it `name`) in a child process and reports the outcome. Blocks until the
// child finishes, the timeout passes or *cancel (if given) becomes true. Never throws for anything the compiler
// does.
CompileCheck check_compile_isolated(const std::string& name, const std::string& text,
                                    const CompileGuardOptions& options, const std::atomic<bool>* cancel = nullptr);

// A debugging aid for testing the guard without a real compiler bug: when the environment variable
// PHONON_DEBUG_COMPILE_FAULTS is set to 1 and `text` contains `phonon-debug-fault:KIND`, the checking child does
// KIND before compiling: crash (SIGSEGV), abort, throw (std::out_of_range), hang (spins forever), overflow
// (unbounded recursion), oom (allocates until allocation fails). Only the child ever runs it.
void run_debug_compile_fault(const std::string& text);

}  // namespace phonon
