// Per-voice controls with SuperDirt's exact semantics: `bandf`'s make-up gain (dirt_bpf multiplies the band-pass
// by max(bandq, 1)) and the per-event `cps` (SuperDirt uses it for that event's unit "c" and delay lock; it does
// not change the tempo, which a warning says).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/samples/audio_file.hpp"
#include "tests/render/audio_checks.hpp"

namespace phonon {
namespace {

namespace fs = std::filesystem;
using namespace audio_checks;

constexpr double kRate = 44100.0;
size_t F(double seconds) { return static_cast<size_t>(std::llround(seconds * kRate)); }

// `tone2`: 1 s of a 1000 Hz sine, amplitude 0.5.
const std::string& library() {
  static const std::string dir = [] {
    fs::path d = fs::temp_directory_path() / ("phonon_voices2_" + std::to_string(::getpid()));
    std::vector<float> tone(44100);
    for (size_t i = 0; i < tone.size(); ++i)
      tone[i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * 1000.0 * static_cast<double>(i) / kRate));
    fs::create_directories(d / "tone2");
    AudioFileWriter w((d / "tone2" / "tone2.wav").string(), kRate, 1, SampleFormat::Float32);
    w.write_interleaved(tone.data(), static_cast<int64_t>(tone.size()));
    w.commit();
    return d.string();
  }();
  return dir;
}

Stereo render(const std::string& code, double seconds) {
  RenderOptions o;
  o.seconds = seconds;
  o.sample_roots = {library()};
  return render_source(code, o);
}

TEST(Voices2Controls, BandfHasSuperDirtMakeUpGain) {
  // A sine at the band's centre passes the 0 dB-peak band-pass unchanged, then gains max(bandq, 1).
  Stereo dry = render("out: s \"tone2\"\n", 0.8);
  Stereo q10 = render("out: s \"tone2\" # bandf 1000\n", 0.8);  // bandq defaults to 10
  Stereo q30 = render("out: s \"tone2\" # bandf 1000 # bandq 30\n", 0.8);
  Stereo q05 = render("out: s \"tone2\" # bandf 1000 # bandq 0.5\n", 0.8);
  const double d = rms(dry.l, F(0.3), F(0.7));
  ASSERT_GT(d, 0.01);
  EXPECT_NEAR(rms(q10.l, F(0.3), F(0.7)) / d, 10.0, 0.5);
  EXPECT_NEAR(rms(q30.l, F(0.3), F(0.7)) / d, 30.0, 2.0);
  EXPECT_NEAR(rms(q05.l, F(0.3), F(0.7)) / d, 1.0, 0.05);  // max(0.5, 1): no make-up below Q 1
}

TEST(Voices2Controls, BandfOnABroadbandSynthStaysAudible) {
  // supersaw through a 1 kHz band: within ~10 dB of the dry level (without the make-up gain it was -27 dB).
  Stereo dry = render("out: s \"supersaw\" # note \"c3\"\n", 1.0);
  Stereo band = render("out: s \"supersaw\" # note \"c3\" # bandf 1000\n", 1.0);
  const double ratio = rms(band.l, F(0.2), F(0.8)) / rms(dry.l, F(0.2), F(0.8));
  EXPECT_GT(ratio, 0.3);
  EXPECT_LT(ratio, 2.0);
}

TEST(Voices2Controls, EventCpsSetsUnitCycles) {
  // unit "c": speed is in cycles per sample length, scaled by cps. The 1 s tone at cps 0.5 (the tempo) plays at
  // half speed (500 Hz); with the event's own `cps 1` at full speed (1000 Hz).
  Stereo tempo = render("out: s \"tone2\" # unit \"c\"\n", 1.0);
  Stereo own = render("out: s \"tone2\" # unit \"c\" # cps 1\n", 1.0);
  EXPECT_NEAR(crossing_frequency(tempo.l, F(0.1), F(0.9), kRate), 500.0, 2.0);
  EXPECT_NEAR(crossing_frequency(own.l, F(0.1), F(0.9), kRate), 1000.0, 2.0);
}

TEST(Voices2Controls, EventCpsWarnsThatTheTempoDoesNotChange) {
  CompileResult r = compile_source(std::make_shared<SourceFile>("t.ph", "o1: s \"bd*2\" # cps \"<0.5 1>\"\n"));
  ASSERT_TRUE(r.ok());
  const std::string text = r.diagnostics.render_all();
  EXPECT_NE(text.find("does not change the tempo"), std::string::npos) << text;
  EXPECT_NE(text.find("cps: "), std::string::npos) << text;
}

}  // namespace
}  // namespace phonon
