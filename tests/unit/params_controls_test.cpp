// Every control of Tidal's Params is accepted; one that Phonon cannot play yet warns once per program, naming the
// control; stateful and MIDI-only helpers are errors that say why.
#include <gtest/gtest.h>

#include <string>

#include "compiler/compile.hpp"

using namespace phonon;

namespace {

struct Result {
  bool ok = false;
  std::vector<std::string> warnings, errors;
};

Result compile(const std::string& code) {
  auto file = std::make_shared<SourceFile>("params.ph", code);
  CompileResult r = compile_source(file);
  Result out;
  out.ok = r.ok();
  for (const auto& d : r.diagnostics.items())
    (d.severity == Severity::Error ? out.errors : out.warnings).push_back(d.message);
  return out;
}

int count_mentioning(const std::vector<std::string>& ms, const std::string& word) {
  int n = 0;
  for (const auto& m : ms) n += m.find(word) != std::string::npos;
  return n;
}

}  // namespace

TEST(ParamsControls, SilentControlsCompileAndWarnOncePerProgramNamingTheControl) {
  Result r = compile("d1 $ s \"bd*2\" # smear 0.3 # comb 0.2\nd2 $ s \"hh\" # smear 0.5 # binshift 0.3 # leslie 0.4\n");
  ASSERT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_EQ(count_mentioning(r.warnings, "`smear`"), 1);
  EXPECT_EQ(count_mentioning(r.warnings, "`comb`"), 1);
  EXPECT_EQ(count_mentioning(r.warnings, "`binshift`"), 1);
  EXPECT_EQ(count_mentioning(r.warnings, "`leslie`"), 1);
}

TEST(ParamsControls, ControlsWithSoundDoNotWarn) {
  Result r = compile("d1 $ s \"bd*2\" # lpf 300 # gain 0.8 # room 0.2 # speed 2\n");
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
  // SuperDirt's per-voice effects (docs/synthesis.md), `distort` included: a control on an event pattern.
  r = compile(
      "d1 $ s \"bd*2\" # djf 0.3 # octer 0.2 # triode 0.5 # krush 1 # ring 0.5 # ringf 200 # tremr 4 "
      "# distort 0.3 # waveloss 20 # phaserrate 2 # phasdp 0.5 # phasr 1 # phaserdepth 0.3 # fshift 100 "
      "# fshiftnote 0.5 # fshiftphase 1\n");
  ASSERT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
}

TEST(ParamsControls, BusControlsPlayTheValueAndWarnThatBusesAreNotRouted) {
  Result r = compile("d1 $ s \"bd*2\" # lpfbus 1 \"300 600\" # roomrecv 2\n");
  ASSERT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_EQ(count_mentioning(r.warnings, "`lpfbus`"), 1);
  EXPECT_EQ(count_mentioning(r.warnings, "`roomrecv`"), 1);
}

TEST(ParamsControls, ControlsTidalCannotSendToABusAreErrors) {
  Result r = compile("d1 $ s \"bd\" # gainbus 1 0.5\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(count_mentioning(r.errors, "can't be sent to a bus"), 1);
}

TEST(ParamsControls, StatefulHelpersAreNotYetErrors) {
  Result r = compile("d1 $ s \"bd\" # cutoffTake \"x\" [300, 600]\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(count_mentioning(r.errors, "not available in Phonon yet"), 1);
}

TEST(ParamsControls, MidiControlsCompileWithoutWarnings) {
  Result r = compile("d1 $ s \"midi\" # cc \"64:1\" # midichan 2 # progNum 3 # midibend 8192 # midicmd \"start\"\n");
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.size();
}
