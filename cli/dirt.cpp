// phonon dirt [FILE.ph] [--port P] [--api …] [--device …] [--rate R] [--block B] [--record OUT.wav]
//                       [--duration S] [--samples DIR]… [--threads N] [--no-limit] [--max-voices N]
// phonon dirt [FILE.ph] --replay PACKETS --record OUT.wav --duration S     (offline, for tests)
//
// A drop-in for SuperDirt: Tidal's /dirt/play events (runtime/osc/dirt_receiver.hpp) start voices through the
// engine's own voice path, at their timetags (runtime/engine/external_events.hpp). With FILE.ph the program plays
// alongside: its outputs mix in and its buses are instruments for OSC events (`s "~pad"`). Threads: the audio
// thread runs the engine; the network thread decodes packets and hands events over lock-free; the main thread
// prefetches, collects garbage and prints the status line.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/link_options.hpp"
#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "runtime/drivers/audio_output.hpp"
#include "runtime/drivers/forwarding_source.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/external_events.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/live/live_session.hpp"
#include "runtime/osc/dirt_receiver.hpp"
#include "runtime/osc/packet_log.hpp"
#include "runtime/samples/audio_file.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon::cli {

namespace {

const char* kHelp =
    "usage: phonon dirt [FILE.ph] [options]   play what Tidal sends to SuperDirt (and FILE.ph alongside)\n"
    "  --port P               UDP port for Tidal's OSC (default 57120, SuperDirt's); it also takes /ctrl\n"
    "  --ctrl-port P          also take controller input (/ctrl name value, for cF …) on this UDP port\n"
    "  --api jack|pulse|alsa  audio API (default: the first of jack, pulse, alsa with an output device)\n"
    "  --device N|NAME        output device id or part of its name\n"
    "  --rate R               sample rate in Hz (default: 44100 if the device has it)\n"
    "  --block B              frames per engine block (default 512)\n"
    "  --record OUT.wav       also write exactly what is played to a 32-bit float file\n"
    "  --duration S           stop after S seconds of audio\n"
    "  --samples DIR          a sample library root (repeatable)\n"
    "  --threads N            worker threads (default 1)\n"
    "  --channels N           output channels (default 2); orbit k on channels 2k+1, 2k+2, wrapping\n"
    "  --orbit-channels A,B,… each orbit's first channel, counted from 0 (SuperDirt's ~dirt.start list)\n"
    "  --no-limit             turn off the master limiter\n"
    "  --max-voices N         voices sounding at once (default 4096)\n"
    "  --replay PACKETS       no network, no device: feed a recorded packet file (docs/connect.md) and write\n"
    "                         --record OUT.wav for --duration S, deterministically (for tests)\n";
const char* kHelpEnd = "Then start Tidal as usual (BootTidal.hs unchanged). Ctrl-C stops.\n";

std::atomic<int> g_signals{0};
extern "C" void on_dirt_signal(int) { g_signals.fetch_add(1, std::memory_order_relaxed); }

struct DirtOptions {
  std::string input;  // optional program
  std::string port = "57120";
  std::string ctrl_port;  // empty: /ctrl on `port` only
  AudioOutputConfig audio;
  EngineOptions engine;
  std::string record;
  double duration = 0.0;
  std::vector<std::string> sample_dirs;
  std::string replay;
  LinkOptions link;  // Ableton Link: the program's cycles follow the session
};

DirtOptions parse(int argc, char** argv, bool* help) {
  DirtOptions o;
  Args a(argc, argv);
  while (!a.done()) {
    std::string arg = a.take_option(a.next());
    if (arg == "-h" || arg == "--help") {
      *help = true;
      return o;
    } else if (arg == "--port") o.port = std::to_string(a.integer(arg, 1, 65535));
    else if (arg == "--ctrl-port") o.ctrl_port = std::to_string(a.integer(arg, 1, 65535));
    else if (arg == "--api") o.audio.api = a.value(arg);
    else if (arg == "--device") o.audio.device = a.value(arg);
    else if (arg == "--rate") o.audio.rate = static_cast<unsigned>(a.integer(arg, 8000, 384000));
    else if (arg == "--block") o.engine.max_block = a.integer(arg, 1, 16384);
    else if (arg == "--record") o.record = a.value(arg);
    else if (arg == "--duration") {
      o.duration = a.number(arg, 0.0, 1e7);
      if (o.duration <= 0) throw UsageError("--duration must be greater than zero");
    } else if (arg == "--samples") o.sample_dirs.push_back(a.value(arg));
    else if (arg == "--threads") o.engine.threads = a.integer(arg, 1, 256);
    else if (arg == "--no-limit") o.engine.limiter = false;
    else if (arg == "--max-voices") o.engine.max_voices = max_voices_option(a, arg);
    else if (arg == "--verbose") o.audio.verbose = true;
    else if (arg == "--replay") o.replay = a.value(arg);
    else if (output_channels_option(a, arg, o.engine)) continue;
    else if (link_option(a, arg, o.link)) continue;
    else if (arg.size() > 1 && arg[0] == '-') throw UsageError("unknown option `" + arg + "`");
    else if (o.input.empty()) o.input = arg;
    else throw UsageError("more than one program (`" + o.input + "` and `" + arg + "`)");
  }
  if (!o.replay.empty() && (o.record.empty() || o.duration <= 0))
    throw UsageError("--replay renders offline: give --record OUT.wav and --duration S");
  check_output_channels(o.engine);
  apply_link_options(o.link, o.engine);
  if (o.link.enabled && !o.replay.empty()) throw UsageError("--link plays with a live session; --replay has none");
  o.audio.block = static_cast<unsigned>(o.engine.max_block);
  o.audio.channels = o.engine.channels;
  return o;
}

// The program (or an empty one), with every orbit's reverb and delay ready: OSC events may send to any orbit.
std::unique_ptr<LoadedPlan> load_program(const Engine& engine, SampleBank& bank, const std::string& input) {
  std::shared_ptr<const Plan> plan;
  if (!input.empty()) {
    plan = compile_and_report(input);
    if (!plan) return nullptr;
  } else {
    CompileResult r = compile_source(std::make_shared<SourceFile>("<dirt>", "hush\n"));
    if (!r.ok()) r = compile_source(std::make_shared<SourceFile>("<dirt>", ""));
    if (!r.ok()) {
      std::fputs(r.diagnostics.render_all().c_str(), stderr);
      return nullptr;
    }
    plan = r.plan;
  }
  auto every_orbit = std::make_shared<Plan>(*plan);
  every_orbit->fx_orbits.clear();
  for (int o = 0; o < kOrbits; ++o) every_orbit->fx_orbits.push_back(o);
  return load_and_report(engine, bank, std::move(every_orbit));
}

std::string fmt(const char* format, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, a);
  return buf;
}

std::string summary(const ExternalEvents& ev, const DirtReceiver& rx, const DirtReceiver* ctrl = nullptr) {
  const DirtReceiverStats s = rx.stats();
  const DirtReceiverStats c = ctrl ? ctrl->stats() : DirtReceiverStats{};
  const uint64_t controls = s.controls + c.controls;
  return "events " + std::to_string(s.events) + ", late " + std::to_string(ev.late()) + ", bad packets " +
         std::to_string(s.bad + c.bad) + (ev.dropped() ? ", dropped " + std::to_string(ev.dropped()) : "") +
         (controls ? ", controls " + std::to_string(controls) : "");
}

void log_line(const std::string& s) {
  std::fprintf(stderr, "%s\n", s.c_str());
  std::fflush(stderr);
}

// Offline: the packets of a packet log arrive at their recorded times (relative to the log's start, which is
// frame 0); the timetag → frame mapping is anchored there, so the output is the same on every run.
int replay(const DirtOptions& o) {
  PacketLog packets;
  try {
    packets = read_packet_log(o.replay);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "phonon dirt: error: %s\n", e.what());
    return 1;
  }
  const double rate = o.audio.rate ? o.audio.rate : 44100.0;
  EngineOptions eo = o.engine;
  eo.rate = rate;
  Engine engine(eo);
  SampleBank bank(sample_roots_from_cli(o.sample_dirs));
  std::unique_ptr<LoadedPlan> lp = load_program(engine, bank, o.input);
  if (!lp) return 1;
  const double epoch = std::floor(packets.start);
  ExternalEvents events(4096, rate, epoch);
  events.set_manual_anchor(packets.start - epoch, 0);
  engine.set_external_events(&events);
  engine.start(std::move(lp));
  std::unique_ptr<DirtReceiver> rx;
  try {
    rx = std::make_unique<DirtReceiver>("", &events, &bank, log_line);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "phonon dirt: error: %s\n", e.what());
    return 1;
  }
  const int64_t total = std::llround(o.duration * rate);
  std::unique_ptr<AudioFileWriter> out;
  try {
    out = std::make_unique<AudioFileWriter>(o.record, rate, eo.channels, SampleFormat::Float32, total);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "phonon dirt: error: %s\n", e.what());
    return 1;
  }
  std::vector<float> buf(static_cast<size_t>(eo.max_block) * static_cast<size_t>(eo.channels));
  // As `phonon render` does: the output limiter's look-ahead delays the output by `skip` frames, which are
  // rendered past the end and left out of the start, so the file starts at the packets' time 0.
  const int64_t skip = engine.output_latency();
  size_t next = 0;
  for (int64_t f = 0; f < total + skip;) {
    const int n = static_cast<int>(std::min<int64_t>(eo.max_block, total + skip - f));
    const double block_time = packets.start + static_cast<double>(f) / rate;
    while (next < packets.packets.size() && packets.packets[next].arrival <= block_time) {
      const auto& p = packets.packets[next++];
      rx->dispatch(p.bytes.data(), p.bytes.size());
    }
    engine.process(buf.data(), n);
    if (f + n > skip) {
      const int64_t from = std::max<int64_t>(0, skip - f);
      out->write_interleaved(buf.data() + from * eo.channels, n - from);
    }
    engine.collect_garbage();
    f += n;
  }
  out->commit();
  std::fprintf(stderr, "phonon dirt: replayed %zu packets into %s (%.2f s): %s\n", next, o.record.c_str(), o.duration,
               summary(events, *rx).c_str());
  return 0;
}

}  // namespace

int cmd_dirt(int argc, char** argv) {
  DirtOptions o;
  try {
    bool help = false;
    o = parse(argc, argv, &help);
    if (help) {
      std::fputs(kHelp, stdout);
      std::fputs(kLinkHelp, stdout);
      std::fputs(kHelpEnd, stdout);
      return 0;
    }
  } catch (const UsageError& e) {
    std::fprintf(stderr, "phonon dirt: error: %s\n", e.what());
    return 2;
  }
  if (!o.replay.empty()) return replay(o);

  struct sigaction sa {};
  sa.sa_handler = on_dirt_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);

  ForwardingSource forward;
  AudioOutput output;
  {
    std::string error;
    if (!output.open(o.audio, &forward, &error)) {
      std::fprintf(stderr, "phonon dirt: error: %s\nhint: `phonon devices` lists what this machine offers\n",
                   error.c_str());
      return 1;
    }
  }
  const double rate = output.rate();
  o.engine.rate = rate;
  Engine engine(o.engine);
  SampleBank bank(sample_roots_from_cli(o.sample_dirs));
  std::unique_ptr<LoadedPlan> lp = load_program(engine, bank, o.input);
  if (!lp) return 1;
  const double epoch = std::floor(static_cast<double>(std::time(nullptr)));
  ExternalEvents events(4096, rate, epoch);
  engine.set_external_events(&events);
  engine.start(std::move(lp));

  const bool tty = stderr_is_tty();
  std::mutex console;
  bool status_shown = false;
  auto message = [&](const std::string& s) {
    std::lock_guard<std::mutex> lock(console);
    if (status_shown) std::fputs("\r\033[K", stderr);
    status_shown = false;
    std::fprintf(stderr, "%s\n", s.c_str());
    std::fflush(stderr);
  };
  std::unique_ptr<DirtReceiver> rx;
  try {
    rx = std::make_unique<DirtReceiver>(o.port, &events, &bank, message);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "phonon dirt: error: %s\n", e.what());
    return 1;
  }

  std::unique_ptr<DirtReceiver> ctrl;
  if (!o.ctrl_port.empty()) {
    try {
      ctrl = std::make_unique<DirtReceiver>(o.ctrl_port, nullptr, nullptr, message);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "phonon dirt: error: controller input: %s\n", e.what());
      return 1;
    }
  }

  LivePlayback playback;
  {
    std::string error;
    if (!start_live_playback(engine, output, forward, o.record, o.engine.max_block, rate, o.duration, o.engine.channels,
                             &playback, &error)) {
      std::fprintf(stderr, "phonon dirt: error: %s\n", error.c_str());
      return 1;
    }
  }
  const std::unique_ptr<Recorder>& recorder = playback.recorder;
  LiveRenderer& renderer = *playback.renderer;
  rx->start();
  if (ctrl) ctrl->start();
  message("phonon dirt: listening on UDP port " + std::to_string(rx->port()) + ", playing on " + output.api() + " `" +
          output.device_name() + "` (" + std::to_string(static_cast<int>(rate)) + " Hz, block " +
          std::to_string(o.engine.max_block) + ")" + (o.input.empty() ? "" : " with " + o.input) +
          "; start Tidal as usual, Ctrl-C stops");

  const std::unique_ptr<LinkSync> link = start_link(o.link, engine, static_cast<double>(output.buffer_frames()),
                                                    [&](const std::string& m) { message("phonon dirt: " + m); });

  using clock = std::chrono::steady_clock;
  auto last_status = clock::now();
  bool stopping = false;
  auto stop_time = clock::now();
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto now = clock::now();
    const int sig = g_signals.load(std::memory_order_relaxed);
    if (sig > 1 || renderer.finished()) break;
    if (!stopping && (sig > 0 || renderer.duration_reached())) {
      stopping = true;
      stop_time = now;
      renderer.request_stop();
    }
    if (stopping && now - stop_time > std::chrono::milliseconds(300)) break;
    engine.prefetch();
    engine.collect_garbage();
    if (tty && now - last_status >= std::chrono::milliseconds(250)) {
      last_status = now;
      const EngineStats es = engine.stats();
      const AudioOutputStats st = output.stats();
      std::lock_guard<std::mutex> lock(console);
      std::fprintf(stderr, "\rvoices %d | %s | load %.0f%% | underruns %llu%s\033[K", es.voices,
                   summary(events, *rx, ctrl.get()).c_str(), 100.0 * st.load_mean,
                   static_cast<unsigned long long>(st.underruns), link ? (" | " + link_status(*link)).c_str() : "");
      std::fflush(stderr);
      status_shown = true;
    }
  }
  rx->stop();
  if (ctrl) ctrl->stop();
  output.close();
  int code = 0;
  if (recorder) {
    std::string error;
    if (!recorder->finish(&error)) {
      message("phonon dirt: error: " + error);
      code = 1;
    } else {
      message("phonon dirt: recorded " + std::to_string(recorder->frames_written()) + " frames to " + recorder->path());
    }
  }
  const AudioOutputStats st = output.stats();
  const EngineStats es = engine.stats();
  message("phonon dirt: played " + fmt("%.2f", static_cast<double>(renderer.frames_played()) / rate) + " s, " +
          summary(events, *rx, ctrl.get()) + ", handshakes " + std::to_string(rx->stats().handshakes) + ", " +
          describe_load(st) + ", voices max " + std::to_string(es.voices_max) +
          ", underruns: " + std::to_string(st.underruns));
  if (link) message("phonon dirt: " + link_summary(*link));
  engine.collect_garbage();
  return code;
}

}  // namespace phonon::cli
