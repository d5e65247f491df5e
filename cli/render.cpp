// phonon render FILE.ph -o OUT.wav [--duration S | --cycles N] [--rate R] [--block B] [--threads N]
//                      [--bits 16|24|32] [--samples DIR]... [--no-limit] [--max-voices N] [--spectrogram PIC]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/output_file.hpp"
#include "cli/render_session.hpp"
#include "cli/spectrogram.hpp"
#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "runtime/drivers/engine_source.hpp"
#include "runtime/drivers/offline.hpp"
#include "runtime/samples/audio_file.hpp"

namespace phonon::cli {

namespace {
const char* kHelp =
    "usage: phonon render FILE.ph -o OUT.wav [options]\n"
    "       phonon render --session LOG -o OUT.wav [options]\n"
    "  FILE.ph              the program (`-` reads standard input)\n"
    "  --session LOG        replay a performance: REPL blocks after `-- @CYCLE` lines, as written by\n"
    "                       `phonon repl --session-log` (default length: 4 cycles past the last block)\n"
    "  -o, --output OUT     output file: .wav .flac .ogg .aiff (by extension)\n"
    "  --duration S         seconds to render (default: 8 cycles)\n"
    "  --cycles N           cycles to render, at the program's tempo\n"
    "  --rate R             sample rate in Hz (default 44100)\n"
    "  --block B            frames per block (default 512)\n"
    "  --threads N          worker threads (default 1)\n"
    "  --bits 16|24|32      sample format: 16/24-bit integer or 32-bit float (default 16)\n"
    "  --samples DIR        a sample library root (repeatable)\n"
    "  --no-limit           turn off the output limiter\n"
    "  --max-voices N       voices sounding at once (default 4096)\n"
    "  --channels N         output channels (default 2); orbit k on channels 2k+1, 2k+2, wrapping\n"
    "  --orbit-channels A,… each orbit's first channel, counted from 0 (default 0,2,4,…)\n"
    "  --spectrogram PIC    also draw what was rendered: PIC.png, or PIC.svg with time and frequency axes\n";
}  // namespace

int cmd_render(int argc, char** argv) {
  std::string input, output, spectrogram_path, session;
  double duration = -1.0, cycles = -1.0;
  EngineOptions eo;
  int bits = 16;
  std::vector<std::string> sample_dirs;
  try {
    Args a(argc, argv);
    while (!a.done()) {
      std::string arg = a.take_option(a.next());
      if (arg == "-h" || arg == "--help") {
        std::fputs(kHelp, stdout);
        return 0;
      } else if (arg == "-o" || arg == "--output") output = a.value(arg);
      else if (arg == "--session") session = a.value(arg);
      else if (arg == "--duration") duration = a.number(arg, 0.0, 24 * 3600.0);
      else if (arg == "--cycles") cycles = a.number(arg, 0.0, 1e6);
      else if (arg == "--rate") eo.rate = a.number(arg, 8000, 384000);
      else if (arg == "--block") eo.max_block = a.integer(arg, 1, 16384);
      else if (arg == "--threads") eo.threads = a.integer(arg, 1, 256);
      else if (arg == "--bits") {
        bits = a.integer(arg, 16, 32);
        if (bits != 16 && bits != 24 && bits != 32) throw UsageError("--bits must be 16, 24 or 32");
      } else if (arg == "--samples") sample_dirs.push_back(a.value(arg));
      else if (arg == "--no-limit") eo.limiter = false;
      else if (arg == "--max-voices") eo.max_voices = max_voices_option(a, arg);
      else if (arg == "--spectrogram") spectrogram_path = a.value(arg);
      else if (output_channels_option(a, arg, eo)) continue;
      else if (arg.size() > 1 && arg[0] == '-') throw UsageError("unknown option `" + arg + "`");
      else if (input.empty()) input = arg;
      else throw UsageError("more than one input file (`" + input + "` and `" + arg + "`)");
    }
    if (input.empty() && session.empty()) throw UsageError("no input file (try `phonon render FILE.ph -o OUT.wav`)");
    if (!input.empty() && !session.empty())
      throw UsageError("give a program or --session, not both (`" + input + "` and `--session " + session + "`)");
    if (output.empty()) throw UsageError("no output file: add `-o OUT.wav`");
    check_output_channels(eo);
    if (eo.channels != 2 && !spectrogram_path.empty())
      throw UsageError("--spectrogram draws a stereo render; leave out --channels for it");
    if (duration >= 0 && cycles >= 0) throw UsageError("give --duration or --cycles, not both");
    if (duration == 0 || cycles == 0) throw UsageError("the duration must be greater than zero");
    if (!spectrogram_path.empty() && !spectrogram_path_error(spectrogram_path).empty())
      throw UsageError(spectrogram_path_error(spectrogram_path));
  } catch (const UsageError& e) {
    std::fprintf(stderr, "phonon render: error: %s\n", e.what());
    return 2;
  }

  SampleBank bank(sample_roots_from_cli(sample_dirs));
  std::unique_ptr<SessionPlayer> replay;
  std::shared_ptr<const Plan> plan;
  if (!session.empty()) {
    std::vector<SessionEntry> entries;
    if (!load_session(session, &entries)) return 1;
    replay = std::make_unique<SessionPlayer>(std::move(entries), bank);
    CompileResult silent = compile_source(std::make_shared<SourceFile>("<silence>", "hush\n"));
    plan = replay->initial(silent.plan);
  } else {
    plan = compile_and_report(input);
  }
  if (!plan) return 1;
  int64_t total = 0;
  if (replay && duration < 0) {
    total = replay->frames_until(cycles < 0 ? replay->last_cycle() + 4.0 : cycles, eo.rate, plan->cps);
  } else {
    if (duration < 0) duration = (cycles < 0 ? 8.0 : cycles) / plan->cps;
    total = static_cast<int64_t>(std::llround(duration * eo.rate));
  }
  if (total <= 0) {
    std::fprintf(stderr, "phonon render: error: the duration is shorter than one frame\n");
    return 2;
  }

  SampleFormat fmt = bits == 16 ? SampleFormat::Pcm16 : bits == 24 ? SampleFormat::Pcm24 : SampleFormat::Float32;
  std::unique_ptr<AudioFileWriter> writer =
      open_render_output(input.empty() ? session : input, output, eo.rate, fmt, total, eo.channels);
  if (!writer) return 1;
  std::unique_ptr<Spectrogram> spectrogram;
  if (!spectrogram_path.empty()) spectrogram = std::make_unique<Spectrogram>(eo.rate, total);

  Engine engine(eo);
  engine.start(load_and_report(engine, bank, plan));

  // The file's consumer of the offline clock: level statistics, the file, the progress bar. The output limiter's
  // look-ahead delays the output by `skip` frames: they are rendered after the end and dropped from the start, so
  // the file starts at the program's time 0.
  struct FileConsumer final : OfflineConsumer {
    AudioFileWriter& writer;
    int64_t total;
    int64_t skip = 0;
    Spectrogram* spectrogram = nullptr;  // --spectrogram
    bool tty = stderr_is_tty();
    std::vector<double> peak, sumsq;  // per channel
    double compute = 0.0;             // seconds spent rendering (the realtime factor)
    int last_pct = -1;
    std::chrono::steady_clock::time_point t0;
    FileConsumer(AudioFileWriter& w, int64_t t) : writer(w), total(t) {}
    SessionPlayer* replay = nullptr;  // --session: hands the session's programs over as it goes
    Engine* engine = nullptr;
    void before_block(int) override {
      if (replay) replay->before_block(*engine);
      t0 = std::chrono::steady_clock::now();
    }
    void after_block(const float* buf, int n, int channels, int64_t first) override {
      compute += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      peak.resize(static_cast<size_t>(channels), 0.0);
      sumsq.resize(static_cast<size_t>(channels), 0.0);
      if (first + n <= skip) return;
      if (first < skip) {
        buf += channels * (skip - first);
        n -= static_cast<int>(skip - first);
        first = skip;
      }
      first -= skip;
      for (int i = 0; i < n; ++i)
        for (int c = 0; c < channels; ++c) {
          double x = buf[channels * i + c];
          peak[c] = std::max(peak[c], std::fabs(x));
          sumsq[c] += x * x;
        }
      writer.write_interleaved(buf, n);
      if (spectrogram) spectrogram->add(buf, n);
      const int64_t done = first + n;
      int pct = static_cast<int>(100 * done / total);
      if (tty && pct != last_pct) {
        last_pct = pct;
        int bar = pct / 4;
        std::fprintf(stderr, "\r[%.*s%*s] %3d%%", bar, "=========================", 25 - bar, "", pct);
      }
    }
  };
  FileConsumer file(*writer, total);
  file.spectrogram = spectrogram.get();
  file.replay = replay.get();
  file.engine = &engine;
  file.skip = engine.output_latency();
  EngineSource source(engine);
  OfflineDriver driver(source, eo.max_block, eo.channels);
  try {
    driver.run(total + file.skip, file);
    if (file.tty) std::fputs("\r\033[K", stderr);
    writer->commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "\nphonon render: error: %s\n", e.what());
    return 1;
  }
  const std::vector<double>& peak = file.peak;
  const std::vector<double>& sumsq = file.sumsq;
  const double compute = file.compute;
  auto db = [](double x) { return x > 0 ? 20.0 * std::log10(x) : -INFINITY; };
  double secs = static_cast<double>(total) / eo.rate;
  EngineStats st = engine.stats();
  std::string levels;
  if (eo.channels == 2) {
    char b[160];
    std::snprintf(b, sizeof b, "peak L %.1f dBFS R %.1f dBFS, RMS L %.1f dBFS R %.1f dBFS", db(peak[0]), db(peak[1]),
                  db(std::sqrt(sumsq[0] / total)), db(std::sqrt(sumsq[1] / total)));
    levels = b;
  } else {
    levels = "peak dBFS per channel";
    for (double p : peak) {
      char b[32];
      std::snprintf(b, sizeof b, " %.1f", db(p));
      levels += b;
    }
  }
  std::printf("%s: %.3f s %s %d Hz, %s, voices max %d, realtime x%.0f\n", output.c_str(), secs,
              eo.channels == 2 ? "stereo" : (std::to_string(eo.channels) + " channels").c_str(),
              static_cast<int>(eo.rate), levels.c_str(), st.voices_max, compute > 0 ? secs / compute : 0.0);
  if (st.nan_voices)
    std::fprintf(stderr, "warning: %llu voices produced NaN/Inf and were silenced\n",
                 static_cast<unsigned long long>(st.nan_voices));
  if (spectrogram && !write_picture(spectrogram_path, spectrogram->picture(spectrogram_path), input, "phonon render"))
    return 1;
  return 0;
}

}  // namespace phonon::cli
