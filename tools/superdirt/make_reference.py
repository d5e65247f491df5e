#!/usr/bin/env python3
"""Turns recordings of a cases file (record.sh) into the reference numbers the tests compare with.

    make_reference.py CASES RECORDINGS_DIR OUT.tsv [--t60-from S] [--windows A:B,...]

Cases named NAME_1, NAME_2, ... are repetitions of NAME (SuperDirt's reverb differs at each start): the numbers
are their means. Rows: `case<TAB>measure<TAB>value`, measures rms_db, peak_db, length_s, t60_s (fit from
--t60-from seconds after the onset) and level_A_B (RMS dB from A to B seconds after the onset, one per window).
python3 standard library only (analyze.py's definitions).
"""
import argparse
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analyze  # noqa: E402


def level_between(path_result, a, b):
    env, dt = path_result["env10"], 0.01
    seg = env[int(round(a / dt)):int(round(b / dt))]
    return analyze.db(sum(seg) / len(seg)) if seg else -300.0


def measure(path, t60_from, windows):
    rate, left, right = analyze.read_wav(path)
    r = analyze.analyze(path, slices=0, t60_from=t60_from, bands=False)
    # The 10 ms envelope again, for the windows (analyze() keeps only its summary).
    onset = int(round(r["onset_s"] * rate))
    w = int(round(0.01 * rate))
    env = []
    for s in range(onset, len(left), w):
        seg = range(s, min(len(left), s + w))
        env.append(sum(left[i] * left[i] + right[i] * right[i] for i in seg) / (2 * len(seg)))
    r["env10"] = env
    out = {"rms_db": r["rms_db"], "peak_db": r["peak_db"], "length_s": r["length_s"]}
    if r.get("t60_s") is not None:
        out["t60_s"] = r["t60_s"]
    for a, b in windows:
        out[f"level_{a:g}_{b:g}"] = round(level_between(r, a, b), 2)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases")
    ap.add_argument("recordings")
    ap.add_argument("out")
    ap.add_argument("--t60-from", type=float, default=0.4)
    ap.add_argument("--windows", default="0:0.1,0.3:1,1:2")
    a = ap.parse_args()
    windows = [tuple(float(x) for x in w.split(":")) for w in a.windows.split(",")]
    names = []
    with open(a.cases) as f:
        for line in f:
            s = line.strip()
            if s and not s.startswith("#"):
                names.append(s.split()[0])
    groups = {}
    for n in names:
        groups.setdefault(re.sub(r"_\d+$", "", n), []).append(n)
    with open(a.out, "w") as out:
        out.write(f"# SuperDirt reference numbers (tools/superdirt/README.md). Produced by:\n")
        out.write(f"#   tools/superdirt/record.sh {a.cases} <dir> build/tests/samples\n")
        out.write(f"#   tools/superdirt/make_reference.py {a.cases} <dir> {a.out} --t60-from {a.t60_from:g} "
                  f"--windows {a.windows}\n")
        out.write("# Repeated cases (NAME_1, NAME_2, ...) are averaged; the count is the row `runs`.\n")
        for g, members in groups.items():
            ms = [measure(os.path.join(a.recordings, m + ".wav"), a.t60_from, windows) for m in members]
            keys = [k for k in ms[0] if all(k in m for m in ms)]
            if len(ms) > 1:
                out.write(f"{g}\truns\t{len(ms)}\n")
            out.write(f"{g}\tt60_from\t{a.t60_from:g}\n")
            for k in keys:
                vals = [m[k] for m in ms]
                if k.endswith("_db") or k.startswith("level_"):
                    v = analyze.db(sum(10 ** (x / 10) for x in vals) / len(vals))  # mean energy
                else:
                    v = sum(vals) / len(vals)
                out.write(f"{g}\t{k}\t{v:.3f}\n")
                if len(ms) > 1:
                    out.write(f"{g}\t{k}_spread\t{max(vals) - min(vals):.3f}\n")


if __name__ == "__main__":
    sys.exit(main())
