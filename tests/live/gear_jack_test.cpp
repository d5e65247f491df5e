// MIDI and OSC gear, end to end through `phonon live` on a JACK dummy server: MIDI out into a JACK MIDI port of
// this test (RtMidi, looped back), MIDI clock following a tempo change, OSC out into a liblo receiver, and MIDI in
// from a port of this test. Without the ALSA sequencer (as in CI containers) MIDI goes through JACK MIDI. Run with
//   scripts/jack-test.sh build/tests/phonon_tests --gtest_filter='GearOut*:GearIn*'
#include <RtMidi.h>
#include <gtest/gtest.h>
#include <jack/jack.h>
#include <jack/midiport.h>
#include <lo/lo.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/outbound/midi_message.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/live/live_support.hpp"

namespace phonon {
namespace {

using namespace std::chrono_literals;
using namespace live_test;

const std::string kBinary = PHONON_BINARY;

double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// A JACK MIDI input port of this process that keeps what arrives, with its arrival time.
struct MidiReceiver {
  struct Msg {
    double t;
    std::vector<unsigned char> b;
  };
  std::unique_ptr<RtMidiIn> in;
  std::mutex m;
  std::vector<Msg> got;
  explicit MidiReceiver(const std::string& client) {
    in = std::make_unique<RtMidiIn>(RtMidi::UNIX_JACK, client);
    in->ignoreTypes(true, false, true);  // keep timing messages (clock)
    in->setCallback(
        [](double, std::vector<unsigned char>* msg, void* self) {
          auto* r = static_cast<MidiReceiver*>(self);
          std::lock_guard<std::mutex> lock(r->m);
          r->got.push_back({now_s(), *msg});
        },
        this);
    in->openVirtualPort("in");
  }
  // The port closes before the mutex and the list its callback uses are destroyed (members go in reverse
  // order of declaration, `in` last): JACK's thread may still deliver a message until then.
  ~MidiReceiver() {
    in->cancelCallback();
    in->closePort();
  }
  std::vector<Msg> take() {
    std::lock_guard<std::mutex> lock(m);
    return got;
  }
};

// A JACK client with a MIDI input port that notes each message's frame: the period's first frame plus the
// message's offset in it. (RtMidi gives only the moment its callback ran, a period at a time.)
struct JackFrameReceiver {
  struct Msg {
    int64_t frame;
    std::vector<unsigned char> b;
  };
  jack_client_t* client = nullptr;
  jack_port_t* port = nullptr;
  std::mutex m;
  std::vector<Msg> got;
  explicit JackFrameReceiver(const std::string& name) {
    client = jack_client_open(name.c_str(), JackNoStartServer, nullptr);
    if (!client) return;
    port = jack_port_register(client, "in", JACK_DEFAULT_MIDI_TYPE, JackPortIsInput, 0);
    jack_set_process_callback(
        client,
        [](jack_nframes_t n, void* self) -> int {
          auto* r = static_cast<JackFrameReceiver*>(self);
          void* buf = jack_port_get_buffer(r->port, n);
          const jack_nframes_t start = jack_last_frame_time(r->client);
          const uint32_t count = jack_midi_get_event_count(buf);
          // (A test's receiver may lock: the test, not the audio path, is measured.)
          std::lock_guard<std::mutex> lock(r->m);
          for (uint32_t i = 0; i < count; ++i) {
            jack_midi_event_t e;
            if (jack_midi_event_get(&e, buf, i) == 0)
              r->got.push_back({static_cast<int64_t>(start) + e.time, {e.buffer, e.buffer + e.size}});
          }
          return 0;
        },
        this);
    jack_activate(client);
  }
  ~JackFrameReceiver() {
    if (client) {
      jack_deactivate(client);
      jack_client_close(client);
    }
  }
  std::vector<Msg> take() {
    std::lock_guard<std::mutex> lock(m);
    return got;
  }
};

// The onsets (cycle, n) of `phonon query -e EXPR`.
std::vector<std::pair<double, int>> query_onsets(const std::string& expr, int cycles) {
  const auto r = cli_support::run_phonon("query -e '" + expr + "' --cycles " + std::to_string(cycles) + " --json");
  std::vector<std::pair<double, int>> out;
  static const std::regex re(R"re("whole_begin": "(-?\d+)/(\d+)".*?"n": (-?[\d.]+))re");
  for (auto it = std::sregex_iterator(r.output.begin(), r.output.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back({std::stod((*it)[1]) / std::stod((*it)[2]), std::stoi((*it)[3])});
  return out;
}

TEST(GearOutMidi, NotesAndControlChangesMatchTheQueryInOrderAndTime) {
  REQUIRE_JACK();
  MidiReceiver rx("phonon-midi-test");
  auto dir = make_temp_dir("gear-midi");
  const std::string prog = (dir / "m.ph").string(), out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  const std::string notes = "n \"0 4 7 ~\" # s \"midi\" # midichan 2 # legato 0.5";
  write_file(prog, "cps: 1\nd1 $ " + notes + "\nd2 $ s \"midi*2\" # ccn 74 # ccv \"10 100\"\nd3 $ s \"bd*4\"\n");
  Child live({kBinary, "live", prog, "--api", "jack", "--midi-out", "phonon-midi-test", "--duration", "2.5"}, out, err);
  ASSERT_EQ(live.wait(30s), 0) << read_file(err);
  const std::string log = read_file(err);
  EXPECT_EQ(log.find("unknown"), std::string::npos) << "a MIDI target is not a missing sample:\n" << log;
  std::this_thread::sleep_for(100ms);
  const auto msgs = rx.take();
  std::vector<MidiReceiver::Msg> on, off, cc;
  for (const auto& m : msgs) {
    if (m.b.size() == 3 && m.b[0] == 0x92) on.push_back(m);
    if (m.b.size() == 3 && m.b[0] == 0x82) off.push_back(m);
    if (m.b.size() == 3 && m.b[0] == 0xB0) cc.push_back(m);
  }
  // Two cycles (cps 1, 2.5 s): the query's onsets, in order, 250 ms apart (JACK MIDI delivers per period:
  // 512 frames, 11.6 ms).
  const auto expected = query_onsets(notes, 2);
  ASSERT_GE(on.size(), 6u) << log;
  ASSERT_EQ(expected.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(on[i].b[1], 60 + expected[i].second) << i;
    EXPECT_EQ(on[i].b[2], 50) << "SuperDirt's velocity: amp 0.4 * 127";
    EXPECT_NEAR(on[i].t - on[0].t, expected[i].first - expected[0].first, 0.03) << i;
  }
  // legato 0.5 of a quarter cycle: off 125 ms (less SuperDirt's 1 ms fade) after its on.
  ASSERT_GE(off.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(off[i].b[1], on[i].b[1]);
    EXPECT_NEAR(off[i].t - on[i].t, 0.124, 0.03) << i;
  }
  ASSERT_GE(cc.size(), 4u);
  EXPECT_EQ(cc[0].b[1], 74);
  EXPECT_EQ(cc[0].b[2], 10);
  EXPECT_EQ(cc[1].b[2], 100);
  EXPECT_NEAR(cc[1].t - cc[0].t, 0.5, 0.03);
  std::filesystem::remove_all(dir);
}

TEST(GearOutMidi, JackMidiPutsEachMessageAtItsFrameInsideThePeriod) {
  REQUIRE_JACK();
  JackFrameReceiver rx("phonon-frames-test");
  ASSERT_NE(rx.client, nullptr);
  auto dir = make_temp_dir("gear-frames");
  const std::string prog = (dir / "f.ph").string(), out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  // 8 notes a cycle at 1 cps: 125 ms apart, 5512.5 frames at 44.1 kHz, which is no multiple of the 512-frame period.
  write_file(prog, "cps: 1\nd1 $ s \"midi*8\" # n \"0 1\" # legato 0.5\n");
  Child live({kBinary, "live", prog, "--api", "jack", "--midi-api", "jack", "--midi-out", "phonon-frames-test",
              "--duration", "2.5"},
             out, err);
  ASSERT_EQ(live.wait(30s), 0) << read_file(err);
  std::this_thread::sleep_for(200ms);
  std::vector<int64_t> on;
  for (const auto& m : rx.take())
    if (m.b.size() == 3 && (m.b[0] & 0xF0) == 0x90 && m.b[2] > 0) on.push_back(m.frame);
  ASSERT_GE(on.size(), 12u) << read_file(err);
  // Each onset 5512.5 frames after the one before (to a frame or two: the times pass through microseconds and
  // two clocks). Through RtMidi's JACK port they would be 5120 or 5632 frames apart, a period's steps. A message
  // that the sender thread hands over after its period has begun (a loaded machine delays that thread) goes out
  // at the period's start, so a few gaps may be off; most must be exact.
  std::string gaps;
  size_t exact = 0;
  for (size_t i = 1; i < on.size(); ++i) {
    const int64_t gap = on[i] - on[i - 1];
    gaps += " " + std::to_string(gap);
    exact += std::abs(static_cast<double>(gap) - 5512.5) <= 3.0;
  }
  EXPECT_GE(exact * 4, (on.size() - 1) * 3) << "the gaps:" << gaps << "\n" << read_file(err);
  std::filesystem::remove_all(dir);
}

TEST(GearOutMidi, ClockTicksFollowATempoChange) {
  REQUIRE_JACK();
  MidiReceiver rx("phonon-clock-test");
  auto dir = make_temp_dir("gear-clock");
  const std::string prog = (dir / "c.ph").string(), out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  write_file(prog, "cps: 0.5\nd1 $ s \"midi\" # n 0\n");
  Child live({kBinary, "live", prog, "--api", "jack", "--midi-out", "phonon-clock-test", "--midi-clock", "--swap",
              "now", "--duration", "4"},
             out, err);
  std::this_thread::sleep_for(2000ms);
  const double change = now_s();
  save_by_rename(prog, "cps: 1\nd1 $ s \"midi\" # n 0\n");
  ASSERT_EQ(live.wait(30s), 0) << read_file(err);
  std::this_thread::sleep_for(100ms);
  const auto msgs = rx.take();
  ASSERT_FALSE(msgs.empty()) << read_file(err);
  EXPECT_EQ(msgs.front().b[0], kMidiSongPosition) << "song position 0, then start, before the first tick";
  double first = -1;
  size_t start = 0, stop = 0;
  std::vector<double> ticks;
  for (const auto& m : msgs) {
    if (m.b[0] == kMidiStart) ++start;
    if (m.b[0] == kMidiStop) ++stop;
    if (m.b[0] == kMidiClock) ticks.push_back(m.t);
  }
  EXPECT_EQ(start, 1u);
  EXPECT_EQ(stop, 1u) << "stop when Phonon stops";
  ASSERT_FALSE(ticks.empty());
  first = ticks.front();
  auto count = [&](double a, double b) {
    size_t n = 0;
    for (double t : ticks) n += t >= a && t < b;
    return static_cast<double>(n);
  };
  // 4 quarter notes per cycle: 24 * 4 * cps ticks per second (48, then 96).
  ASSERT_LT(first, change - 0.8) << "the clock started well before the tempo change";
  EXPECT_NEAR(count(change - 0.8, change - 0.05), 48.0 * 0.75, 3.0);
  EXPECT_NEAR(count(change + 0.6, change + 1.6), 96.0, 3.0);
  std::filesystem::remove_all(dir);
}

TEST(GearOutMidi, HushStopsTheClockAndTheNextPatternContinuesItFromItsSongPosition) {
  REQUIRE_JACK();
  MidiReceiver rx("phonon-hush-test");
  auto dir = make_temp_dir("gear-hush");
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  Child repl({kBinary, "repl", "--api", "jack", "--midi-out", "phonon-hush-test", "--midi-clock", "--duration", "6"},
             out, err, /*stdin_pipe=*/true);
  ASSERT_TRUE(wait_for_text(err, "phonon live: playing", 20s)) << read_file(err);
  std::this_thread::sleep_for(500ms);
  const double before_start = now_s();
  repl.send("setcps 1\nd1 $ s \"bd\"\n\n");
  ASSERT_TRUE(wait_for_replies(out, 1, 5s)) << read_file(err);
  std::this_thread::sleep_for(1500ms);
  const double before_hush = now_s();
  repl.send("hush\n\n");
  ASSERT_TRUE(wait_for_replies(out, 2, 5s)) << read_file(err);
  std::this_thread::sleep_for(1500ms);
  const double before_again = now_s();
  repl.send("d1 $ s \"bd\"\n\n");
  ASSERT_TRUE(wait_for_replies(out, 3, 5s)) << read_file(err);
  ASSERT_EQ(repl.wait(30s), 0) << read_file(err);
  std::this_thread::sleep_for(100ms);
  // The clock's transport messages in order: nothing before the first pattern; song position and start; stop
  // after hush; song position (where the cycle count has reached) and continue; stop at the end.
  std::vector<std::pair<double, std::vector<unsigned char>>> transport;
  for (const auto& m : rx.take())
    if (m.b[0] != kMidiClock) transport.push_back({m.t, m.b});
  ASSERT_EQ(transport.size(), 6u) << read_file(err);
  EXPECT_EQ(transport[0].second[0], kMidiSongPosition);
  EXPECT_EQ(transport[1].second, (std::vector<unsigned char>{kMidiStart}));
  EXPECT_GT(transport[1].first, before_start);
  EXPECT_EQ(transport[2].second, (std::vector<unsigned char>{kMidiStop}));
  EXPECT_GT(transport[2].first, before_hush);
  EXPECT_EQ(transport[3].second[0], kMidiSongPosition);
  EXPECT_GT(transport[3].first, before_again);
  const int spp = transport[3].second[1] | (transport[3].second[2] << 7);
  EXPECT_GE(spp, 16 * 3) << "at 1 cps and 4 beats a cycle, 16 sixteenths a cycle: three cycles or more have passed";
  EXPECT_EQ(transport[4].second, (std::vector<unsigned char>{kMidiContinue}));
  EXPECT_EQ(transport[5].second, (std::vector<unsigned char>{kMidiStop}));
  std::filesystem::remove_all(dir);
}

TEST(GearOutMidi, UnknownPortListsThePortsThatExist) {
  REQUIRE_JACK();
  MidiReceiver rx("phonon-list-test");
  auto dir = make_temp_dir("gear-port");
  const std::string prog = (dir / "p.ph").string(), out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  write_file(prog, "d1 $ s \"midi\"\n");
  Child live({kBinary, "live", prog, "--api", "jack", "--midi-out", "no-such-synth", "--duration", "1"}, out, err);
  EXPECT_EQ(live.wait(30s), 1);
  const std::string log = read_file(err);
  EXPECT_NE(log.find("no output port matches `no-such-synth`"), std::string::npos) << log;
  EXPECT_NE(log.find("phonon-list-test:in"), std::string::npos) << log;
  std::filesystem::remove_all(dir);
}

TEST(GearOutMidi, APortThatDisappearsIsReportedAndTheAudioPlaysOn) {
  REQUIRE_JACK();
  auto rx = std::make_unique<MidiReceiver>("phonon-gone-test");
  auto dir = make_temp_dir("gear-gone");
  const std::string prog = (dir / "g.ph").string(), rec = (dir / "rec.wav").string();
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  write_file(prog, "d1 $ s \"midi*4\"\nd2 $ s \"bd*4\"\n");
  Child live(
      {kBinary, "live", prog, "--api", "jack", "--midi-out", "phonon-gone-test", "--duration", "3.5", "--record", rec},
      out, err);
  std::this_thread::sleep_for(1000ms);
  rx.reset();
  ASSERT_EQ(live.wait(30s), 0) << read_file(err);
  const std::string log = read_file(err);
  EXPECT_NE(log.find("MIDI port `phonon-gone-test:in` disappeared"), std::string::npos) << log;
  EXPECT_TRUE(within_budget(log)) << log;
  const std::string wav = read_file(rec);
  EXPECT_GT(wav.size(), static_cast<size_t>(3.5 * 44100 * 8)) << "the recording has every frame";
  std::filesystem::remove_all(dir);
}

// A JACK MIDI output port of this process, for Phonon's --midi-in to listen to.
struct MidiSender {
  std::unique_ptr<RtMidiOut> out;
  explicit MidiSender(const std::string& client) {
    out = std::make_unique<RtMidiOut>(RtMidi::UNIX_JACK, client);
    out->openVirtualPort("out");
  }
  void send(std::vector<unsigned char> bytes) { out->sendMessage(&bytes); }
};

// The third byte of each message on `status` with second byte `key`, in order.
std::vector<int> values_of(const std::vector<MidiReceiver::Msg>& msgs, unsigned char status, unsigned char key) {
  std::vector<int> v;
  for (const auto& m : msgs)
    if (m.b.size() == 3 && m.b[0] == status && m.b[1] == key) v.push_back(m.b[2]);
  return v;
}

TEST(GearInMidi, AControlChangeReachesTheNextEventsAndHeldNotesPlayThroughCP) {
  REQUIRE_JACK();
  MidiReceiver rx("phonon-loop-test");
  MidiSender tx("phonon-keys-test");
  auto dir = make_temp_dir("gear-in");
  const std::string prog = (dir / "i.ph").string(), out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  // CC 74 from the test's port becomes CC 1 out of Phonon (cF is 0–1); held notes play as a chord each cycle.
  write_file(prog,
             "cps: 2\nd1 $ s \"midi*8\" # ccn 1 # ccv (cF 0 \"74\" * 127)\n"
             "d2 $ s \"midi\" # midinote (cP \"midinotes\") # legato 0.5\n");
  Child live({kBinary, "live", prog, "--api", "jack", "--midi-in", "phonon-keys-test", "--midi-out", "phonon-loop-test",
              "--duration", "3"},
             out, err);
  std::this_thread::sleep_for(1200ms);
  tx.send({0xB0, 74, 127});
  tx.send({0x90, 60, 100});
  tx.send({0x90, 67, 100});
  ASSERT_EQ(live.wait(30s), 0) << read_file(err);
  const std::string log = read_file(err);
  EXPECT_NE(log.find("MIDI in: `phonon-keys-test:out`"), std::string::npos) << log;
  std::this_thread::sleep_for(100ms);
  const auto msgs = rx.take();
  const std::vector<int> cc = values_of(msgs, 0xB0, 1);
  ASSERT_GE(cc.size(), 30u) << log;  // 16 a second for about 3 s
  EXPECT_EQ(cc.front(), 0) << "before the controller moved: cF's default";
  EXPECT_EQ(cc.back(), 127) << "after: the value sent, from the next events on";
  // The held notes: nothing before, then both notes of the chord (note 60 is midinote 60, n 0).
  EXPECT_GE(values_of(msgs, 0x90, 60).size(), 2u) << log;
  EXPECT_GE(values_of(msgs, 0x90, 67).size(), 2u) << log;
  EXPECT_EQ(values_of(msgs, 0x90, 60).size(), values_of(msgs, 0x90, 67).size());
  EXPECT_TRUE(within_budget(log)) << log;
  std::filesystem::remove_all(dir);
}

TEST(GearInMidi, AnUnknownInputPortListsThePortsThatExist) {
  REQUIRE_JACK();
  MidiSender tx("phonon-inlist-test");
  auto dir = make_temp_dir("gear-in-port");
  const std::string prog = (dir / "p.ph").string(), out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  write_file(prog, "d1 $ s \"bd\"\n");
  Child live({kBinary, "live", prog, "--api", "jack", "--midi-in", "no-such-keyboard", "--duration", "1"}, out, err);
  EXPECT_EQ(live.wait(30s), 1);
  const std::string log = read_file(err);
  EXPECT_NE(log.find("no input port matches `no-such-keyboard`"), std::string::npos) << log;
  EXPECT_NE(log.find("phonon-inlist-test:out"), std::string::npos) << log;
  std::filesystem::remove_all(dir);
}

TEST(GearInMidi, ClockMidiPutsEachBeatOnTheClocksBeatAndFollowsItsTempo) {
  REQUIRE_JACK();
  MidiReceiver rx("phonon-beat-test");
  MidiSender tx("phonon-clock-src");
  auto dir = make_temp_dir("gear-clock-in");
  const std::string prog = (dir / "c.ph").string(), out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  // cps 0.3 in the program: the clock's tempo (120 bpm = 0.5 cps, then 90 bpm = 0.375) must replace it.
  write_file(prog, "cps: 0.3\nd1 $ s \"midi*4\" # legato 0.1\n");
  Child live({kBinary, "live", prog, "--api", "jack", "--midi-in", "phonon-clock-src", "--clock", "midi", "--midi-out",
              "phonon-beat-test", "--duration", "7"},
             out, err);
  // Ticks at 120 bpm for a second (stopped: the tempo only), then Start, 3 s at 120 and 2.5 s at 90 bpm.
  std::vector<double> beats;  // the times of the beats after Start: every 24th tick from the first
  double t = now_s() + 0.5;
  auto tick = [&](double when) {
    std::this_thread::sleep_for(std::chrono::duration<double>(std::max(0.0, when - now_s())));
    tx.send({0xF8});
  };
  for (const double end = t + 1.0; t < end; t += 60.0 / 120.0 / 24.0) tick(t);
  tx.send({0xFA});
  int k = 0;
  for (const auto& [bpm, seconds] : {std::pair{120.0, 3.0}, std::pair{90.0, 2.5}}) {
    for (const double end = t + seconds; t < end; t += 60.0 / bpm / 24.0, ++k) {
      tick(t);
      if (k % 24 == 0) beats.push_back(t);
    }
  }
  ASSERT_EQ(live.wait(30s), 0) << read_file(err);
  const std::string log = read_file(err);
  std::vector<double> notes;
  for (const auto& m : rx.take())
    if (m.b.size() == 3 && (m.b[0] & 0xF0) == 0x90 && m.b[2] > 0) notes.push_back(m.t);
  // A second after Start and after the tempo change (the tempo follows within a second), each beat has its note
  // within 40 ms:
  // JACK MIDI moves a message to a period boundary (11.6 ms) on the way in and again on the way out.
  const double change = beats[6];  // the first beat at 90 bpm (six beats of 0.5 s at 120)
  int checked = 0, matched = 0;
  std::string misses;
  for (const double b : beats) {
    if (b < beats.front() + 1.0 || (b >= change && b < change + 1.0)) continue;
    ++checked;
    double best = 1.0;
    for (const double n : notes) best = std::min(best, std::abs(n - b));
    if (best < 0.04) ++matched;
    else misses += " " + std::to_string(b - beats.front()) + "s:" + std::to_string(best);
  }
  EXPECT_GE(checked, 5);
  EXPECT_EQ(matched, checked) << "beats without a note (time since Start: distance to the nearest):" << misses << "\n"
                              << log;
  EXPECT_NE(log.find("following its MIDI clock"), std::string::npos) << log;
  std::smatch bpm;
  ASSERT_TRUE(std::regex_search(log, bpm, std::regex(R"(midi clock: ([\d.]+) bpm)"))) << log;
  // (over the last beat of ticks, which this test sends from a thread of its own on a loaded machine)
  EXPECT_NEAR(std::stod(bpm[1]), 90.0, 1.8) << "the clock's last tempo, within 2 %";
  EXPECT_TRUE(within_budget(log)) << log;
  std::filesystem::remove_all(dir);
}

// OSC out: a liblo server in this process receives what `--osc-out` sends.
struct OscReceiver {
  struct Msg {
    double t;        // arrival
    double timetag;  // bundle timetag, seconds (system clock)
    double now;      // system clock at arrival
    std::string path, types;
    std::vector<std::string> text;  // each argument as text
  };
  lo_server_thread st = nullptr;
  std::mutex m;
  std::vector<Msg> got;
  lo_timetag bundle_tt{0, 0};
  std::string port;
  OscReceiver() {
    st = lo_server_thread_new(nullptr, nullptr);
    port = std::to_string(lo_server_thread_get_port(st));
    lo_server_add_bundle_handlers(lo_server_thread_get_server(st), &OscReceiver::bundle_start, nullptr, this);
    lo_server_thread_add_method(st, nullptr, nullptr, &OscReceiver::handler, this);
    // Dispatch bundles on arrival (liblo would hold a future bundle until its timetag).
    lo_server_enable_queue(lo_server_thread_get_server(st), 0, 1);
    lo_server_thread_start(st);
  }
  ~OscReceiver() { lo_server_thread_free(st); }
  static int bundle_start(lo_timetag tt, void* self) {
    static_cast<OscReceiver*>(self)->bundle_tt = tt;
    return 0;
  }
  static int handler(const char* path, const char* types, lo_arg** argv, int argc, lo_message, void* self) {
    auto* r = static_cast<OscReceiver*>(self);
    Msg msg;
    msg.t = now_s();
    lo_timetag now;
    lo_timetag_now(&now);
    msg.now = now.sec + now.frac / 4294967296.0;
    msg.timetag = r->bundle_tt.sec + r->bundle_tt.frac / 4294967296.0;
    msg.path = path;
    msg.types = types;
    for (int i = 0; i < argc; ++i) {
      if (types[i] == 's') msg.text.push_back(&argv[i]->s);
      else if (types[i] == 'f') msg.text.push_back(std::to_string(argv[i]->f));
      else if (types[i] == 'i') msg.text.push_back(std::to_string(argv[i]->i));
      else msg.text.push_back("?");
    }
    std::lock_guard<std::mutex> lock(r->m);
    r->got.push_back(msg);
    return 0;
  }
  std::vector<Msg> take() {
    std::lock_guard<std::mutex> lock(m);
    return got;
  }
};

TEST(GearOutOsc, SuperDirtShapeWithTimetagsAheadByTheLatencyAndACustomAddress) {
  REQUIRE_JACK();
  OscReceiver rx;
  auto dir = make_temp_dir("gear-osc");
  const std::string prog = (dir / "o.ph").string(), out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  write_file(prog, "cps: 1\nd1 $ s \"bd*2\" # n 3 # orbit 1\nd2 $ s \"vis\" # n \"5 6\"\n");
  Child live({kBinary, "live", prog, "--api", "jack", "--osc-out", "127.0.0.1:" + rx.port, "--osc-out",
              "vis=127.0.0.1:" + rx.port + "/visual:n,gain=1", "--osc-latency", "300", "--duration", "2"},
             out, err);
  ASSERT_EQ(live.wait(30s), 0) << read_file(err);
  std::this_thread::sleep_for(100ms);
  const auto msgs = rx.take();
  std::vector<OscReceiver::Msg> play, visual;
  for (const auto& m : msgs) (m.path == "/dirt/play" ? play : visual).push_back(m);
  ASSERT_GE(play.size(), 4u) << read_file(err);
  const auto& p = play[0];
  // Name/value pairs: the event's controls (by name), then cps, cycle, delta; orbit is an int as in Tidal.
  EXPECT_EQ(p.types, "sfsisssfsfsf") << p.types;
  ASSERT_EQ(p.text.size(), 12u);
  EXPECT_EQ(p.text[0], "n");
  EXPECT_EQ(p.text[2], "orbit");
  EXPECT_EQ(p.text[3], "1");
  EXPECT_EQ(p.text[4], "s");
  EXPECT_EQ(p.text[5], "bd");
  EXPECT_EQ(p.text[6], "cps");
  EXPECT_EQ(p.text[8], "cycle");
  EXPECT_EQ(p.text[10], "delta");
  EXPECT_NEAR(std::stod(p.text[11]), 0.5, 1e-6);
  EXPECT_NEAR(std::stod(play[1].text[9]) - std::stod(play[0].text[9]), 0.5, 1e-6);
  // Timetags: 0.3 s (and at most a device buffer or two more) ahead of their arrival, 0.5 s apart.
  for (const auto& m : play) {
    EXPECT_GT(m.timetag - m.now, 0.25);
    EXPECT_LT(m.timetag - m.now, 0.40);
  }
  EXPECT_NEAR(play[1].timetag - play[0].timetag, 0.5, 0.002);
  // The custom target: only `s "vis"` events, the listed controls in order (gain from its default).
  ASSERT_GE(visual.size(), 2u);
  EXPECT_EQ(visual[0].path, "/visual");
  EXPECT_EQ(visual[0].types, "ff");
  EXPECT_EQ(visual[0].text[0], std::to_string(5.0f));
  EXPECT_EQ(visual[0].text[1], std::to_string(1.0f));
  for (const auto& m : play) EXPECT_NE(m.text[5], "vis") << "a named target's events go only there";
  std::filesystem::remove_all(dir);
}

TEST(GearOutMidiMessages, SuperDirtCommandChoiceAndRanges) {
  OutboundEvent e;
  auto set = [&](std::initializer_list<std::pair<const char*, double>> kv) {
    e.count = 0;
    for (auto [k, v] : kv) {
      OutboundControl& c = e.controls[e.count++];
      std::snprintf(c.name, sizeof c.name, "%s", k);
      c.kind = 'f';
      c.num = v;
    }
  };
  e.delta = 0.5;
  set({{"note", 3}, {"velocity", 1.0}, {"midichan", 15}});
  auto m = midi_messages(e);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].bytes[0], 0x9F);
  EXPECT_EQ(m[0].bytes[1], 63);
  EXPECT_EQ(m[0].bytes[2], 127);
  EXPECT_EQ(m[1].bytes[0], 0x8F);
  EXPECT_EQ(m[1].delay_ns, 499'000'000);
  set({{"midibend", 16383}});
  m = midi_messages(e);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].bytes[0], 0xE0);
  EXPECT_EQ(m[0].bytes[1], 127);
  EXPECT_EQ(m[0].bytes[2], 127);
  set({{"ccn", 300}, {"ccv", -4}});
  m = midi_messages(e);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].bytes[1], 127);
  EXPECT_EQ(m[0].bytes[2], 0);
  set({{"progNum", 5}});
  EXPECT_EQ(midi_messages(e)[0].bytes[0], 0xC0);
  set({{"nrpn", 200}, {"val", 9}});
  m = midi_messages(e);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].bytes[1], 99);
  EXPECT_EQ(m[0].bytes[2], 1);
  EXPECT_EQ(m[1].bytes[2], 200 - 128);
  EXPECT_EQ(m[2].bytes[2], 9);
}

}  // namespace
}  // namespace phonon
