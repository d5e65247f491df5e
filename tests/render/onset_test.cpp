// Every voice starts at the frame its event's onset predicts: frame = round(onset / cps * rate), for several
// tempos and block sizes. The sample is a one-frame click, so the first non-zero output frame is the onset.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/plan.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/load.hpp"
#include "runtime/engine/loaded_plan.hpp"
#include "runtime/samples/audio_file.hpp"
#include "runtime/samples/sample_bank.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;

std::string make_click_library() {
  fs::path dir = fs::temp_directory_path() / ("phonon_click_" + std::to_string(::getpid()));
  fs::create_directories(dir / "click");
  std::vector<float> data(64, 0.0f);
  data[0] = 1.0f;
  AudioFileWriter w((dir / "click" / "click.wav").string(), 44100, 1, SampleFormat::Float32);
  w.write_interleaved(data.data(), static_cast<int64_t>(data.size()));
  w.commit();
  return dir.string();
}

std::vector<float> render(const std::string& code, int block, double seconds, const std::string& lib,
                          double rate = 44100) {
  auto file = std::make_shared<SourceFile>("test.ph", code);
  CompileResult r = compile_source(file);
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  if (!r.ok()) return {};
  SampleBank bank({lib}, false);
  EngineOptions eo;
  eo.rate = rate;
  eo.max_block = block;
  eo.limiter = false;
  Engine engine(eo);
  std::vector<std::string> warnings;
  engine.start(load_plan(engine, bank, r.plan, &warnings));
  EXPECT_TRUE(warnings.empty());
  int64_t total = static_cast<int64_t>(seconds * rate);
  std::vector<float> out(static_cast<size_t>(total) * 2);
  for (int64_t done = 0; done < total; done += block) {
    int n = static_cast<int>(std::min<int64_t>(block, total - done));
    engine.process(out.data() + 2 * done, n);
  }
  return out;
}

std::vector<int64_t> onsets(const std::vector<float>& stereo) {
  std::vector<int64_t> f;
  for (size_t i = 0; i < stereo.size() / 2; ++i)
    if (stereo[2 * i] != 0.0f || stereo[2 * i + 1] != 0.0f) f.push_back(static_cast<int64_t>(i));
  return f;
}

struct OnsetCase {
  double cps;
  int block;
};

class OnsetFrames : public ::testing::TestWithParam<OnsetCase> {};

TEST_P(OnsetFrames, EveryVoiceStartsAtItsPredictedFrame) {
  static std::string lib = make_click_library();
  const auto [cps, block] = GetParam();
  // Onsets at 0, 3/8, 6/8 (Euclid) and at 1/3, 2/3: thirds do not fall on whole frames, so rounding is tested.
  std::string code = "cps: " + std::to_string(cps) + "\n" + "o1: s \"click(3,8)\"\no2: s \"~ click click\" # gain 1\n";
  double seconds = 3.0 / cps + 0.01;
  auto out = render(code, block, seconds, lib);
  std::vector<int64_t> expect;
  for (int c = 0; c <= 3; ++c) {
    for (double o : {0.0, 3.0 / 8, 6.0 / 8}) expect.push_back(std::llround((c + o) / cps * 44100.0));
    for (int k : {1, 2}) {
      // round((c + k/3) / cps * rate), computed exactly: the frame is the nearest, halves rounding up.
      double x = (c + k / 3.0) / cps * 44100.0;
      expect.push_back(static_cast<int64_t>(std::floor(x + 0.5)));
    }
  }
  std::sort(expect.begin(), expect.end());
  expect.erase(std::remove_if(expect.begin(), expect.end(),
                              [&](int64_t f) { return f >= static_cast<int64_t>(out.size() / 2); }),
               expect.end());
  EXPECT_EQ(onsets(out), expect);
}

INSTANTIATE_TEST_SUITE_P(TemposAndBlocks, OnsetFrames,
                         ::testing::Values(OnsetCase{0.5, 512}, OnsetCase{0.5, 64}, OnsetCase{0.5, 1},
                                           OnsetCase{0.5625, 512}, OnsetCase{0.5625, 37}, OnsetCase{1.0, 256},
                                           OnsetCase{0.7, 128}, OnsetCase{2.0, 100}));

}  // namespace
}  // namespace phonon
