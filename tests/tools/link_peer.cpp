// A small Ableton Link peer for tests/live/link_sync.sh: joins the session, sets its tempo once another peer is
// there, and logs its beat timeline. Lines (times are Link's clock, in µs):
//   peers N at_us T          the number of peers changed
//   set BPM at_us T          this peer set the session tempo
//   tempo BPM at_us T        the session tempo changed (set by another peer)
//   bar N at_us T            bar N (quantum Q) of the session timeline starts at T
//   play at_us T             (--play-after) this peer started the session's transport, from time T
// usage: link_peer --bpm B --quantum Q --seconds S --log FILE [--wait-peers SECONDS] [--play-after SECONDS]
#include <ableton/Link.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

int main(int argc, char** argv) {
  double bpm = 120.0, quantum = 4.0, seconds = 10.0, wait_peers = 10.0, play_after = -1.0;
  const char* log_path = nullptr;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const double v = std::atof(argv[i + 1]);
    if (a == "--bpm") bpm = v;
    else if (a == "--quantum") quantum = v;
    else if (a == "--seconds") seconds = v;
    else if (a == "--wait-peers") wait_peers = v;
    else if (a == "--play-after") play_after = v;
    else if (a == "--log") log_path = argv[i + 1];
    else {
      std::fprintf(stderr, "link_peer: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  FILE* log = log_path ? std::fopen(log_path, "w") : stdout;
  if (!log) return 1;
  ableton::Link link(bpm);
  link.enableStartStopSync(true);
  link.enable(true);
  auto now_us = [&] { return static_cast<long long>(link.clock().micros().count()); };

  // Wait for another peer, then make this peer's tempo the session's.
  const auto t0 = std::chrono::steady_clock::now();
  while (link.numPeers() == 0) {
    if (std::chrono::steady_clock::now() - t0 > std::chrono::duration<double>(wait_peers)) {
      std::fprintf(stderr, "link_peer: no other peer within %.0f s\n", wait_peers);
      return 3;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::fprintf(log, "peers %zu at_us %lld\n", link.numPeers(), now_us());
  {
    auto state = link.captureAppSessionState();
    state.setTempo(bpm, link.clock().micros());
    link.commitAppSessionState(state);
    std::fprintf(log, "set %.4f at_us %lld\n", bpm, now_us());
  }

  size_t peers = link.numPeers();
  double tempo = bpm;
  long long last_bar = -1;
  const auto start = std::chrono::steady_clock::now();
  bool played = false;
  while (std::chrono::steady_clock::now() - start < std::chrono::duration<double>(seconds)) {
    const auto now = link.clock().micros();
    auto state = link.captureAppSessionState();
    if (!played && play_after >= 0 &&
        std::chrono::steady_clock::now() - start >= std::chrono::duration<double>(play_after)) {
      played = true;
      // As a DAW's play button: the transport starts on the next bar.
      state.setIsPlayingAndRequestBeatAtTime(true, now, 0.0, quantum);
      link.commitAppSessionState(state);
      state = link.captureAppSessionState();
      std::fprintf(log, "play at_us %lld\n", static_cast<long long>(state.timeForIsPlaying().count()));
    }
    if (link.numPeers() != peers) {
      peers = link.numPeers();
      std::fprintf(log, "peers %zu at_us %lld\n", peers, static_cast<long long>(now.count()));
    }
    if (std::abs(state.tempo() - tempo) > 1e-6) {
      tempo = state.tempo();
      std::fprintf(log, "tempo %.4f at_us %lld\n", tempo, static_cast<long long>(now.count()));
    }
    const auto bar = static_cast<long long>(std::floor(state.beatAtTime(now, quantum) / quantum));
    if (bar != last_bar) {
      last_bar = bar;
      std::fprintf(log, "bar %lld at_us %lld\n", bar,
                   static_cast<long long>(state.timeAtBeat(static_cast<double>(bar) * quantum, quantum).count()));
    }
    std::fflush(log);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  link.enable(false);
  return 0;
}
