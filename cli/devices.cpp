// `phonon devices`: the audio APIs this build has and the output devices each can see.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.hpp"
#include "runtime/drivers/audio_output.hpp"
#include "runtime/midi/midi_ports.hpp"

namespace phonon::cli {

namespace {
const char* kDevicesUsage =
    "usage: phonon devices [--verbose]\n"
    "\n"
    "Lists the audio APIs and their output devices, and the MIDI ports Phonon can send to and listen to. Use them "
    "with\n"
    "  phonon live FILE.ph --api API --device ID|NAME [--midi-out PORT]\n"
    "--verbose shows what the audio libraries print while probing.\n";
}

int cmd_devices(int argc, char** argv) {
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::fputs(kDevicesUsage, stdout);
      return 0;
    }
    if (!std::strcmp(argv[i], "--verbose") || !std::strcmp(argv[i], "-v")) {
      verbose = true;
      continue;
    }
    std::fprintf(stderr, "phonon devices: error: unknown option `%s`\n\n%s", argv[i], kDevicesUsage);
    return 2;
  }
  int total = 0;
  for (const std::string& api : audio_apis()) {
    std::string why;
    const auto devices = list_output_devices(api, &why, verbose);
    if (devices.empty()) {
      std::printf("%s: %s\n", api.c_str(), why.c_str());
      continue;
    }
    std::printf("%s:\n", api.c_str());
    for (const auto& d : devices) {
      std::string rates;
      for (unsigned r : d.sample_rates) rates += (rates.empty() ? "" : " ") + std::to_string(r);
      std::printf("  %u: %s%s  (%d output channel%s; rates: %s)\n", d.id, d.name.c_str(),
                  d.is_default_output ? " [default]" : "", d.output_channels, d.output_channels == 1 ? "" : "s",
                  rates.empty() ? "unknown" : rates.c_str());
      ++total;
    }
  }
  if (total == 0) {
    std::printf("\nNo audio output device found. `phonon render FILE.ph -o out.wav` renders to a file instead.\n");
  }
  // MIDI: the ports of both RtMidi APIs (`--midi-out PART-OF-NAME`, `--midi-in PART-OF-NAME`, `--midi-api alsa|jack`).
  for (const char* api : {"alsa", "jack"}) {
    for (const bool input : {false, true}) {
      std::string why;
      const auto ports = input ? midi_input_ports(api, &why) : midi_output_ports(api, &why);
      const char* what = input ? "input" : "output";
      if (ports.empty()) {
        std::printf("midi %s: no %s ports%s%s\n", api, what, why.empty() ? "" : ": ", why.c_str());
        continue;
      }
      std::printf("midi %s %s ports:\n", api, what);
      for (const auto& p : ports) std::printf("  %s\n", p.c_str());
    }
  }
  return 0;
}

}  // namespace phonon::cli
