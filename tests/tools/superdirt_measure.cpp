// Measures SuperDirt's synth recordings for tests/data/superdirt-synths/measured.tsv (see the README there):
//   superdirt_measure CASES.txt WAV_DIR > measured.tsv
// CASES.txt has one case a line, "id|synth|n|key=value,...|pitch" (the last field optional: "pitch" asks for the
// pitch near the note); WAV_DIR/id.wav is SuperDirt's recording of the case. CI never runs this: it reads the TSV.
#include <sndfile.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/render/synth_measure.hpp"

int main(int argc, char** argv) {
  using namespace phonon::synth_measure;
  if (argc != 3) {
    std::cerr << "usage: superdirt_measure CASES.txt WAV_DIR\n";
    return 2;
  }
  std::ifstream cases(argv[1]);
  if (!cases) {
    std::cerr << argv[1] << ": cannot read\n";
    return 1;
  }
  std::printf("# id\tsynth\tn\tcontrols\tpitched\tonset_s\tlevel_db\tlength_s\tpitch_hz");
  for (int b = 0; b < kBands; ++b) std::printf("\tb%.0f", band_centre(b));
  std::printf("\n");
  std::string line;
  int status = 0;
  while (std::getline(cases, line)) {
    if (line.size() < 2 || line[0] == '#') continue;
    std::vector<std::string> f = phonon::synth_measure::split(line, '|');
    while (f.size() < 5) f.emplace_back();
    const std::string path = std::string(argv[2]) + "/" + f[0] + ".wav";
    SF_INFO info{};
    SNDFILE* snd = sf_open(path.c_str(), SFM_READ, &info);
    if (!snd || info.channels != 2) {
      std::cerr << path << ": cannot read a stereo file\n";
      status = 1;
      if (snd) sf_close(snd);
      continue;
    }
    std::vector<float> inter(static_cast<size_t>(info.frames) * 2);
    sf_readf_float(snd, inter.data(), info.frames);
    sf_close(snd);
    std::vector<float> l(static_cast<size_t>(info.frames)), r(l.size());
    for (size_t i = 0; i < l.size(); ++i) {
      l[i] = inter[2 * i];
      r[i] = inter[2 * i + 1];
    }
    const bool pitched = f[4] == "pitch";
    const double note = 261.6256 * std::exp2(std::stod(f[2]) / 12.0);
    Measure m = measure(l, r, info.samplerate, pitched ? note / 1.4 : 0.0, pitched ? note * 1.4 : 0.0);
    // Controls without the recording-only "dur" key.
    std::string controls;
    for (const auto& kv : phonon::synth_measure::split(f[3], ',')) {
      if (kv.empty() || kv.rfind("dur=", 0) == 0) continue;
      controls += (controls.empty() ? "" : ",") + kv;
    }
    std::printf("%s\t%s\t%s\t%s\t%d\t%.4f\t%.2f\t%.3f\t%.2f", f[0].c_str(), f[1].c_str(), f[2].c_str(),
                controls.empty() ? "-" : controls.c_str(), pitched ? 1 : 0, m.onset, m.level_db, m.length, m.pitch);
    for (double v : m.bands) std::printf("\t%.1f", v);
    std::printf("\n");
  }
  return status;
}
