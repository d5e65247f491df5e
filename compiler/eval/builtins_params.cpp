// Every control of Tidal 1.7's Sound.Tidal.Params. Controls Phonon already defines (builtins_controls.cpp and the
// synth controls of the signal module) keep their definitions; the others set their key like any control, and
// the first use in a program warns that nothing plays the control yet (the event still carries it, as SuperDirt
// would receive it). `…bus` / `…recv` set the control and Tidal's "^key" bus id, with a warning that buses are not
// routed yet; MIDI controls (`midichan`, `ccn`, …, `cc`, `nrpn`) are sent by `--midi-out`. Tidal's stateful helpers
// (`…Take`, `…Count`, `…CountTo`) are errors.
#include <cstdlib>
#include <string>
#include <tuple>

#include "compiler/eval/builtin_helpers.hpp"

namespace phonon::eval {
// The registrations below are a table (one `def` per name, its lambda inline): clang-format 14 would break every
// call whose lambda is not its last argument, so they are left out of scripts/check-format.sh.
// clang-format off

using namespace bi;
using PT = ParamType;

namespace {

struct ControlSpec {
  const char* name;
  const char* key;
  char type;
};
struct RecvSpec {
  const char* name;
  const char* key;
};
struct DrumSpec {
  const char* name;
  int number;
};

// Sound.Tidal.Params (Tidal 1.7.10): control name, the key it sets, its type (F number, I integer, S string,
// N note, B boolean, R rational).
constexpr ControlSpec kControls[] = {
    {"accelerate", "accelerate", 'F'}, {"amp", "amp", 'F'}, {"att", "attack", 'F'}, {"attack", "attack", 'F'},
    {"bandf", "bandf", 'F'}, {"bandq", "bandq", 'F'}, {"begin", "begin", 'F'}, {"binshift", "binshift", 'F'},
    {"bpf", "bandf", 'F'}, {"bpq", "bandq", 'F'}, {"button0", "button0", 'F'}, {"button1", "button1", 'F'},
    {"button10", "button10", 'F'}, {"button11", "button11", 'F'}, {"button12", "button12", 'F'},
    {"button13", "button13", 'F'}, {"button14", "button14", 'F'}, {"button15", "button15", 'F'},
    {"button2", "button2", 'F'}, {"button3", "button3", 'F'}, {"button4", "button4", 'F'},
    {"button5", "button5", 'F'}, {"button6", "button6", 'F'}, {"button7", "button7", 'F'},
    {"button8", "button8", 'F'}, {"button9", "button9", 'F'}, {"ccn", "ccn", 'F'}, {"ccv", "ccv", 'F'},
    {"channel", "channel", 'I'}, {"chdecay", "clhatdecay", 'F'}, {"clhatdecay", "clhatdecay", 'F'},
    {"coarse", "coarse", 'F'}, {"comb", "comb", 'F'}, {"control", "control", 'F'}, {"cps", "cps", 'F'},
    {"crush", "crush", 'F'}, {"ctf", "cutoff", 'F'}, {"ctfg", "cutoffegint", 'F'}, {"ctlNum", "ctlNum", 'F'},
    {"ctranspose", "ctranspose", 'F'}, {"cut", "cut", 'I'}, {"cutoff", "cutoff", 'F'},
    {"cutoffegint", "cutoffegint", 'F'}, {"decay", "decay", 'F'}, {"degree", "degree", 'F'}, {"delay", "delay", 'F'},
    {"delayfb", "delayfeedback", 'F'}, {"delayfeedback", "delayfeedback", 'F'}, {"delayt", "delaytime", 'F'},
    {"delaytime", "delaytime", 'F'}, {"det", "detune", 'F'}, {"detune", "detune", 'F'},
    {"dfb", "delayfeedback", 'F'}, {"distort", "distort", 'F'}, {"djf", "djf", 'F'}, {"dry", "dry", 'F'},
    {"dt", "delaytime", 'F'}, {"dur", "dur", 'F'}, {"end", "end", 'F'}, {"enhance", "enhance", 'F'},
    {"expression", "expression", 'F'}, {"fadeInTime", "fadeInTime", 'F'}, {"fadeOutTime", "fadeTime", 'F'},
    {"fadeTime", "fadeTime", 'F'}, {"frameRate", "frameRate", 'F'}, {"frames", "frames", 'F'},
    {"freeze", "freeze", 'F'}, {"freq", "freq", 'F'}, {"from", "from", 'F'}, {"fshift", "fshift", 'F'},
    {"fshiftnote", "fshiftnote", 'F'}, {"fshiftphase", "fshiftphase", 'F'}, {"gain", "gain", 'F'},
    {"gat", "gate", 'F'}, {"gate", "gate", 'F'}, {"harmonic", "harmonic", 'F'}, {"hatgrain", "hatgrain", 'F'},
    {"hbrick", "hbrick", 'F'}, {"hcutoff", "hcutoff", 'F'}, {"hg", "hatgrain", 'F'}, {"hold", "hold", 'F'},
    {"hours", "hours", 'F'}, {"hpf", "hcutoff", 'F'}, {"hpq", "hresonance", 'F'}, {"hresonance", "hresonance", 'F'},
    {"imag", "imag", 'F'}, {"kcutoff", "kcutoff", 'F'}, {"krush", "krush", 'F'}, {"lag", "lagogo", 'F'},
    {"lagogo", "lagogo", 'F'}, {"lbd", "lkick", 'F'}, {"lbrick", "lbrick", 'F'}, {"lch", "lclhat", 'F'},
    {"lcl", "lclaves", 'F'}, {"lclap", "lclap", 'F'}, {"lclaves", "lclaves", 'F'}, {"lclhat", "lclhat", 'F'},
    {"lcp", "lclap", 'F'}, {"lcr", "lcrash", 'F'}, {"lcrash", "lcrash", 'F'}, {"legato", "legato", 'F'},
    {"leslie", "leslie", 'F'}, {"lfo", "lfo", 'F'}, {"lfoc", "lfocutoffint", 'F'},
    {"lfocutoffint", "lfocutoffint", 'F'}, {"lfodelay", "lfodelay", 'F'}, {"lfoi", "lfoint", 'F'},
    {"lfoint", "lfoint", 'F'}, {"lfop", "lfopitchint", 'F'}, {"lfopitchint", "lfopitchint", 'F'},
    {"lfoshape", "lfoshape", 'F'}, {"lfosync", "lfosync", 'F'}, {"lhitom", "lhitom", 'F'}, {"lht", "lhitom", 'F'},
    {"lkick", "lkick", 'F'}, {"llotom", "llotom", 'F'}, {"llt", "llotom", 'F'}, {"lock", "lock", 'F'},
    {"loh", "lophat", 'F'}, {"loop", "loop", 'F'}, {"lophat", "lophat", 'F'}, {"lpf", "cutoff", 'F'},
    {"lpq", "resonance", 'F'}, {"lrate", "lrate", 'F'}, {"lsize", "lsize", 'F'}, {"lsn", "lsnare", 'F'},
    {"lsnare", "lsnare", 'F'}, {"midibend", "midibend", 'F'}, {"midichan", "midichan", 'F'},
    {"midicmd", "midicmd", 'S'}, {"miditouch", "miditouch", 'F'}, {"minutes", "minutes", 'F'},
    {"modwheel", "modwheel", 'F'}, {"mtranspose", "mtranspose", 'F'}, {"n", "n", 'N'}, {"note", "note", 'N'},
    {"nrpnn", "nrpn", 'I'}, {"nrpnv", "val", 'I'}, {"nudge", "nudge", 'F'}, {"number", "n", 'N'},
    {"octave", "octave", 'I'}, {"octaveR", "octaveR", 'F'}, {"octer", "octer", 'F'}, {"octersub", "octersub", 'F'},
    {"octersubsub", "octersubsub", 'F'}, {"offset", "offset", 'F'}, {"ohdecay", "ophatdecay", 'F'},
    {"ophatdecay", "ophatdecay", 'F'}, {"orbit", "orbit", 'I'}, {"overgain", "overgain", 'F'},
    {"overshape", "overshape", 'F'}, {"pan", "pan", 'F'}, {"panorient", "panorient", 'F'},
    {"panspan", "panspan", 'F'}, {"pansplay", "pansplay", 'F'}, {"panwidth", "panwidth", 'F'},
    {"partials", "partials", 'F'}, {"phasdp", "phaserdepth", 'F'}, {"phaserdepth", "phaserdepth", 'F'},
    {"phaserrate", "phaserrate", 'F'}, {"phasr", "phaserrate", 'F'}, {"pit1", "pitch1", 'F'},
    {"pit2", "pitch2", 'F'}, {"pit3", "pitch3", 'F'}, {"pitch1", "pitch1", 'F'}, {"pitch2", "pitch2", 'F'},
    {"pitch3", "pitch3", 'F'}, {"polyTouch", "polyTouch", 'F'}, {"por", "portamento", 'F'},
    {"portamento", "portamento", 'F'}, {"progNum", "progNum", 'F'}, {"rate", "rate", 'F'}, {"real", "real", 'F'},
    {"rel", "release", 'F'}, {"release", "release", 'F'}, {"resonance", "resonance", 'F'}, {"ring", "ring", 'F'},
    {"ringdf", "ringdf", 'F'}, {"ringf", "ringf", 'F'}, {"room", "room", 'F'}, {"sag", "sagogo", 'F'},
    {"sagogo", "sagogo", 'F'}, {"scl", "sclaves", 'F'}, {"sclap", "sclap", 'F'}, {"sclaves", "sclaves", 'F'},
    {"scp", "sclap", 'F'}, {"scr", "scrash", 'F'}, {"scram", "scram", 'F'}, {"scrash", "scrash", 'F'},
    {"seconds", "seconds", 'F'}, {"semitone", "semitone", 'F'}, {"shape", "shape", 'F'}, {"size", "size", 'F'},
    {"sld", "slide", 'F'}, {"slide", "slide", 'F'}, {"slider0", "slider0", 'F'}, {"slider1", "slider1", 'F'},
    {"slider10", "slider10", 'F'}, {"slider11", "slider11", 'F'}, {"slider12", "slider12", 'F'},
    {"slider13", "slider13", 'F'}, {"slider14", "slider14", 'F'}, {"slider15", "slider15", 'F'},
    {"slider2", "slider2", 'F'}, {"slider3", "slider3", 'F'}, {"slider4", "slider4", 'F'},
    {"slider5", "slider5", 'F'}, {"slider6", "slider6", 'F'}, {"slider7", "slider7", 'F'},
    {"slider8", "slider8", 'F'}, {"slider9", "slider9", 'F'}, {"smear", "smear", 'F'}, {"songPtr", "songPtr", 'F'},
    {"speed", "speed", 'F'}, {"squiz", "squiz", 'F'}, {"std", "stutterdepth", 'F'},
    {"stepsPerOctave", "stepsPerOctave", 'F'}, {"stt", "stuttertime", 'F'}, {"stutterdepth", "stutterdepth", 'F'},
    {"stuttertime", "stuttertime", 'F'}, {"sus", "sustain", 'F'}, {"sustain", "sustain", 'F'},
    {"sustainpedal", "sustainpedal", 'F'}, {"sz", "size", 'F'}, {"tdecay", "tomdecay", 'F'},
    {"timescale", "timescale", 'F'}, {"timescalewin", "timescalewin", 'F'}, {"to", "to", 'F'},
    {"toArg", "toArg", 'S'}, {"tomdecay", "tomdecay", 'F'}, {"tremdp", "tremolodepth", 'F'},
    {"tremolodepth", "tremolodepth", 'F'}, {"tremolorate", "tremolorate", 'F'}, {"tremr", "tremolorate", 'F'},
    {"triode", "triode", 'F'}, {"tsdelay", "tsdelay", 'F'}, {"uid", "uid", 'F'}, {"unit", "unit", 'S'},
    {"up", "note", 'N'}, {"val", "val", 'F'}, {"vcf", "vcfegint", 'F'}, {"vcfegint", "vcfegint", 'F'},
    {"vco", "vcoegint", 'F'}, {"vcoegint", "vcoegint", 'F'}, {"velocity", "velocity", 'F'}, {"voi", "voice", 'F'},
    {"voice", "voice", 'F'}, {"vowel", "vowel", 'S'}, {"waveloss", "waveloss", 'F'}, {"xsdelay", "xsdelay", 'F'},
};

// `…bus busid pat`: the control plus "^key" = bus id; a null key is a control Tidal cannot send to a bus.
constexpr ControlSpec kBusControls[] = {
    {"acceleratebus", "accelerate", 'F'}, {"ampbus", "amp", 'F'}, {"arraybus", nullptr, 0},
    {"attackbus", "attack", 'F'}, {"attbus", "attack", 'F'}, {"bandfbus", "bandf", 'F'}, {"bandqbus", "bandq", 'F'},
    {"beginbus", "begin", 'F'}, {"binshiftbus", "binshift", 'F'}, {"bpfbus", "bandf", 'F'}, {"bpqbus", "bandq", 'F'},
    {"button0bus", "button0", 'F'}, {"button10bus", "button10", 'F'}, {"button11bus", "button11", 'F'},
    {"button12bus", "button12", 'F'}, {"button13bus", "button13", 'F'}, {"button14bus", "button14", 'F'},
    {"button15bus", "button15", 'F'}, {"button1bus", "button1", 'F'}, {"button2bus", "button2", 'F'},
    {"button3bus", "button3", 'F'}, {"button4bus", "button4", 'F'}, {"button5bus", "button5", 'F'},
    {"button6bus", "button6", 'F'}, {"button7bus", "button7", 'F'}, {"button8bus", "button8", 'F'},
    {"button9bus", "button9", 'F'}, {"ccnbus", nullptr, 0}, {"ccvbus", nullptr, 0}, {"channelbus", nullptr, 0},
    {"chdecaybus", "clhatdecay", 'F'}, {"clhatdecaybus", "clhatdecay", 'F'}, {"coarsebus", "coarse", 'F'},
    {"combbus", "comb", 'F'}, {"controlbus", nullptr, 0}, {"cpsbus", "cps", 'F'}, {"crushbus", "crush", 'F'},
    {"ctfbus", "cutoff", 'F'}, {"ctfgbus", "cutoffegint", 'F'}, {"ctlNumbus", nullptr, 0},
    {"ctransposebus", "ctranspose", 'F'}, {"cutbus", "cut", 'I'}, {"cutoffbus", "cutoff", 'F'},
    {"cutoffegintbus", "cutoffegint", 'F'}, {"decaybus", "decay", 'F'}, {"degreebus", "degree", 'F'},
    {"delaybus", "delay", 'F'}, {"delayfbbus", "delayfeedback", 'F'}, {"delayfeedbackbus", "delayfeedback", 'F'},
    {"delaytbus", "delaytime", 'F'}, {"delaytimebus", "delaytime", 'F'}, {"detbus", "detune", 'F'},
    {"detunebus", "detune", 'F'}, {"dfbbus", "delayfeedback", 'F'}, {"distortbus", "distort", 'F'},
    {"djfbus", "djf", 'F'}, {"drybus", "dry", 'F'}, {"dtbus", "delaytime", 'F'}, {"durbus", "dur", 'F'},
    {"endbus", nullptr, 0}, {"enhancebus", "enhance", 'F'}, {"expressionbus", "expression", 'F'},
    {"fadeInTimebus", nullptr, 0}, {"fadeTimebus", nullptr, 0}, {"frameRatebus", nullptr, 0},
    {"framesbus", nullptr, 0}, {"freezebus", "freeze", 'F'}, {"freqbus", "freq", 'F'}, {"frombus", "from", 'F'},
    {"fshiftbus", "fshift", 'F'}, {"fshiftnotebus", "fshiftnote", 'F'}, {"fshiftphasebus", "fshiftphase", 'F'},
    {"gainbus", nullptr, 0}, {"gatbus", "gate", 'F'}, {"gatebus", "gate", 'F'}, {"harmonicbus", "harmonic", 'F'},
    {"hatgrainbus", "hatgrain", 'F'}, {"hbrickbus", "hbrick", 'F'}, {"hcutoffbus", "hcutoff", 'F'},
    {"hgbus", "hatgrain", 'F'}, {"holdbus", "hold", 'F'}, {"hoursbus", nullptr, 0}, {"hpfbus", "hcutoff", 'F'},
    {"hpqbus", "hresonance", 'F'}, {"hresonancebus", "hresonance", 'F'}, {"imagbus", "imag", 'F'},
    {"kcutoffbus", "kcutoff", 'F'}, {"krushbus", "krush", 'F'}, {"lagbus", "lagogo", 'F'},
    {"lagogobus", "lagogo", 'F'}, {"lbdbus", "lkick", 'F'}, {"lbrickbus", "lbrick", 'F'}, {"lchbus", "lclhat", 'F'},
    {"lclapbus", "lclap", 'F'}, {"lclavesbus", "lclaves", 'F'}, {"lclbus", "lclaves", 'F'},
    {"lclhatbus", "lclhat", 'F'}, {"lcpbus", "lclap", 'F'}, {"lcrashbus", "lcrash", 'F'}, {"lcrbus", "lcrash", 'F'},
    {"legatobus", nullptr, 0}, {"lesliebus", "leslie", 'F'}, {"lfobus", "lfo", 'F'},
    {"lfocbus", "lfocutoffint", 'F'}, {"lfocutoffintbus", "lfocutoffint", 'F'}, {"lfodelaybus", "lfodelay", 'F'},
    {"lfoibus", "lfoint", 'F'}, {"lfointbus", "lfoint", 'F'}, {"lfopbus", "lfopitchint", 'F'},
    {"lfopitchintbus", "lfopitchint", 'F'}, {"lfoshapebus", "lfoshape", 'F'}, {"lfosyncbus", "lfosync", 'F'},
    {"lhitombus", "lhitom", 'F'}, {"lhtbus", "lhitom", 'F'}, {"lkickbus", "lkick", 'F'},
    {"llotombus", "llotom", 'F'}, {"lltbus", "llotom", 'F'}, {"lockbus", "lock", 'F'}, {"lohbus", "lophat", 'F'},
    {"loopbus", nullptr, 0}, {"lophatbus", "lophat", 'F'}, {"lpfbus", "cutoff", 'F'}, {"lpqbus", "resonance", 'F'},
    {"lratebus", "lrate", 'F'}, {"lsizebus", "lsize", 'F'}, {"lsnarebus", "lsnare", 'F'}, {"lsnbus", "lsnare", 'F'},
    {"midibendbus", nullptr, 0}, {"midichanbus", nullptr, 0}, {"midicmdbus", nullptr, 0},
    {"miditouchbus", nullptr, 0}, {"minutesbus", nullptr, 0}, {"modwheelbus", "modwheel", 'F'},
    {"mtransposebus", "mtranspose", 'F'}, {"nbus", nullptr, 0}, {"notebus", nullptr, 0}, {"nudgebus", "nudge", 'F'},
    {"octaveRbus", "octaveR", 'F'}, {"octavebus", nullptr, 0}, {"octerbus", "octer", 'F'},
    {"octersubbus", "octersub", 'F'}, {"octersubsubbus", "octersubsub", 'F'}, {"offsetbus", nullptr, 0},
    {"ohdecaybus", "ophatdecay", 'F'}, {"ophatdecaybus", "ophatdecay", 'F'}, {"orbitbus", "orbit", 'I'},
    {"overgainbus", nullptr, 0}, {"overshapebus", "overshape", 'F'}, {"panbus", "pan", 'F'},
    {"panorientbus", "panorient", 'F'}, {"panspanbus", "panspan", 'F'}, {"pansplaybus", "pansplay", 'F'},
    {"panwidthbus", "panwidth", 'F'}, {"partialsbus", "partials", 'F'}, {"phasdpbus", "phaserdepth", 'F'},
    {"phaserdepthbus", "phaserdepth", 'F'}, {"phaserratebus", "phaserrate", 'F'}, {"phasrbus", "phaserrate", 'F'},
    {"pit1bus", "pitch1", 'F'}, {"pit2bus", "pitch2", 'F'}, {"pit3bus", "pitch3", 'F'}, {"pitch1bus", "pitch1", 'F'},
    {"pitch2bus", "pitch2", 'F'}, {"pitch3bus", "pitch3", 'F'}, {"polyTouchbus", nullptr, 0},
    {"porbus", "portamento", 'F'}, {"portamentobus", "portamento", 'F'}, {"progNumbus", nullptr, 0},
    {"ratebus", "rate", 'F'}, {"realbus", "real", 'F'}, {"relbus", "release", 'F'}, {"releasebus", "release", 'F'},
    {"resonancebus", "resonance", 'F'}, {"ringbus", "ring", 'F'}, {"ringdfbus", "ringdf", 'F'},
    {"ringfbus", "ringf", 'F'}, {"roombus", "room", 'F'}, {"sagbus", "sagogo", 'F'}, {"sagogobus", "sagogo", 'F'},
    {"sclapbus", "sclap", 'F'}, {"sclavesbus", "sclaves", 'F'}, {"sclbus", "sclaves", 'F'}, {"scpbus", "sclap", 'F'},
    {"scrambus", "scram", 'F'}, {"scrashbus", "scrash", 'F'}, {"scrbus", "scrash", 'F'}, {"secondsbus", nullptr, 0},
    {"semitonebus", "semitone", 'F'}, {"shapebus", "shape", 'F'}, {"sizebus", "size", 'F'}, {"sldbus", "slide", 'F'},
    {"slidebus", "slide", 'F'}, {"slider0bus", "slider0", 'F'}, {"slider10bus", "slider10", 'F'},
    {"slider11bus", "slider11", 'F'}, {"slider12bus", "slider12", 'F'}, {"slider13bus", "slider13", 'F'},
    {"slider14bus", "slider14", 'F'}, {"slider15bus", "slider15", 'F'}, {"slider1bus", "slider1", 'F'},
    {"slider2bus", "slider2", 'F'}, {"slider3bus", "slider3", 'F'}, {"slider4bus", "slider4", 'F'},
    {"slider5bus", "slider5", 'F'}, {"slider6bus", "slider6", 'F'}, {"slider7bus", "slider7", 'F'},
    {"slider8bus", "slider8", 'F'}, {"slider9bus", "slider9", 'F'}, {"smearbus", "smear", 'F'},
    {"songPtrbus", nullptr, 0}, {"speedbus", nullptr, 0}, {"squizbus", "squiz", 'F'},
    {"stdbus", "stutterdepth", 'F'}, {"stepsPerOctavebus", "stepsPerOctave", 'F'}, {"sttbus", "stuttertime", 'F'},
    {"stutterdepthbus", "stutterdepth", 'F'}, {"stuttertimebus", "stuttertime", 'F'}, {"sustainbus", nullptr, 0},
    {"sustainpedalbus", "sustainpedal", 'F'}, {"szbus", "size", 'F'}, {"tdecaybus", "tomdecay", 'F'},
    {"timescalebus", nullptr, 0}, {"timescalewinbus", nullptr, 0}, {"toArgbus", "toArg", 'S'}, {"tobus", "to", 'F'},
    {"tomdecaybus", "tomdecay", 'F'}, {"tremdpbus", "tremolodepth", 'F'}, {"tremolodepthbus", "tremolodepth", 'F'},
    {"tremoloratebus", "tremolorate", 'F'}, {"tremrbus", "tremolorate", 'F'}, {"triodebus", "triode", 'F'},
    {"tsdelaybus", "tsdelay", 'F'}, {"uidbus", nullptr, 0}, {"unitbus", nullptr, 0}, {"valbus", nullptr, 0},
    {"vcfbus", "vcfegint", 'F'}, {"vcfegintbus", "vcfegint", 'F'}, {"vcobus", "vcoegint", 'F'},
    {"vcoegintbus", "vcoegint", 'F'}, {"velocitybus", "velocity", 'F'}, {"voibus", "voice", 'F'},
    {"voicebus", "voice", 'F'}, {"vowelbus", "vowel", 'S'}, {"wavelossbus", "waveloss", 'F'},
    {"xsdelaybus", "xsdelay", 'F'},
};

// `…recv busid`: "^key" = bus id.
constexpr RecvSpec kRecvControls[] = {
    {"acceleraterecv", "accelerate"}, {"amprecv", "amp"}, {"attackrecv", "attack"}, {"attrecv", "attack"},
    {"bandfrecv", "bandf"}, {"bandqrecv", "bandq"}, {"beginrecv", "begin"}, {"binshiftrecv", "binshift"},
    {"bpfrecv", "bandf"}, {"bpqrecv", "bandq"}, {"button0recv", "button0"}, {"button10recv", "button10"},
    {"button11recv", "button11"}, {"button12recv", "button12"}, {"button13recv", "button13"},
    {"button14recv", "button14"}, {"button15recv", "button15"}, {"button1recv", "button1"},
    {"button2recv", "button2"}, {"button3recv", "button3"}, {"button4recv", "button4"}, {"button5recv", "button5"},
    {"button6recv", "button6"}, {"button7recv", "button7"}, {"button8recv", "button8"}, {"button9recv", "button9"},
    {"chdecayrecv", "clhatdecay"}, {"clhatdecayrecv", "clhatdecay"}, {"coarserecv", "coarse"}, {"combrecv", "comb"},
    {"cpsrecv", "cps"}, {"crushrecv", "crush"}, {"ctfgrecv", "cutoffegint"}, {"ctfrecv", "cutoff"},
    {"ctransposerecv", "ctranspose"}, {"cutoffegintrecv", "cutoffegint"}, {"cutoffrecv", "cutoff"},
    {"cutrecv", "cut"}, {"decayrecv", "decay"}, {"degreerecv", "degree"}, {"delayfbrecv", "delayfeedback"},
    {"delayfeedbackrecv", "delayfeedback"}, {"delayrecv", "delay"}, {"delaytimerecv", "delaytime"},
    {"delaytrecv", "delaytime"}, {"detrecv", "detune"}, {"detunerecv", "detune"}, {"dfbrecv", "delayfeedback"},
    {"distortrecv", "distort"}, {"djfrecv", "djf"}, {"dryrecv", "dry"}, {"dtrecv", "delaytime"}, {"durrecv", "dur"},
    {"enhancerecv", "enhance"}, {"expressionrecv", "expression"}, {"freezerecv", "freeze"}, {"freqrecv", "freq"},
    {"fromrecv", "from"}, {"fshiftnoterecv", "fshiftnote"}, {"fshiftphaserecv", "fshiftphase"},
    {"fshiftrecv", "fshift"}, {"gaterecv", "gate"}, {"gatrecv", "gate"}, {"harmonicrecv", "harmonic"},
    {"hatgrainrecv", "hatgrain"}, {"hbrickrecv", "hbrick"}, {"hcutoffrecv", "hcutoff"}, {"hgrecv", "hatgrain"},
    {"holdrecv", "hold"}, {"hpfrecv", "hcutoff"}, {"hpqrecv", "hresonance"}, {"hresonancerecv", "hresonance"},
    {"imagrecv", "imag"}, {"kcutoffrecv", "kcutoff"}, {"krushrecv", "krush"}, {"lagogorecv", "lagogo"},
    {"lagrecv", "lagogo"}, {"lbdrecv", "lkick"}, {"lbrickrecv", "lbrick"}, {"lchrecv", "lclhat"},
    {"lclaprecv", "lclap"}, {"lclavesrecv", "lclaves"}, {"lclhatrecv", "lclhat"}, {"lclrecv", "lclaves"},
    {"lcprecv", "lclap"}, {"lcrashrecv", "lcrash"}, {"lcrrecv", "lcrash"}, {"leslierecv", "leslie"},
    {"lfocrecv", "lfocutoffint"}, {"lfocutoffintrecv", "lfocutoffint"}, {"lfodelayrecv", "lfodelay"},
    {"lfointrecv", "lfoint"}, {"lfoirecv", "lfoint"}, {"lfopitchintrecv", "lfopitchint"},
    {"lfoprecv", "lfopitchint"}, {"lforecv", "lfo"}, {"lfoshaperecv", "lfoshape"}, {"lfosyncrecv", "lfosync"},
    {"lhitomrecv", "lhitom"}, {"lhtrecv", "lhitom"}, {"lkickrecv", "lkick"}, {"llotomrecv", "llotom"},
    {"lltrecv", "llotom"}, {"lockrecv", "lock"}, {"lohrecv", "lophat"}, {"lophatrecv", "lophat"},
    {"lpfrecv", "cutoff"}, {"lpqrecv", "resonance"}, {"lraterecv", "lrate"}, {"lsizerecv", "lsize"},
    {"lsnarerecv", "lsnare"}, {"lsnrecv", "lsnare"}, {"modwheelrecv", "modwheel"}, {"mtransposerecv", "mtranspose"},
    {"nudgerecv", "nudge"}, {"octaveRrecv", "octaveR"}, {"octerrecv", "octer"}, {"octersubrecv", "octersub"},
    {"octersubsubrecv", "octersubsub"}, {"ohdecayrecv", "ophatdecay"}, {"ophatdecayrecv", "ophatdecay"},
    {"orbitrecv", "orbit"}, {"overshaperecv", "overshape"}, {"panorientrecv", "panorient"}, {"panrecv", "pan"},
    {"panspanrecv", "panspan"}, {"pansplayrecv", "pansplay"}, {"panwidthrecv", "panwidth"},
    {"partialsrecv", "partials"}, {"phasdprecv", "phaserdepth"}, {"phaserdepthrecv", "phaserdepth"},
    {"phaserraterecv", "phaserrate"}, {"phasrrecv", "phaserrate"}, {"pit1recv", "pitch1"}, {"pit2recv", "pitch2"},
    {"pit3recv", "pitch3"}, {"pitch1recv", "pitch1"}, {"pitch2recv", "pitch2"}, {"pitch3recv", "pitch3"},
    {"porrecv", "portamento"}, {"portamentorecv", "portamento"}, {"raterecv", "rate"}, {"realrecv", "real"},
    {"releaserecv", "release"}, {"relrecv", "release"}, {"resonancerecv", "resonance"}, {"ringdfrecv", "ringdf"},
    {"ringfrecv", "ringf"}, {"ringrecv", "ring"}, {"roomrecv", "room"}, {"sagogorecv", "sagogo"},
    {"sagrecv", "sagogo"}, {"sclaprecv", "sclap"}, {"sclavesrecv", "sclaves"}, {"sclrecv", "sclaves"},
    {"scprecv", "sclap"}, {"scramrecv", "scram"}, {"scrashrecv", "scrash"}, {"scrrecv", "scrash"},
    {"semitonerecv", "semitone"}, {"shaperecv", "shape"}, {"sizerecv", "size"}, {"sldrecv", "slide"},
    {"slider0recv", "slider0"}, {"slider10recv", "slider10"}, {"slider11recv", "slider11"},
    {"slider12recv", "slider12"}, {"slider13recv", "slider13"}, {"slider14recv", "slider14"},
    {"slider15recv", "slider15"}, {"slider1recv", "slider1"}, {"slider2recv", "slider2"}, {"slider3recv", "slider3"},
    {"slider4recv", "slider4"}, {"slider5recv", "slider5"}, {"slider6recv", "slider6"}, {"slider7recv", "slider7"},
    {"slider8recv", "slider8"}, {"slider9recv", "slider9"}, {"sliderecv", "slide"}, {"smearrecv", "smear"},
    {"squizrecv", "squiz"}, {"stdrecv", "stutterdepth"}, {"stepsPerOctaverecv", "stepsPerOctave"},
    {"sttrecv", "stuttertime"}, {"stutterdepthrecv", "stutterdepth"}, {"stuttertimerecv", "stuttertime"},
    {"sustainpedalrecv", "sustainpedal"}, {"szrecv", "size"}, {"tdecayrecv", "tomdecay"}, {"toArgrecv", "toArg"},
    {"tomdecayrecv", "tomdecay"}, {"torecv", "to"}, {"tremdprecv", "tremolodepth"},
    {"tremolodepthrecv", "tremolodepth"}, {"tremoloraterecv", "tremolorate"}, {"tremrrecv", "tremolorate"},
    {"trioderecv", "triode"}, {"tsdelayrecv", "tsdelay"}, {"vcfegintrecv", "vcfegint"}, {"vcfrecv", "vcfegint"},
    {"vcoegintrecv", "vcoegint"}, {"vcorecv", "vcoegint"}, {"velocityrecv", "velocity"}, {"voicerecv", "voice"},
    {"voirecv", "voice"}, {"vowelrecv", "vowel"}, {"wavelossrecv", "waveloss"}, {"xsdelayrecv", "xsdelay"},
};

// Tidal's drumN: General MIDI drum names for `drum`.
constexpr DrumSpec kDrums[] = {
    {"hq", 27}, {"sl", 28}, {"ps", 29}, {"pl", 30}, {"st", 31}, {"sq", 32}, {"ml", 33}, {"mb", 34}, {"ab", 35},
    {"bd", 36}, {"rm", 37}, {"sn", 38}, {"cp", 39}, {"es", 40}, {"lf", 41}, {"ch", 42}, {"lt", 43}, {"hh", 44},
    {"ft", 45}, {"oh", 46}, {"mt", 47}, {"hm", 48}, {"cr", 49}, {"ht", 50}, {"ri", 51}, {"cy", 52}, {"be", 53},
    {"ta", 54}, {"sc", 55}, {"cb", 56}, {"cs", 57}, {"vi", 58}, {"rc", 59}, {"hb", 60}, {"lb", 61}, {"mh", 62},
    {"hc", 63}, {"lc", 64}, {"he", 65}, {"le", 66}, {"ag", 67}, {"la", 68}, {"ca", 69}, {"ma", 70}, {"sw", 71},
    {"lw", 72}, {"sg", 73}, {"lg", 74}, {"cl", 75}, {"hi", 76}, {"li", 77}, {"mc", 78}, {"oc", 79}, {"tr", 80},
    {"ot", 81}, {"sh", 82}, {"jb", 83}, {"bt", 84}, {"ct", 85}, {"ms", 86}, {"os", 87},
};

// Tidal's stateful helpers (`…Take`, `…Count`, `…CountTo`).
constexpr const char* kStateful[] = {
    "accelerateTake", "ampTake", "arrayTake", "attackTake", "bandfTake", "bandqTake", "beginTake", "binshiftTake",
    "button0Take", "button10Take", "button11Take", "button12Take", "button13Take", "button14Take", "button15Take",
    "button1Take", "button2Take", "button3Take", "button4Take", "button5Take", "button6Take", "button7Take",
    "button8Take", "button9Take", "ccnTake", "ccvTake", "channelTake", "clhatdecayTake", "coarseTake", "combTake",
    "controlTake", "cpsTake", "crushTake", "ctlNumTake", "ctransposeTake", "cutTake", "cutoffTake",
    "cutoffegintTake", "decayTake", "degreeTake", "delayTake", "delayfeedbackTake", "delaytimeTake", "detuneTake",
    "distortTake", "djfTake", "dryTake", "durTake", "endTake", "enhanceTake", "expressionTake", "fadeInTimeTake",
    "fadeTimeTake", "frameRateTake", "framesTake", "freezeTake", "freqTake", "fromTake", "fshiftTake",
    "fshiftnoteTake", "fshiftphaseTake", "gainTake", "gateTake", "harmonicTake", "hatgrainTake", "hbrickTake",
    "hcutoffTake", "holdTake", "hoursTake", "hresonanceTake", "imagTake", "kcutoffTake", "krushTake", "lagogoTake",
    "lbrickTake", "lclapTake", "lclavesTake", "lclhatTake", "lcrashTake", "legatoTake", "leslieTake", "lfoTake",
    "lfocutoffintTake", "lfodelayTake", "lfointTake", "lfopitchintTake", "lfoshapeTake", "lfosyncTake", "lhitomTake",
    "lkickTake", "llotomTake", "lockTake", "loopTake", "lophatTake", "lrateTake", "lsizeTake", "lsnareTake",
    "midibendTake", "midichanTake", "midicmdTake", "miditouchTake", "minutesTake", "modwheelTake", "mtransposeTake",
    "nTake", "noteTake", "nudgeTake", "octaveRTake", "octaveTake", "octerTake", "octersubTake", "octersubsubTake",
    "offsetTake", "ophatdecayTake", "orbitTake", "overgainTake", "overshapeTake", "panTake", "panorientTake",
    "panspanTake", "pansplayTake", "panwidthTake", "partialsTake", "phaserdepthTake", "phaserrateTake", "pitch1Take",
    "pitch2Take", "pitch3Take", "polyTouchTake", "portamentoTake", "progNumTake", "rateTake", "realTake",
    "releaseTake", "resonanceTake", "ringTake", "ringdfTake", "ringfTake", "roomTake", "sTake", "sagogoTake",
    "sclapTake", "sclavesTake", "scramTake", "scrashTake", "secondsTake", "semitoneTake", "shapeTake", "sizeTake",
    "slideTake", "slider0Take", "slider10Take", "slider11Take", "slider12Take", "slider13Take", "slider14Take",
    "slider15Take", "slider1Take", "slider2Take", "slider3Take", "slider4Take", "slider5Take", "slider6Take",
    "slider7Take", "slider8Take", "slider9Take", "smearTake", "songPtrTake", "speedTake", "squizTake",
    "stepsPerOctaveTake", "stutterdepthTake", "stuttertimeTake", "sustainTake", "sustainpedalTake", "timescaleTake",
    "timescalewinTake", "toArgTake", "toTake", "tomdecayTake", "tremolodepthTake", "tremolorateTake", "triodeTake",
    "tsdelayTake", "uidTake", "unitTake", "valTake", "vcfegintTake", "vcoegintTake", "velocityTake", "voiceTake",
    "vowelTake", "wavelossTake", "xsdelayTake", "accelerateCount", "ampCount", "attackCount", "bandfCount",
    "bandqCount", "beginCount", "binshiftCount", "button0Count", "button10Count", "button11Count", "button12Count",
    "button13Count", "button14Count", "button15Count", "button1Count", "button2Count", "button3Count",
    "button4Count", "button5Count", "button6Count", "button7Count", "button8Count", "button9Count", "ccnCount",
    "ccvCount", "channelCount", "clhatdecayCount", "coarseCount", "combCount", "controlCount", "cpsCount",
    "crushCount", "ctlNumCount", "ctransposeCount", "cutCount", "cutoffCount", "cutoffegintCount", "decayCount",
    "degreeCount", "delayCount", "delayfeedbackCount", "delaytimeCount", "detuneCount", "distortCount", "djfCount",
    "dryCount", "durCount", "endCount", "enhanceCount", "expressionCount", "fadeInTimeCount", "fadeTimeCount",
    "frameRateCount", "framesCount", "freezeCount", "freqCount", "fromCount", "fshiftCount", "fshiftnoteCount",
    "fshiftphaseCount", "gainCount", "gateCount", "harmonicCount", "hatgrainCount", "hbrickCount", "hcutoffCount",
    "holdCount", "hoursCount", "hresonanceCount", "imagCount", "kcutoffCount", "krushCount", "lagogoCount",
    "lbrickCount", "lclapCount", "lclavesCount", "lclhatCount", "lcrashCount", "legatoCount", "leslieCount",
    "lfoCount", "lfocutoffintCount", "lfodelayCount", "lfointCount", "lfopitchintCount", "lfoshapeCount",
    "lfosyncCount", "lhitomCount", "lkickCount", "llotomCount", "lockCount", "loopCount", "lophatCount",
    "lrateCount", "lsizeCount", "lsnareCount", "midibendCount", "midichanCount", "miditouchCount", "minutesCount",
    "modwheelCount", "mtransposeCount", "nCount", "noteCount", "nudgeCount", "octaveCount", "octaveRCount",
    "octerCount", "octersubCount", "octersubsubCount", "offsetCount", "ophatdecayCount", "orbitCount",
    "overgainCount", "overshapeCount", "panCount", "panorientCount", "panspanCount", "pansplayCount",
    "panwidthCount", "partialsCount", "phaserdepthCount", "phaserrateCount", "pitch1Count", "pitch2Count",
    "pitch3Count", "polyTouchCount", "portamentoCount", "progNumCount", "rateCount", "realCount", "releaseCount",
    "resonanceCount", "ringCount", "ringdfCount", "ringfCount", "roomCount", "sagogoCount", "sclapCount",
    "sclavesCount", "scramCount", "scrashCount", "secondsCount", "semitoneCount", "shapeCount", "sizeCount",
    "slideCount", "slider0Count", "slider10Count", "slider11Count", "slider12Count", "slider13Count",
    "slider14Count", "slider15Count", "slider1Count", "slider2Count", "slider3Count", "slider4Count", "slider5Count",
    "slider6Count", "slider7Count", "slider8Count", "slider9Count", "smearCount", "songPtrCount", "speedCount",
    "squizCount", "stepsPerOctaveCount", "stutterdepthCount", "stuttertimeCount", "sustainCount",
    "sustainpedalCount", "timescaleCount", "timescalewinCount", "toCount", "tomdecayCount", "tremolodepthCount",
    "tremolorateCount", "triodeCount", "tsdelayCount", "uidCount", "valCount", "vcfegintCount", "vcoegintCount",
    "velocityCount", "voiceCount", "wavelossCount", "xsdelayCount", "accelerateCountTo", "ampCountTo",
    "attackCountTo", "bandfCountTo", "bandqCountTo", "beginCountTo", "binshiftCountTo", "button0CountTo",
    "button10CountTo", "button11CountTo", "button12CountTo", "button13CountTo", "button14CountTo", "button15CountTo",
    "button1CountTo", "button2CountTo", "button3CountTo", "button4CountTo", "button5CountTo", "button6CountTo",
    "button7CountTo", "button8CountTo", "button9CountTo", "ccnCountTo", "ccvCountTo", "channelCountTo",
    "clhatdecayCountTo", "coarseCountTo", "combCountTo", "controlCountTo", "cpsCountTo", "crushCountTo",
    "ctlNumCountTo", "ctransposeCountTo", "cutCountTo", "cutoffCountTo", "cutoffegintCountTo", "decayCountTo",
    "degreeCountTo", "delayCountTo", "delayfeedbackCountTo", "delaytimeCountTo", "detuneCountTo", "distortCountTo",
    "djfCountTo", "dryCountTo", "durCountTo", "endCountTo", "enhanceCountTo", "expressionCountTo",
    "fadeInTimeCountTo", "fadeTimeCountTo", "frameRateCountTo", "framesCountTo", "freezeCountTo", "freqCountTo",
    "fromCountTo", "fshiftCountTo", "fshiftnoteCountTo", "fshiftphaseCountTo", "gainCountTo", "gateCountTo",
    "harmonicCountTo", "hatgrainCountTo", "hbrickCountTo", "hcutoffCountTo", "holdCountTo", "hoursCountTo",
    "hresonanceCountTo", "imagCountTo", "kcutoffCountTo", "krushCountTo", "lagogoCountTo", "lbrickCountTo",
    "lclapCountTo", "lclavesCountTo", "lclhatCountTo", "lcrashCountTo", "legatoCountTo", "leslieCountTo",
    "lfoCountTo", "lfocutoffintCountTo", "lfodelayCountTo", "lfointCountTo", "lfopitchintCountTo", "lfoshapeCountTo",
    "lfosyncCountTo", "lhitomCountTo", "lkickCountTo", "llotomCountTo", "lockCountTo", "loopCountTo",
    "lophatCountTo", "lrateCountTo", "lsizeCountTo", "lsnareCountTo", "midibendCountTo", "midichanCountTo",
    "miditouchCountTo", "minutesCountTo", "modwheelCountTo", "mtransposeCountTo", "nCountTo", "noteCountTo",
    "nudgeCountTo", "octaveCountTo", "octaveRCountTo", "octerCountTo", "octersubCountTo", "octersubsubCountTo",
    "offsetCountTo", "ophatdecayCountTo", "orbitCountTo", "overgainCountTo", "overshapeCountTo", "panCountTo",
    "panorientCountTo", "panspanCountTo", "pansplayCountTo", "panwidthCountTo", "partialsCountTo",
    "phaserdepthCountTo", "phaserrateCountTo", "pitch1CountTo", "pitch2CountTo", "pitch3CountTo", "polyTouchCountTo",
    "portamentoCountTo", "progNumCountTo", "rateCountTo", "realCountTo", "releaseCountTo", "resonanceCountTo",
    "ringCountTo", "ringdfCountTo", "ringfCountTo", "roomCountTo", "sagogoCountTo", "sclapCountTo", "sclavesCountTo",
    "scramCountTo", "scrashCountTo", "secondsCountTo", "semitoneCountTo", "shapeCountTo", "sizeCountTo",
    "slideCountTo", "slider0CountTo", "slider10CountTo", "slider11CountTo", "slider12CountTo", "slider13CountTo",
    "slider14CountTo", "slider15CountTo", "slider1CountTo", "slider2CountTo", "slider3CountTo", "slider4CountTo",
    "slider5CountTo", "slider6CountTo", "slider7CountTo", "slider8CountTo", "slider9CountTo", "smearCountTo",
    "songPtrCountTo", "speedCountTo", "squizCountTo", "stepsPerOctaveCountTo", "stutterdepthCountTo",
    "stuttertimeCountTo", "sustainCountTo", "sustainpedalCountTo", "timescaleCountTo", "timescalewinCountTo",
    "toCountTo", "tomdecayCountTo", "tremolodepthCountTo", "tremolorateCountTo", "triodeCountTo", "tsdelayCountTo",
    "uidCountTo", "valCountTo", "vcfegintCountTo", "vcoegintCountTo", "velocityCountTo", "voiceCountTo",
    "wavelossCountTo", "xsdelayCountTo",
};

// Tidal controls that the signal module defines as synth parameters (registered after this file, and only where
// the name is still free).
bool is_synth_control(const std::string& name) {
  return name == "semitone" || name == "pitch1" || name == "lfo" || name == "rate";
}

PT param_type(char t) {
  switch (t) {
    case 'S': return PT::PatString;
    case 'N': return PT::PatNote;
    case 'I': return PT::PatInt;
    case 'B': return PT::PatBool;
    case 'R': return PT::PatTime;
    default: return PT::PatNumber;
  }
}

void warn_once(const CallContext& c, const std::string& name, const std::string& message, const std::string& hint) {
  if (c.ev.registry().first_warning(name)) c.ev.warn(c.span, message, hint);
}

// Controls that `--midi-out` sends (runtime/outbound/midi_message.hpp): no warning that nothing plays them.
bool is_midi_control(const std::string& key) {
  static const char* const keys[] = {"midichan", "ccn", "ccv", "nrpn", "val", "midibend", "miditouch",
                                     "polyTouch", "progNum", "midicmd", "songPtr"};
  for (const char* k : keys)
    if (key == k) return true;
  return false;
}

void add_silent_control(Registry& r, const ControlSpec& s) {
  std::string name = s.name, key = s.key;
  if (is_midi_control(key)) {
    def(r, name, {p("value", param_type(s.type))}, [key](CallContext& c, std::vector<Term>& a) {
      return controls(c, make_control(key, a[0].pattern));
    }, PT::PatControl, "Tidal's `" + name + "` MIDI control (sets `" + key + "`; sent by `--midi-out`)");
    return;
  }
  def(r, name, {p("value", param_type(s.type))}, [name, key](CallContext& c, std::vector<Term>& a) {
    std::string hint = tidal_name_hint(name);
    warn_once(c, name, "control `" + name + "` has no sound in Phonon yet: the events carry it, nothing plays it",
              hint.empty() ? "SuperDirt's `" + key + "` is not implemented; docs/language.md lists the controls that sound"
                           : hint);
    return controls(c, make_control(key, a[0].pattern));
  }, PT::PatControl, "Tidal's `" + name + "` control (sets `" + key + "`; no sound in Phonon yet)");
}

Pattern with_bus(const std::string& key, const Pattern& value, const Pattern& bus) {
  return op_pattern(NumOp::KeepRight, Structure::Left, make_control(key, value), make_control("^" + key, bus));
}

void add_bus_control(Registry& r, const ControlSpec& s) {
  std::string name = s.name;
  if (!s.key) {
    std::string base = name.substr(0, name.size() - 3);
    def(r, name, {p("bus", PT::PatInt), p("value", PT::PatNumber)}, [name, base](CallContext& c, std::vector<Term>&) -> Term {
      throw_error(c.span, "control `" + base + "` can't be sent to a bus (as in Tidal)", "use `" + base + "` itself");
    });
    return;
  }
  std::string key = s.key;
  def(r, name, {p("bus", PT::PatInt), p("value", param_type(s.type))}, [name, key](CallContext& c, std::vector<Term>& a) {
    warn_once(c, name, "`" + name + "`: control buses are not routed in Phonon yet; the value `" + key + "` plays",
              "the bus id is sent as `^" + key + "`; nothing reads it yet");
    return controls(c, with_bus(key, a[1].pattern, a[0].pattern));
  }, PT::PatControl, "Tidal's `" + name + "`: `" + key + "` and its bus id");
}

void add_recv_control(Registry& r, const RecvSpec& s) {
  std::string name = s.name, key = s.key;
  def(r, name, {p("bus", PT::PatInt)}, [name, key](CallContext& c, std::vector<Term>& a) {
    warn_once(c, name, "`" + name + "`: control buses are not routed in Phonon yet; `" + key + "` keeps its value",
              "the bus id is sent as `^" + key + "`; nothing reads it yet");
    return controls(c, make_control("^" + key, a[0].pattern));
  }, PT::PatControl, "Tidal's `" + name + "`: reads `" + key + "` from a control bus");
}

void add_not_yet(Registry& r, const std::string& name, std::vector<Param> params, const std::string& why) {
  def(r, name, std::move(params), [name, why](CallContext& c, std::vector<Term>&) -> Term {
    throw_error(c.span, "`" + name + "` is not available in Phonon yet", why);
  });
}

// A Tidal `pF "name" pat`-style control of any name.
void add_generic(Registry& r, const char* fname, PT type) {
  std::string f = fname;
  def(r, f, {p("name", PT::Any), p("value", type)}, [f](CallContext& c, std::vector<Term>& a) {
    if (a[0].kind != TermKind::String) throw_error(a[0].span, "argument `name` of `" + f + "` must be a string, not " + a[0].describe());
    return controls(c, make_control(a[0].text, a[1].pattern));
  }, PT::PatControl, "`" + f + " \"name\" pat`: a control of any name");
}

}  // namespace

bool bi::integer_control(const std::string& key) {
  for (const ControlSpec& s : kControls)
    if (s.type == 'I' && key == s.key) return true;
  return false;
}

void register_params_builtins(Registry& r) {
  for (const auto& s : kControls)
    if (!r.find(s.name) && !is_synth_control(s.name)) add_silent_control(r, s);
  for (const auto& s : kBusControls) add_bus_control(r, s);
  for (const auto& s : kRecvControls) add_recv_control(r, s);
  add_generic(r, "pF", PT::PatNumber);
  add_generic(r, "pI", PT::PatInt);
  add_generic(r, "pN", PT::PatNote);
  add_generic(r, "pS", PT::PatString);
  add_generic(r, "pB", PT::PatBool);
  add_generic(r, "pR", PT::PatTime);
  def(r, "midinote", {p("note", PT::PatNote)}, [](CallContext& c, std::vector<Term>& a) {
    return controls(c, make_control("note", fmap(a[0].pattern, [](const Value& v) {
                                      return Value::number(value_to_double(v) - 60.0);
                                    })));
  }, PT::PatControl, "Tidal's `midinote`: `note` minus 60");
  def(r, "drum", {p("name", PT::PatString)}, [](CallContext& c, std::vector<Term>& a) {
    return controls(c, make_control("n", fmap(a[0].pattern, [](const Value& v) {
                                      int x = 0;  // Tidal's drumN of an unknown name
                                      if (v.is_string())
                                        for (const auto& d : kDrums)
                                          if (v.as_string() == d.name) x = d.number;
                                      return Value::number(static_cast<double>(x) - 60.0);
                                    })));
  }, PT::PatControl, "Tidal's `drum`: General MIDI drum names (bd, sn, hh, ...) as `n` (bd = -24)");
  def(r, "grain'", {p("spans", PT::PatString)}, [](CallContext& c, std::vector<Term>& a) {
    // grp [mF "begin", mF "end"]: "0.25:0.5" sets begin and end
    return controls(c, fmap(a[0].pattern, [](const Value& v) {
      auto m = std::make_shared<ControlMap>();
      if (v.is_string()) {
        const std::string& w = v.as_string();
        size_t colon = w.find(':');
        m->set("begin", Value::number(std::strtod(w.c_str(), nullptr)));
        if (colon != std::string::npos) m->set("end", Value::number(std::strtod(w.c_str() + colon + 1, nullptr)));
      }
      return Value::map(std::move(m));
    }));
  }, PT::PatControl, "Tidal's `grain'`: \"begin:end\" words");
  // Tidal's `cc "74:100"` (ccn:ccv) and `nrpn "200:9"` (nrpn:val), for `--midi-out`.
  for (auto [fname, k1, k2] : {std::tuple{"cc", "ccn", "ccv"}, std::tuple{"nrpn", "nrpn", "val"}}) {
    const std::string first = k1, second = k2;
    def(r, fname, {p("pairs", PT::PatString)}, [first, second](CallContext& c, std::vector<Term>& a) {
      return controls(c, fmap(a[0].pattern, [first, second](const Value& v) {
        auto m = std::make_shared<ControlMap>();
        if (v.is_string()) {
          const std::string& w = v.as_string();
          const size_t colon = w.find(':');
          m->set(first, Value::number(std::strtod(w.c_str(), nullptr)));
          if (colon != std::string::npos) m->set(second, Value::number(std::strtod(w.c_str() + colon + 1, nullptr)));
        }
        return Value::map(std::move(m));
      }));
    }, PT::PatControl, std::string("Tidal's `") + fname + "`: \"number:value\" words (" + first + ", " + second + ")");
  }
  const std::string state = "it reads Tidal's per-stream state, which Phonon does not keep yet";
  for (const char* n : kStateful) add_not_yet(r, n, {p("args", PT::Any)}, state);
}

// clang-format on
}  // namespace phonon::eval
