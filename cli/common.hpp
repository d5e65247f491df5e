// Shared by render, bench and compile: compile a file, print its diagnostics, preload its samples.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "compiler/compile.hpp"
#include "runtime/drivers/audio_output.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon::cli {

// Compiles `path` ("-" = stdin), printing diagnostics to stderr. Returns null on errors.
std::shared_ptr<const Plan> compile_and_report(const std::string& path);

// Preloads the plan's samples into the bank (warnings to stderr, once each) and prepares it for the engine.
std::unique_ptr<LoadedPlan> load_and_report(const Engine& engine, SampleBank& bank, std::shared_ptr<const Plan> plan);

bool stderr_is_tty();

// The output channel options shared by render, live and repl: `--channels N` (2..64) and `--orbit-channels
// A,B,…` (each orbit's first channel). True when `arg` was one of them (its value read into `eo`).
bool output_channels_option(Args& a, const std::string& arg, EngineOptions& eo);
// After parsing: every --orbit-channels entry names a channel of --channels (else a UsageError saying so).
void check_output_channels(const EngineOptions& eo);
constexpr const char* kChannelsHelp =
    "  --channels N           output channels (default 2); orbit k sounds on channels 2k+1 and 2k+2 (as\n"
    "                         SuperDirt's ~dirt.start(57120, [0, 2, …])), orbits beyond N/2 wrap\n"
    "  --orbit-channels A,B,… each orbit's first channel, counted from 0 (default 0,2,4,…)\n";

// The ceiling of --max-voices: the engine preallocates every voice (about 3.5 KB each), so the ceiling bounds
// that memory (about 230 MB at 65536).
constexpr int kMaxVoicesCeiling = 65536;

// Reads the value of --max-voices (`opt`) from `a`; above kMaxVoicesCeiling it is a UsageError that says why.
int max_voices_option(Args& a, const std::string& opt);

// The sample roots for `--samples` folders given on the command line (then PHONON_SAMPLES and the usual places),
// warning on stderr about a given folder that does not exist or that looks like one sound's folder rather than a
// library root (audio files directly inside, no sound subfolders).
std::vector<std::string> sample_roots_from_cli(const std::vector<std::string>& dirs);

// A share as the summaries print it: 0.25 -> "25%", 0.05 -> "5.0%" (one decimal below 10 %).
std::string percent(double x);

// The load figures of a summary line: "load mean 0.5% p99 1% worst 31%, late buffers 0" (live and dirt print
// it; tests/live/live_support.hpp reads it back).
std::string describe_load(const AudioOutputStats& st);

}  // namespace phonon::cli
