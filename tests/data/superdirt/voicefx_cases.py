#!/usr/bin/env python3
"""Per-voice effect cases measured on stock SuperDirt (SuperCollider 3.13 + sc3-plugins).

Each case is one /dirt/play message, shaped as Tidal 1.7.10 sends it (s, n, orbit, cps, cycle, delta plus the
effect controls). `record` writes an sclang script that plays every case 2 s apart into one float WAV;
`analyse` cuts that WAV into cases and writes voicefx_reference.tsv (level, length and 1/3-octave band levels).
The C++ test tests/unit/voicefx_superdirt_test.cpp renders the same cases with Phonon and compares.

Command that produced voicefx_reference.tsv (tools/superdirt/README.md describes the SuperDirt set-up):
  python3 tests/data/superdirt/voicefx_cases.py record /tmp/voicefx-ref.scd /tmp/voicefx-ref.wav
  export JACK_DEFAULT_SERVER=phonon-voicefx; jackd -d dummy -r 44100 -p 512 &
  QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 sclang /tmp/voicefx-ref.scd
  python3 tests/data/superdirt/voicefx_cases.py analyse /tmp/voicefx-ref.wav tests/data/superdirt/voicefx_reference.tsv

Cases added later were recorded alone and their rows added to the table (`--only NAME,NAME...` on both steps;
the other rows stay as they are). The phaser and frequency-shifter cases from phaser05_bd_depth1 on:
  python3 tests/data/superdirt/voicefx_cases.py record /tmp/fx-ref.scd /tmp/fx-ref.wav \
      --only phaser05_bd_depth1,phaser8_default_depth,fshift_m150,fshiftnote1,bd_fshift50_phase15,shape_phaser_fshift_pan
  export JACK_DEFAULT_SERVER=phonon-fx DIRTREF_PORT=57130 DIRTREF_SCPORT=57140; jackd -d dummy -r 44100 -p 512 &
  QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 sclang /tmp/fx-ref.scd
  python3 tests/data/superdirt/voicefx_cases.py analyse /tmp/fx-ref.wav tests/data/superdirt/voicefx_reference.tsv \
      --only phaser05_bd_depth1,phaser8_default_depth,fshift_m150,fshiftnote1,bd_fshift50_phase15,shape_phaser_fshift_pan
tremolo8_default_depth was recorded the same way (--only tremolo8_default_depth).
(DIRTREF_PORT / DIRTREF_SCPORT: SuperDirt's and scsynth's UDP ports when the script is written, default 57130 and
57210.)
"""
import cmath
import math
import os
import struct
import sys

SPACING = 2.0  # seconds between cases
RATE = 44100
CPS = 0.5625

# name -> controls (besides s/n). Every case plays one sample from /work/shared/samples.
CASES = [
    ("dry_arpy", dict(s="arpy")),
    ("shape08", dict(s="arpy", shape=0.8)),
    ("shape08_pan0", dict(s="arpy", shape=0.8, pan=0.0)),
    ("cutoff500_shape09", dict(s="arpy", cutoff=500.0, shape=0.9)),
    ("crush4", dict(s="arpy", crush=4.0)),
    ("vowel_a", dict(s="arpy", vowel="a")),
    ("vowel_o", dict(s="arpy", vowel="o")),
    ("gain12_shape05", dict(s="arpy", gain=1.2, shape=0.5)),
    ("accel_m1", dict(s="arpy", accelerate=-1.0)),
    ("accel_1", dict(s="arpy", accelerate=1.0)),
    ("begin05", dict(s="arpy", begin=0.5)),
    ("end03", dict(s="arpy", end=0.3)),
    ("djf02", dict(s="arpy", djf=0.2)),
    ("djf08", dict(s="arpy", djf=0.8)),
    ("distort05", dict(s="arpy", distort=0.5)),
    ("triode05", dict(s="arpy", triode=0.5)),
    ("krush2", dict(s="arpy", krush=2.0)),
    ("krush2_kcutoff1000", dict(s="arpy", krush=2.0, kcutoff=1000.0)),
    ("ring1_300", dict(s="arpy", ring=1.0, ringf=300.0)),
    ("tremolo8", dict(s="arpy", tremolorate=8.0, tremolodepth=1.0)),
    ("phaser2", dict(s="arpy", phaserrate=2.0, phaserdepth=0.8)),
    ("fshift200", dict(s="arpy", fshift=200.0)),
    ("octer1", dict(s="arpy", octer=1.0)),
    ("octersub1", dict(s="arpy", octersub=1.0)),
    ("waveloss40", dict(s="arpy", waveloss=40.0)),
    ("unitc_speed4", dict(s="arpy", unit="c", speed=4.0)),
    ("loop3", dict(s="arpy", loop=3.0)),
    ("reverse_begin_end", dict(s="arpy", speed=-1.0, begin=0.25, end=0.75)),
    ("bd_dry", dict(s="bd")),
    ("bd_shape09", dict(s="bd", shape=0.9)),
    ("bd_vowel_e", dict(s="bd", vowel="e")),
    ("phaser05_bd_depth1", dict(s="bd", phaserrate=0.5, phaserdepth=1.0)),
    ("phaser8_default_depth", dict(s="arpy", phaserrate=8.0)),
    ("fshift_m150", dict(s="arpy", fshift=-150.0)),
    ("fshiftnote1", dict(s="arpy", fshift=0.0, fshiftnote=1.0)),
    ("bd_fshift50_phase15", dict(s="bd", fshift=50.0, fshiftphase=1.5)),
    ("shape_phaser_fshift_pan", dict(s="arpy", shape=0.5, phaserrate=3.0, phaserdepth=0.7, fshift=100.0, pan=0.2)),
    ("tremolo8_default_depth", dict(s="arpy", tremolorate=8.0)),
]

BANDS = [1000.0 * 2.0 ** (k / 3.0) for k in range(-13, 13)]  # 50 Hz .. 16 kHz


def sc_value(v):
    if isinstance(v, str):
        return '"%s"' % v
    return repr(float(v))


def selected(only):
    return [c for c in CASES if only is None or c[0] in only]


def record(scd_path, wav_path, only=None):
    lines = []
    for name, ctl in selected(only):
        pairs = ["\"cps\"", sc_value(CPS), "\"cycle\"", "0.0", "\"delta\"", sc_value(1.0 / CPS), "\"orbit\"", "0",
                 "\"n\"", "0.0"]
        for k, v in ctl.items():
            pairs += ['"%s"' % k, sc_value(v)]
        lines.append("[%s]" % ", ".join(pairs))
    script = """
s = Server(\\voicefx, NetAddr("127.0.0.1", %(scport)s));
Server.default = s;
s.options.numBuffers = 4096; s.options.memSize = 131072; s.options.maxNodes = 4096;
s.options.numOutputBusChannels = 2; s.options.numInputBusChannels = 0; s.options.sampleRate = 44100;
s.waitForBoot {
  var cases = [%(cases)s];
  var addr = NetAddr("127.0.0.1", %(port)s);
  ~dirt = SuperDirt(2, s);
  ~dirt.loadSoundFiles("/work/shared/samples/*");
  s.sync;
  ~dirt.start(%(port)s, [0]);
  s.sync;
  s.recHeaderFormat = "wav"; s.recSampleFormat = "float"; s.recChannels = 2;
  s.prepareForRecord("%(wav)s", 2);
  s.sync;
  s.record;
  1.0.wait;
  cases.do { |c| addr.sendMsg("/dirt/play", *c); %(spacing)s.wait };
  1.0.wait;
  s.stopRecording;
  2.0.wait;
  0.exit;
};
""" % dict(cases=",\n    ".join(lines), wav=wav_path, spacing=SPACING,
           port=os.environ.get("DIRTREF_PORT", "57130"), scport=os.environ.get("DIRTREF_SCPORT", "57210"))
    with open(scd_path, "w") as f:
        f.write("fork {\n" + script + "\n};\n" if False else script)


def read_wav_float(path):
    with open(path, "rb") as f:
        data = f.read()
    pos = 12
    fmt = None
    while pos < len(data):
        cid = data[pos:pos + 4]
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            ch = fmt[1]
            bits = fmt[5]
            n = len(body) // (bits // 8)
            if bits == 32:
                vals = struct.unpack("<%df" % n, body[:n * 4])
            else:
                raise SystemExit("expected 32-bit float")
            return [vals[i::ch] for i in range(ch)]
        pos += 8 + size + (size & 1)
    raise SystemExit("no data chunk")


def fft(x):
    n = len(x)
    if n == 1:
        return list(x)
    even = fft(x[0::2])
    odd = fft(x[1::2])
    out = [0j] * n
    for k in range(n // 2):
        t = cmath.exp(-2j * math.pi * k / n) * odd[k]
        out[k] = even[k] + t
        out[k + n // 2] = even[k] - t
    return out


def analyse_case(l, r):
    """Level (dB of the RMS over the sounding span, both channels), length (s) and 1/3-octave band levels."""
    peak = max(max(abs(v) for v in l), max(abs(v) for v in r))
    thr = peak * 10 ** (-60 / 20)
    idx = [i for i in range(len(l)) if abs(l[i]) > thr or abs(r[i]) > thr]
    first, last = idx[0], idx[-1]
    span_l, span_r = l[first:last + 1], r[first:last + 1]
    energy = sum(v * v for v in span_l) + sum(v * v for v in span_r)
    level = 10 * math.log10(energy / (2 * len(span_l)) + 1e-30)
    n = 1 << 16
    bands = [0.0] * len(BANDS)
    for ch in (span_l, span_r):
        x = list(ch[:n]) + [0.0] * max(0, n - len(ch))
        spec = fft(x)
        for b, fc in enumerate(BANDS):
            lo, hi = fc * 2 ** (-1 / 6), fc * 2 ** (1 / 6)
            k0, k1 = int(math.ceil(lo * n / RATE)), int(math.ceil(hi * n / RATE))
            bands[b] += sum(abs(spec[k]) ** 2 for k in range(k0, k1))
    band_db = [10 * math.log10(e + 1e-30) for e in bands]
    return level, (last - first + 1) / RATE, band_db, first


def onsets(l, r, quiet_frames):
    """Frames where sound starts after at least quiet_frames of digital silence (the recording's gaps are exact
    zeros; the dummy driver's clock drifts against sclang's, so the cases are found, not assumed 2 s apart)."""
    out = []
    silent = quiet_frames
    for i in range(len(l)):
        if l[i] != 0.0 or r[i] != 0.0:
            if silent >= quiet_frames:
                out.append(i)
            silent = 0
        else:
            silent += 1
    return out


def analyse(wav_path, tsv_path, only=None):
    l, r = read_wav_float(wav_path)
    starts = onsets(l, r, int(0.5 * RATE))
    cases = selected(only)
    if len(starts) != len(cases):
        raise SystemExit("found %d onsets for %d cases" % (len(starts), len(cases)))
    rows = {}
    if only is not None:  # keep the other cases' rows
        with open(tsv_path) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    rows[line.split("\t")[0]] = line.rstrip("\n")
    for i, (name, ctl_map) in enumerate(cases):
        a = starts[i]
        b = starts[i + 1] - 1 if i + 1 < len(starts) else len(l)
        level, length, band_db, _ = analyse_case(l[a:b], r[a:b])
        ctl = " ".join("%s=%s" % (k, v) for k, v in ctl_map.items())
        rows[name] = "%s\t%s\t%.2f\t%.4f\t%s" % (name, ctl, level, length, " ".join("%.1f" % v for v in band_db))
        print(rows[name][:90], file=sys.stderr)
    with open(tsv_path, "w") as f:
        f.write("# case\tcontrols\tlevel_db\tlength_s\tthird_octave_band_db (centres 1000*2^(k/3) Hz, k = -13..12)\n")
        f.write("\n".join(rows[name] for name, _ in CASES if name in rows) + "\n")


if __name__ == "__main__":
    only = None
    if "--only" in sys.argv:
        k = sys.argv.index("--only")
        only = set(sys.argv[k + 1].split(","))
        del sys.argv[k:k + 2]
    if sys.argv[1] == "record":
        record(sys.argv[2], sys.argv[3], only)
    else:
        analyse(sys.argv[2], sys.argv[3], only)
