// phonon live FILE.ph|- [--api jack|pulse|alsa] [--device N|NAME] [--rate R] [--block B] [--record OUT.wav]
//                      [--duration S] [--swap cycle|now] [--samples DIR]... [--threads N] [--no-limit]
//
// Plays a program through RtAudio and replaces it on every save of the file (or every blank-line-terminated
// block read from standard input). Threads: the audio thread only runs LiveRenderer::render (engine.process);
// a reload thread watches/reads, compiles, preloads and hands plans to the engine; a recorder thread writes
// --record; the main thread handles signals, device loss, the status line and garbage collection.
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/gear_options.hpp"
#include "cli/link_options.hpp"
#include "cli/repl.hpp"
#include "runtime/drivers/audio_output.hpp"
#include "runtime/drivers/forwarding_source.hpp"
#include "runtime/drivers/reconnect.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/live/live_session.hpp"
#include "runtime/live/thread_policy.hpp"
#include "runtime/live/watcher.hpp"
#include "runtime/osc/dirt_receiver.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon::cli {

namespace {

const char* kHelp =
    "usage: phonon live FILE.ph [options]     play FILE.ph and reload it on every save\n"
    "       phonon repl [options]             (= phonon live -) play while reading Tidal blocks from standard\n"
    "                                         input, ended by an empty line or wrapped in :{ … :}; a block\n"
    "                                         changes only the slots it names (d1 $ …, hush, mute 2, …)\n"
    "  --api jack|pulse|alsa  audio API (default: the first of jack, pulse, alsa with an output device)\n"
    "  --device N|NAME        output device id or part of its name (default: the API's default; see\n"
    "                         `phonon devices`)\n"
    "  --rate R               sample rate in Hz (default: 44100 if the device has it)\n"
    "  --block B              frames per engine block (default 512); also the requested device buffer\n"
    "  --record OUT.wav       also write exactly what is played to a 32-bit float file\n"
    "%s%s%s"
    "  --duration S           stop after S seconds of audio\n"
    "  --swap cycle|now       when a new version starts: at the next cycle boundary (default) or at once\n"
    "  --samples DIR          a sample library root (repeatable)\n"
    "  --threads N            worker threads, always (default: one, and every core while the load needs them)\n"
    "  --no-limit             turn off the output limiter\n"
    "  --max-voices N         voices sounding at once (default 4096, at most 65536)\n"
    "  --compile-timeout S    abandon compiling a version after S s of CPU (default 2)\n"
    "  --ctrl-port P|off      controller input (Tidal's /ctrl name value, read by cF, cS, …) on this UDP\n"
    "                         port (default 6010)\n"
    "  --verbose              show what the audio libraries print while probing devices\n"
    "  --boot FILE            (repl) evaluate FILE first, as GHCi's -ghci-script=FILE does\n"
    "  --session-log FILE     (repl) write every accepted block after `-- @CYCLE`, for\n"
    "                         `phonon render --session FILE`\n"
    "Ctrl-C fades out and stops (twice: stops at once).\n";

// Incremented by the SIGINT/SIGTERM/SIGHUP handler, which does nothing else; the main loop polls it. A signal handler
// has no user pointer, hence this one piece of static state.
std::atomic<int> g_signal_count{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal flag must be lock-free");

extern "C" void on_stop_signal(int) { g_signal_count.fetch_add(1, std::memory_order_relaxed); }

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking call in the main thread returns early
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);  // a closed terminal: stop as for Ctrl-C, so the recording is committed
}

struct LiveOptions {
  std::string input;  // a path or "-"
  AudioOutputConfig audio;
  EngineOptions engine;
  bool threads_given = false;  // --threads N: that many, always; otherwise the load decides (ThreadPolicy)
  std::string record;
  double duration = 0.0;  // 0 = until stopped
  SwapMode swap = SwapMode::NextCycle;
  std::vector<std::string> sample_dirs;
  CompileGuardOptions guard;
  std::string session_log;         // --session-log FILE (standard input only)
  std::vector<std::string> boot;   // --boot FILE: REPL scripts evaluated before standard input
  std::string ctrl_port = "6010";  // --ctrl-port: /ctrl controller input ("" = off)
  GearOptions gear;                // MIDI and OSC out
  LinkOptions link;                // Ableton Link
};

// Serialises what the main and the reload thread print, and keeps the \r-updated status line (terminals only)
// from being mixed into messages.
class Console {
 public:
  explicit Console(bool status_line) : status_line_(status_line) {}
  void message(const std::string& text) {
    std::lock_guard<std::mutex> lock(m_);
    clear_status();
    std::fputs(text.c_str(), stderr);
    if (!text.empty() && text.back() != '\n') std::fputc('\n', stderr);
    std::fflush(stderr);
  }
  void status(const std::string& line) {
    if (!status_line_) return;
    std::lock_guard<std::mutex> lock(m_);
    std::fprintf(stderr, "\r%s\033[K", line.c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  void end_status() {
    std::lock_guard<std::mutex> lock(m_);
    clear_status();
  }
  bool status_line() const { return status_line_; }

 private:
  void clear_status() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }
  std::mutex m_;
  bool status_line_;
  bool shown_ = false;
};

// What the status line and the summary show about reloads (written by the reload thread).
struct ReloadInfo {
  std::mutex m;
  int accepted = 0;
  int failed = 0;
  std::string last_time;  // HH:MM:SS of the last accepted reload
  double last_compile_ms = 0.0;
};

std::string clock_time() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

std::string fmt(const char* format, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, a);
  return buf;
}

bool read_text(const std::string& path, std::string* text, std::string* error) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *error = std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) {
    *error = "read error";
    return false;
  }
  *text = ss.str();
  return true;
}

// Compiles and hands over new versions of the program (reload thread only, except for the shared ReloadInfo).
class Reloader {
 public:
  Reloader(Engine& engine, SampleBank& bank, AudioOutput& output, Console& console, ReloadInfo& info, SwapMode mode,
           const CompileGuardOptions& guard, const std::atomic<bool>& stop)
      : engine_(engine),
        bank_(bank),
        output_(output),
        console_(console),
        info_(info),
        mode_(mode),
        guard_(guard),
        stop_(stop) {}

  // Compiles `text` and hands it to the engine. Diagnostics go to the console, or to `messages` when given.
  bool submit(const std::string& name, const std::string& text, std::string* messages = nullptr,
              bool swap_now = false) {
    PreparedProgram p = prepare_program_guarded(engine_, bank_, name, text, guard_, &stop_);
    if (p.cancelled) return false;
    if (messages) *messages = p.messages;
    else if (!p.messages.empty()) console_.message(p.messages);
    if (!p.ok) {
      {
        std::lock_guard<std::mutex> lock(info_.m);
        ++info_.failed;
      }
      if (!messages) console_.message("phonon live: " + name + " has errors; the previous version keeps playing\n");
      return false;
    }
    const double cycle = engine_.stats().cycle;
    const SwapMode mode = swap_now ? SwapMode::Now : mode_;
    engine_.schedule_swap(std::move(p.plan), mode);
    output_.reset_load();
    {
      std::lock_guard<std::mutex> lock(info_.m);
      ++info_.accepted;
      info_.last_time = clock_time();
      info_.last_compile_ms = p.compile_ms;
    }
    console_.message("phonon live: reloaded " + name + " (compiled in " + fmt("%.1f", p.compile_ms) + " ms) at cycle " +
                     fmt("%.3f", cycle) +
                     (mode == SwapMode::Now ? ", playing now\n" : ", playing from the next cycle\n"));
    return true;
  }

 private:
  Engine& engine_;
  SampleBank& bank_;
  AudioOutput& output_;
  Console& console_;
  ReloadInfo& info_;
  SwapMode mode_;
  CompileGuardOptions guard_;
  const std::atomic<bool>& stop_;
};

bool is_blank(const std::string& line) {
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

// How long an emptied file must stay empty before it replaces the program.
constexpr int kEmptySettleMs = 1000;

void watch_file(FileWatcher& watcher, std::string last_text, Reloader& reloader, Console& console,
                const std::atomic<bool>& stop) {
  bool read_failed = false;
  bool pending = false;  // a change was seen while waiting for an empty file to settle
  while (!stop.load(std::memory_order_acquire)) {
    if (!pending && !watcher.wait(100)) continue;
    pending = false;
    std::string text, error;
    if (!read_text(watcher.path(), &text, &error)) {
      // A save in progress by delete-and-recreate: the next event brings the new file. Say it once.
      if (!read_failed) {
        console.message("phonon live: cannot read `" + watcher.path() + "`: " + error +
                        "; the previous version keeps playing\n");
      }
      read_failed = true;
      continue;
    }
    read_failed = false;
    if (text == last_text) continue;  // saved without changes
    // An editor that truncates before writing leaves the file empty for a moment: an empty file becomes the
    // program only once it has stayed empty for kEmptySettleMs with no further save.
    if (is_blank(text) && !is_blank(last_text)) {
      bool changed = false;
      for (int waited = 0; waited < kEmptySettleMs && !changed && !stop.load(std::memory_order_acquire); waited += 100)
        changed = watcher.wait(100);
      if (changed) {
        pending = true;
        continue;
      }
      if (stop.load(std::memory_order_acquire)) break;
      if (!read_text(watcher.path(), &text, &error) || text == last_text) continue;
    }
    last_text = text;
    reloader.submit(watcher.path(), text);
  }
}

LiveOptions parse(int argc, char** argv, bool* help) {
  LiveOptions o;
  Args a(argc, argv);
  while (!a.done()) {
    std::string arg = a.take_option(a.next());
    if (arg == "-h" || arg == "--help") {
      *help = true;
      return o;
    } else if (arg == "--api") o.audio.api = a.value(arg);
    else if (arg == "--device") o.audio.device = a.value(arg);
    else if (arg == "--rate") o.audio.rate = static_cast<unsigned>(a.integer(arg, 8000, 384000));
    else if (arg == "--block") o.engine.max_block = a.integer(arg, 1, 16384);
    else if (arg == "--record") o.record = a.value(arg);
    else if (arg == "--duration") {
      o.duration = a.number(arg, 0.0, 1e7);
      if (o.duration <= 0) throw UsageError("--duration must be greater than zero");
    } else if (arg == "--swap") {
      const std::string v = a.value(arg);
      if (v == "cycle") o.swap = SwapMode::NextCycle;
      else if (v == "now") o.swap = SwapMode::Now;
      else throw UsageError("--swap expects `cycle` or `now`, got `" + v + "`");
    } else if (arg == "--samples") o.sample_dirs.push_back(a.value(arg));
    else if (arg == "--threads") o.engine.threads = a.integer(arg, 1, 256), o.threads_given = true;
    else if (arg == "--no-limit") o.engine.limiter = false;
    else if (arg == "--max-voices") o.engine.max_voices = max_voices_option(a, arg);
    else if (arg == "--verbose") o.audio.verbose = true;
    else if (arg == "--compile-timeout") o.guard.timeout_seconds = a.number(arg, 0.05, 3600.0);
    else if (arg == "--session-log") o.session_log = a.value(arg);
    else if (arg == "--boot") o.boot.push_back(a.value(arg));
    else if (arg == "--ctrl-port") {
      const std::string v = a.value(arg);
      char* end = nullptr;
      const long port = std::strtol(v.c_str(), &end, 10);
      if (v != "off" && (v.empty() || *end || port < 1 || port > 65535))
        throw UsageError("--ctrl-port expects a UDP port (1-65535) or `off`, got `" + v + "`");
      o.ctrl_port = v == "off" ? "" : std::to_string(port);
    } else if (output_channels_option(a, arg, o.engine)) continue;
    else if (gear_option(a, arg, o.gear)) continue;
    else if (link_option(a, arg, o.link)) continue;
    else if (arg.size() > 1 && arg[0] == '-') throw UsageError("unknown option `" + arg + "`");
    else if (o.input.empty()) o.input = arg;
    else throw UsageError("more than one input (`" + o.input + "` and `" + arg + "`)");
  }
  if (o.input.empty()) throw UsageError("no input file (try `phonon live FILE.ph`, or `phonon live -` for stdin)");
  if (!o.boot.empty() && o.input != "-")
    throw UsageError("--boot (GHCi's -ghci-script) reads a script before the blocks of `phonon repl`");
  if (!o.session_log.empty() && o.input != "-")
    throw UsageError("--session-log records the blocks of `phonon repl` (or `phonon live -`), not a file's saves");
  check_output_channels(o.engine);
  apply_link_options(o.link, o.engine);
  if (o.gear.clock_midi && o.link.enabled)
    throw UsageError("--clock midi and --link both set the tempo and the bars: choose one");
  if (o.gear.clock_midi) o.engine.stamp_blocks = true;  // the clock follower maps frames to time
  o.audio.block = static_cast<unsigned>(o.engine.max_block);
  o.audio.channels = o.engine.channels;
  return o;
}

// `resetCycles` (`to` 0), `setCycle to`: the count goes on from `to` at the next block the engine takes the jump
// in (the prefetch in the main loop primes it first). Returns the cycle the clock left, or -1 if the engine did
// not take it in time. With Link, at the session's next bar (LinkSync::reset_cycles): the wait allows a cycle more.
double restart_cycle_count(Engine& engine, LinkSync* link, double to, const std::atomic<bool>& stop) {
  const uint64_t before = engine.stats().jumps;
  if (link) link->reset_cycles(to);
  else engine.request_jump(to);
  const double cycle_seconds = link ? 1.0 / std::max(engine.stats().cps, 0.01) : 0.0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1) +
                        std::chrono::milliseconds(static_cast<int64_t>(cycle_seconds * 1000.0));
  while (std::chrono::steady_clock::now() < deadline && !stop.load(std::memory_order_acquire)) {
    const EngineStats s = engine.stats();
    if (s.jumps > before) return s.jump_from;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return -1.0;
}

// Waits up to `limit` for a thread that sets `done` when it ends: joins it (true) or detaches it (false; the
// caller must then end the process with _Exit, as the thread may still use what it refers to).
bool join_within(std::thread& t, const std::atomic<bool>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done.load(std::memory_order_acquire) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (done.load(std::memory_order_acquire)) {
    t.join();
    return true;
  }
  t.detach();
  return false;
}

// Runs fn on its own thread and waits up to `limit` for it (see join_within).
template <class Fn>
bool run_within(Fn fn, std::chrono::milliseconds limit) {
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread t([fn, done] {
    fn();
    done->store(true, std::memory_order_release);
  });
  return join_within(t, *done, limit);
}

}  // namespace

// Editor plugins start "GHCi" with GHCi's own flags (`-XOverloadedStrings`, `-v0`, `-ghci-script=BootTidal.hs`);
// `phonon repl` takes them: a script is read first, as GHCi does, and the other flags have no meaning here.
int cmd_repl(int argc, char** argv) {
  std::vector<std::string> args = {"live", "-"};
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    help = help || a == "-h" || a == "--help";
    if (a.rfind("-ghci-script=", 0) == 0) {
      args.push_back("--boot");
      args.push_back(a.substr(13));
    } else if (a == "-ghci-script" && i + 1 < argc) {
      args.push_back("--boot");
      args.push_back(argv[++i]);
    } else if ((a.size() > 2 && (a.rfind("-X", 0) == 0 || a.rfind("-W", 0) == 0 || a.rfind("-f", 0) == 0)) ||
               a == "-v0" || a == "-v1" || a == "-v" || a == "-ignore-dot-ghci" || a == "-package" ||
               a.rfind("-package=", 0) == 0) {
      if (a == "-package" && i + 1 < argc) ++i;
      std::fprintf(stderr, "note: `%s` is a GHCi option; phonon repl has nothing to do for it\n", a.c_str());
    } else {
      args.push_back(a);
    }
  }
  if (help) args.erase(args.begin() + 1);
  std::vector<char*> cargs;
  for (std::string& a : args) cargs.push_back(a.data());
  return cmd_live(static_cast<int>(cargs.size()), cargs.data());
}

int cmd_live(int argc, char** argv) {
  LiveOptions o;
  try {
    bool help = false;
    o = parse(argc, argv, &help);
    if (help) {
      std::printf(kHelp, kChannelsHelp, kGearHelp, kLinkHelp);
      return 0;
    }
  } catch (const UsageError& e) {
    std::fprintf(stderr, "phonon live: error: %s\n", e.what());
    return 2;
  }
  // Before anything slow (the first compile, opening the device): a Ctrl-C meanwhile is counted, and the main
  // loop then stops at once, instead of being lost or killing the process without closing the recording.
  install_signal_handlers();
  const bool from_stdin = o.input == "-";
  const std::string name = from_stdin ? "<stdin>" : o.input;

  // The program and the watcher first: a typo in the path should not wait for the audio device.
  std::string text;
  if (!from_stdin) {
    std::string error;
    if (!read_text(o.input, &text, &error)) {
      std::fprintf(stderr, "phonon live: error: cannot read `%s`: %s\n", o.input.c_str(), error.c_str());
      return 1;
    }
  }
  std::unique_ptr<FileWatcher> watcher;
  if (!from_stdin) {
    try {
      watcher = std::make_unique<FileWatcher>(o.input, 50);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "phonon live: error: %s\n", e.what());
      return 1;
    }
  }

  // MIDI ports and OSC addresses before the audio device: an unknown port is a quick, clear error.
  Gear gear;
  {
    std::string error;
    if (!gear.open(o.gear, &error)) {
      std::fprintf(stderr, "phonon live: error: %s\n", error.c_str());
      return 1;
    }
    o.engine.outbound = gear.outbound();
  }

  ForwardingSource forward;
  AudioOutput output;
  {
    std::string error;
    if (!output.open(o.audio, &forward, &error)) {
      std::fprintf(stderr,
                   "phonon live: error: %s\n"
                   "hint: `phonon devices` lists what this machine offers; without an audio device,\n"
                   "      `phonon render %s -o out.wav` renders the program to a file instead.\n",
                   error.c_str(), from_stdin ? "FILE.ph" : o.input.c_str());
      return 1;
    }
  }
  const double rate = output.rate();
  o.engine.rate = rate;
  // Without --threads the engine gets a thread per core (up to 8) and uses them only while the load needs them.
  if (!o.threads_given) o.engine.threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));

  Engine engine(o.engine);
  std::optional<ThreadPolicy> thread_policy;
  if (!o.threads_given) {
    thread_policy.emplace(o.engine.threads);
    engine.set_active_threads(1);
  }
  SampleBank bank(sample_roots_from_cli(o.sample_dirs));
  Console console(stderr_is_tty());

  // A REPL starts silent and waits for its first block.
  PreparedProgram first = prepare_program_guarded(engine, bank, name, from_stdin ? "hush\n" : text, o.guard);
  if (!first.messages.empty()) console.message(first.messages);
  if (!first.ok) {
    if (!from_stdin) console.message("phonon live: " + name + " has errors; playing silence until it is fixed\n");
    first = prepare_program(engine, bank, "<empty>", "hush\n");
    if (!first.ok) first = prepare_program(engine, bank, "<empty>", "");
    if (!first.ok) {
      std::fprintf(stderr, "phonon live: error: cannot prepare an empty program:\n%s", first.messages.c_str());
      return 1;
    }
  }
  engine.start(std::move(first.plan));

  LivePlayback playback;
  {
    std::string error;
    if (!start_live_playback(engine, output, forward, o.record, o.engine.max_block, rate, o.duration, o.engine.channels,
                             &playback, &error)) {
      std::fprintf(stderr, "phonon live: error: %s\n", error.c_str());
      return 1;
    }
  }
  const std::unique_ptr<Recorder>& recorder = playback.recorder;
  LiveRenderer& renderer = *playback.renderer;
  console.message(
      "phonon live: playing " + name + " on " + output.api() + " `" + output.device_name() + "` (" +
      std::to_string(static_cast<int>(rate)) + " Hz, device buffer " + std::to_string(output.buffer_frames()) +
      ", block " + std::to_string(o.engine.max_block) +
      (from_stdin ? "); end a block with an empty line; Ctrl-C stops\n" : "); save to reload, Ctrl-C stops\n"));

  // Controller input (/ctrl) on its own thread; a busy port only turns it off.
  std::unique_ptr<DirtReceiver> controllers;
  if (!o.ctrl_port.empty()) {
    try {
      controllers = std::make_unique<DirtReceiver>(o.ctrl_port, nullptr, nullptr,
                                                   [&console](const std::string& m) { console.message(m + "\n"); });
      controllers->start();
    } catch (const std::exception& e) {
      console.message(std::string("phonon live: controller input off: ") + e.what() +
                      " (--ctrl-port chooses another)\n");
    }
  }
  for (const std::string& line : gear.describe()) console.message("phonon live: " + line + "\n");
  gear.start(static_cast<double>(output.buffer_frames()) / rate,
             [&console](const std::string& m) { console.message("phonon live: " + m + "\n"); });
  const std::unique_ptr<LinkSync> link =
      start_link(o.link, engine, static_cast<double>(output.buffer_frames()),
                 [&console](const std::string& m) { console.message("phonon live: " + m + "\n"); });
  gear.follow_clock(engine, static_cast<double>(output.buffer_frames()));

  ReloadInfo info;
  std::atomic<bool> stop_threads{false};
  Reloader reloader(engine, bank, output, console, info, o.swap, o.guard, stop_threads);
  std::atomic<bool> reload_done{false};
  std::thread reload_thread([&] {
    if (from_stdin) {
      ReplPlayer player;
      player.submit = [&](const std::string& n, const std::string& program, bool now, std::string* messages) {
        return reloader.submit(n, program, messages, now);
      };
      player.note = [&](const std::string& m) { console.message(m); };
      player.reset_cycles = [&](double to) { return restart_cycle_count(engine, link.get(), to, stop_threads); };
      ReplOptions ro;
      ro.session_log = o.session_log;
      ro.boot = o.boot;
      run_repl(STDIN_FILENO, ro, player, engine, stop_threads);
    } else {
      watch_file(*watcher, text, reloader, console, stop_threads);
    }
    reload_done.store(true, std::memory_order_release);
  });

  // The summary (and the commit of the recording): run once, by the main thread or by the watchdog.
  auto report = [&](int code) {
    console.end_status();
    const AudioOutputStats st = output.stats();
    const EngineStats es = engine.stats();
    if (recorder) {
      std::string error;
      if (!recorder->finish(&error)) {
        console.message("phonon live: error: " + error + "\n");
        code = 1;
      } else {
        std::string line = "phonon live: recorded " + std::to_string(recorder->frames_written()) + " frames (" +
                           fmt("%.2f", static_cast<double>(recorder->frames_written()) / rate) + " s) to " +
                           recorder->path() + "\n";
        console.message(line);
      }
      if (renderer.frames_dropped() > 0) {
        console.message("phonon live: error: the recording lost " + std::to_string(renderer.frames_dropped()) +
                        " frames (the disk did not keep up)\n");
        code = 1;
      }
    }
    int reloads = 0, failed = 0;
    {
      std::lock_guard<std::mutex> lock(info.m);
      reloads = info.accepted;
      failed = info.failed;
    }
    const double seconds = static_cast<double>(renderer.frames_played()) / rate;
    console.message("phonon live: played " + fmt("%.2f", seconds) + " s, cycle " + fmt("%.2f", es.cycle) + ", " +
                    std::to_string(reloads) + " reload" + (reloads == 1 ? "" : "s") +
                    (failed ? " (" + std::to_string(failed) + " rejected)" : "") + ", " + describe_load(st) +
                    ", voices max " + std::to_string(es.voices_max) + ", underruns: " + std::to_string(st.underruns) +
                    "\n");
    if (link) console.message("phonon live: " + link_summary(*link) + "\n");
    if (!gear.clock_status(true).empty()) console.message("phonon live: " + gear.clock_status(true) + "\n");
    if (es.nan_voices) {
      console.message("warning: " + std::to_string(es.nan_voices) + " voices produced NaN/Inf and were silenced\n");
    }
    return code;
  };
  std::atomic<bool> finishing{false};  // set by whichever of the main thread and the watchdog reports
  std::atomic<bool> watchdog_stop{false};
  // Ctrl-C must stop within a second even while the main thread is blocked in a call into a stalled audio
  // server (reconnecting closes the old client, which waits for the server). If the main thread has not left
  // its loop kWatchdog after the first signal (or at once after the second), this thread commits the
  // recording, prints the summary and ends the process.
  std::thread watchdog([&] {
    constexpr auto kWatchdog = std::chrono::milliseconds(400);
    std::chrono::steady_clock::time_point first_signal{};
    while (!watchdog_stop.load(std::memory_order_acquire)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const int signals = g_signal_count.load(std::memory_order_relaxed);
      if (signals == 0) continue;
      const auto now = std::chrono::steady_clock::now();
      if (first_signal == std::chrono::steady_clock::time_point{}) first_signal = now;
      if (signals < 2 && now - first_signal < kWatchdog) continue;
      if (finishing.exchange(true)) return;  // the main thread is finishing, within its own deadlines
      stop_threads.store(true, std::memory_order_release);
      renderer.request_stop();
      const int code = report(0);
      std::fflush(nullptr);
      std::_Exit(code);
    }
  });

  // The main loop: signals, the end of --duration, device loss, garbage, status line.
  using clock = std::chrono::steady_clock;
  const auto t_start = clock::now();
  auto last_status = t_start - std::chrono::seconds(1);
  auto stop_time = t_start;
  bool stopping = false;
  int exit_code = 0;
  OutputKeeper keeper(output, &forward, o.audio, static_cast<unsigned>(rate));
  uint64_t swaps_seen = engine.stats().swaps;
  uint64_t callbacks_seen = 0;
  auto last_progress = t_start;  // the last time the device asked for audio
  bool trim_pending = false;
  auto trim_due = t_start;
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto now = clock::now();
    const int signals = g_signal_count.load(std::memory_order_relaxed);
    if (signals > 0 && !stopping) {
      stopping = true;
      stop_time = now;
      renderer.request_stop();
    }
    if (signals > 1) break;  // a second Ctrl-C: no fade
    if (renderer.finished()) break;
    if (!stopping && renderer.duration_reached()) {
      stopping = true;
      stop_time = now;
    }
    if (const uint64_t callbacks = output.stats().callbacks; callbacks != callbacks_seen) {
      callbacks_seen = callbacks;
      last_progress = now;
    }
    // The fade needs a few buffers; a device that stopped pulling (no callback for 100 ms) must not keep us
    // waiting.
    if (stopping &&
        (now - stop_time > std::chrono::milliseconds(300) ||
         (now - stop_time > std::chrono::milliseconds(100) && now - last_progress > std::chrono::milliseconds(100))))
      break;

    const AudioOutputStats st = output.stats();
    if (thread_policy) engine.set_active_threads(thread_policy->update(st.load_mean, st.load_buffers, now));
    const OutputKeeper::Report kept = keeper.poll(now, stopping);
    for (const std::string& m : kept.messages) console.message("phonon live: " + m + "\n");
    if (kept.stop) {
      if (kept.failed) exit_code = 1;
      break;
    }

    engine.prefetch();  // next cycles' events, queried here rather than on the audio thread
    engine.collect_garbage();
    // A replaced plan is freed by collect_garbage once the audio thread has let go of it, but malloc keeps the
    // freed pages: after a big program is replaced, give them back to the system (here, never on the audio
    // thread, which does not allocate and so never waits for malloc's locks).
    if (const uint64_t swaps = engine.stats().swaps; swaps != swaps_seen) {
      swaps_seen = swaps;
      trim_due = now + std::chrono::milliseconds(200);  // by then collect_garbage has freed the retired plan
      trim_pending = true;
    }
    if (trim_pending && now >= trim_due) {
      trim_pending = false;
      ::malloc_trim(0);
    }

    if (console.status_line() && now - last_status >= std::chrono::milliseconds(250)) {
      last_status = now;
      const EngineStats es = engine.stats();
      std::string line = "cycle " + fmt("%.2f", es.cycle) + " | " + fmt("%.3g", es.cps) + " cps | load " +
                         percent(st.load_mean) + " (worst " + percent(st.load_worst) + ") | voices " +
                         std::to_string(es.voices) + " | threads " + std::to_string(engine.active_threads()) +
                         " | underruns " + std::to_string(st.underruns);
      {
        std::lock_guard<std::mutex> lock(info.m);
        if (!info.last_time.empty())
          line += " | reload " + info.last_time + " (" + fmt("%.0f", info.last_compile_ms) + " ms)";
      }
      if (link) line += " | " + link_status(*link);
      if (const std::string c = gear.clock_status(false); !c.empty()) line += " | " + c;
      console.status(line);
    }
  }

  if (finishing.exchange(true)) {
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));  // the watchdog is finishing and exits
  }
  watchdog_stop.store(true, std::memory_order_release);
  stop_threads.store(true, std::memory_order_release);
  // A stalled audio server blocks closing its client, and a reload may be preparing samples: neither may keep
  // Ctrl-C from stopping within a second. What does not finish in time is left behind and the process ends
  // with _Exit once the recording is committed and the summary printed.
  bool clean = join_within(reload_thread, reload_done, std::chrono::milliseconds(150));
  clean = run_within([&output] { output.close(); }, std::chrono::milliseconds(150)) && clean;
  if (clean) engine.collect_garbage();
  gear.stop();  // MIDI: held notes off, clock stop
  exit_code = report(exit_code);
  if (!clean) {
    std::fflush(nullptr);
    std::_Exit(exit_code);
  }
  watchdog.join();
  return exit_code;
}

}  // namespace phonon::cli
